// poolNd, the any-axes pooling loop, against pool.ts's 2-D kernels (themselves checked against
// PyTorch) on random 2-D cases; its 3-D values are checked against PyTorch in
// test/unit/python/torch_cases.test.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { outputShape } from '../../../engine/arithmetic/spec_shape';
import type { AvgPoolSpec, MaxPoolSpec } from '../../../engine/layer';
import { avgPool2d, maxPool2d } from '../../../engine/pool';
import { poolNd } from '../../../engine/pool_nd';
import { randn } from '../../../engine/random';

const geometry = fc.record({
  height: fc.integer({ min: 1, max: 9 }),
  width: fc.integer({ min: 1, max: 9 }),
  kernel: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
  stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
  padding: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
  dilation: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
  ceilMode: fc.boolean(),
  countIncludePad: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1000 }),
});

/** Runs f when PyTorch accepts the geometry (the 2-D kernels' checks), else skips the case. */
function accepted<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

test('poolNd equals the 2-D max pooling kernel', () => {
  fc.assert(
    fc.property(geometry, (g) => {
      const input = randn([2, 3, g.height, g.width], g.seed);
      const spec: MaxPoolSpec = { kind: 'max_pool', dims: 2, kernelSize: g.kernel, stride: g.stride, padding: g.padding, dilation: g.dilation, ceilMode: g.ceilMode };
      const expected = accepted(() => maxPool2d(input, { kernelSize: g.kernel, stride: g.stride, padding: g.padding, dilation: g.dilation, ceilMode: g.ceilMode }).output);
      if (!expected) return;
      assert.deepEqual(Array.from(poolNd(spec, input, outputShape(spec, input.shape))), Array.from(expected.data));
    }),
    { numRuns: 200 },
  );
});

test('poolNd equals the 2-D average pooling kernel, divisor rules included', () => {
  fc.assert(
    fc.property(geometry, (g) => {
      const input = randn([1, 2, g.height, g.width], g.seed);
      const spec: AvgPoolSpec = { kind: 'avg_pool', dims: 2, kernelSize: g.kernel, stride: g.stride, padding: g.padding, ceilMode: g.ceilMode, countIncludePad: g.countIncludePad };
      const expected = accepted(() => avgPool2d(input, { kernelSize: g.kernel, stride: g.stride, padding: g.padding, ceilMode: g.ceilMode, countIncludePad: g.countIncludePad }));
      if (!expected) return;
      const actual = poolNd(spec, input, outputShape(spec, input.shape));
      actual.forEach((v, i) => assert.ok(Math.abs(v - expected.data[i]) <= 1e-6 * Math.max(1, Math.abs(expected.data[i]))));
    }),
    { numRuns: 200 },
  );
});
