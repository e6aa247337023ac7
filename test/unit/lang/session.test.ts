// Running cells: the reference post's 5×5 example, layer stacks through summary() against
// PyTorch's shapes and parameter counts, the element budget, positioned runtime errors, imports,
// state across cells, and what each kind of value displays as.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_KERNEL_SETTINGS, MIME, type CellError, type KernelSettings, type SummaryPayload, type SweepPayload, type TensorPayload } from '../../../contract';
import { makeTensor, type Tensor } from '../../../engine/tensor';
import type { KernelHost } from '../../../lang/host';
import { Session } from '../../../lang/session';
import { isTensorValue } from '../../../lang/values';

function session(settings: Partial<KernelSettings> = {}, host?: KernelHost): Session {
  return new Session({ settings: { ...DEFAULT_KERNEL_SETTINGS, ...settings }, ...(host ? { host } : {}) });
}

function ok(s: Session, source: string) {
  const result = s.execute(source);
  assert.equal(result.error, null, `${source}\n→ ${JSON.stringify(result.error)}`);
  return result;
}

function fails(s: Session, source: string): CellError {
  const { error } = s.execute(source);
  assert.ok(error, `expected an error from ${source}`);
  return error;
}

function tensor(s: Session, name: string): Tensor {
  const value = s.variable(name);
  assert.ok(isTensorValue(value), `${name} is a tensor`);
  return value;
}

function item<T>(result: { outputs: { items: { mime: string; value: unknown }[] }[] }, mime: string): T {
  const found = result.outputs.flatMap((o) => o.items).find((i) => i.mime === mime);
  assert.ok(found, `an output item of type ${mime}`);
  return found.value as T;
}

const BLOG_CELL = `x = tensor([[3, 3, 2, 1, 0],
            [0, 0, 1, 3, 1],
            [3, 1, 2, 2, 3],
            [2, 0, 0, 2, 2],
            [2, 0, 0, 0, 1]])
k = tensor([[0, 1, 2],
            [2, 2, 0],
            [0, 1, 2]])
y = F.conv2d(x, k)
y`;

test("the reference post's 5×5 example: F.conv2d of 2-D literals gives [[12,12,17],[10,17,19],[9,6,14]] as 1×1×3×3", () => {
  const s = session();
  const result = ok(s, BLOG_CELL);
  const y = tensor(s, 'y');
  assert.deepEqual([...y.shape], [1, 1, 3, 3]);
  assert.deepEqual(Array.from(y.data), [12, 12, 17, 10, 17, 19, 9, 6, 14]);
  const payload = item<TensorPayload>(result, MIME.tensor);
  assert.equal(payload.name, 'y');
  assert.deepEqual(payload.planes[0].data, [12, 12, 17, 10, 17, 19, 9, 6, 14]);
  assert.deepEqual(payload.planes[0].index, [0, 0]);
  assert.equal(payload.min, 6);
  assert.equal(payload.max, 19);
  assert.ok(payload.notes.some((n) => /x is 2-D \(5×5\).*1×1×5×5/.test(n)), payload.notes.join('\n'));
  assert.ok(payload.notes.some((n) => /k is 2-D \(3×3\).*1×1×3×3/.test(n)));
  // The small result carries its sweep: input plane, kernel plane and output, ready to animate.
  const sweep = item<SweepPayload>(result, MIME.sweep);
  assert.deepEqual(sweep.inputPlanes, [[3, 3, 2, 1, 0, 0, 0, 1, 3, 1, 3, 1, 2, 2, 3, 2, 0, 0, 2, 2, 2, 0, 0, 0, 1]]);
  assert.deepEqual(sweep.weightPlanes, [[0, 1, 2, 2, 2, 0, 0, 1, 2]]);
  assert.deepEqual(sweep.output, [12, 12, 17, 10, 17, 19, 9, 6, 14]);
  assert.deepEqual(sweep.config.outputSize, [3, 3]);
  assert.equal(sweep.title, 'F.conv2d(x, k)');
  // Two outputs, the values then the animation, each richest first with fallbacks last.
  assert.deepEqual(result.outputs.map((o) => o.items.map((i) => i.mime)), [
    [MIME.tensor, MIME.markdown, MIME.plain],
    [MIME.sweep, MIME.markdown, MIME.plain],
  ]);
  assert.match(String(result.outputs[0].items[2].value), /tensor\(\[\[\[\[12\., 12\., 17\.\],\n {10}\[10\., 17\., 19\.\],\n {10}\[ 9\., {2}6\., 14\.\]\]\]\]\)/);
});

test('shapes.json: every stack through summary() in a cell gives PyTorch’s output shapes, per-layer params and total', () => {
  const { cases } = JSON.parse(readFileSync(new URL('../../fixtures/golden/shapes.json', import.meta.url), 'utf8')) as {
    cases: { name: string; input_shape: number[]; layers: { layer: string; output_shape: number[]; params: number }[]; total_params: number }[];
  };
  assert.ok(cases.length >= 6);
  for (const c of cases) {
    const source = `model = nn.Sequential(\n${c.layers.map((l) => `    ${l.layer},`).join('\n')}\n)\nsummary(model, input_size=(${c.input_shape.join(', ')}))`;
    const result = ok(session(), source);
    const payload = item<SummaryPayload>(result, MIME.summary);
    assert.equal(payload.layers.length, c.layers.length, c.name);
    c.layers.forEach((expected, i) => {
      assert.deepEqual(payload.layers[i].output_shape, expected.output_shape, `${c.name}, layer ${i}: ${expected.layer}`);
      assert.equal(payload.layers[i].params, expected.params, `${c.name}, layer ${i}: ${expected.layer}`);
    });
    assert.equal(payload.total_params, c.total_params, c.name);
    assert.match(String(result.outputs[0].items.find((i) => i.mime === MIME.plain)!.value), new RegExp(`total params: ${c.total_params.toLocaleString('en-US')}`));
  }
});

test('size guard: refused before allocation with the size, the budget and the setting', () => {
  const s = session();
  const big = fails(s, 'z = torch.zeros(1, 512, 4096, 4096)');
  assert.equal(big.name, 'MemoryError');
  assert.equal(
    big.message,
    "refusing to allocate a tensor of shape [1, 512, 4096, 4096] (8,589,934,592 elements): over convbook's element budget of 50,000,000 (setting convbook.kernel.elementBudget)",
  );
  assert.equal(s.variable('z'), undefined);

  const small = session({ elementBudget: 5000 });
  ok(small, 'x = torch.ones(1, 1, 40, 40)\nw = torch.ones(8, 1, 3, 3)');
  const conv = fails(small, 'y = F.conv2d(x, w)');
  assert.equal(conv.name, 'MemoryError');
  assert.match(conv.message, /\[1, 8, 38, 38\] \(11,552 elements\).*5,000/);
  assert.match(fails(small, 'layer = nn.Linear(1000, 1000)').message, /\[1000, 1000\]/);
  assert.match(fails(small, 't = F.conv_transpose2d(x, torch.ones(1, 1, 3, 3), stride=2)').message, /\[1, 1, 81, 81\]/);
  assert.match(fails(small, 'p = F.pad(x, (20, 20, 20, 20))').message, /\[1, 1, 80, 80\]/);
  assert.match(fails(small, 'q = x * torch.ones(4, 1, 1, 1)').message, /\[4, 1, 40, 40\]/);
  assert.match(fails(small, 'r = list(range(100000))').message, /MemoryError|budget/);
  assert.match(fails(small, 'l = [0] * 100000').message, /budget/);

  let read = false;
  const host: KernelHost = {
    imageShape: () => [3, 5000, 5000],
    readImage: () => {
      read = true;
      return makeTensor([1, 3, 1, 1]);
    },
  };
  const withImages = session({}, host);
  assert.equal(fails(withImages, "img = image('photo.png')").name, 'MemoryError');
  assert.equal(read, false, 'the pixels are never decoded');
});

test('runtime errors name the argument and point at it (line, column, caret)', () => {
  const s = session();
  ok(s, 'x = torch.ones(1, 4, 6, 6)\nw = torch.ones(8, 2, 3, 3)');
  const unexpected = fails(s, 'y = F.conv2d(x, w,\n             strides=2)');
  assert.equal(unexpected.name, 'TypeError');
  assert.equal(unexpected.message, "conv2d() got an unexpected keyword argument 'strides'. Did you mean 'stride'?");
  assert.deepEqual([unexpected.line, unexpected.column], [2, 14]);
  assert.equal(unexpected.caret, '             strides=2)\n             ^^^^^^^^^');

  const channels = fails(s, 'y = F.conv2d(x, w)');
  assert.equal(channels.name, 'RuntimeError');
  assert.match(channels.message, /expected input\[1, 4, 6, 6\] to have 2 channels, but got 4 channels instead/);
  assert.deepEqual([channels.line, channels.column], [1, 14], 'points at the input argument');

  const groups = fails(s, 'y = F.conv2d(x, w, groups=3)');
  assert.match(groups.message, /groups/);
  assert.deepEqual([groups.line, groups.column], [1, 20]);

  const mode = fails(s, "layer = nn.Conv2d(4, 8, 3,\n    padding_mode='mirror')");
  assert.equal(mode.name, 'ValueError');
  assert.equal(mode.message, "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='mirror'");
  assert.deepEqual([mode.line, mode.column], [2, 5]);

  const same = fails(s, "nn.Conv2d(4, 8, 3, stride=2, padding='same')");
  assert.equal(same.message, "padding='same' is not supported for strided convolutions");
  assert.equal(same.column, 30);

  const invalid = fails(s, "nn.Conv2d(4, 8, 3, padding='foo')");
  assert.equal(invalid.message, "Invalid padding string 'foo', should be one of {'valid', 'same'}");

  const missing = fails(s, 'F.conv2d(x)');
  assert.equal(missing.message, "conv2d() missing 1 required positional argument: 'weight'");
  const twice = fails(s, 'F.conv2d(x, w, 1, 2, stride=2)');
  assert.equal(twice.message, "conv2d() got multiple values for argument 'stride'");
  assert.equal(twice.column, 22);
  const tooMany = fails(s, 'nn.ReLU(True, 3)');
  assert.match(tooMany.message, /takes from 0 to 1 positional arguments but 2 were given/);
  assert.equal(tooMany.column, 15);

  const index = fails(s, 'x[0, 9]');
  assert.equal(index.name, 'IndexError');
  assert.equal(index.message, 'index 9 is out of bounds for dimension 1 with size 4');
  const name = fails(s, 'y = 1\nz = x + yy');
  assert.equal(name.name, 'NameError');
  assert.match(name.message, /name 'yy' is not defined\. Did you mean: 'y'\?/);
  assert.deepEqual([name.line, name.column], [2, 9]);
  const call = fails(s, 'x(3)');
  assert.equal(call.name, 'TypeError');
  assert.match(call.message, /'Tensor' object is not callable/);
  const zero = fails(s, 'a = 1 / 0');
  assert.equal(zero.name, 'ZeroDivisionError');
  const syntax = fails(s, 'a = 1\nb = (2,\nc = 3');
  assert.equal(syntax.name, 'SyntaxError');
  assert.deepEqual([syntax.line, syntax.column], [2, 5]);
  assert.equal(syntax.caret, 'b = (2,\n    ^');
});

test('imports bind convbook’s namespaces; unknown modules and names fail at the import', () => {
  const s = session();
  ok(s, 'import torch.nn as tnn\nfrom torch.nn import functional as G\nfrom torchvision.ops import deform_conv2d as dc, DeformConv2d\nfrom torch import nn as NN\nimport torch.nn.functional');
  ok(s, 'a = tnn.Conv2d(1, 2, 3)\nb = G.conv2d(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 3, 3))\nc = NN.ReLU()');
  assert.deepEqual(Array.from(tensor(s, 'b').data), [9]);
  ok(s, 'import torch\nt = torch.nn.functional.relu(torch.tensor([-1.0, 2.0]))');
  assert.deepEqual(Array.from(tensor(s, 't').data), [0, 2]);
  ok(s, 'from convbook import summary as S, offsets');
  const missing = fails(s, 'import numpy as np');
  assert.equal(missing.name, 'ModuleNotFoundError');
  assert.match(missing.message, /No module named 'numpy'/);
  assert.deepEqual([missing.line, missing.column], [1, 8]);
  const fromMissing = fails(s, 'from scipy.signal import convolve2d');
  assert.equal(fromMissing.name, 'ModuleNotFoundError');
  assert.equal(fromMissing.column, 6);
  const name = fails(s, 'from torch.nn import Conv2d, LSTM');
  assert.equal(name.name, 'ImportError');
  assert.match(name.message, /cannot import name 'LSTM' from 'torch.nn'/);
  assert.equal(name.column, 30);
  assert.notEqual(s.variable('Conv2d'), undefined, 'names before the failing one are bound, as in Python');
});

test('state persists across cells; an error keeps what ran before it and its printed output', () => {
  const s = session();
  ok(s, 'a = 2');
  const result = s.execute('b = a * 3\nprint("b is", b)\nprint(b + 1)\nc = undefined_thing\nd = 1');
  assert.equal(result.error?.name, 'NameError');
  assert.equal(s.variable('b'), 6);
  assert.equal(s.variable('d'), undefined);
  assert.equal(result.outputs.length, 1, 'consecutive prints share one output');
  assert.equal(result.outputs[0].items[0].value, 'b is 6\n7\n');
  const next = ok(s, 'a + b');
  assert.equal(next.outputs[0].items.at(-1)!.value, '8');
});

test('display: None and assignments show nothing; layers show their formula; stacks their structure; values their repr', () => {
  const s = session();
  assert.equal(ok(s, 'x = 1').outputs.length, 0);
  assert.equal(ok(s, 'None').outputs.length, 0);
  assert.equal(ok(s, 'print("hi")').outputs.length, 1, 'print returns None: only its text');
  const layer = ok(s, 'nn.Conv2d(64, 128, 3, stride=2)');
  const formula = item<{ layer: string; params: { total: number } }>(layer, MIME.formula);
  assert.equal(formula.layer, 'nn.Conv2d(64, 128, 3, stride=2)');
  assert.equal(formula.params.total, 73856);
  assert.equal(item<string>(layer, MIME.plain), 'Conv2d(64, 128, kernel_size=(3, 3), stride=(2, 2))');
  const stack = ok(s, 'nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU())');
  assert.equal(item<string>(stack, MIME.plain), 'Sequential(\n  (0): Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1))\n  (1): ReLU()\n)');
  assert.equal(item<string>(ok(s, '(1, 2.5, "a", [True, None])'), MIME.plain), "(1, 2.5, 'a', [True, None])");
  assert.equal(item<string>(ok(s, 'torch.zeros(2, 3).shape'), MIME.plain), 'torch.Size([2, 3])');
  assert.equal(item<string>(ok(s, 'torch.tensor(2.5)'), MIME.plain), 'tensor(2.5000)');
  assert.equal(item<string>(ok(s, 'torch.tensor([0.5, 1e-6])'), MIME.plain), 'tensor([5.0000e-01, 1.0000e-06])');
  assert.equal(item<string>(ok(s, 'torch.zeros(2, 1, 2)'), MIME.plain), 'tensor([[[0., 0.]],\n\n        [[0., 0.]]])');
});

test('display caps: planes beyond maxDisplayPlanes are dropped, large planes block-averaged, data kept only when small', () => {
  const s = session({ maxDisplayPlanes: 3, maxDisplayValues: 100 });
  const result = ok(s, 'big = torch.arange(2 * 5 * 40 * 40).reshape(2, 5, 40, 40)\nbig');
  const payload = item<TensorPayload>(result, MIME.tensor);
  assert.equal(payload.planesTotal, 10);
  assert.equal(payload.planes.length, 3);
  assert.deepEqual(payload.planes.map((p) => p.index), [[0, 0], [0, 1], [0, 2]]);
  assert.equal(payload.downsample, 4);
  assert.equal(payload.planes[0].height, 10);
  assert.equal(payload.planes[0].width, 10);
  // Block (0, 0) averages rows 0–3, cols 0–3 of plane 0: values r·40 + c.
  assert.equal(payload.planes[0].data[0], (0 + 1 + 2 + 3) / 4 + 40 * 1.5);
  assert.equal(payload.data, undefined);
  assert.ok(payload.notes.some((n) => /first 3 of 10 planes/.test(n)));
  assert.ok(payload.notes.some((n) => /4×4 block of the 40×40 plane/.test(n)));
  assert.equal(payload.max, 2 * 5 * 40 * 40 - 1);
  const full = session({ includeFullData: true, maxDisplayValues: 100 });
  const withData = item<TensorPayload>(ok(full, 'torch.ones(1, 1, 80, 80)'), MIME.tensor);
  assert.equal(withData.data?.length, 6400);
  assert.equal(item<string>(result, MIME.plain).includes('...'), true, 'the text form is summarised like PyTorch');
});

test('layers follow PyTorch’s default init U(−1/√fan_in, 1/√fan_in), reproducible through seed=', () => {
  const s = session();
  ok(s, 'a = nn.Conv2d(4, 6, 3, groups=2)\nb = nn.Conv2d(4, 6, 3, groups=2)\nc = nn.Conv2d(4, 6, 3, groups=2, seed=7)\nt = nn.ConvTranspose2d(4, 6, 3, groups=2)\nl = nn.Linear(10, 3)');
  const weight = (name: string) => tensor(s, name);
  ok(s, 'wa = a.weight\nwb = b.weight\nwc = c.weight\nba = a.bias\nwt = t.weight\nwl = l.weight');
  assert.deepEqual([...weight('wa').shape], [6, 2, 3, 3]);
  assert.deepEqual(Array.from(weight('wa').data), Array.from(weight('wb').data), 'default seed 0 for both');
  assert.notDeepEqual(Array.from(weight('wa').data), Array.from(weight('wc').data));
  const within = (t: Tensor, bound: number) => Array.from(t.data).every((v) => Math.abs(v) <= bound);
  assert.ok(within(weight('wa'), 1 / Math.sqrt(2 * 9)));
  assert.ok(within(weight('ba'), 1 / Math.sqrt(2 * 9)));
  assert.ok(Math.max(...Array.from(weight('wa').data).map(Math.abs)) > 0.5 / Math.sqrt(18), 'spread over the range, not clustered at 0');
  assert.deepEqual([...weight('wt').shape], [4, 3, 3, 3], 'transposed weights are (C_in, C_out/groups, k...)');
  assert.ok(within(weight('wt'), 1 / Math.sqrt(3 * 9)), 'fan_in of a transposed weight is weight.size(1)·∏k');
  assert.ok(within(weight('wl'), 1 / Math.sqrt(10)));
});

test('assigning weight and bias is shape-checked; a bare k×k kernel fits a one-in, one-out conv', () => {
  const s = session();
  ok(s, 'edge = nn.Conv2d(1, 1, 3, bias=False)\nedge.weight = tensor([[1, 0, -1], [2, 0, -2], [1, 0, -1]])\ny = edge(torch.arange(25).reshape(1, 1, 5, 5))');
  assert.deepEqual(Array.from(tensor(s, 'y').data), new Array(9).fill(-8));
  const wrong = fails(s, 'edge.weight = torch.ones(2, 3)');
  assert.equal(wrong.name, 'RuntimeError');
  assert.match(wrong.message, /Conv2d\.weight must have shape \[1, 1, 3, 3\] \(C_out, C_in\/groups, kH, kW\) for this layer, but got \[2, 3\]/);
  assert.equal(wrong.column, 1);
  ok(s, 'edge.bias = tensor([0.5])\nz = edge(torch.zeros(1, 1, 3, 3))');
  assert.deepEqual(Array.from(tensor(s, 'z').data), [0.5]);
  assert.match(fails(s, 'edge.bias = torch.ones(2)').message, /bias must have shape \[1\]/);
  assert.match(fails(s, 'edge.stride = 2').message, /only a layer's weight and bias/);
  ok(s, 'edge.bias = None\nz = edge(torch.zeros(1, 1, 3, 3))');
  assert.deepEqual(Array.from(tensor(s, 'z').data), [0]);
});

test('BatchNorm2d (eval, fresh statistics), Linear, Flatten, Dropout and ReLU forward', () => {
  const s = session();
  ok(s, 'x = torch.arange(8).reshape(1, 2, 2, 2) - 4\nbn = nn.BatchNorm2d(2)\ny = bn(x)\nr = nn.ReLU()(x)\nd = nn.Dropout(0.3)(x)\nf = nn.Flatten()(x)');
  const x = Array.from(tensor(s, 'x').data);
  Array.from(tensor(s, 'y').data).forEach((v, i) => assert.ok(Math.abs(v - x[i] / Math.sqrt(1 + 1e-5)) < 1e-6));
  assert.deepEqual(Array.from(tensor(s, 'r').data), x.map((v) => Math.max(0, v)));
  assert.deepEqual(Array.from(tensor(s, 'd').data), x);
  assert.deepEqual([...tensor(s, 'f').shape], [1, 8]);
  ok(s, 'lin = nn.Linear(3, 2)\nlin.weight = tensor([[1, 2, 3], [-1, 0, 1]])\nlin.bias = tensor([0.5, -0.5])\no = lin(tensor([[1, 1, 1], [2, 0, 1]]))');
  assert.deepEqual(Array.from(tensor(s, 'o').data), [6.5, -0.5, 5.5, -1.5]);
  const mismatch = fails(s, 'lin(torch.ones(2, 4))');
  assert.match(mismatch.message, /mat1 and mat2 shapes cannot be multiplied \(2x4 and 3x2\)/);
});

test('arithmetic, broadcasting, indexing and slicing, tensor methods', () => {
  const s = session();
  ok(s, 'a = torch.arange(6).reshape(2, 3)\nb = a * 2 - 1\nc = a + tensor([10, 20, 30])\nd = a[1]\ne = a[:, 1:]\nf = a[-1, ::2]\ng = -a / 2');
  assert.deepEqual(Array.from(tensor(s, 'b').data), [-1, 1, 3, 5, 7, 9]);
  assert.deepEqual(Array.from(tensor(s, 'c').data), [10, 21, 32, 13, 24, 35]);
  assert.deepEqual(Array.from(tensor(s, 'd').data), [3, 4, 5]);
  assert.deepEqual([...tensor(s, 'e').shape], [2, 2]);
  assert.deepEqual(Array.from(tensor(s, 'e').data), [1, 2, 4, 5]);
  assert.deepEqual(Array.from(tensor(s, 'f').data), [3, 5]);
  assert.deepEqual(Array.from(tensor(s, 'g').data), [-0, -0.5, -1, -1.5, -2, -2.5]);
  ok(s, 'n = 7 // 2 + 7 % 3 - 2 * 3 / 4\nm = a.sum().item()\nsz = a.size(1)\nsh = a.shape[0]\nfl = a.flatten().shape\nl = len(a)');
  assert.equal(s.variable('n'), 3 + 1 - 1.5);
  assert.equal(s.variable('m'), 15);
  assert.equal(s.variable('sz'), 3);
  assert.equal(s.variable('sh'), 2);
  assert.equal(s.variable('l'), 2);
  assert.equal(fails(s, "a + 'x'").name, 'TypeError');
  assert.match(fails(s, 'a[0] = 5').message, /immutable/);
  assert.match(fails(s, 'a.numpy()').message, /has no attribute 'numpy'/);
});

test('sweep(): results of grouped and transposed convs and of pooling carry the right planes; layers give geometry', () => {
  const s = session();
  ok(s, 'x = torch.arange(4 * 4 * 4).reshape(1, 4, 4, 4)\nw = torch.arange(6 * 2 * 3 * 3).reshape(6, 2, 3, 3)\ny = F.conv2d(x, w, groups=2, padding=1)');
  const sweep = item<SweepPayload>(ok(s, 'sweep(y, channel=4)'), MIME.sweep);
  const x = Array.from(tensor(s, 'x').data);
  const w = Array.from(tensor(s, 'w').data);
  const y = Array.from(tensor(s, 'y').data);
  // Output channel 4 is in group 1 (3 outputs per group), which reads input channels 2 and 3.
  assert.deepEqual(sweep.inputPlanes, [x.slice(32, 48), x.slice(48, 64)]);
  assert.deepEqual(sweep.weightPlanes, [w.slice(4 * 18, 4 * 18 + 9), w.slice(4 * 18 + 9, 4 * 18 + 18)]);
  assert.deepEqual(sweep.output, y.slice(4 * 16, 5 * 16));
  assert.deepEqual(sweep.config.padBefore, [1, 1]);
  assert.ok(sweep.notes[0].includes('group 1 of 2'));

  ok(s, 'xt = torch.arange(2 * 2 * 2).reshape(1, 2, 2, 2)\nwt = torch.arange(2 * 3 * 2 * 2).reshape(2, 3, 2, 2)\nyt = F.conv_transpose2d(xt, wt, stride=2)');
  const t = item<SweepPayload>(ok(s, 'sweep(yt, channel=1)'), MIME.sweep);
  const wt = Array.from(tensor(s, 'wt').data);
  // Transposed weight (C_in, C_out, k, k): the kernels linking inputs 0 and 1 to output channel 1.
  assert.deepEqual(t.weightPlanes, [wt.slice(4, 8), wt.slice(12 + 4, 12 + 8)]);
  assert.equal(t.config.kind, 'conv_transpose');
  assert.deepEqual(t.config.outputSize, [4, 4]);

  const pool = item<SweepPayload>(ok(s, 'sweep(F.max_pool2d(x, 2), channel=3)'), MIME.sweep);
  assert.deepEqual(pool.inputPlanes, [x.slice(48, 64)]);
  assert.equal(pool.weightPlanes, undefined);

  const geometry = item<SweepPayload>(ok(s, "sweep(nn.Conv2d(1, 1, 4, padding='same'), input_size=(1, 1, 5, 5))"), MIME.sweep);
  assert.deepEqual([geometry.config.padBefore, geometry.config.padAfter], [[1, 1], [2, 2]]);
  assert.equal(geometry.inputPlanes, undefined);
  assert.match(fails(s, 'sweep(x)').message, /not computed by a conv/);
  assert.equal(fails(s, 'sweep(y, channel=6)').name, 'IndexError');
});

test('deformable conv results display their sampling (DeformPayload) with the offsets of the right group', () => {
  const s = session();
  const result = ok(s, 'x = torch.arange(16).reshape(1, 1, 4, 4)\nw = torch.ones(1, 1, 3, 3)\noff = offsets.shift(3, 4, 0.5, 0)\ny = deform_conv2d(x, off, w, padding=1)\ny');
  const deform = item<{ offset: number[]; input: number[]; config: { outputSize: number[] } }>(result, MIME.deform);
  assert.equal(deform.offset.length, 2 * 9 * 16);
  assert.ok(deform.offset.slice(0, 16).every((v) => v === 0.5), 'Δy of tap 0');
  assert.ok(deform.offset.slice(16, 32).every((v) => v === 0), 'Δx of tap 0');
  assert.deepEqual(deform.input, Array.from({ length: 16 }, (_, i) => i));
  assert.deepEqual(deform.config.outputSize, [4, 4]);
});

test('analysis built-ins: cost, receptive_field, compare', () => {
  const s = session();
  const cost = item<{ outputShape: number[]; params: { total: number } }>(ok(s, 'cost(nn.Conv2d(64, 128, 3, stride=2), input_size=(1, 64, 56, 56))'), MIME.formula);
  assert.deepEqual(cost.outputShape, [1, 128, 27, 27]);
  assert.equal(cost.params.total, 73856);
  const rf = item<{ receptive_field: number[]; effective_stride: number[] }>(ok(s, 'receptive_field(nn.Sequential(nn.Conv2d(1, 1, 3), nn.Conv2d(1, 1, 3, stride=2), nn.MaxPool2d(2)))'), MIME.receptiveField);
  assert.deepEqual(rf.receptive_field, [7, 7]);
  assert.deepEqual(rf.effective_stride, [4, 4]);
  const cmp = item<{ paramRatio: number; a: { params: { total: number } }; b: { params: { total: number }; parts: unknown[] } }>(
    ok(s, 'dense = nn.Conv2d(64, 128, 3, padding=1, bias=False)\nsep = nn.Sequential(nn.Conv2d(64, 64, 3, padding=1, groups=64, bias=False), nn.Conv2d(64, 128, 1, bias=False))\ncompare(dense, sep, input_size=(1, 64, 56, 56))'),
    MIME.comparison,
  );
  assert.equal(cmp.a.params.total, 73728);
  assert.equal(cmp.b.params.total, 576 + 8192);
  assert.equal(cmp.b.parts.length, 2);
  assert.ok(Math.abs(cmp.paramRatio - 8768 / 73728) < 1e-12);
  assert.match(fails(s, 'cost(sep)').message, /one layer/);
});

test('image() goes through the injected host; without one it says so', () => {
  const calls: unknown[] = [];
  const host: KernelHost = {
    readImage: (path, options) => {
      calls.push([path, options]);
      return makeTensor([1, 1, 2, 2], Float32Array.of(0, 0.25, 0.5, 1));
    },
  };
  const s = session({}, host);
  ok(s, "img = image('cat.png', size=(2, 2), gray=True)\ny = img * 2");
  assert.deepEqual(calls, [['cat.png', { size: [2, 2], gray: true }]]);
  assert.deepEqual(Array.from(tensor(s, 'y').data), [0, 0.5, 1, 2]);
  const none = fails(session(), "image('cat.png')");
  assert.match(none.message, /needs file access/);
});

test('random tensors are reproducible through seed= and differ across seeds', () => {
  const s = session();
  ok(s, 'a = torch.randn(3, 3, seed=1)\nb = torch.randn(3, 3, seed=1)\nc = torch.rand(3, 3, seed=2)');
  assert.deepEqual(Array.from(tensor(s, 'a').data), Array.from(tensor(s, 'b').data));
  assert.ok(Array.from(tensor(s, 'c').data).every((v) => v >= 0 && v < 1));
});

test('Python lists are capped far below the tensor budget, since they live on the worker heap', () => {
  const s = new Session({ settings: DEFAULT_KERNEL_SETTINGS });
  const big = s.execute('x = zeros(2000, 1000)\nx.tolist()');
  assert.equal(big.error?.name, 'MemoryError');
  assert.match(big.error!.message, /Python list of 2,000,000 items/);
  assert.equal(s.execute('len(zeros(100, 100).tolist())').error, null);
  assert.equal(s.execute('[0] * 3_000_000').error?.name, 'MemoryError');
  assert.equal(s.execute('len(range(2_000_000))').error?.name, 'MemoryError');
});
