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
