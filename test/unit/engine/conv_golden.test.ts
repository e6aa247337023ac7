// Every conv case PyTorch computed (test/fixtures/golden/conv.json) must come out of the engine.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PaddingMode } from '../../../contract';
import { conv, conv1d, conv2d, conv3d } from '../../../engine/conv';
import type { ConvOptions } from '../../../engine/conv_args';
import { loadGolden, tensorOf, type GoldenTensor } from '../support/golden';
import { mismatch, operandsOf } from './conv_test_utils';

interface ConvCase {
  name: string;
  op: 'conv1d' | 'conv2d' | 'conv3d';
  input: GoldenTensor;
  weight: GoldenTensor;
  bias: GoldenTensor | null;
  params: { stride: number | number[]; padding: number | number[] | 'same' | 'valid'; dilation: number | number[]; groups: number; padding_mode: PaddingMode };
  output: GoldenTensor;
}

const cases = loadGolden<ConvCase>('conv.json');
const ops = { conv1d, conv2d, conv3d };

test('conv.json has cases', () => assert.ok(cases.length >= 28, `only ${cases.length} cases`));

for (const c of cases) {
  test(`golden ${c.op}: ${c.name}`, () => {
    const options: ConvOptions = {
      stride: c.params.stride,
      padding: c.params.padding,
      dilation: c.params.dilation,
      groups: c.params.groups,
      paddingMode: c.params.padding_mode,
    };
    const { input, weight, bias, exact } = operandsOf(c);
    const viaWrapper = ops[c.op](input, weight, bias, options);
    assert.equal(mismatch(viaWrapper, c.output, exact), null);
    // The generic entry point takes the dimensionality from the weight and must agree.
    assert.equal(mismatch(conv(input, weight, bias, options), c.output, exact), null);
  });
}

test('golden cases also hold for unbatched (C, spatial...) inputs', () => {
  // PyTorch 1.13's circular F.pad needs the batch axis: an unbatched input is refused (see golden-extra).
  for (const c of cases.filter((k) => k.input.shape[0] === 1 && k.params.padding_mode !== 'circular')) {
    const input = tensorOf({ shape: c.input.shape.slice(1), data: c.input.data });
    const out = ops[c.op](input, tensorOf(c.weight), c.bias ? tensorOf(c.bias) : null, {
      stride: c.params.stride, padding: c.params.padding, dilation: c.params.dilation, groups: c.params.groups, paddingMode: c.params.padding_mode,
    });
    assert.equal(mismatch(out, { shape: c.output.shape.slice(1), data: c.output.data }, false), null, c.name);
  }
});
