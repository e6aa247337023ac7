// describeLayer gathers the arithmetic for one layer; formatLayer prints the constructor back.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeLayer, formatLayer } from '../../../engine/arithmetic/describe';
import { ConvbookError } from '../../../engine/errors';
import type { LayerSpec } from '../../../engine/layer';
import { specFromConstructor as nn } from './torch_specs';

test('formatLayer follows PyTorch’s repr for convs and the shortest call for the rest', () => {
  assert.equal(formatLayer(nn('nn.Conv2d(64, 128, 3, stride=2, padding=1, bias=False)')), 'nn.Conv2d(64, 128, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)');
  assert.equal(formatLayer(nn("nn.Conv1d(8, 16, 4, padding='same', padding_mode='reflect')")), "nn.Conv1d(8, 16, kernel_size=(4,), stride=(1,), padding='same', padding_mode='reflect')");
  assert.equal(formatLayer(nn('nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1, groups=2)')), 'nn.ConvTranspose2d(4, 2, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1), groups=2)');
  assert.equal(formatLayer(nn('nn.MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)')), 'nn.MaxPool2d(kernel_size=3, stride=2)');
  assert.equal(formatLayer(nn('nn.MaxPool2d(2, 2)')), 'nn.MaxPool2d(kernel_size=2)');
  assert.equal(formatLayer(nn('nn.AvgPool2d((2, 3), stride=(1, 2), count_include_pad=False)')), 'nn.AvgPool2d(kernel_size=(2, 3), stride=(1, 2), count_include_pad=False)');
  assert.equal(formatLayer(nn('nn.AdaptiveAvgPool2d((None, 7))')), 'nn.AdaptiveAvgPool2d((None, 7))');
  assert.equal(formatLayer(nn('nn.BatchNorm2d(32)'), [1, 32, 5]), 'nn.BatchNorm1d(32)');
  assert.equal(formatLayer(nn('nn.Linear(64, 10, bias=False)')), 'nn.Linear(64, 10, bias=False)');
  assert.equal(formatLayer(nn('nn.Flatten(0)')), 'nn.Flatten(0)');
  const deform: LayerSpec = { kind: 'deform_conv', dims: 2, inChannels: 2, outChannels: 3, kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1, bias: true };
  assert.equal(formatLayer(deform), 'torchvision.ops.DeformConv2d(2, 3, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))');
});

test('describeLayer without an input shape: parameters and MACs per output position', () => {
  const d = describeLayer(nn('nn.Conv2d(64, 128, 3, stride=2, padding=1)'));
  assert.equal(d.title, 'nn.Conv2d');
  assert.equal(d.params?.total, 73_856);
  assert.equal(d.outputShape, undefined);
  assert.ok(d.notes.includes('MACs per output position: 73,728'));
  assert.ok(d.notes.some((n) => n.includes('⌈(i − k + 2p + 1)/s⌉')));
});

test('describeLayer with an input shape: sizes, costs and the libraries', () => {
  const d = describeLayer(nn('nn.Conv2d(64, 128, 3, stride=2, padding=1)'), [1, 64, 56, 56]);
  assert.deepEqual(d.outputShape, [1, 128, 28, 28]);
  assert.deepEqual(d.outputSize?.map((a) => a.result), [28, 28]);
  assert.equal(d.flops?.macs, 128 * 64 * 9 * 28 * 28);
  assert.equal(d.libraries?.length, 5);
  assert.deepEqual(d.inputShape, [1, 64, 56, 56]);
});

test('describeLayer reports PyTorch’s error as a note when the input does not fit', () => {
  const d = describeLayer(nn('nn.Conv2d(64, 128, 3)'), [1, 32, 56, 56]);
  assert.equal(d.outputShape, undefined);
  assert.match(d.notes.join('\n'), /PyTorch raises RuntimeError: Given groups=1, weight of size \[128, 64, 3, 3\]/);
  // A layer that cannot be built at all still throws.
  assert.throws(() => describeLayer(nn('nn.Conv2d(6, 8, 3, groups=4)')), ConvbookError);
});

test('transposed conv notes the products lost to padding; deformable conv notes its offset branch', () => {
  const t = describeLayer(nn('nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1)'), [2, 4, 5, 4]);
  // 2880 products, of which 2·2·4·(14·11) = 2464 land inside the 10×8 output.
  assert.ok(t.notes.includes('416 of those products land in the cropped padding (padding=1, 1) and are discarded'), t.notes.join('\n'));
  const deform: LayerSpec = { kind: 'deform_conv', dims: 2, inChannels: 2, outChannels: 3, kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1, bias: true };
  const d = describeLayer(deform, [1, 2, 7, 6]);
  assert.deepEqual(d.outputShape, [1, 3, 7, 6]);
  assert.match(d.notes.join('\n'), /2·offset_groups·9 output channels/);
});
