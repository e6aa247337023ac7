// Conv and transposed-conv argument checking: every PyTorch rule raises its message and names the argument.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conv, conv2d } from '../../../engine/conv';
import { resolveConv, type ConvOptions } from '../../../engine/conv_args';
import { convTranspose, convTranspose1d } from '../../../engine/conv_transpose';
import { outputPaddingFor, resolveConvTranspose } from '../../../engine/conv_transpose_args';
import type { ConvbookError } from '../../../engine/errors';
import { padTensor } from '../../../engine/padding';
import { randn } from '../../../engine/random';

function raises(fn: () => unknown, name: string, argument: string, message: string | RegExp): void {
  assert.throws(fn, (e: ConvbookError) => {
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    assert.equal(e.name, name);
    assert.equal(e.argument, argument);
    return true;
  });
}

const conv2dShape = (input: number[], weight: number[], bias: number[] | null, options: ConvOptions = {}) => () => resolveConv(input, weight, bias, options, 2);

test('input rank: 3-D (unbatched) or 4-D (batched) for conv2d', () => {
  raises(conv2dShape([5, 5], [1, 1, 3, 3], null), 'RuntimeError', 'input', 'Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [5, 5]');
  raises(() => resolveConv([1, 1, 1, 5, 5], [1, 1, 3], null, {}, 1), 'RuntimeError', 'input', 'Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [1, 1, 1, 5, 5]');
  // F.conv2d hands stride=1 on as [1, 1]; a 3-D weight has one spatial axis, so the stride is refused first.
  raises(conv2dShape([1, 3, 5, 5], [4, 3, 3], null), 'RuntimeError', 'stride', 'expected stride to be a single integer value or a list of 1 values to match the convolution dimensions, but got stride=[1, 1]');
  // at::conv2d passes output_padding=[0, 0], which a 3-D weight refuses even when the other lists have one value.
  raises(conv2dShape([1, 3, 5, 5], [4, 3, 3], null, { stride: [1], padding: [0], dilation: [1] }), 'RuntimeError', 'output_padding', 'expected output_padding to be a single integer value or a list of 1 values to match the convolution dimensions, but got output_padding=[0, 0]');
});

test('unbatched input gives unbatched output, same numbers as batch 1', () => {
  const r = resolveConv([3, 7, 6], [4, 3, 3, 3], [4], { padding: 1 });
  assert.equal(r.batched, false);
  assert.deepEqual(r.outputShape, [4, 7, 6]);
  const x = randn([3, 7, 6], 1);
  const w = randn([4, 3, 3, 3], 2);
  const single = conv2d(x, w, null, { padding: 1 });
  const batched = conv2d({ shape: [1, 3, 7, 6], data: x.data }, w, null, { padding: 1 });
  assert.deepEqual(single.shape, [4, 7, 6]);
  assert.deepEqual([...single.data], [...batched.data]);
});

test('channels and groups', () => {
  raises(conv2dShape([1, 3, 5, 5], [4, 4, 3, 3], null), 'RuntimeError', 'input', 'Given groups=1, weight of size [4, 4, 3, 3], expected input[1, 3, 5, 5] to have 4 channels, but got 3 channels instead');
  raises(conv2dShape([3, 5, 5], [4, 4, 3, 3], null), 'RuntimeError', 'input', 'Given groups=1, weight of size [4, 4, 3, 3], expected input[1, 3, 5, 5] to have 4 channels, but got 3 channels instead');
  raises(conv2dShape([1, 3, 5, 5], [4, 1, 3, 3], null, { groups: 2 }), 'RuntimeError', 'groups', 'Given groups=2, weight of size [4, 1, 3, 3], expected input[1, 3, 5, 5] to have 2 channels, but got 3 channels instead');
  raises(conv2dShape([1, 4, 5, 5], [3, 2, 3, 3], null, { groups: 2 }), 'RuntimeError', 'groups', 'Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [[3, 2, 3, 3]] instead');
  raises(conv2dShape([1, 4, 5, 5], [2, 1, 3, 3], null, { groups: 4 }), 'RuntimeError', 'groups', 'Given groups=4, expected weight to be at least 4 at dimension 0, but got weight of size [2, 1, 3, 3] instead');
  raises(conv2dShape([1, 4, 5, 5], [4, 1, 3, 3], null, { groups: 0 }), 'RuntimeError', 'groups', 'non-positive groups is not supported');
});

test('bias size', () => {
  raises(conv2dShape([1, 3, 5, 5], [4, 3, 3, 3], [3]), 'RuntimeError', 'bias', 'Given weight of size [4, 3, 3, 3], expected bias to be 1-dimensional with 4 elements, but got bias of size [3] instead');
  raises(conv2dShape([1, 3, 5, 5], [4, 3, 3, 3], [4, 1]), 'RuntimeError', 'bias', /expected bias to be 1-dimensional with 4 elements, but got bias of size \[4, 1\]/);
});

test('stride, dilation and padding values', () => {
  raises(conv2dShape([1, 1, 5, 5], [1, 1, 3, 3], null, { stride: 0 }), 'RuntimeError', 'stride', 'non-positive stride is not supported');
  raises(conv2dShape([1, 1, 5, 5], [1, 1, 3, 3], null, { dilation: [1, 0] }), 'RuntimeError', 'dilation', 'dilation should be greater than zero, but got [1, 0]');
  raises(conv2dShape([1, 1, 5, 5], [1, 1, 3, 3], null, { padding: -1 }), 'RuntimeError', 'padding', 'negative padding is not supported');
  raises(conv2dShape([1, 1, 5, 5], [1, 1, 3, 3], null, { stride: [1, 2, 3] }), 'RuntimeError', 'stride', 'expected stride to be a single integer value or a list of 2 values to match the convolution dimensions, but got stride=[1, 2, 3]');
  raises(conv2dShape([1, 1, 5, 5], [1, 1, 3, 3], null, { padding: 1.5 }), 'TypeError', 'padding', /argument 'padding' must be tuple of ints/);
});

test("padding strings: 'same' needs stride 1; unknown strings are refused", () => {
  raises(conv2dShape([1, 1, 5, 5], [1, 1, 3, 3], null, { padding: 'same', stride: 2 }), 'RuntimeError', 'padding', "padding='same' is not supported for strided convolutions");
  raises(conv2dShape([1, 1, 5, 5], [1, 1, 3, 3], null, { padding: 'full' as 'same' }), 'RuntimeError', 'padding', "Invalid padding string: 'full'");
  const r = resolveConv([1, 1, 9, 8], [2, 1, 4, 3], null, { padding: 'same', dilation: 2 }, 2);
  assert.deepEqual([r.padBefore, r.padAfter, r.outputShape], [[3, 2], [3, 2], [1, 2, 9, 8]]);
  const even = resolveConv([1, 1, 9], [1, 1, 4], null, { padding: 'same' });
  assert.deepEqual([even.padBefore, even.padAfter], [[1], [2]]);
});

test('kernel larger than the padded input', () => {
  raises(conv2dShape([1, 1, 2, 2], [1, 1, 3, 3], null), 'RuntimeError', 'kernel_size', "Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than actual input size");
  raises(conv2dShape([1, 1, 4, 6], [1, 1, 3, 3], null, { dilation: 2, padding: [0, 1] }), 'RuntimeError', 'kernel_size', "Calculated padded input size per channel: (4 x 8). Kernel size: (5 x 5). Kernel size can't be greater than actual input size");
});

test('padding modes: unknown mode, reflect and circular limits', () => {
  raises(conv2dShape([1, 1, 5, 5], [1, 1, 3, 3], null, { paddingMode: 'mirror' as 'reflect' }), 'ValueError', 'padding_mode', "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='mirror'");
  raises(conv2dShape([1, 1, 3, 3], [1, 1, 3, 3], null, { padding: 3, paddingMode: 'reflect' }), 'RuntimeError', 'padding', 'Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 3 of input 4');
  raises(conv2dShape([1, 1, 3, 8], [1, 1, 3, 3], null, { padding: [3, 1], paddingMode: 'reflect' }), 'RuntimeError', 'padding', /^Argument #6: .*padding \(3, 3\) at dimension 2 of input 4$/);
  raises(conv2dShape([1, 1, 3, 3], [1, 1, 3, 3], null, { padding: 4, paddingMode: 'circular' }), 'RuntimeError', 'padding', 'Padding value causes wrapping around more than once.');
});

test("padding='same' with a copying padding mode works as nn.Conv does (pad first, then convolve)", () => {
  const x = randn([1, 2, 6, 7], 5);
  const w = randn([3, 2, 4, 3], 6);
  const viaSame = conv(x, w, null, { padding: 'same', paddingMode: 'reflect' });
  const explicit = conv(padTensor(x, [1, 1], [2, 1], 'reflect'), w, null, {});
  assert.deepEqual(viaSame.shape, [1, 3, 6, 7]);
  assert.deepEqual([...viaSame.data], [...explicit.data]);
});

test('transposed conv: channels, bias, output_padding and output size checks', () => {
  raises(() => resolveConvTranspose([1, 4, 4, 5], [2, 3, 3, 3], null, {}), 'RuntimeError', 'input', 'Given transposed=1, weight of size [2, 3, 3, 3], expected input[1, 4, 4, 5] to have 2 channels, but got 4 channels instead');
  raises(() => resolveConvTranspose([1, 4, 4, 5], [4, 3, 3, 3], [3], { groups: 2 }), 'RuntimeError', 'bias', 'Given transposed=1, weight of size [4, 3, 3, 3], expected bias to be 1-dimensional with 6 elements, but got bias of size [3] instead');
  raises(() => resolveConvTranspose([1, 3, 4, 5], [3, 3, 3, 3], null, { groups: 2 }), 'RuntimeError', 'groups', /expected weight to be divisible by 2 at dimension 0/);
  raises(() => resolveConvTranspose([1, 1, 4, 4], [1, 1, 3, 3], null, { stride: 2, outputPadding: 2 }), 'RuntimeError', 'output_padding',
    'output padding must be smaller than either stride or dilation, but got output_padding_height: 2 output_padding_width: 2 stride_height: 2 stride_width: 2 dilation_height: 1 dilation_width: 1');
  raises(() => convTranspose1d(randn([1, 1, 4], 1), randn([1, 1, 3], 2), null, { stride: 2, outputPadding: 2 }), 'RuntimeError', 'output_padding',
    'output padding must be smaller than either stride or dilation, but got output_padding_height: 0 output_padding_width: 2 stride_height: 1 stride_width: 2 dilation_height: 1 dilation_width: 1');
  raises(() => resolveConvTranspose([1, 1, 4, 4, 4], [1, 1, 3, 3, 3], null, { stride: [1, 2, 2], outputPadding: [1, 0, 0] }), 'RuntimeError', 'output_padding',
    /^output padding must be smaller than either stride or dilation, but got output_padding_depth: 1 output_padding_height: 0 output_padding_width: 0 stride_depth: 1 stride_height: 2 stride_width: 2 dilation_depth: 1/);
  raises(() => resolveConvTranspose([1, 1, 4, 4], [1, 1, 3, 3], null, { outputPadding: -1 }), 'RuntimeError', 'output_padding', 'negative output_padding is not supported');
  raises(() => resolveConvTranspose([1, 1, 1, 1], [1, 1, 1, 1], null, { padding: 1 }), 'RuntimeError', 'padding', 'Given input size per channel: (1 x 1). Calculated output size per channel: (-1 x -1). Output size is too small');
  // output_padding may reach dilation − 1 when dilation exceeds stride.
  assert.deepEqual(resolveConvTranspose([1, 1, 4, 5], [1, 1, 3, 3], null, { outputPadding: 1, dilation: 2 }).outputShape, [1, 1, 9, 10]);
});

test('transposed conv output_size picks output_padding in [0, stride) like ConvTransposeNd._output_padding', () => {
  const r = resolveConvTranspose([1, 1, 4, 4], [1, 1, 3, 3], null, { stride: 2, padding: 1, outputSize: [8, 7] });
  assert.deepEqual(r.outputPadding, [1, 0]);
  assert.deepEqual(r.outputShape, [1, 1, 8, 7]);
  const full = resolveConvTranspose([1, 1, 4, 4], [1, 1, 3, 3], null, { stride: 2, padding: 1, outputSize: [1, 1, 8, 8] });
  assert.deepEqual(full.outputPadding, [1, 1]);
  raises(() => resolveConvTranspose([1, 1, 4, 4], [1, 1, 3, 3], null, { stride: 2, padding: 1, outputSize: [9, 9] }), 'ValueError', 'output_size',
    'requested an output size of (9, 9), but valid sizes range from [7, 7] to [8, 8] (for an input of torch.Size([4, 4]))');
  raises(() => resolveConvTranspose([1, 1, 4, 4], [1, 1, 3, 3], null, { outputSize: [1, 6, 6] }), 'ValueError', 'output_size', 'ConvTranspose2D: for 4D input, output_size must have 2 or 4 elements (got 3)');
  assert.deepEqual(outputPaddingFor([1, 10], [31], 1, [3], [1], [4], [1]), [2]);
  assert.deepEqual(outputPaddingFor([2, 10], [2, 30], 1, [3], [1], [4], [1]), [1]);
  const y = convTranspose(randn([1, 2, 3, 3], 1), randn([2, 1, 3, 3], 2), null, { stride: 2, outputSize: [8, 7] });
  assert.deepEqual(y.shape, [1, 1, 8, 7]);
});
