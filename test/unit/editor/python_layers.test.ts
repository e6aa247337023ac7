// Finding PyTorch layers in Python source the way people write it, and sizing them: checked against
// PyTorch's own shapes and parameter counts (test/fixtures/golden/shapes.json) and hand-worked cases.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findLayerCalls, type LayerCall } from '../../../lang/pyfile/python_layers';

const root = join(import.meta.dirname, '..', '..', '..');
function only(source: string): LayerCall {
  const calls = findLayerCalls(source);
  assert.equal(calls.length, 1, `expected one layer, found ${calls.map((c) => c.text).join(' | ')}`);
  return calls[0];
}

test('the hover example: nn.Conv2d(64, 128, 3, stride=2, padding=1) on a hinted (1, 64, 56, 56)', () => {
  const call = only('import torch.nn as nn\n# input: (1, 64, 56, 56)\nconv = nn.Conv2d(64, 128, 3, stride=2, padding=1)\n');
  assert.equal(call.canonical, 'nn.Conv2d');
  assert.deepEqual([call.line, call.column, call.endLine, call.endColumn], [3, 8, 3, 50]);
  assert.deepEqual(call.params, { weights: 73_728, bias: 128, total: 73_856 });
  assert.deepEqual(call.inputShape, [1, 64, 56, 56]);
  assert.equal(call.inputSource, 'hint');
  assert.deepEqual(call.outputShape, [1, 128, 28, 28]);
  assert.equal(call.config.kernel_size, 3);
  assert.equal(call.config.dilation, 1, 'defaults are filled in');
  assert.equal(call.config.padding_mode, 'zeros');
  assert.deepEqual(call.symbolic, []);
  assert.deepEqual(call.warnings, []);
});

test('golden layer stacks (PyTorch 1.13): every shape and parameter count through an nn.Sequential', () => {
  const golden = JSON.parse(readFileSync(join(root, 'test/fixtures/golden/shapes.json'), 'utf8')) as {
    cases: { name: string; input_shape: number[]; layers: { layer: string; output_shape: number[]; params: number }[]; total_params: number }[];
  };
  assert.ok(golden.cases.length >= 5);
  for (const c of golden.cases) {
    const source = [`# input: (${c.input_shape.join(', ')})`, 'model = nn.Sequential(', ...c.layers.map((l) => `    ${l.layer},`), ')', ''].join('\n');
    const calls = findLayerCalls(source);
    assert.equal(calls.length, c.layers.length, c.name);
    calls.forEach((call, i) => {
      assert.deepEqual(call.outputShape, c.layers[i].output_shape, `${c.name}: ${c.layers[i].layer}`);
      assert.equal(call.params?.total, c.layers[i].params, `${c.name}: ${c.layers[i].layer}`);
      assert.equal(call.name, `model.${i}`);
      assert.deepEqual(call.container, { kind: 'sequential', line: 2 });
    });
    assert.equal(calls.reduce((s, call) => s + (call.params?.total ?? 0), 0), c.total_params, c.name);
  }
});

test('multi-line calls with comments, trailing commas, keywords in any order, tuples and quotes', () => {
  const source = `
import torch
# input: (2, 16, 33, 40)
layer = torch.nn.Conv2d(
    16,              # in
    32,              # out
    padding="same",  # "nn.Conv2d(1, 2, 3)" in a comment is not a call
    kernel_size=(3, 4),
    dilation = (2, 1),
    bias=False,
)
`;
  const call = only(source);
  assert.equal(call.callee, 'torch.nn.Conv2d');
  assert.equal(call.canonical, 'nn.Conv2d');
  assert.equal(call.line, 4);
  assert.equal(call.endLine, 11);
  assert.deepEqual(call.config.kernel_size, [3, 4]);
  assert.equal(call.config.padding, 'same');
  assert.deepEqual(call.params, { weights: 32 * 16 * 12, bias: 0, total: 6144 });
  assert.deepEqual(call.outputShape, [2, 32, 33, 40], "'same' keeps H and W");
  const single = only("# input: (1, 3, 10, 10)\nc = nn.Conv2d(3, 8, 4, padding='same')\n");
  assert.deepEqual(single.outputShape, [1, 8, 10, 10]);
});

test('strings and comments never produce calls', () => {
  const source = `
"""Docstring mentioning nn.Conv2d(3, 64, 3) and nn.Sequential(nn.ReLU())."""
s = 'nn.MaxPool2d(2)'
t = f"{nn.Conv2d(1, 1, 1)}"
# nn.Conv2d(3, 3, 3)
real = nn.MaxPool2d(2)
`;
  const calls = findLayerCalls(source);
  assert.deepEqual(calls.map((c) => c.text), ['nn.MaxPool2d(2)']);
  assert.equal(calls[0].line, 6);
});

test('aliases: import torch.nn as tnn, from torch import nn, from torch.nn import Conv2d, torchvision.ops', () => {
  const source = `
import torch.nn as tnn
from torch import nn as torch_nn
from torch.nn import Conv2d, MaxPool2d as Pool
import torch.nn.functional as fn
from torchvision.ops import DeformConv2d
a = tnn.Conv2d(3, 8, 3)
b = torch_nn.Conv1d(3, 8, 3)
c = Conv2d(3, 8, 3)
d = Pool(2)
e = fn.max_pool2d(x, 2)
f = DeformConv2d(3, 8, 3, padding=1)
g = Linear(3, 4)
`;
  const calls = findLayerCalls(source);
  assert.deepEqual(
    calls.map((c) => [c.callee, c.canonical]),
    [
      ['tnn.Conv2d', 'nn.Conv2d'],
      ['torch_nn.Conv1d', 'nn.Conv1d'],
      ['Conv2d', 'nn.Conv2d'],
      ['Pool', 'nn.MaxPool2d'],
      ['fn.max_pool2d', 'F.max_pool2d'],
      ['DeformConv2d', 'DeformConv2d'],
    ],
    'Linear was never imported, so it is not torch.nn.Linear',
  );
  assert.deepEqual(calls[5].params, { weights: 8 * 3 * 9, bias: 8, total: 224 });
});

test('non-literal arguments stay symbolic; channels are read off a hinted input', () => {
  const source = `
class Block(nn.Module):
    def __init__(self, planes, cfg):
        super().__init__()
        # input: (1, 64, 56, 56)
        self.conv = nn.Conv2d(self.inplanes, 128, 3, stride=2, padding=1)
        self.bn = nn.BatchNorm2d(planes)
        self.pool = nn.MaxPool2d(cfg.k)
`;
  const [conv, bn, pool] = findLayerCalls(source);
  assert.deepEqual(conv.symbolic, ['in_channels']);
  assert.equal(conv.config.in_channels, 'self.inplanes');
  assert.deepEqual(conv.inferred, { in_channels: 64 });
  assert.deepEqual(conv.outputShape, [1, 128, 28, 28]);
  assert.equal(conv.params?.total, 73_856);
  // forward() may or may not call bn right after conv: its input is not known, so neither is planes.
  assert.deepEqual(bn.inferred, {});
  assert.equal(bn.inputShape, null);
  assert.equal(bn.params, null);
  assert.deepEqual(pool.symbolic, ['kernel_size']);
  assert.equal(pool.spec, null);
  assert.equal(pool.outputShape, null);
});

test('without a hint the channels are not guessed: only the spatial geometry is known', () => {
  const call = only('c = nn.Conv2d(in_ch, out_ch, 3, stride=2, padding=1)\n');
  assert.deepEqual(call.symbolic, ['in_channels', 'out_channels']);
  assert.equal(call.spec, null);
  assert.equal(call.params, null);
  assert.ok(call.geometry && call.geometry.kind === 'conv');
  assert.deepEqual(call.geometry.stride, [2, 2]);
});

test('nested nn.Sequential and OrderedDict propagate in order, with PyTorch names', () => {
  const source = `
from collections import OrderedDict
# input: (1, 3, 32, 32)
net = nn.Sequential(
    nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU()),
    nn.Sequential(OrderedDict([
        ('pool', nn.MaxPool2d(2)),
        ('conv', nn.Conv2d(8, 16, 3)),
    ])),
    nn.LeakyReLU(0.1),
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(16, 10),
)
`;
  const calls = findLayerCalls(source);
  assert.deepEqual(
    calls.map((c) => [c.name, c.outputShape]),
    [
      ['net.0.0', [1, 8, 32, 32]],
      ['net.0.1', [1, 8, 32, 32]],
      ['net.1.pool', [1, 8, 16, 16]],
      ['net.1.conv', [1, 16, 14, 14]],
      ['net.3', [1, 16, 1, 1]],
      ['net.4', [1, 16]],
      ['net.5', [1, 10]],
    ],
  );
  assert.deepEqual(calls[2].container, { kind: 'sequential', line: 6 });
});

test('__init__ order is not taken for forward order: a hint on the class sizes none of its layers', () => {
  // A LeNet pools in forward() between its convs: reading __init__ as a chain would size conv2 on
  // (1, 6, 28, 28) and show (1, 16, 24, 24) where PyTorch gives (1, 16, 10, 10).
  const source = `
# input: (1, 1, 32, 32)
class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, 16 * 5 * 5)
        return self.fc2(F.relu(self.fc1(x)))
`;
  const calls = findLayerCalls(source);
  const byName = new Map(calls.map((c) => [c.name, c]));
  const conv2 = byName.get('conv2')!;
  assert.equal(conv2.inputShape, null);
  assert.equal(conv2.outputShape, null, 'no shape from an assumed order');
  assert.equal(conv2.params?.total, 6 * 16 * 25 + 16, 'what follows from literals is still shown');
  assert.equal(byName.get('fc2')!.params?.total, 120 * 84 + 84);
  assert.ok(calls.every((c) => c.inputSource === null && c.problems.length === 0 && c.warnings.length === 0));
  assert.ok(calls.filter((c) => !c.functional).every((c) => c.container?.kind === 'init' && c.container.line === 4));
});

test('a chain stops at a module it cannot see through, and nothing is assumed after it', () => {
  const source = `
# input: (1, 3, 224, 224)
m = nn.Sequential(nn.Conv2d(3, 64, 3), Bottleneck(64), nn.Conv2d(64, 64, 3), *extra, nn.ReLU())
`;
  const [first, second, relu] = findLayerCalls(source);
  assert.deepEqual(first.outputShape, [1, 64, 222, 222]);
  assert.equal(first.inputSource, 'hint');
  assert.equal(second.inputSource, null);
  assert.equal(second.inputShape, null);
  assert.equal(second.params?.total, 64 * 64 * 9 + 64);
  assert.equal(relu.inputShape, null);
});

test('channel mismatch between consecutive layers: PyTorch message, underlined at in_channels', () => {
  const source = `# input: (1, 3, 32, 32)
net = nn.Sequential(
    nn.Conv2d(3, 32, 3),
    nn.BatchNorm2d(32),
    nn.Conv2d(64, 64, 3),
    nn.BatchNorm2d(32),
)
`;
  const calls = findLayerCalls(source);
  const bad = calls[2];
  assert.equal(bad.problems.length, 1);
  const p = bad.problems[0];
  assert.equal(p.severity, 'error');
  assert.equal(p.pythonName, 'RuntimeError');
  assert.equal(p.message, 'Given groups=1, weight of size [64, 64, 3, 3], expected input[1, 32, 30, 30] to have 64 channels, but got 32 channels instead');
  assert.deepEqual([p.line, p.column, p.endLine, p.endColumn], [5, 15, 5, 17]);
  // Going on as if the channels matched: the BatchNorm after it is checked against 64.
  assert.deepEqual(bad.outputShape, [1, 64, 28, 28]);
  assert.equal(calls[3].problems[0]?.message, 'running_mean should contain 64 elements not 32');
});

test('in __init__ a hint sizes the layer under it only: no mismatch is inferred from definition order', () => {
  const source = `
class M(nn.Module):
    def __init__(self):
        # input: (1, 3, 8, 8)
        self.a = nn.Conv2d(3, 4, 1)
        self.b = nn.Conv2d(8, 4, 1)
`;
  const [a, b] = findLayerCalls(source);
  assert.deepEqual(a.outputShape, [1, 4, 8, 8]);
  assert.equal(b.inputShape, null);
  assert.deepEqual(b.problems, [], 'forward() may feed b from elsewhere');
});

test('configs PyTorch rejects carry its message and argument', () => {
  const cases: [string, string, string, string][] = [
    ["nn.Conv2d(3, 8, 3, stride=2, padding='same')", 'ValueError', 'padding', "padding='same' is not supported for strided convolutions"],
    ['nn.Conv2d(6, 9, 3, groups=2)', 'ValueError', 'groups', 'out_channels must be divisible by groups'],
    ['nn.Conv2d(5, 8, 3, groups=2)', 'ValueError', 'groups', 'in_channels must be divisible by groups'],
    ['nn.Conv2d(3, 8, 3, paddng=1)', 'TypeError', 'paddng', "Conv2d.__init__() got an unexpected keyword argument 'paddng'. Did you mean 'padding'?"],
    ['nn.MaxPool2d(2, padding=2)', 'RuntimeError', 'padding', 'pad should be at most half of kernel size, but got pad=2 and kernel_size=2'],
  ];
  for (const [text, name, argument, message] of cases) {
    const call = only(`x = ${text}\n`);
    assert.equal(call.problems.length, 1, text);
    assert.equal(call.problems[0].pythonName, name, text);
    assert.equal(call.problems[0].argument, argument, text);
    assert.equal(call.problems[0].message, message, text);
    assert.ok(call.warnings.some((w) => w.includes(message)), text);
    const underlined = `x = ${text}\n`.slice(call.problems[0].offset, call.problems[0].endOffset);
    assert.ok(underlined.startsWith(argument === 'groups' || argument === 'padding' || argument === 'paddng' ? argument : ''), `${text}: underlined '${underlined}'`);
  }
});

test('warnings: uncovered input, dropped ceil_mode window, output below 1', () => {
  const uncovered = only('# input: (1, 1, 8, 8)\nc = nn.Conv2d(1, 1, 3, stride=2)\n');
  assert.deepEqual(uncovered.outputShape, [1, 1, 3, 3]);
  assert.ok(uncovered.warnings.some((w) => /^H: input rows 7 is never read/.test(w) || /^H: input row 7 is never read/.test(w)), uncovered.warnings.join('\n'));
  assert.ok(uncovered.warnings.some((w) => /^W: input column 7 is never read/.test(w)), uncovered.warnings.join('\n'));

  const dropped = only('# input: (1, 1, 5, 5)\np = nn.MaxPool2d(2, stride=2, padding=1, ceil_mode=True)\n');
  assert.deepEqual(dropped.outputShape, [1, 1, 3, 3]);
  assert.ok(dropped.warnings.some((w) => /ceil_mode rounds up to 4 windows/.test(w)), dropped.warnings.join('\n'));

  const tooSmall = only('# input: (1, 1, 4, 4)\nc = nn.Conv2d(1, 1, 7)\n');
  assert.equal(tooSmall.outputShape, null);
  assert.equal(tooSmall.problems[0]?.message, "Calculated padded input size per channel: (4 x 4). Kernel size: (7 x 7). Kernel size can't be greater than actual input size");

  // Without a hint nothing is assumed: no shape, no warning, no diagnostic.
  const unhinted = only('c = nn.Conv2d(1, 1, 7)\n');
  assert.deepEqual([unhinted.outputShape, unhinted.problems, unhinted.warnings], [null, [], []]);
});

test('functional calls: the weight is unknown, the rest is shown; pools are fully configured', () => {
  const [conv, pool, avg] = findLayerCalls('y = F.conv2d(x, self.weight, None, 2, padding=1)\n# input: (1, 3, 224, 224)\nz = F.max_pool2d(y, 3, 2, 1, 1, True)\n# input: (1, 3, 224)\nw = torch.nn.functional.avg_pool1d(v, 4)\n');
  assert.equal(conv.functional, true);
  assert.equal(conv.spec, null);
  assert.equal(conv.weightText, 'self.weight');
  assert.equal(conv.hasBias, false);
  assert.equal(conv.config.stride, 2);
  assert.equal(conv.config.padding, 1);
  assert.equal(conv.config.groups, 1);
  assert.deepEqual(conv.symbolic, [], 'tensors are not configuration');
  // F.max_pool2d's positional order is (input, kernel_size, stride, padding, dilation, ceil_mode).
  assert.ok(pool.spec && pool.spec.kind === 'max_pool');
  assert.equal(pool.spec.ceilMode, true);
  assert.deepEqual(pool.spec.dilation, [1, 1]);
  assert.deepEqual(pool.outputShape, [1, 3, 113, 113], "ceil((224 + 2 - 3) / 2) + 1");
  assert.ok(avg.spec && avg.spec.kind === 'avg_pool' && avg.spec.dims === 1);
  assert.deepEqual(avg.inputShape, [1, 3, 224]);
  assert.deepEqual(avg.outputShape, [1, 3, 56]);
});

test('1-D and 3-D layers: Conv1d, MaxPool1d, Conv3d, AvgPool3d, ConvTranspose2d', () => {
  const source = `
# input: (4, 8, 100)
a = nn.Sequential(nn.Conv1d(8, 16, 7, stride=2, padding=3), nn.MaxPool1d(3, stride=2))
# input: (1, 3, 16, 56, 56)
b = nn.Sequential(nn.Conv3d(3, 8, (3, 5, 5), stride=(1, 2, 2), padding=(1, 2, 2)), nn.AvgPool3d((1, 2, 2)))
# input: (2, 4, 5, 4)
c = nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1)
`;
  const calls = findLayerCalls(source);
  assert.deepEqual(
    calls.map((c) => [c.canonical, c.outputShape, c.params?.total]),
    [
      ['nn.Conv1d', [4, 16, 50], 912],
      ['nn.MaxPool1d', [4, 16, 24], 0],
      ['nn.Conv3d', [1, 8, 16, 28, 28], 1808],
      ['nn.AvgPool3d', [1, 8, 16, 14, 14], 0],
      ['nn.ConvTranspose2d', [2, 2, 10, 8], 74],
    ],
  );
});

test('syntax cells do not support (conditional expressions) still yields the call, the argument symbolic', () => {
  const source = `
# input: (1, 16, 32, 32)
seq = nn.Sequential(
    nn.Conv2d(16, 32, 3, stride=2 if downsample else 1, padding=1),
    nn.BatchNorm2d(32),
    nn.Conv2d(32, 32, 3, padding={"a": 1}["a"]),
)
`;
  const calls = findLayerCalls(source);
  assert.equal(calls.length, 3);
  assert.deepEqual(calls[0].symbolic, ['stride']);
  assert.equal(calls[0].config.stride, '2 if downsample else 1');
  assert.equal(calls[0].outputShape, null);
  assert.equal(calls[1].inputSource, null, 'after an unknown output nothing is assumed');
  assert.deepEqual(calls[2].symbolic, ['padding']);
});

test('unclosed calls while typing are skipped, not crashed on', () => {
  const calls = findLayerCalls('a = nn.Conv2d(3, 8, 3)\nb = nn.Conv2d(3, 8,\n');
  assert.deepEqual(calls.map((c) => c.text), ['nn.Conv2d(3, 8, 3)']);
});

test('the torchvision-style fixture: AlexNet exactly as torchvision sizes it', () => {
  const source = readFileSync(join(root, 'test/fixtures/python/torchvision_style.py'), 'utf8');
  const calls = findLayerCalls(source);
  const golden = JSON.parse(readFileSync(join(root, 'test/fixtures/golden/shapes.json'), 'utf8')).cases.find((c: { name: string }) => c.name.startsWith('AlexNet'));
  const alex = calls.filter((c) => /^(features|avgpool|classifier)/.test(c.name ?? '') && c.container !== null && c.line < 45);
  const conv1 = alex[0];
  assert.equal(conv1.text, 'nn.Conv2d(3, 64, kernel_size=11, stride=4, padding=2)');
  assert.equal(conv1.params?.total, 23_296);
  assert.deepEqual(conv1.outputShape, [1, 64, 55, 55]);
  // torchvision's forward flattens between avgpool and classifier; golden lists that Flatten as a layer.
  const goldenRows = golden.layers.filter((l: { layer: string }) => l.layer !== 'nn.Flatten()');
  assert.equal(alex.length, goldenRows.length);
  alex.forEach((call, i) => {
    if (call.name === 'classifier.6') {
      assert.deepEqual(call.symbolic, ['out_features'], 'num_classes is a parameter of __init__');
      return;
    }
    assert.deepEqual(call.outputShape, goldenRows[i].output_shape, call.name!);
    assert.equal(call.params?.total, goldenRows[i].params, call.name!);
  });
  const vgg = calls.filter((c) => c.name?.startsWith('vgg11_bn_features.'));
  assert.equal(vgg.length, 29);
  assert.deepEqual(vgg[vgg.length - 1].outputShape, [1, 512, 7, 7]);
  assert.equal(vgg.reduce((s, c) => s + c.params!.total, 0), 9_220_480 + 2 * (64 + 128 + 256 * 2 + 512 * 4));
  const head = calls.filter((c) => c.name?.startsWith('head.'));
  assert.deepEqual(head.map((c) => c.outputShape), [[1, 64, 7, 7], [1, 64, 1, 1], [1, 64], [1, 10]]);
  const stem = calls.find((c) => c.name === 'conv1')!;
  assert.deepEqual(stem.symbolic, ['out_channels']);
  assert.deepEqual(stem.inputShape, [2, 3, 224, 224]);
});

test('__init__ chains stop at statements that add modules: a _make_layer call, a loop', () => {
  const source = `
class ResNet(nn.Module):
    # input: (1, 3, 224, 224)
    def __init__(self, block, layers, num_classes=1000):
        super().__init__()
        self.inplanes = 64
        self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        for m in self.modules():
            pass
        self.fc = nn.Linear(512, num_classes)
`;
  const calls = findLayerCalls(source);
  assert.deepEqual(calls.map((c) => c.name), ['conv1', 'bn1', 'relu', 'maxpool', 'avgpool', 'fc']);
  assert.ok(calls.every((c) => c.inputShape === null), 'the hint on __init__ says what forward() receives, not which layer');
  assert.equal(calls[0].params?.total, 3 * 64 * 49);
  assert.equal(calls[5].params, null, 'out_features is symbolic');
});

test('layers inside a comprehension the parser refuses are still found', () => {
  const source = '# input: (1, 8, 16, 16)\nblocks = nn.Sequential(*[nn.Conv2d(8, 8, 3, padding=1) for _ in range(3)], nn.MaxPool2d(2))\n';
  const calls = findLayerCalls(source);
  assert.deepEqual(calls.map((c) => c.canonical), ['nn.Conv2d', 'nn.MaxPool2d']);
  assert.equal(calls[0].params?.total, 8 * 8 * 9 + 8);
  assert.equal(calls[1].name, 'blocks.1');
  assert.equal(calls[1].inputSource, null, 'the starred comprehension hides the shape');
});

test('hint spellings, star imports and fully spelled torchvision.ops', () => {
  const source = `
from torch.nn import *
import torchvision
# input shape: [2, 4, 9, 9]
a = Conv2d(4, 4, 3)
b = MaxPool2d(3)  # input: 1x4x9x9
# input = (1, 2, 9, 9)
c = torchvision.ops.DeformConv2d(2, 4, 3, padding=1)
`;
  const [a, b, c] = findLayerCalls(source);
  assert.deepEqual([a.canonical, a.inputShape, a.outputShape], ['nn.Conv2d', [2, 4, 9, 9], [2, 4, 7, 7]]);
  assert.deepEqual([b.canonical, b.inputShape, b.outputShape], ['nn.MaxPool2d', [1, 4, 9, 9], [1, 4, 3, 3]]);
  assert.deepEqual([c.canonical, c.inputShape, c.outputShape, c.params?.total], ['DeformConv2d', [1, 2, 9, 9], [1, 4, 9, 9], 4 * 2 * 9 + 4]);
  assert.ok([a, b, c].every((call) => call.inputSource === 'hint'));
});

test('a VGG read without running: no diagnostic from a guessed input, the classifier sized only under its own hint', () => {
  const source = `
class VGG(nn.Module):
    def __init__(self, features, num_classes=1000):
        super().__init__()
        self.features = features
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
        self.classifier = nn.Sequential(
            nn.Linear(512 * 7 * 7, 4096),
            nn.ReLU(True),
            nn.Dropout(p=0.5),
            nn.Linear(4096, 4096),
        )
        # input: (2, 4096)
        self.head = nn.Linear(4096, num_classes)
`;
  const calls = findLayerCalls(source);
  assert.deepEqual(calls.flatMap((c) => c.problems), []);
  assert.deepEqual(calls.flatMap((c) => c.warnings), []);
  assert.ok(calls.filter((c) => c.name !== 'head').every((c) => c.outputShape === null));
  const head = calls.find((c) => c.name === 'head')!;
  assert.deepEqual(head.inputShape, [2, 4096]);
  assert.deepEqual(head.inferred, {}, 'out_features stays symbolic');
});

test('model fixtures read statically: their hints name a model input, not the first layer\'s, so nothing mid-network gets a shape and nothing is flagged', () => {
  const dir = join(root, 'test', 'fixtures', 'models');
  const files = ['vgg.py', 'squeezenet.py', 'lenet.py', 'alexnet.py', 'mobilenetv2.py', 'resnet.py', 'cyclegan_generator.py', 'dcgan.py'];
  for (const file of files) {
    const calls = findLayerCalls(readFileSync(join(dir, file), 'utf8'));
    assert.ok(calls.length >= 3, `${file}: ${calls.length} layer calls`);
    // The old reader fed the hint's (1, 3, 224, 224) into __init__ order: VGG's pools read
    // (1, 3, 112, 112) and its Linear(512 * 7 * 7, 4096) was an error on a model that runs.
    for (const call of calls) {
      assert.equal(call.inputShape, null, `${file}:${call.line} ${call.text} has an input shape`);
      assert.equal(call.outputShape, null, `${file}:${call.line} ${call.text} has an output shape`);
      assert.deepEqual(call.problems, [], `${file}:${call.line} ${call.text} is flagged`);
    }
  }
  const vgg = findLayerCalls(readFileSync(join(dir, 'vgg.py'), 'utf8'));
  const linear = vgg.find((c) => /Linear\(512 \* 7 \* 7/.test(c.text));
  assert.ok(linear, 'VGG\'s first Linear is found');
  assert.equal(linear.params?.total, 512 * 7 * 7 * 4096 + 4096, 'what follows from literals is still shown');
});
