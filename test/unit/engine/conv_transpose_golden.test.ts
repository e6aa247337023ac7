// Every transposed-conv case PyTorch computed (test/fixtures/golden/transpose.json) must come out of the engine.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convTranspose, convTranspose1d, convTranspose2d, convTranspose3d } from '../../../engine/conv_transpose';
import type { ConvTransposeOptions } from '../../../engine/conv_transpose_args';
import { loadGolden, type GoldenTensor } from '../support/golden';
import { mismatch, operandsOf } from './conv_test_utils';

interface TransposeCase {
  name: string;
  op: 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d';
  input: GoldenTensor;
  weight: GoldenTensor;
  bias: GoldenTensor | null;
  params: { stride: number | number[]; padding: number | number[]; output_padding: number | number[]; dilation: number | number[]; groups: number };
  output: GoldenTensor;
}

const cases = loadGolden<TransposeCase>('transpose.json');
const ops = { conv_transpose1d: convTranspose1d, conv_transpose2d: convTranspose2d, conv_transpose3d: convTranspose3d };

test('transpose.json has cases', () => assert.ok(cases.length >= 11, `only ${cases.length} cases`));

for (const c of cases) {
  test(`golden ${c.op}: ${c.name}`, () => {
    const options: ConvTransposeOptions = {
      stride: c.params.stride,
      padding: c.params.padding,
      outputPadding: c.params.output_padding,
      dilation: c.params.dilation,
      groups: c.params.groups,
    };
    const { input, weight, bias, exact } = operandsOf(c);
    assert.equal(mismatch(ops[c.op](input, weight, bias, options), c.output, exact), null);
    assert.equal(mismatch(convTranspose(input, weight, bias, options), c.output, exact), null);
    // Asking for the output size instead of output_padding picks the same output_padding, as long
    // as it lies in PyTorch's output_size range, which only reaches stride − 1 (not dilation − 1).
    const { outputPadding: _ignored, ...rest } = options;
    void _ignored;
    const askSize = (): unknown => convTranspose(input, weight, bias, { ...rest, outputSize: c.output.shape.slice(2) });
    const dims = c.input.shape.length - 2;
    const perAxis = (v: number | number[]): number[] => (typeof v === 'number' ? new Array<number>(dims).fill(v) : v);
    const stride = perAxis(c.params.stride);
    if (perAxis(c.params.output_padding).every((op, i) => op < stride[i])) {
      assert.equal(mismatch(askSize() as ReturnType<typeof convTranspose>, c.output, exact), null);
    } else {
      assert.throws(askSize, /requested an output size of/);
    }
  });
}
