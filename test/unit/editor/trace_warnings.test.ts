// Warnings from traced windows, on real PyTorch's traces of the fixtures: which layers, on the
// inputs they really had, leave input rows or columns unread, and where they were built.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceIndex } from '../../../reader/trace_index';
import { traceWarnings, windowOf } from '../../../extension/editor/trace_warnings_text';
import { fixtureSource, modelTruth } from '../support/model_truth';

const warningsOf = (id: string) => traceWarnings(new TraceIndex(modelTruth(id)));

test('ResNet-18: the three 1x1 stride-2 shortcuts drop their last row and column, listed at conv1x1 where they are built', () => {
  const [w, ...rest] = warningsOf('resnet18');
  assert.equal(rest.length, 0);
  assert.equal(fixtureSource('resnet.py').split('\n')[w.at.line - 1].trim(), 'return nn.Conv2d(in_planes, out_planes, 1, stride=stride, bias=False)');
  const lines = w.message.split('\n');
  assert.deepEqual(lines.map((l) => /^`([^`]+)` on (\(.*?\)):/.exec(l)?.slice(1)), [
    ['layer2.0.downsample.0', '(1, 64, 56, 56)'],
    ['layer3.0.downsample.0', '(1, 128, 28, 28)'],
    ['layer4.0.downsample.0', '(1, 256, 14, 14)'],
  ]);
  assert.match(lines[0], /input row 55 is never read: .*; input column 55 is never read/);
  assert.ok(!/larger than the window extent/.test(w.message), 'the looser stride note is left out');
});

test('U-Net\'s pools on odd sizes and SqueezeNet\'s first conv lose a row and column; VGG, LeNet and MobileNetV2 lose none', () => {
  const unet = warningsOf('unet');
  assert.deepEqual(unet.map((w) => w.at.file), ['unet/parts.py']);
  assert.match(unet[0].message, /`down\.2\.pool` on \(1, 256, 143, 143\): input row 142 is never read/);
  assert.match(warningsOf('squeezenet1_0')[0].message, /^`features\.0` on \(1, 3, 224, 224\): input row 223 is never read/);
  for (const id of ['vgg16', 'lenet', 'lenet_bug', 'mobilenet_v2', 'alexnet']) assert.deepEqual(warningsOf(id), [], id);
});

test('a max-pool\'s window is read from its extra_repr, ceil_mode included', () => {
  const pool = modelTruth('squeezenet1_0').modules.find((m) => m.class === 'MaxPool2d')!;
  assert.deepEqual(windowOf(pool), { kind: 'max_pool', dims: 2, kernelSize: [3, 3], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: true });
  assert.equal(windowOf(modelTruth('lenet').modules.find((m) => m.class === 'Linear')!), null);
});
