// Every PyTorch reference case of pool.json, plus the relation between max_pool2d's values and its
// argmax indices, and PyTorch's argument errors.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adaptiveAvgPool2d, avgPool2d, maxPool2d } from '../../../engine/pool';
import { makeTensor, type Tensor } from '../../../engine/tensor';
import { loadGolden, tensorOf, type GoldenTensor } from '../support/golden';
import { ConvbookError } from '../../../engine/errors';
import { randn } from '../../../engine/random';

interface PoolCase {
  name: string;
  op: 'max_pool2d' | 'avg_pool2d' | 'adaptive_avg_pool2d';
  input: GoldenTensor;
  params: Record<string, unknown>;
  output: GoldenTensor;
}

const golden = { cases: loadGolden<PoolCase>('pool.json') };

function assertClose(actual: Tensor, expected: GoldenTensor, label: string): void {
  assert.deepEqual([...actual.shape], expected.shape, `${label}: shape`);
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i];
    const a = actual.data[i];
    const tol = 1e-4 * Math.max(1, Math.abs(e));
    assert.ok(Math.abs(a - e) <= tol, `${label}: element ${i} is ${a}, expected ${e}`);
  }
}

function runCase(c: PoolCase): Tensor {
  const p = c.params as Record<string, never>;
  const input = tensorOf(c.input);
  switch (c.op) {
    case 'max_pool2d': {
      const { output, indices } = maxPool2d(input, {
        kernelSize: p.kernel_size,
        stride: p.stride,
        padding: p.padding,
        dilation: p.dilation,
        ceilMode: p.ceil_mode,
      });
      // The index must point at an input cell holding exactly the pooled value.
      const [, , h, w] = c.input.shape;
      const outPlane = output.shape[2] * output.shape[3];
      for (let i = 0; i < output.data.length; i++) {
        const plane = Math.floor(i / outPlane);
        assert.ok(indices[i] >= 0 && indices[i] < h * w, `${c.name}: index ${indices[i]} out of the plane`);
        assert.equal(input.data[plane * h * w + indices[i]], output.data[i], `${c.name}: index ${i} does not hold the max`);
      }
      return output;
    }
    case 'avg_pool2d':
      return avgPool2d(input, {
        kernelSize: p.kernel_size,
        stride: p.stride,
        padding: p.padding,
        ceilMode: p.ceil_mode,
        countIncludePad: p.count_include_pad,
        divisorOverride: p.divisor_override ?? null,
      });
    case 'adaptive_avg_pool2d':
      return adaptiveAvgPool2d(input, p.output_size);
  }
}

test('pool.json: every PyTorch case matches', () => {
  assert.ok(golden.cases.length >= 12);
  let passed = 0;
  for (const c of golden.cases) {
    assertClose(runCase(c), c.output, c.name);
    passed++;
  }
  assert.equal(passed, golden.cases.length);
});

test('unbatched (C, H, W) input gives an unbatched output equal to the batched one', () => {
  const x = randn([3, 7, 6], 11);
  const batched = makeTensor([1, 3, 7, 6], x.data);
  const a = maxPool2d(x, { kernelSize: 3, stride: 2, padding: 1 });
  const b = maxPool2d(batched, { kernelSize: 3, stride: 2, padding: 1 });
  assert.deepEqual([...a.output.shape], [3, 4, 3]);
  assert.deepEqual([...a.output.data], [...b.output.data]);
  assert.deepEqual([...a.indices], [...b.indices]);
  const avg = avgPool2d(x, { kernelSize: 2 });
  assert.deepEqual([...avg.shape], [3, 3, 3]);
  assert.deepEqual([...adaptiveAvgPool2d(x, [2, null]).shape], [3, 2, 6]);
});

test('max_pool2d ties keep the first maximum in scan order, and indices index the input plane', () => {
  const x = makeTensor([1, 1, 2, 4], Float32Array.from([5, 5, 1, 7, 5, 2, 7, 0]));
  const { output, indices } = maxPool2d(x, { kernelSize: 2 });
  assert.deepEqual([...output.data], [5, 7]);
  assert.deepEqual([...indices], [0, 3]);
});

function expectError(fn: () => unknown, message: string, argument?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConvbookError, `not a ConvbookError: ${String(e)}`);
    assert.equal(e.message, message);
    if (argument) assert.equal(e.argument, argument);
    return true;
  });
}

test('argument errors read like PyTorch and name the argument', () => {
  const x = makeTensor([1, 64, 8, 8]);
  expectError(() => maxPool2d(x, { kernelSize: 3, padding: 2 }), 'pad should be at most half of kernel size, but got pad=2 and kernel_size=3', 'padding');
  expectError(() => avgPool2d(x, { kernelSize: 3, padding: 2 }), 'pad should be at most half of kernel size, but got pad=2 and kernel_size=3', 'padding');
  expectError(() => maxPool2d(x, { kernelSize: 3, stride: 0 }), 'stride should not be zero', 'stride');
  expectError(() => maxPool2d(x, { kernelSize: 3, stride: -1 }), 'stride should be greater than zero, but got dH: -1 dW: -1', 'stride');
  expectError(() => maxPool2d(x, { kernelSize: 3, padding: -1 }), 'pad must be non-negative, but got pad: -1', 'padding');
  expectError(() => maxPool2d(x, { kernelSize: 3, dilation: 0 }), 'dilation should be greater than zero, but got dilationH: 0 dilationW: 0', 'dilation');
  expectError(() => maxPool2d(x, { kernelSize: 0, stride: 1 }), 'kernel size should be greater than zero, but got kH: 0 kW: 0', 'kernel_size');
  expectError(() => avgPool2d(x, { kernelSize: 2, divisorOverride: 0 }), 'divisor must be not zero', 'divisor_override');
  expectError(() => maxPool2d(x, { kernelSize: [1, 2, 3] }), 'max_pool2d: kernel_size must either be a single int, or a tuple of two ints', 'kernel_size');
  expectError(() => avgPool2d(x, { kernelSize: [] }), 'avg_pool2d: kernel_size must either be a single int, or a tuple of two ints', 'kernel_size');
  const small = makeTensor([64, 2, 2]);
  expectError(() => maxPool2d(small, { kernelSize: 3 }), 'Given input size: (64x2x2). Calculated output size: (64x0x0). Output size is too small');
  expectError(() => avgPool2d(small, { kernelSize: 3 }), 'Given input size: (64x2x2). Calculated output size: (64x0x0). Output size is too small');
  expectError(() => adaptiveAvgPool2d(x, [1, 2, 3]), 'adaptive_avg_pool2d: output_size must be 2', 'output_size');
  expectError(() => adaptiveAvgPool2d(x, -1), 'adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {-1, -1}', 'output_size');
  expectError(() => adaptiveAvgPool2d(makeTensor([8, 8]), 2), 'adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [8, 8]', 'input');
  assert.throws(() => maxPool2d(makeTensor([8, 8]), { kernelSize: 2 }), ConvbookError);
  assert.deepEqual([...adaptiveAvgPool2d(x, 0).shape], [1, 64, 0, 0]);
});

test('avg_pool2d ceil_mode divisor clips the window at input + padding (values from PyTorch 1.13)', () => {
  // pool.json has no ceil_mode case with count_include_pad=True; these numbers were produced by
  // torch.nn.functional.avg_pool2d (Debian python3-torch 1.13.1) on the same arange inputs.
  const x6 = makeTensor([1, 1, 6, 6], Float32Array.from({ length: 36 }, (_, i) => i + 1));
  const include = avgPool2d(x6, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: true });
  assert.deepEqual([...include.data], [2, 4, 16 / 3, 3, 9, 15, 17, 9, 17, 27, 29, 15, 10.5, 16.5, 17.5, 9].map(Math.fround));
  const exclude = avgPool2d(x6, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false });
  assert.deepEqual([...exclude.data], [4.5, 6, 8, 9, 13.5, 15, 17, 18, 25.5, 27, 29, 30, 31.5, 33, 35, 36]);
  const x45 = makeTensor([1, 1, 4, 5], Float32Array.from({ length: 20 }, (_, i) => i + 1));
  const rect = avgPool2d(x45, { kernelSize: [2, 3], stride: [2, 2], padding: [1, 1], ceilMode: true });
  assert.deepEqual([...rect.shape], [1, 1, 3, 3]);
  assert.deepEqual([...rect.data], [0.5, 1.5, 1.5, 6, 10.5, 8, 5.5, 9, 6.5]);
});
