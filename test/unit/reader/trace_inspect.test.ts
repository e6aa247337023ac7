// `convbook inspect --json` on a traced model: every call of every layer agrees with PyTorch, and
// a layer's own shapes are given only when its calls agree. The trace is PyTorch's own record.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectTraced } from '../../../reader/trace_inspect';
import { fixtureSource, modelTruth } from '../support/model_truth';

function sourcesOf(files: string[]): Map<string, string> {
  return new Map(files.map((f) => [f, fixtureSource(f)]));
}

test('ResNet-18: conv3x3 is one layer with 16 calls and no single shape; the stem conv has one', () => {
  const result = inspectTraced(modelTruth('resnet18'), sourcesOf(['resnet.py']), 'hint');
  assert.deepEqual([result.status, result.model, result.input, result.total_params, result.total_macs], ['traced', 'resnet18()', [1, 3, 224, 224], 11_689_512, 1_814_073_344]);
  const helper = result.layers.find((l) => l.calls.length === 16)!;
  assert.equal(helper.layer, 'nn.Conv2d');
  assert.deepEqual([helper.input_shape, helper.output_shape, helper.macs], [null, null, null], 'the calls disagree');
  assert.equal(helper.calls[0].module, 'layer1.0.conv1');
  assert.deepEqual(helper.calls.map((c) => c.output_shape![1]), [64, 64, 64, 64, 128, 128, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512]);
  const stem = result.layers.find((l) => l.calls.length === 1 && l.calls[0].module === 'conv1')!;
  assert.deepEqual([stem.input_shape, stem.output_shape, stem.macs], [[1, 3, 224, 224], [1, 64, 112, 112], 118_013_952]);
  // The MAC-carrying calls, summed over the layers, are the model's total: none missed, none twice.
  const macs = result.layers.flatMap((l) => l.calls).reduce((sum, c) => sum + (c.macs ?? 0), 0);
  assert.equal(macs, 1_814_073_344);
});

test('U-Net over two files: layers carry their file, and parts.py layers list every call', () => {
  const result = inspectTraced(modelTruth('unet'), sourcesOf(['unet/model.py', 'unet/parts.py']), 'hint');
  // model.py only composes the parts (no layer call of its own); every layer is in parts.py.
  assert.deepEqual([...new Set(result.layers.map((l) => l.file))], ['unet/parts.py']);
  const conv = result.layers.find((l) => l.layer === 'nn.Conv2d' && l.calls.length === 18);
  assert.ok(conv, 'the conv inside ConvPair: nine pairs of two');
  const pool = result.layers.find((l) => l.layer === 'nn.MaxPool2d')!;
  assert.deepEqual(pool.calls.map((c) => c.output_shape![2]), [286, 143, 71, 35]);
  assert.equal(pool.output_shape, null);
});

test('the planted bug: the error with its position, 1-based, and the Linear that raised has no output', () => {
  const result = inspectTraced(modelTruth('lenet_bug'), sourcesOf(['lenet_bug.py']), 'hint');
  assert.equal(result.error?.type, 'RuntimeError');
  assert.match(result.error!.message, /^mat1 and mat2 shapes cannot be multiplied \(1x400 and 576x120\)$/);
  const text = fixtureSource('lenet_bug.py').split('\n')[result.error!.line! - 1];
  assert.equal(text.slice(result.error!.column! - 1).startsWith('self.fc1(x)'), true);
  const fc1 = result.layers.find((l) => l.name === 'fc1')!;
  assert.deepEqual(fc1.calls.map((c) => [c.input_shape, c.output_shape]), [[[1, 400], null]]);
});

test('DCGAN: a layer written inside a multi-line nn.Sequential lists its own call, not the Sequential\'s', () => {
  const result = inspectTraced(modelTruth('dcgan_generator'), sourcesOf(['dcgan.py']), 'cli');
  const first = result.layers.find((l) => l.name === 'main.0')!;
  assert.deepEqual(first.calls.map((c) => c.module), ['main.0']);
  assert.deepEqual([first.input_shape, first.output_shape, first.macs], [[1, 100, 1, 1], [1, 512, 4, 4], 100 * 16 * 512]);
  // Every layer's calls are calls of modules of its own class.
  const classOf = new Map(modelTruth('dcgan_generator').modules.map((m) => [m.path, m.class]));
  for (const layer of result.layers) for (const call of layer.calls) assert.equal(`nn.${classOf.get(call.module)}`, layer.layer, `${layer.line}: ${call.module}`);
});

test('LeNet: the functional max pools in forward list their calls, with the module they ran within', () => {
  const result = inspectTraced(modelTruth('lenet'), sourcesOf(['lenet.py']), 'hint');
  const pools = result.layers.filter((l) => l.layer === 'F.max_pool2d');
  assert.deepEqual(pools.map((l) => [l.line, l.calls, l.input_shape, l.output_shape, l.macs]), [
    [19, [{ module: '', input_shape: [1, 6, 28, 28], output_shape: [1, 6, 14, 14], params: 0, macs: 0 }], [1, 6, 28, 28], [1, 6, 14, 14], 0],
    [20, [{ module: '', input_shape: [1, 16, 10, 10], output_shape: [1, 16, 5, 5], params: 0, macs: 0 }], [1, 16, 10, 10], [1, 16, 5, 5], 0],
  ]);
});

test('a layer whose arguments are not literals gets its parameters from the modules it built, when they agree', () => {
  const result = inspectTraced(modelTruth('dcgan_generator'), sourcesOf(['dcgan.py']), 'cli');
  const first = result.layers.find((l) => l.name === 'main.0')!;
  // nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False): 100·512·4·4 weights, no bias.
  assert.deepEqual(first.params, { weights: 100 * 512 * 16, bias: 0, total: 100 * 512 * 16 });
  assert.deepEqual(result.layers.find((l) => l.name === 'main.2')!.params, { weights: 0, bias: 0, total: 0 });
  // upsample()'s layers built three modules of different sizes: no one count.
  const helper = result.layers.filter((l) => l.line === 70);
  assert.deepEqual(helper.map((l) => [l.layer, l.calls.length, l.params?.total ?? null]), [['nn.ConvTranspose2d', 3, null], ['nn.BatchNorm2d', 3, null], ['nn.ReLU', 3, 0]]);
});
