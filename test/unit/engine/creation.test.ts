// torch.tensor / zeros / ones / full / arange / reshape / unsqueeze / select and indexing.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arange, full, ones, reshape, select, selectIndices, tensorFromNested, unsqueeze, zeros } from '../../../engine/creation';
import type { ConvbookError } from '../../../engine/errors';
import { makeTensor } from '../../../engine/tensor';

function raises(fn: () => unknown, name: string, message: string | RegExp): void {
  assert.throws(fn, (e: ConvbookError) => {
    assert.equal(e.name, name);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

test('tensorFromNested infers the shape and flattens row-major', () => {
  const t = tensorFromNested([[[1, 2, 3], [4, 5, 6]]]);
  assert.deepEqual(t.shape, [1, 2, 3]);
  assert.deepEqual([...t.data], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(tensorFromNested(2.5).shape, []);
  assert.deepEqual([...tensorFromNested(2.5).data], [2.5]);
  assert.deepEqual(tensorFromNested([]).shape, [0]);
  assert.deepEqual(tensorFromNested([[], []]).shape, [2, 0]);
  assert.deepEqual([...tensorFromNested([true, false]).data], [1, 0]);
});

test('ragged nested lists are refused like PyTorch', () => {
  raises(() => tensorFromNested([[1, 2, 3], [4, 5]]), 'ValueError', 'expected sequence of length 3 at dim 1 (got 2)');
  raises(() => tensorFromNested([[1, 2], [3, 4], [5]]), 'ValueError', 'expected sequence of length 2 at dim 1 (got 1)');
  raises(() => tensorFromNested([[[1], [2]], [[3]]]), 'ValueError', 'expected sequence of length 2 at dim 1 (got 1)');
  raises(() => tensorFromNested([1, [2]]), 'TypeError', 'must be real number, not list');
  raises(() => tensorFromNested([[1], 2]), 'TypeError', /not a sequence/);
  raises(() => tensorFromNested(['a']), 'TypeError', "new(): invalid data type 'str'");
});

test('zeros, ones, full', () => {
  assert.deepEqual([...zeros([2, 2]).data], [0, 0, 0, 0]);
  assert.deepEqual([...ones([3]).data], [1, 1, 1]);
  assert.deepEqual([...full([2], 7.5).data], [7.5, 7.5]);
  assert.deepEqual(zeros([2, 0, 3]).shape, [2, 0, 3]);
  raises(() => zeros([2, -1]), 'RuntimeError', /negative dimension -1/);
});

test('arange follows PyTorch: end only, start/end, fractional and negative steps', () => {
  assert.deepEqual([...arange(5).data], [0, 1, 2, 3, 4]);
  assert.deepEqual([...arange(1, 4).data], [1, 2, 3]);
  assert.deepEqual([...arange(0, 1, 0.25).data], [0, 0.25, 0.5, 0.75]);
  assert.deepEqual([...arange(5, 0, -2).data], [5, 3, 1]);
  assert.deepEqual([...arange(1, 2.5, 0.5).data], [1, 1.5, 2]);
  assert.deepEqual(arange(3, 3).shape, [0]);
  raises(() => arange(0, 5, 0), 'RuntimeError', 'step must be nonzero');
  raises(() => arange(5, 0), 'RuntimeError', 'upper bound and larger bound inconsistent with step sign');
});

test('reshape infers one -1 and checks sizes', () => {
  const t = arange(6);
  assert.deepEqual(reshape(t, [2, 3]).shape, [2, 3]);
  assert.deepEqual(reshape(t, [-1, 2]).shape, [3, 2]);
  assert.deepEqual(reshape(t, [1, -1, 1]).shape, [1, 6, 1]);
  raises(() => reshape(t, [4, -1]), 'RuntimeError', "shape '[4, -1]' is invalid for input of size 6");
  raises(() => reshape(t, [5]), 'RuntimeError', "shape '[5]' is invalid for input of size 6");
  raises(() => reshape(t, [-1, -1]), 'RuntimeError', 'only one dimension can be inferred');
  raises(() => reshape(t, [-2, 3]), 'RuntimeError', 'invalid shape dimension -2');
});

test('unsqueeze accepts -(rank+1)..rank', () => {
  const t = makeTensor([2, 3]);
  assert.deepEqual(unsqueeze(t, 0).shape, [1, 2, 3]);
  assert.deepEqual(unsqueeze(t, 2).shape, [2, 3, 1]);
  assert.deepEqual(unsqueeze(t, -1).shape, [2, 3, 1]);
  assert.deepEqual(unsqueeze(t, -3).shape, [1, 2, 3]);
  raises(() => unsqueeze(t, 3), 'IndexError', 'Dimension out of range (expected to be in range of [-3, 2], but got 3)');
});

test('select and y[i, j] indexing, with negative indices and PyTorch errors', () => {
  const t = reshape(arange(24), [2, 3, 4]);
  assert.deepEqual([...select(t, 1, 2).data], [8, 9, 10, 11, 20, 21, 22, 23]);
  assert.deepEqual(select(t, 1, 2).shape, [2, 4]);
  assert.deepEqual([...select(t, -1, -1).data], [3, 7, 11, 15, 19, 23]);
  const y = selectIndices(t, [1, 2]);
  assert.deepEqual(y.shape, [4]);
  assert.deepEqual([...y.data], [20, 21, 22, 23]);
  const scalar = selectIndices(t, [0, -1, 1]);
  assert.deepEqual(scalar.shape, []);
  assert.deepEqual([...scalar.data], [9]);
  raises(() => selectIndices(t, [0, 5]), 'IndexError', 'index 5 is out of bounds for dimension 1 with size 3');
  raises(() => selectIndices(t, [-3]), 'IndexError', 'index -3 is out of bounds for dimension 0 with size 2');
  raises(() => selectIndices(t, [0, 0, 0, 0]), 'IndexError', 'too many indices for tensor of dimension 3');
  raises(() => selectIndices(scalar, [0]), 'IndexError', /invalid index of a 0-dim tensor/);
});
