// The signature table (PyTorch's names, order and defaults), Python's argument binding, layer
// specs from constructor calls with PyTorch's constructor checks, and the static cell checker.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConvbookError } from '../../../engine/errors';
import { layerSpecFromCall } from '../../../lang/syntax/layer_from_call';
import { defaultValue, literalValue } from '../../../lang/syntax/literal';
import { parseExpression } from '../../../lang/syntax/parser';
import { ArgumentError, bindArguments, canonicalName, formatSignature, lookupSignature, SIGNATURES } from '../../../lang/syntax/signatures';
import { checkCell } from '../../../lang/syntax/static_check';

function names(key: string): string[] {
  return SIGNATURES[key].params.map((p) => (p.kind === 'var-positional' ? `*${p.name}` : p.name));
}

test('PyTorch positional order and defaults for the core functions and layers', () => {
  assert.deepEqual(names('F.conv2d'), ['input', 'weight', 'bias', 'stride', 'padding', 'dilation', 'groups']);
  assert.deepEqual(names('F.conv_transpose2d'), ['input', 'weight', 'bias', 'stride', 'padding', 'output_padding', 'groups', 'dilation']);
  assert.deepEqual(names('deform_conv2d'), ['input', 'offset', 'weight', 'bias', 'stride', 'padding', 'dilation', 'mask']);
  assert.deepEqual(names('F.max_pool2d'), ['input', 'kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'return_indices']);
  assert.deepEqual(names('F.avg_pool2d'), ['input', 'kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override']);
  assert.deepEqual(names('nn.Conv2d').slice(0, 9), ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode']);
  assert.deepEqual(names('nn.ConvTranspose2d').slice(0, 9), ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'output_padding', 'groups', 'bias', 'dilation']);
  assert.deepEqual(names('nn.MaxPool2d'), ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode']);
  assert.deepEqual(names('torch.zeros'), ['*size', 'dtype']);
  assert.equal(formatSignature(SIGNATURES['F.conv2d']), 'F.conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)');
  assert.equal(formatSignature(SIGNATURES['torch.randn']), 'torch.randn(*size, generator=None, dtype=None)');
  assert.equal(SIGNATURES['nn.BatchNorm2d'].params.find((p) => p.name === 'eps')!.default, '1e-05');
});

test('every default is a Python literal and every entry has a doc line', () => {
  for (const sig of Object.values(SIGNATURES)) {
    assert.ok(sig.doc.length > 5, sig.name);
    for (const p of sig.params) if (p.default !== undefined) assert.notEqual(defaultValue(p), undefined, `${sig.name}.${p.name}`);
    const seen = new Set<string>();
    for (const p of sig.params) {
      assert.ok(!seen.has(p.name), `${sig.name} repeats ${p.name}`);
      seen.add(p.name);
    }
  }
  assert.deepEqual(defaultValue(SIGNATURES.deform_conv2d.params[4]), [1, 1]);
  assert.equal(defaultValue(SIGNATURES['nn.Conv2d'].params[8]), 'zeros');
});

test('names resolve from every spelling to the canonical key', () => {
  assert.equal(canonicalName('torch.nn.Conv2d'), 'nn.Conv2d');
  assert.equal(canonicalName('torch.nn.functional.conv2d'), 'F.conv2d');
  assert.equal(canonicalName('ops.DeformConv2d'), 'DeformConv2d');
  assert.equal(canonicalName('torchvision.ops.deform_conv2d'), 'deform_conv2d');
  assert.equal(canonicalName('torch.conv2d'), 'F.conv2d');
  assert.equal(canonicalName('tensor'), 'torch.tensor');
  assert.equal(canonicalName('nn.LSTM'), null);
  assert.equal(lookupSignature('nn.Conv3d')?.name, 'nn.Conv3d');
});

test("binding follows Python: positional, keywords, var-positional, and Python's TypeErrors", () => {
  const sig = SIGNATURES['F.conv2d'];
  const { given } = bindArguments(sig, ['x', 'w'], { padding: 'p' });
  assert.deepEqual([...given.entries()], [['input', 'x'], ['weight', 'w'], ['padding', 'p']]);
  const zeros = bindArguments(SIGNATURES['torch.zeros'], [1, 2, 3], {});
  assert.deepEqual(zeros.rest, [1, 2, 3]);
  const raises = (fn: () => unknown, message: string, check?: (e: ArgumentError) => void) =>
    assert.throws(fn, (e: unknown) => {
      assert.ok(e instanceof ArgumentError && e instanceof ConvbookError);
      assert.equal(e.pythonName, 'TypeError');
      assert.equal(e.message, message);
      check?.(e);
      return true;
    });
  raises(() => bindArguments(sig, ['x', 'w'], { strides: '2' }), "conv2d() got an unexpected keyword argument 'strides'. Did you mean 'stride'?", (e) => assert.equal(e.keyword, 'strides'));
  raises(() => bindArguments(sig, ['x', 'w'], { zzz: '2' }), "conv2d() got an unexpected keyword argument 'zzz'");
  raises(() => bindArguments(sig, ['x'], {}), "conv2d() missing 1 required positional argument: 'weight'");
  raises(() => bindArguments(sig, [], {}), "conv2d() missing 2 required positional arguments: 'input' and 'weight'");
  raises(() => bindArguments(sig, ['x', 'w', null, 2], { stride: 1 }), "conv2d() got multiple values for argument 'stride'");
  raises(() => bindArguments(sig, [1, 2, 3, 4, 5, 6, 7, 8], {}), 'conv2d() takes from 2 to 7 positional arguments but 8 were given', (e) => assert.equal(e.positionalIndex, 7));
  raises(() => bindArguments(SIGNATURES['nn.Conv2d'], [3, 16, 3], { kernel: 3 }), "Conv2d.__init__() got an unexpected keyword argument 'kernel'. Did you mean 'kernel_size'?");
});

function call(source: string) {
  const { expr } = parseExpression(source, 0);
  assert.equal(expr.kind, 'Call');
  const func = source.slice(0, source.indexOf('('));
  return layerSpecFromCall(
    func,
    expr.args.map((a) => literalValue(a)),
    Object.fromEntries(expr.keywords.map((k) => [k.name!, literalValue(k.value)])),
  );
}

function rejects(source: string, name: string, message: string | RegExp, argument?: string): void {
  assert.throws(
    () => call(source),
    (e: unknown) => {
      assert.ok(e instanceof ConvbookError, String(e));
      assert.equal(e.pythonName, name, `${source}: ${e.message}`);
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      if (argument) assert.equal(e.argument, argument);
      return true;
    },
  );
}

test('layerSpecFromCall applies PyTorch defaults and expands ints per axis', () => {
  assert.deepEqual(call('nn.Conv2d(3, 16, 3)'), {
    kind: 'conv', dims: 2, inChannels: 3, outChannels: 16, kernelSize: [3, 3], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1, bias: true, paddingMode: 'zeros',
  });
  assert.deepEqual(call("nn.Conv1d(8, 16, kernel_size=(7,), stride=(2,), padding=(3), bias=False, padding_mode='reflect')"), {
    kind: 'conv', dims: 1, inChannels: 8, outChannels: 16, kernelSize: [7], stride: [2], padding: [3], dilation: [1], groups: 1, bias: false, paddingMode: 'reflect',
  });
  assert.equal((call("nn.Conv2d(2, 3, 4, padding='same')") as { padding: unknown }).padding, 'same');
  assert.deepEqual(call('nn.ConvTranspose3d(4, 2, 3, stride=2, output_padding=1)'), {
    kind: 'conv_transpose', dims: 3, inChannels: 4, outChannels: 2, kernelSize: [3, 3, 3], stride: [2, 2, 2], padding: [0, 0, 0], outputPadding: [1, 1, 1], dilation: [1, 1, 1], groups: 1, bias: true,
  });
  assert.deepEqual(call('nn.MaxPool2d(3, 2, ceil_mode=True)'), { kind: 'max_pool', dims: 2, kernelSize: [3, 3], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: true });
  assert.deepEqual((call('nn.MaxPool2d(2)') as { stride: number[] }).stride, [], 'stride=None is kept as "same as kernel_size"');
  assert.deepEqual(call('nn.AdaptiveAvgPool2d((None, 7))'), { kind: 'adaptive_avg_pool', dims: 2, outputSize: [null, 7] });
  assert.deepEqual(call('nn.BatchNorm2d(32, affine=False)'), { kind: 'batch_norm', numFeatures: 32, affine: false });
  assert.deepEqual(call('nn.Linear(9216, 4096)'), { kind: 'linear', inFeatures: 9216, outFeatures: 4096, bias: true });
  assert.deepEqual(call('nn.Flatten()'), { kind: 'flatten', startDim: 1, endDim: -1 });
  assert.deepEqual(call('ops.DeformConv2d(4, 8, 3, padding=1, groups=2)').kind, 'deform_conv');
  assert.deepEqual(call('torch.nn.Conv2d(1, 1, 1, device=None, dtype=None)').kind, 'conv');
});

test("layerSpecFromCall raises PyTorch's constructor errors, naming the argument", () => {
  rejects("nn.Conv2d(3, 16, 3, padding='foo')", 'ValueError', "Invalid padding string 'foo', should be one of {'valid', 'same'}", 'padding');
  rejects("nn.Conv2d(3, 16, 3, stride=2, padding='same')", 'ValueError', "padding='same' is not supported for strided convolutions", 'padding');
  rejects('nn.Conv2d(3, 16, 3, groups=2)', 'ValueError', 'in_channels must be divisible by groups', 'groups');
  rejects('nn.Conv2d(4, 6, 3, groups=4)', 'ValueError', 'out_channels must be divisible by groups', 'groups');
  rejects('nn.Conv2d(4, 6, 3, groups=0)', 'ValueError', 'groups must be a positive integer', 'groups');
  rejects("nn.Conv2d(3, 16, 3, padding_mode='mirror')", 'ValueError', "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='mirror'", 'padding_mode');
  rejects("nn.ConvTranspose2d(3, 16, 3, padding_mode='reflect')", 'ValueError', 'Only "zeros" padding mode is supported for ConvTranspose2d', 'padding_mode');
  // PyTorch checks output_padding on the forward, where output_size= may replace it: the layer builds.
  assert.equal(call('nn.ConvTranspose2d(4, 2, 3, stride=1, output_padding=1)').kind, 'conv_transpose');
  // Checks PyTorch makes on the first forward come at construction, with that forward's message.
  rejects('nn.Conv2d(3, 16, (3, 3, 3))', 'RuntimeError', 'expected stride to be a single integer value or a list of 3 values to match the convolution dimensions, but got stride=[1, 1]', 'stride');
  rejects('nn.Conv2d(3, 16, 3.5)', 'TypeError', /kernel_size/, 'kernel_size');
  rejects('nn.Conv2d(3, 16, 3, stride=0)', 'RuntimeError', 'non-positive stride is not supported', 'stride');
  rejects('nn.Conv2d(3, 16, 3, dilation=(1, 0))', 'RuntimeError', 'dilation should be greater than zero, but got [1, 0]', 'dilation');
  rejects('nn.MaxPool2d((2, 2, 2))', 'RuntimeError', 'max_pool2d: kernel_size must either be a single int, or a tuple of two ints', 'kernel_size');
  rejects('nn.MaxPool2d(2, padding=2)', 'RuntimeError', /pad should be at most half/, 'padding');
  rejects('nn.Dropout(1.5)', 'ValueError', 'dropout probability has to be between 0 and 1, but got 1.5', 'p');
  rejects('nn.Conv2d(3, 16, 3, strides=2)', 'TypeError', "Conv2d.__init__() got an unexpected keyword argument 'strides'. Did you mean 'stride'?");
  rejects('nn.Sequential()', 'TypeError', /container/);
  rejects('nn.LSTM(3, 4)', 'TypeError', /not a layer convbook knows/);
});

test('checkCell: syntax, binding and layer configs, positioned on the argument', () => {
  const one = (source: string) => {
    const diagnostics = checkCell(source);
    assert.equal(diagnostics.length, 1, `${source}: ${JSON.stringify(diagnostics)}`);
    return diagnostics[0];
  };
  const syntax = one('x = (1,\n 2');
  assert.match(syntax.message, /^SyntaxError: '\(' was never closed/);
  assert.deepEqual([syntax.line, syntax.column, syntax.endLine, syntax.endColumn], [1, 5, 1, 6]);
  const keyword = one('import torch.nn as nn\ny = nn.Conv2d(3, 16, 3,\n    strides=2)');
  assert.deepEqual([keyword.line, keyword.column, keyword.endLine, keyword.endColumn], [3, 5, 3, 14]);
  assert.match(keyword.message, /unexpected keyword argument 'strides'/);
  const groups = one('nn.Conv2d(3, 16, 3, groups=2)');
  assert.equal(groups.message, 'ValueError: in_channels must be divisible by groups');
  assert.equal(groups.column, 21);
  const positional = one('nn.Conv2d(3, 16, 3, 1, "foo")');
  assert.match(positional.message, /Invalid padding string 'foo'/);
  assert.equal(positional.column, 24, 'a positional argument is located through the signature');
  assert.match(one('torch.nn.functional.conv2d(x)').message, /missing 1 required positional argument: 'weight'/);
  assert.match(one('F.conv2d(x)').message, /missing 1 required positional argument: 'weight'/);
  assert.match(one('from torch import nn as layers\nlayers.Conv2d(3, 16, 3, groups=2)').message, /divisible by groups/);
  assert.match(one("y = F.conv2d(x, k, padding='full')").message, /Invalid padding string: 'full'/);
  const strided = one("y = F.conv2d(x, k, None, 2, 'same')");
  assert.match(strided.message, /padding='same' is not supported for strided convolutions/);
  assert.equal(strided.column, 29);
  assert.match(one('from convbook import offsets\noffsets.rotation(3, 8)').message, /missing 1 required positional argument: 'angle'/);
});

test('checkCell judges only what it knows: real Python it does not read, other modules and unknown names pass', () => {
  for (const source of [
    'y = model(x)\nz = nn.Conv2d(c_in, 16, k)\nw = F.conv2d(x, k, padding=p)',
    'nn = 3\nnn.Conv4d(1)',
    '',
    'import numpy as np\nfrom torch.nn import LSTM\nnn.Conv4d(1, 1, 1)',
    'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 16, 3, groups=2)',
    'ys = [nn.Conv2d(3, 16, 3, groups=2) for _ in range(3)]',
    'from .parts import *',
    'summary(model, input_data=x, mode="eval")',
    'torch.manual_seed(0)\nx = torch.randn(1, 3, 8, 8)',
  ]) assert.deepEqual(checkCell(source), [], source);
});
