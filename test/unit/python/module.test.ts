// nn.Module in the Python package: registration through __setattr__, iteration, hooks, modes, and
// weights that stay shape-only until a forward needs values, then are drawn as convbook seeds them.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Rng } from '../../../engine/random';
import { loadPython, type Python } from './support';

let py: Python;
before(async () => {
  py = await loadPython();
});

/** convbook's default init: U(−1/√fan_in, 1/√fan_in), weight then bias from one stream seeded `seed`. */
function seededInit(weightCount: number, biasCount: number, fanIn: number, seed = 0): { weight: number[]; bias: number[] } {
  const rng = new Rng(seed);
  const bound = 1 / Math.sqrt(fanIn);
  const draw = (): number => Math.fround(-bound + 2 * bound * rng.uniform());
  const weight = Array.from({ length: weightCount }, draw);
  return { weight, bias: Array.from({ length: biasCount }, draw) };
}

test('__setattr__ registers submodules, parameters and buffers; named_* walk them in order', () => {
  const names = py.json(
    `
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.scale = nn.Parameter(torch.ones(4))
        self.register_buffer("offset", torch.zeros(4))
        self.add_module("act", nn.ReLU())
        self.width = 4

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(Block(), Block())
        self.head = nn.ModuleDict({"fc": nn.Linear(4, 2)})
net = Net()`,
    '[[n for n, _ in net.named_modules()], [n for n, _ in net.named_parameters()], [n for n, _ in net.named_buffers()], [n for n, _ in net.named_children()], net.body[0].width]',
  );
  assert.deepEqual(names, [
    ['', 'body', 'body.0', 'body.0.conv', 'body.0.bn', 'body.0.act', 'body.1', 'body.1.conv', 'body.1.bn', 'body.1.act', 'head', 'head.fc'],
    ['body.0.scale', 'body.0.conv.weight', 'body.0.conv.bias', 'body.0.bn.weight', 'body.0.bn.bias', 'body.1.scale', 'body.1.conv.weight', 'body.1.conv.bias', 'body.1.bn.weight', 'body.1.bn.bias', 'head.fc.weight', 'head.fc.bias'],
    ['body.0.offset', 'body.0.bn.running_mean', 'body.0.bn.running_var', 'body.0.bn.num_batches_tracked', 'body.1.offset', 'body.1.bn.running_mean', 'body.1.bn.running_var', 'body.1.bn.num_batches_tracked'],
    ['body', 'head'],
    4,
  ]);
});

test('registration errors are PyTorch’s', () => {
  assert.equal(py.error('class A(nn.Module):\n    def __init__(self):\n        self.c = nn.Conv2d(1, 1, 1)\nA()'), 'AttributeError: cannot assign module before Module.__init__() call');
  assert.equal(py.error('m = nn.Module(); m.add_module("a.b", nn.ReLU())'), 'KeyError: \'module name can\\\'t contain ".", got: a.b\'');
  assert.equal(py.error('m = nn.Linear(2, 2); m.weight = torch.zeros(2, 2)'), "TypeError: cannot assign 'torch._tensor.Tensor' as parameter 'weight' (torch.nn.Parameter or None expected)");
  assert.equal(py.error('nn.Module()(1)'), 'NotImplementedError: Module [Module] is missing the required "forward" function');
});

test('layers allocate no weights when built: nn.Linear(25088, 4096) fits any element budget', () => {
  assert.deepEqual(py.json('fc = nn.Linear(25088, 4096)', '[fc.weight._has_data(), list(fc.weight.shape), fc.weight.device.type]'), [false, [4096, 25088], 'cpu']);
});

test('a forward on values draws the weights, seeded as convbook seeds them', () => {
  const [weight, bias] = py.json<number[][]>('conv = nn.Conv2d(2, 3, 2); conv(torch.ones(1, 2, 3, 3))', '[conv.weight.flatten().tolist(), conv.bias.tolist()]');
  const expected = seededInit(3 * 2 * 2 * 2, 3, 2 * 2 * 2);
  assert.deepEqual(weight, expected.weight);
  assert.deepEqual(bias, expected.bias);
});

test('reading a weight’s values draws it; a forward on shape-only input does not', () => {
  assert.deepEqual(py.json('lin = nn.Linear(3, 2, seed=5); _y = lin(torch.empty(4, 3, device="meta"))', '[lin.weight._has_data(), list(_y.shape)]'), [false, [4, 2]]);
  const weight = py.json<number[][]>('', 'lin.weight.tolist()');
  assert.deepEqual(weight.flat(), seededInit(6, 2, 3, 5).weight);
});

test('an assigned weight is kept when the bias is drawn; the bias gets the same values as without it', () => {
  const [out, bias] = py.json<number[][]>(
    'lin = nn.Linear(2, 1); lin.weight = nn.Parameter(torch.tensor([[2.0, 3.0]])); _o = lin(torch.tensor([[1.0, 1.0]]))',
    '[_o.tolist()[0], lin.bias.tolist()]',
  );
  const expected = seededInit(2, 1, 2);
  assert.deepEqual(bias, expected.bias);
  assert.equal(out[0], Math.fround(5 + expected.bias[0]));
});

test('nn.init works in place on values and is a no-op on shape-only weights', () => {
  assert.deepEqual(py.json('c = nn.Conv2d(1, 2, 1); c(torch.ones(1, 1, 1, 1)); nn.init.constant_(c.weight, 0.5); nn.init.zeros_(c.bias)', 'c.weight.flatten().tolist() + c.bias.tolist()'), [0.5, 0.5, 0, 0]);
  assert.deepEqual(py.json('d = nn.Conv2d(1, 2, 1); nn.init.constant_(d.weight, 0.5)', 'd.weight._has_data()'), false);
  assert.equal(py.error('nn.init.kaiming_normal_(torch.zeros(3))'), 'ValueError: Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
});

test('forward pre-hooks and hooks run around forward, in registration order, and can be removed', () => {
  const log = py.json(
    `
log = []
m = nn.ReLU()
h1 = m.register_forward_pre_hook(lambda mod, args: log.append("pre"))
h2 = m.register_forward_hook(lambda mod, args, out: log.append(("post", list(out.shape))))
m(torch.zeros(2, 3))
h1.remove()
m(torch.zeros(1))`,
    'log',
  );
  assert.deepEqual(log, ['pre', ['post', [2, 3]], ['post', [1]]]);
});

test('train() and eval() set every module’s mode; BatchNorm uses batch statistics while training', () => {
  const [modes, trained, evaluated] = py.json<unknown[]>(
    `
bn = nn.BatchNorm1d(1)
seq = nn.Sequential(bn)
x = torch.tensor([[1.0], [3.0]])
trained = seq(x).flatten().tolist()
seq.eval()
modes = [seq.training, bn.training]
evaluated = seq(x).flatten().tolist()`,
    '[modes, trained, evaluated]',
  );
  assert.deepEqual(modes, [false, false]);
  // Batch statistics: mean 2, variance 1 → (x − 2)/√(1 + 1e−5).
  assert.deepEqual(trained, [-1, 1].map((v) => Math.fround(v / Math.sqrt(1 + 1e-5))));
  // Running statistics after one step with momentum 0.1: mean 0.2, unbiased variance 2 → var 0.9 + 0.2 = 1.1.
  const expected = [1, 3].map((v) => (v - Math.fround(0.2)) / Math.sqrt(Math.fround(1.1) + 1e-5));
  (evaluated as number[]).forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `${v} vs ${expected[i]}`));
});

test('a user model runs as written: Sequential from an OrderedDict, ModuleList loops, functional calls', () => {
  const shape = py.json(
    `
from collections import OrderedDict
class Net(nn.Module):
    def __init__(self, widths=(8, 16)):
        super().__init__()
        self.stem = nn.Sequential(OrderedDict([("conv", nn.Conv2d(3, widths[0], 3, padding=1)), ("act", nn.LeakyReLU(0.2))]))
        self.blocks = nn.ModuleList([nn.Conv2d(a, b, 3, stride=2, padding=1) for a, b in zip(widths, widths[1:])])
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stem(x)
        for block in self.blocks:
            x = F.relu(block(x))
        return F.adaptive_avg_pool2d(x, 1).view(x.size(0), -1)
y = Net()(torch.randn(2, 3, 16, 16))`,
    '[list(y.shape), isinstance(y, torch.Tensor), len(y.tolist())]',
  );
  assert.deepEqual(shape, [[2, 16], true, 2]);
});

test('model files import torch.hub’s loader; calling it says convbook downloads nothing', () => {
  assert.equal(py.error('from torch.utils.model_zoo import load_url\nload_url("https://example.org/w.pth")'), "RuntimeError: convbook does not download weights (load_state_dict_from_url('https://example.org/w.pth')): build the model without pretrained weights");
  assert.equal(py.error('from torch.hub import load_state_dict_from_url'), null);
});

test('the element budget guards data, never shapes', async () => {
  const small = await loadPython({ elementBudget: 1000 });
  assert.equal(small.error('torch.zeros(10, 101)'), "MemoryError: refusing to allocate a tensor of shape [10, 101] (1,010 elements): over convbook's element budget of 1,000 (setting convbook.kernel.elementBudget)");
  assert.deepEqual(small.json('_y = nn.Conv2d(3, 64, 3)(torch.empty(8, 3, 512, 512, device="meta"))', 'list(_y.shape)'), [8, 64, 510, 510]);
  assert.equal(small.error('nn.Linear(100, 100)(torch.ones(1, 100))'), "MemoryError: refusing to allocate a tensor of shape [100, 100] (10,000 elements): over convbook's element budget of 1,000 (setting convbook.kernel.elementBudget)");
});

test('values read back as Python floats, non-finite ones included', () => {
  assert.equal(py.json('', 'str((torch.tensor([1., 0., -1., 3.]) / torch.tensor([0., 0., 0., 1.])).tolist())'), '[inf, nan, -inf, 3.0]');
});
