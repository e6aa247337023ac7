// Invalid layers and inputs fail the way PyTorch fails: same exception kind, PyTorch's wording, and
// the argument at fault named for the notebook.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outputShape, windowConfigFor } from '../../../engine/arithmetic/spec_shape';
import { ConvbookError } from '../../../engine/errors';
import type { LayerSpec } from '../../../engine/layer';
import { specFromConstructor as nn, windowFromConstructor as win } from './torch_specs';

function fails(spec: LayerSpec, input: number[], name: string, argument: string, message: string | RegExp): void {
  assert.throws(
    () => outputShape(spec, input),
    (e: unknown) => {
      assert.ok(e instanceof ConvbookError, String(e));
      assert.equal(e.pythonName, name);
      assert.equal(e.argument, argument);
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    },
  );
}

test('conv channel mismatch: PyTorch names the weight and the input', () => {
  fails(
    nn('nn.Conv2d(64, 128, 3)'),
    [1, 32, 56, 56],
    'RuntimeError',
    'in_channels',
    'Given groups=1, weight of size [128, 64, 3, 3], expected input[1, 32, 56, 56] to have 64 channels, but got 32 channels instead',
  );
  fails(
    nn('nn.Conv2d(4, 6, 3, groups=2)'),
    [1, 6, 9, 9],
    'RuntimeError',
    'in_channels',
    'Given groups=2, weight of size [6, 2, 3, 3], expected input[1, 6, 9, 9] to have 4 channels, but got 6 channels instead',
  );
  // An unbatched input is shown with the batch axis PyTorch adds.
  fails(nn('nn.Conv2d(64, 128, 3)'), [32, 56, 56], 'RuntimeError', 'in_channels', /expected input\[1, 32, 56, 56\]/);
  fails(
    nn('nn.ConvTranspose2d(4, 2, 3)'),
    [1, 3, 5, 5],
    'RuntimeError',
    'in_channels',
    'Given transposed=1, weight of size [4, 2, 3, 3], expected input[1, 3, 5, 5] to have 4 channels, but got 3 channels instead',
  );
});

test('groups must divide both channel counts', () => {
  fails(nn('nn.Conv2d(6, 8, 3, groups=4)'), [1, 6, 9, 9], 'ValueError', 'groups', 'in_channels must be divisible by groups');
  fails(nn('nn.Conv2d(8, 6, 3, groups=4)'), [1, 8, 9, 9], 'ValueError', 'groups', 'out_channels must be divisible by groups');
});

test("padding='same' refuses strides", () => {
  fails(nn("nn.Conv2d(2, 2, 3, stride=2, padding='same')"), [1, 2, 9, 9], 'ValueError', 'padding', "padding='same' is not supported for strided convolutions");
});

test('a kernel larger than the padded input', () => {
  fails(
    nn('nn.Conv2d(1, 1, 5)'),
    [1, 1, 4, 9],
    'RuntimeError',
    'kernel_size',
    "Calculated padded input size per channel: (4 x 9). Kernel size: (5 x 5). Kernel size can't be greater than actual input size",
  );
  fails(nn('nn.Conv1d(2, 2, 3)'), [1, 2, 1], 'RuntimeError', 'kernel_size', /\(1\)\. Kernel size: \(3\)\./);
  fails(nn('nn.Conv2d(1, 1, 3, dilation=3)'), [1, 1, 6, 6], 'RuntimeError', 'kernel_size', /Kernel size: \(7 x 7\)/);
});

test('transposed conv: output_padding must be below stride or dilation; a negative size is too small', () => {
  fails(
    nn('nn.ConvTranspose2d(1, 1, 3, stride=1, padding=1, output_padding=1)'),
    [1, 1, 8, 8],
    'RuntimeError',
    'output_padding',
    'output padding must be smaller than either stride or dilation, but got output_padding_height: 1 output_padding_width: 1 stride_height: 1 stride_width: 1 dilation_height: 1 dilation_width: 1',
  );
  fails(nn('nn.ConvTranspose2d(1, 1, 1, padding=1)'), [1, 1, 1, 1], 'RuntimeError', 'padding', /Calculated output size per channel: \(-1 x -1\)\. Output size is too small/);
});

test('pooling: padding at most half the (effective) kernel, and outputs below one', () => {
  fails(nn('nn.AvgPool2d(3, stride=2, padding=2)'), [1, 2, 9, 9], 'RuntimeError', 'padding', 'pad should be at most half of kernel size, but got pad=2 and kernel_size=3');
  // PyTorch 1.13 compares padding with half the undilated kernel, even when dilated.
  fails(
    nn('nn.MaxPool2d(3, stride=1, padding=2, dilation=2)'),
    [1, 2, 9, 9],
    'RuntimeError',
    'padding',
    'pad should be at most half of kernel size, but got pad=2 and kernel_size=3',
  );
  fails(nn('nn.MaxPool2d(3)'), [1, 2, 2, 9], 'RuntimeError', 'kernel_size', 'Given input size: (2x2x9). Calculated output size: (2x0x3). Output size is too small');
  fails(nn('nn.MaxPool1d(3, padding=2)'), [1, 2, 9], 'RuntimeError', 'padding', 'max_pool1d() padding should be at most half of kernel size, but got padding=2 and kernel_size=3');
});

test('Linear, BatchNorm and Flatten mismatches', () => {
  fails(nn('nn.Linear(32, 10)'), [1, 64], 'RuntimeError', 'in_features', 'mat1 and mat2 shapes cannot be multiplied (1x64 and 32x10)');
  fails(nn('nn.Linear(32, 10)'), [4, 5, 64], 'RuntimeError', 'in_features', 'mat1 and mat2 shapes cannot be multiplied (20x64 and 32x10)');
  // ATen checks running_mean against the input's channel count.
  fails(nn('nn.BatchNorm2d(16)'), [1, 32, 8, 8], 'RuntimeError', 'num_features', 'running_mean should contain 32 elements not 16');
  fails(nn('nn.Flatten()'), [64], 'IndexError', 'start_dim', 'Dimension out of range (expected to be in range of [-1, 0], but got 1)');
  fails(nn('nn.Flatten(2, 1)'), [1, 2, 3, 4], 'RuntimeError', 'start_dim', 'flatten() has invalid args: start_dim cannot come after end_dim');
});

test('wrong input rank', () => {
  fails(nn('nn.Conv2d(3, 8, 3)'), [3, 8], 'RuntimeError', 'input', 'Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [3, 8]');
  // A 3-D input is an unbatched image: [1, 3, 8] is one channel of 3×8.
  fails(nn('nn.Conv2d(3, 8, 3)'), [1, 3, 8], 'RuntimeError', 'in_channels', /expected input\[1, 1, 3, 8\] to have 3 channels, but got 1 channels/);
});

test('reflect padding must stay inside the input', () => {
  // The 2-D reflection kernel of PyTorch 1.13 prints the input's rank where the 1-D and 3-D ones print its shape.
  fails(
    nn("nn.Conv2d(1, 1, 7, padding=3, padding_mode='reflect')"),
    [1, 1, 8, 3],
    'RuntimeError',
    'padding',
    'Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 3 of input 4',
  );
});

test('valid inputs go through, batched or not, and shape-preserving layers keep the shape', () => {
  assert.deepEqual(outputShape(nn('nn.Conv2d(3, 8, 3, padding=1)'), [3, 10, 12]), [8, 10, 12]);
  assert.deepEqual(outputShape(nn('nn.Flatten(0)'), [2, 3, 4]), [24]);
  assert.deepEqual(outputShape(nn('nn.Flatten(1, 2)'), [2, 3, 4, 5]), [2, 12, 5]);
  assert.deepEqual(outputShape(nn('nn.AdaptiveAvgPool2d((None, 3))'), [1, 4, 9, 7]), [1, 4, 9, 3]);
  assert.deepEqual(outputShape(nn('nn.Sigmoid()'), [2, 5]), [2, 5]);
});

test("windowConfigFor resolves 'same' into asymmetric padding and pooling's default stride", () => {
  const same = windowConfigFor(win("nn.Conv2d(2, 2, kernel_size=(4, 3), padding='same', dilation=(2, 1))"), [1, 2, 9, 8]);
  assert.deepEqual(same.padBefore, [3, 1]);
  assert.deepEqual(same.padAfter, [3, 1]);
  const even = windowConfigFor(win("nn.Conv2d(2, 2, kernel_size=4, padding='same')"), [1, 2, 9, 8]);
  assert.deepEqual(even.padBefore, [1, 1]);
  assert.deepEqual(even.padAfter, [2, 2]);
  assert.deepEqual(even.outputSize, [9, 8]);
  const pool = windowConfigFor(win('nn.MaxPool2d(3)'), [1, 2, 9, 7]);
  assert.deepEqual(pool.stride, [3, 3]);
  assert.equal(pool.kind, 'max_pool');
  const t = windowConfigFor(win('nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=1)'), [1, 1, 4, 4]);
  assert.deepEqual(t.outputPadding, [1, 1]);
  assert.deepEqual(t.outputSize, [8, 8]);
});
