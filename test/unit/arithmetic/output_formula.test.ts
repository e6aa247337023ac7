// Per-axis output formulas: the spelled-out substitution, the unread input cells and the warnings.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { outputSizeFormulas } from '../../../engine/arithmetic/output_formula';
import type { ConvSpec, MaxPoolSpec } from '../../../engine/layer';
import { windowFromConstructor as nn } from './torch_specs';

test('dilation shows the general form, stride 1 the reference’s simple one', () => {
  const [h] = outputSizeFormulas(nn('nn.Conv2d(2, 2, 3, stride=2, dilation=2)'), [1, 2, 9, 8]);
  assert.equal(h.general.text, '⌊(i + 2p − d(k − 1) − 1) / s⌋ + 1');
  assert.equal(h.substituted.text, '⌊(9 + 2·0 − 2·(3 − 1) − 1) / 2⌋ + 1 = ⌊4 / 2⌋ + 1 = 2 + 1 = 3');
  assert.equal(h.general.latex, '\\left\\lfloor \\frac{i + 2p - d(k-1) - 1}{s} \\right\\rfloor + 1');
  const [l] = outputSizeFormulas(nn('nn.Conv1d(1, 1, 3, padding=2, dilation=2)'), [1, 1, 9]);
  assert.equal(l.axis, 'L');
  assert.equal(l.general.text, 'i + 2p − d(k − 1)');
  assert.equal(l.substituted.text, '9 + 2·2 − 2·(3 − 1) = 9');
});

test("padding='same' with an even kernel shows the two sides", () => {
  const [h, w] = outputSizeFormulas(nn("nn.Conv2d(2, 2, kernel_size=4, padding='same')"), [1, 2, 9, 8]);
  assert.equal(h.general.text, 'i + p_before + p_after − k + 1');
  assert.equal(h.substituted.text, '9 + 1 + 2 − 4 + 1 = 9');
  assert.equal(w.result, 8);
});

test('ceil_mode: the dropped last window is subtracted and explained (golden: k2 s2 p1 on 9×7 gives 5×4)', () => {
  const [h, w] = outputSizeFormulas(nn('nn.MaxPool2d(kernel_size=2, stride=2, padding=1, ceil_mode=True)'), [1, 2, 9, 7]);
  assert.equal(h.general.text, '⌈(i + 2p − k) / s⌉ + 1');
  assert.equal(h.substituted.text, '⌈(9 + 2·1 − 2) / 2⌉ + 1 − 1 = ⌈9 / 2⌉ + 1 − 1 = 5 + 1 − 1 = 5');
  assert.equal(h.result, 5);
  assert.equal(w.result, 4);
  assert.match(h.warnings.join(' '), /drops it/);
  // Without padding nothing is dropped: k3 s2 on 9 gives ⌈6/2⌉ + 1 = 4.
  const [h2] = outputSizeFormulas(nn('nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)'), [1, 2, 9, 7]);
  assert.equal(h2.result, 4);
  assert.deepEqual(h2.warnings, []);
});

test('unread cells at the end (golden: k3 s3 on 9×8 leaves columns 6 and 7)', () => {
  const [h, w] = outputSizeFormulas(nn('nn.Conv2d(1, 1, 3, stride=3)'), [1, 1, 9, 8]);
  assert.deepEqual(h.uncovered, []);
  assert.deepEqual(w.uncovered, [6, 7]);
  assert.match(w.warnings.join(' '), /input columns 6, 7 are never read/);
  assert.match(w.warnings.join(' '), /remainder 2 when divided by s = 3/);
});

test('transposed formula, and a stride larger than the kernel leaves output rows without input', () => {
  const [h] = outputSizeFormulas(nn('nn.ConvTranspose2d(1, 1, 2, stride=3)'), [1, 1, 4, 4]);
  assert.equal(h.general.text, '(i − 1)·s − 2p + k');
  assert.equal(h.substituted.text, '(4 − 1)·3 − 2·0 + 2 = 11');
  assert.match(h.warnings.join(' '), /hold only the bias/);
  const [d] = outputSizeFormulas(nn('nn.ConvTranspose2d(1, 1, 3, stride=1, dilation=2, output_padding=1)'), [1, 1, 4, 5]);
  assert.equal(d.general.text, '(i − 1)·s − 2p + d(k − 1) + output_padding + 1');
  assert.equal(d.result, 9);
});

test('a result below one is reported with PyTorch’s error instead of thrown', () => {
  const [h] = outputSizeFormulas(nn('nn.Conv2d(1, 1, 5)'), [1, 1, 3, 9]);
  assert.equal(h.result, -1);
  assert.match(h.warnings[0], /below 1; PyTorch raises: Calculated padded input size/);
});

test('property: the result is the PyTorch length and `uncovered` is exactly the unread tail', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 1, max: 3 }),
      fc.boolean(),
      (i, k, s, p, d, pool) => {
        const ke = d * (k - 1) + 1;
        const spec: ConvSpec | MaxPoolSpec = pool
          ? { kind: 'max_pool', dims: 1, kernelSize: [k], stride: [s], padding: [p], dilation: [d], ceilMode: false }
          : { kind: 'conv', dims: 1, inChannels: 1, outChannels: 1, kernelSize: [k], stride: [s], padding: [p], dilation: [d], groups: 1, bias: false, paddingMode: 'zeros' };
        fc.pre(!pool || p <= Math.floor(k / 2));
        const [f] = outputSizeFormulas(spec, [1, 1, i]);
        assert.equal(f.result, Math.floor((i + 2 * p - ke) / s) + 1);
        if (f.result < 1) return;
        let lastRead = -1;
        for (let o = 0; o < f.result; o++) for (let t = 0; t < k; t++) lastRead = Math.max(lastRead, o * s - p + t * d);
        const tail: number[] = [];
        for (let x = Math.max(lastRead + 1, 0); x < i; x++) tail.push(x);
        assert.deepEqual(f.uncovered, tail);
        assert.equal(f.uncovered.length > 0, f.warnings.some((w) => w.includes('never read')));
      },
    ),
    { numRuns: 400 },
  );
});
