// Broadcasting arithmetic and activations.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arange, reshape, tensorFromNested } from '../../../engine/creation';
import { add, broadcastShapes, div, mul, relu, sigmoid, sub } from '../../../engine/elementwise';
import type { ConvbookError } from '../../../engine/errors';

test('two numbers stay a number', () => {
  assert.equal(add(2, 3), 5);
  assert.equal(sub(2, 3), -1);
  assert.equal(mul(2, 3), 6);
  assert.equal(div(3, 2), 1.5);
});

test('tensor with scalar on either side', () => {
  const t = tensorFromNested([1, 2, 4]);
  assert.deepEqual([...add(t, 1).data], [2, 3, 5]);
  assert.deepEqual([...sub(10, t).data], [9, 8, 6]);
  assert.deepEqual([...mul(t, -2).data], [-2, -4, -8]);
  assert.deepEqual([...div(1, t).data], [1, 0.5, 0.25]);
  assert.deepEqual([...div(t, 0).data], [Infinity, Infinity, Infinity]);
});

test('full broadcasting: [2,1,3] op [4,1] -> [2,4,3]', () => {
  const a = reshape(arange(6), [2, 1, 3]);
  const b = reshape(mul(arange(4), 10), [4, 1]);
  const s = add(a, b);
  assert.deepEqual(s.shape, [2, 4, 3]);
  for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 3; k++) {
    assert.equal(s.data[(i * 4 + j) * 3 + k], i * 3 + k + 10 * j);
  }
  const d = sub(b, a);
  assert.equal(d.data[(1 * 4 + 2) * 3 + 1], 20 - 4);
  assert.deepEqual(broadcastShapes([5, 1, 4], [3, 1]), [5, 3, 4]);
  assert.deepEqual(broadcastShapes([], [2, 2]), [2, 2]);
  const row = tensorFromNested([1, 2, 3]);
  const col = tensorFromNested([[10], [20]]);
  assert.deepEqual([...mul(row, col).data], [10, 20, 30, 20, 40, 60]);
});

test('incompatible shapes name the sizes and the dimension', () => {
  const a = reshape(arange(6), [2, 3]);
  const b = reshape(arange(8), [2, 4]);
  assert.throws(() => add(a, b), (e: ConvbookError) => e.name === 'RuntimeError' && e.message === 'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1');
  // Dimensions are counted in the broadcast result: [3, 2] lines up with the last two of [4, 2, 2].
  assert.throws(() => mul(reshape(arange(6), [3, 2]), reshape(arange(16), [4, 2, 2])), (e: ConvbookError) => e.message === 'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1');
});

test('relu and sigmoid', () => {
  const t = tensorFromNested([-2, -0.5, 0, 3]);
  assert.deepEqual([...relu(t).data], [0, 0, 0, 3]);
  const s = sigmoid(tensorFromNested([0, 1000, -1000, 2]));
  assert.equal(s.data[0], 0.5);
  assert.equal(s.data[1], 1);
  assert.equal(s.data[2], 0);
  assert.ok(Math.abs(s.data[3] - 1 / (1 + Math.exp(-2))) < 1e-7);
});
