// Padding rules (values worked out by hand from PyTorch's definitions) and their errors.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arange, reshape, tensorFromNested } from '../../../engine/creation';
import type { ConvbookError } from '../../../engine/errors';
import { fPad, padTensor, sourceIndex } from '../../../engine/padding';

const row = () => reshape(tensorFromNested([1, 2, 3, 4]), [1, 1, 4]);

test('sourceIndex: which input cell a padded position copies', () => {
  assert.deepEqual([-2, -1, 0, 3, 4, 5].map((i) => sourceIndex(i, 4, 'reflect')), [2, 1, 0, 3, 2, 1]);
  assert.deepEqual([-2, -1, 4, 5].map((i) => sourceIndex(i, 4, 'replicate')), [0, 0, 3, 3]);
  assert.deepEqual([-2, -1, 4, 5].map((i) => sourceIndex(i, 4, 'circular')), [2, 3, 0, 1]);
  assert.deepEqual([-1, 0, 4].map((i) => sourceIndex(i, 4, 'zeros')), [null, 0, null]);
});

test('1-D modes', () => {
  assert.deepEqual([...padTensor(row(), [2], [2], 'reflect').data], [3, 2, 1, 2, 3, 4, 3, 2]);
  assert.deepEqual([...padTensor(row(), [2], [1], 'replicate').data], [1, 1, 1, 2, 3, 4, 4]);
  assert.deepEqual([...padTensor(row(), [2], [1], 'circular').data], [3, 4, 1, 2, 3, 4, 1]);
  assert.deepEqual([...padTensor(row(), [1], [2], 'constant', 9).data], [9, 1, 2, 3, 4, 9, 9]);
  assert.deepEqual([...padTensor(row(), [1], [0], 'zeros').data], [0, 1, 2, 3, 4]);
});

test('2-D reflect pads rows and columns', () => {
  const x = reshape(tensorFromNested([1, 2, 3, 4, 5, 6, 7, 8, 9]), [1, 1, 3, 3]);
  const p = padTensor(x, [1, 1], [1, 1], 'reflect');
  assert.deepEqual(p.shape, [1, 1, 5, 5]);
  assert.deepEqual([...p.data], [5, 4, 5, 6, 5, 2, 1, 2, 3, 2, 5, 4, 5, 6, 5, 8, 7, 8, 9, 8, 5, 4, 5, 6, 5]);
  const z = padTensor(x, [0, 1], [1, 0], 'zeros');
  assert.deepEqual(z.shape, [1, 1, 4, 4]);
  assert.deepEqual([...z.data], [0, 1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 0, 0, 0]);
});

test('F.pad: pairs from the last axis, negative pads crop', () => {
  const x = reshape(tensorFromNested([1, 2, 3, 4, 5, 6, 7, 8, 9]), [1, 3, 3]);
  const p = fPad(x, [1, 0, 0, 2], 'replicate');
  assert.deepEqual(p.shape, [1, 5, 4]);
  assert.deepEqual([...p.data], [1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 7, 7, 8, 9, 7, 7, 8, 9]);
  assert.deepEqual([...fPad(row(), [-1, 1]).data], [2, 3, 4, 0]);
  assert.deepEqual([...fPad(row(), [1, 1], 'constant', 2.5).data], [2.5, 1, 2, 3, 4, 2.5]);
  const c = fPad(reshape(arange(4), [2, 2]), [0, 0, 1, 0]);
  assert.deepEqual(c.shape, [3, 2]);
  assert.deepEqual([...c.data], [0, 0, 0, 1, 2, 3]);
});

function raises(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (e: ConvbookError) => {
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    assert.ok(e.argument, 'names the argument');
    return true;
  });
}

test('PyTorch padding limits (F.pad)', () => {
  raises(() => fPad(row(), [4, 0], 'reflect'), 'Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (4, 0) at dimension 2 of input [1, 1, 4]');
  // The 2-D reflection kernel prints the input's rank, not its shape.
  raises(() => fPad(reshape(arange(9), [1, 3, 3]), [0, 0, 3, 0], 'reflect'), /^Argument #6: .*padding \(3, 0\) at dimension 1 of input 3$/);
  raises(() => fPad(row(), [5, 0], 'circular'), 'Padding value causes wrapping around more than once.');
  raises(() => fPad(row(), [-3, -2]), 'start (0) + length (-1) exceeds dimension size (1).');
  raises(() => fPad(row(), [1]), 'Padding length must be divisible by 2');
  raises(() => fPad(row(), [1, 1, 1, 1, 1, 1, 1, 1]), 'Padding length too large');
  raises(() => fPad(row(), [1, 1], 'reflect', 3), `Padding mode "reflect" doesn't take in value argument`);
  raises(() => fPad(tensorFromNested([1, 2, 3]), [1, 1], 'reflect'), 'Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now');
  raises(() => fPad(row(), [1, 1], 'zeros'), 'Unrecognised padding mode zeros');
  // Circular may wrap exactly once: pad equal to the size is fine.
  assert.deepEqual([...fPad(row(), [4, 0], 'circular').data], [1, 2, 3, 4, 1, 2, 3, 4]);
});
