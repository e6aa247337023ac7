// Every torchvision reference case of deform.json, and torchvision's argument checks.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deformConv2d } from '../../../engine/deform';
import { ConvbookError } from '../../../engine/errors';
import { makeTensor, type Tensor } from '../../../engine/tensor';
import { loadGolden, tensorOf, type GoldenTensor } from '../support/golden';

interface DeformCase {
  name: string;
  input: GoldenTensor;
  weight: GoldenTensor;
  bias: GoldenTensor | null;
  offset: GoldenTensor;
  mask: GoldenTensor | null;
  params: { stride: number | number[]; padding: number | number[]; dilation: number | number[]; groups: number; offset_groups: number };
  output: GoldenTensor;
}

const golden = { cases: loadGolden<DeformCase>('deform.json') };

test('deform.json: every torchvision case matches', () => {
  assert.ok(golden.cases.length >= 7);
  let passed = 0;
  for (const c of golden.cases) {
    const out = deformConv2d(tensorOf(c.input), tensorOf(c.offset), tensorOf(c.weight), c.bias ? tensorOf(c.bias) : null, {
      stride: c.params.stride,
      padding: c.params.padding,
      dilation: c.params.dilation,
      mask: c.mask ? tensorOf(c.mask) : null,
    });
    assert.deepEqual([...out.shape], c.output.shape, `${c.name}: shape`);
    for (let i = 0; i < c.output.data.length; i++) {
      const e = c.output.data[i];
      assert.ok(Math.abs(out.data[i] - e) <= 1e-4 * Math.max(1, Math.abs(e)), `${c.name}: element ${i} is ${out.data[i]}, expected ${e}`);
    }
    passed++;
  }
  assert.equal(passed, golden.cases.length);
});

function expectError(fn: () => unknown, pattern: RegExp, argument: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConvbookError, `not a ConvbookError: ${String(e)}`);
    assert.match(e.message, pattern);
    assert.equal(e.argument, argument);
    return true;
  });
}

test('torchvision checks, with the argument named', () => {
  const x = makeTensor([1, 4, 7, 6]);
  const w = makeTensor([4, 2, 3, 3]);
  const off = makeTensor([1, 18, 7, 6]);
  const call = (o: { input?: Tensor; offset?: Tensor; weight?: Tensor; bias?: Tensor | null; mask?: Tensor | null; stride?: number; padding?: number; dilation?: number }) =>
    deformConv2d(o.input ?? x, o.offset ?? off, o.weight ?? w, o.bias ?? null, { padding: o.padding ?? 1, stride: o.stride, dilation: o.dilation, mask: o.mask });
  assert.deepEqual([...call({}).shape], [1, 4, 7, 6]);
  expectError(() => call({ weight: makeTensor([3, 2, 3, 3]) }), /weight.shape\[0\] \(3\) must be divisible by groups \(2/, 'weight');
  expectError(() => call({ weight: makeTensor([4, 3, 3, 3]) }), /input channels \(4\) must be a multiple of weight.shape\[1\] \(3\)/, 'weight');
  expectError(() => call({ offset: makeTensor([1, 17, 7, 6]) }), /offset.shape\[1\] must be a multiple of 2·kh·kw = 18/, 'offset');
  expectError(() => call({ offset: makeTensor([1, 19, 7, 6]) }), /offset.shape\[1\] is not valid: got 19, expected 18/, 'offset');
  expectError(() => call({ offset: makeTensor([1, 54, 7, 6]) }), /input channels \(4\) must be divisible by offset_groups \(3/, 'offset');
  expectError(() => call({ offset: makeTensor([1, 18, 6, 6]) }), /offset output dims \(6, 6\) do not match the computed output dims \(7, 6\)/, 'offset');
  expectError(() => call({ offset: makeTensor([2, 18, 7, 6]) }), /invalid batch size of offset/, 'offset');
  expectError(() => call({ mask: makeTensor([1, 8, 7, 6]) }), /mask.shape\[1\] is not valid: got 8, expected 9/, 'mask');
  expectError(() => call({ mask: makeTensor([1, 9, 7, 5]) }), /mask output dims \(7, 5\)/, 'mask');
  expectError(() => call({ mask: makeTensor([2, 9, 7, 6]) }), /invalid batch size of mask/, 'mask');
  expectError(() => call({ bias: makeTensor([3]) }), /bias must have shape \[4\]/, 'bias');
  expectError(() => call({ stride: 0 }), /stride must be greater than zero/, 'stride');
  expectError(() => call({ padding: -1, offset: makeTensor([1, 18, 5, 4]) }), /padding must be non-negative/, 'padding');
  expectError(() => call({ dilation: 0 }), /dilation must be greater than zero/, 'dilation');
  expectError(() => call({ input: makeTensor([4, 7, 6]) }), /expected input to be 4-D/, 'input');
  expectError(() => call({ weight: makeTensor([4, 2, 3]) }), /expected weight to be 4-D/, 'weight');
  expectError(() => call({ input: makeTensor([1, 4, 1, 1]), padding: 0, offset: makeTensor([1, 18, -1 + 2, 1]) }), /offset output dims \(1, 1\) do not match the computed output dims \(-1, -1\)/, 'offset');
});
