// The inverse solvers: every answer fed back through the forward rule gives the wanted length, and
// when there is none, no value in a generous search range works either.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { solveOutputPadding, solvePadding, solveStride } from '../../../engine/arithmetic/solver';
import { ConvbookError } from '../../../engine/errors';
import { convOutputLength, convTransposeOutputLength } from '../../../engine/shapes';

const size = fc.integer({ min: 1, max: 64 });
const kernel = fc.integer({ min: 1, max: 7 });
const stride = fc.integer({ min: 1, max: 5 });
const dilation = fc.integer({ min: 1, max: 3 });
const wanted = fc.integer({ min: 1, max: 70 });

test('solvePadding: every solution round-trips, the list is complete and ascending', () => {
  fc.assert(
    fc.property(size, kernel, stride, dilation, wanted, (i, k, s, d, o) => {
      const r = solvePadding(i, k, s, d, o);
      const values = r.solutions.map((x) => x.value);
      assert.deepEqual(values, [...values].sort((a, b) => a - b));
      for (const x of r.solutions) assert.equal(convOutputLength(i, k, s, x.value, x.value, d), o);
      // Brute force over a range wider than any useful padding.
      const brute: number[] = [];
      for (let p = 0; p <= 2 * o * s + d * k + 2; p++) if (convOutputLength(i, k, s, p, p, d) === o) brute.push(p);
      assert.deepEqual(values, brute);
      if (brute.length === 0) assert.ok(r.explanation.length > 0);
    }),
    { numRuns: 500 },
  );
});

test('solveStride: every solution round-trips and matches a brute-force search', () => {
  fc.assert(
    fc.property(size, kernel, fc.integer({ min: 0, max: 3 }), dilation, wanted, (i, k, p, d, o) => {
      const r = solveStride(i, k, p, d, o);
      for (const x of r.solutions) assert.equal(convOutputLength(i, k, x.value, p, p, d), o);
      const brute: number[] = [];
      for (let s = 1; s <= i + 2 * p + 1; s++) if (convOutputLength(i, k, s, p, p, d) === o) brute.push(s);
      if (o === 1) {
        // Infinitely many: the smallest is returned.
        assert.deepEqual(r.solutions.map((x) => x.value), brute.slice(0, 1));
      } else {
        assert.deepEqual(r.solutions.map((x) => x.value), brute);
      }
    }),
    { numRuns: 500 },
  );
});

test('solveOutputPadding: the solution round-trips and respects output_padding < max(stride, dilation)', () => {
  fc.assert(
    fc.property(size, kernel, stride, fc.integer({ min: 0, max: 3 }), dilation, wanted, (i, k, s, p, d, o) => {
      const r = solveOutputPadding(i, k, s, p, d, o);
      const brute: number[] = [];
      for (let op = 0; op < Math.max(s, d); op++) if (convTransposeOutputLength(i, k, s, p, d, op) === o) brute.push(op);
      assert.deepEqual(r.solutions.map((x) => x.value), brute);
      for (const x of r.solutions) assert.equal(convTransposeOutputLength(i, k, s, p, d, x.value), o);
    }),
    { numRuns: 500 },
  );
});

test("an even kernel at stride 1 cannot keep the size with symmetric padding: the solver suggests 'same' or F.pad", () => {
  const r = solvePadding(10, 4, 1, 1, 10);
  assert.deepEqual(r.solutions, []);
  assert.match(r.explanation, /3 padding cells/);
  assert.match(r.explanation, /padding='same'/);
  assert.match(r.explanation, /F\.pad with \(1, 2\)/);
});

test('stride-2 downsampling of 224 to 112 with a 3×3 kernel: p = 1 (and p = 0 leaves a column unread)', () => {
  const r = solvePadding(224, 3, 2, 1, 112);
  assert.deepEqual(r.solutions.map((s) => s.value), [1]);
  const tight = solvePadding(224, 3, 2, 1, 111);
  assert.deepEqual(tight.solutions.map((s) => s.value), [0]);
  assert.match(tight.solutions[0].note, /223/);
});

test('odd sizes: no integer stride, and an output_padding that PyTorch forbids', () => {
  const s = solveStride(11, 1, 0, 1, 5);
  assert.deepEqual(s.solutions, []);
  assert.match(s.explanation, /stride 2 gives 6 and stride 3 gives 4/);
  const op = solveOutputPadding(4, 3, 2, 1, 1, 10);
  assert.deepEqual(op.solutions, []);
  assert.match(op.explanation, /output_padding = 3.*max\(stride, dilation\) = 2/);
  const fine = solveOutputPadding(4, 3, 2, 1, 1, 8);
  assert.deepEqual(fine.solutions.map((x) => x.value), [1]);
});

test('solver arguments are validated by name', () => {
  assert.throws(() => solvePadding(0, 3, 1, 1, 5), (e: unknown) => e instanceof ConvbookError && e.argument === 'input');
  assert.throws(() => solveStride(5, 3, -1, 1, 5), (e: unknown) => e instanceof ConvbookError && e.argument === 'padding');
});
