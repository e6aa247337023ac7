// The two views of transposed conv must reproduce PyTorch: a naive direct conv over the
// zero-stuffed, padded input with the flipped kernel (sizes from directConvEquivalent), and the
// sum of every input cell's scatter stamps. Checked on every transpose.json case, and on random
// configs (negative "padding" crops, output_padding with dilation) against engine/conv_transpose.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WindowConfig } from '../../../contract';
import { convTranspose } from '../../../engine/conv_transpose';
import { Rng, randn } from '../../../engine/random';
import { convOutputLength, convTransposeOutputLength } from '../../../engine/shapes';
import { directConvEquivalent, traceScatter } from '../../../engine/trace/transposed';
import { cartesian } from '../../../engine/trace/grid';
import { close, configOf, flat, loadGolden, planeOf, type GoldenTensor } from './trace_helpers';

function indices(sizes: readonly number[]): number[][] {
  return cartesian(sizes.map((n) => Array.from({ length: n }, (_, i) => i)));
}

/** Output of conv_transpose computed as a direct conv: stuff, pad, flip, slide with stride 1. */
function viaDirectConv(config: WindowConfig, input: GoldenTensor, weight: GoldenTensor, bias: number[] | null, groups: number): number[] {
  const eq = directConvEquivalent(config);
  const axes = config.inputSize.length;
  const [batch, inChannels] = input.shape;
  const groupOut = weight.shape[1];
  const groupIn = inChannels / groups;
  const outChannels = groupOut * groups;
  const outSize = eq.config.outputSize;
  const out: number[] = [];
  for (let n = 0; n < batch; n++) {
    for (let oc = 0; oc < outChannels; oc++) {
      const g = Math.floor(oc / groupOut);
      for (const o of indices(outSize)) {
        let sum = bias ? bias[oc] : 0;
        for (let ci = 0; ci < groupIn; ci++) {
          const c = g * groupIn + ci;
          for (const t of indices(config.kernelSize)) {
            // Position in the stuffed input (padding removed); a real sample sits at multiples of s.
            const q = t.map((tt, a) => o[a] - eq.padBefore[a] + tt * config.dilation[a]);
            if (q.some((qq, a) => qq < 0 || qq >= eq.stuffedSize[a] || qq % (eq.insertedZeros[a] + 1) !== 0)) continue;
            const src = q.map((qq, a) => qq / (eq.insertedZeros[a] + 1));
            const flipped = t.map((tt, a) => config.kernelSize[a] - 1 - tt);
            sum += input.data[flat([n, c, ...src], input.shape)] * weight.data[flat([c, oc - g * groupOut, ...flipped], weight.shape)];
          }
        }
        out.push(sum);
      }
    }
  }
  assert.equal(axes, outSize.length);
  return out;
}

/** Output of conv_transpose as the sum of every input cell's stamps (traceScatter). */
function viaScatter(config: WindowConfig, input: GoldenTensor, weight: GoldenTensor, bias: number[] | null, groups: number): number[] {
  const axes = config.inputSize.length;
  const [batch, inChannels] = input.shape;
  const groupOut = weight.shape[1];
  const groupIn = inChannels / groups;
  const outChannels = groupOut * groups;
  const outPlane = config.outputSize.reduce((p, q) => p * q, 1);
  const out = new Array<number>(batch * outChannels * outPlane).fill(0);
  for (let n = 0; n < batch; n++) {
    for (let oc = 0; oc < outChannels; oc++) {
      const g = Math.floor(oc / groupOut);
      const base = (n * outChannels + oc) * outPlane;
      if (bias) for (let i = 0; i < outPlane; i++) out[base + i] += bias[oc];
      const inputPlanes = Array.from({ length: groupIn }, (_, ci) => planeOf(input, [n, g * groupIn + ci], axes));
      const weightPlanes = Array.from({ length: groupIn }, (_, ci) => planeOf(weight, [g * groupIn + ci, oc - g * groupOut], axes));
      for (let channel = 0; channel < groupIn; channel++) {
        for (const i of indices(config.inputSize)) {
          for (const stamp of traceScatter(config, i, { inputPlanes, weightPlanes, channel }).stamps) {
            out[base + flat(stamp.output, config.outputSize)] += stamp.product!;
          }
        }
      }
    }
  }
  return out;
}

function assertMatches(actual: number[], expected: ArrayLike<number>, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: size`);
  for (let i = 0; i < actual.length; i++) assert.ok(close(actual[i], expected[i]), `${label}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
}

test('directConvEquivalent: sizes, and a stride-1 conv config with the same output size', () => {
  const config = configOf(loadGolden('transpose.json').find((c) => c.name === 'k3 s2 p1 output_padding 1 bias')!);
  const eq = directConvEquivalent(config);
  assert.deepEqual(eq.insertedZeros, [1, 1]);
  assert.deepEqual(eq.padBefore, [1, 1]);
  assert.deepEqual(eq.padAfter, [2, 2]);
  assert.deepEqual(eq.stuffedSize, [7, 9]);
  assert.deepEqual(eq.config.stride, [1, 1]);
  assert.equal(eq.config.kind, 'conv');
  assert.deepEqual(eq.config.outputSize, [8, 10]);
  for (let a = 0; a < 2; a++) {
    assert.equal(convOutputLength(eq.stuffedSize[a], 3, 1, eq.padBefore[a], eq.padAfter[a], 1), config.outputSize[a]);
  }
  assert.throws(() => directConvEquivalent({ ...config, kind: 'conv' }), /conv_transpose/);
});

test('every transpose.json case: direct conv over the stuffed input and the scatter both equal PyTorch', () => {
  let cases = 0;
  for (const c of loadGolden('transpose.json')) {
    const config = configOf(c);
    const groups = (c.params.groups as number) ?? 1;
    const bias = c.bias ? c.bias.data : null;
    assertMatches(viaDirectConv(config, c.input, c.weight!, bias, groups), c.output.data, `${c.name} (direct)`);
    assertMatches(viaScatter(config, c.input, c.weight!, bias, groups), c.output.data, `${c.name} (scatter)`);
    cases++;
  }
  assert.equal(cases, 11);
});

test('random configs, including padding beyond d·(k−1) (a crop) and output_padding with dilation', () => {
  const rng = new Rng(4);
  let done = 0;
  let sawCrop = false;
  while (done < 30) {
    const axes = rng.uniform() < 0.3 ? 1 : 2;
    const pickAxis = (f: () => number) => Array.from({ length: axes }, f);
    const inputSize = pickAxis(() => 1 + Math.floor(rng.uniform() * 5));
    const kernelSize = pickAxis(() => 1 + Math.floor(rng.uniform() * 4));
    const stride = pickAxis(() => 1 + Math.floor(rng.uniform() * 3));
    const dilation = pickAxis(() => 1 + Math.floor(rng.uniform() * 3));
    const padding = pickAxis(() => Math.floor(rng.uniform() * 4));
    const outputPadding = stride.map((s, a) => Math.floor(rng.uniform() * Math.max(s, dilation[a])));
    const outputSize = inputSize.map((i, a) => convTransposeOutputLength(i, kernelSize[a], stride[a], padding[a], dilation[a], outputPadding[a]));
    if (outputSize.some((o) => o < 1)) continue;
    if (padding.some((p, a) => p > dilation[a] * (kernelSize[a] - 1))) sawCrop = true;
    done++;
    const config: WindowConfig = {
      kind: 'conv_transpose', inputSize, kernelSize, stride, dilation, padBefore: padding, padAfter: padding, outputPadding,
      paddingMode: 'zeros', ceilMode: false, countIncludePad: true, outputSize,
    };
    const x = randn([1, 2, ...inputSize], 60 + done);
    const w = randn([2, 3, ...kernelSize], 70 + done);
    const expected = convTranspose(x, w, null, { stride, padding, outputPadding, dilation });
    assert.deepEqual([...expected.shape].slice(2), outputSize);
    const input = { shape: [...x.shape], data: [...x.data] };
    const weight = { shape: [...w.shape], data: [...w.data] };
    assertMatches(viaDirectConv(config, input, weight, null, 1), expected.data, `random ${done} (direct)`);
    assertMatches(viaScatter(config, input, weight, null, 1), expected.data, `random ${done} (scatter)`);
  }
  assert.ok(sawCrop, 'a config with padding > d·(k−1) was exercised');
});

test('traceScatter lists stamps in tap order and drops those cropped away', () => {
  const config: WindowConfig = {
    kind: 'conv_transpose', inputSize: [3], kernelSize: [3], stride: [2], dilation: [1], padBefore: [1], padAfter: [1], outputPadding: [0],
    paddingMode: 'zeros', ceilMode: false, countIncludePad: true, outputSize: [5],
  };
  // Input 0 stamps outputs −1 (cropped), 0, 1; input 2 stamps 3, 4, 5 (cropped).
  assert.deepEqual(traceScatter(config, [0]).stamps.map((s) => [s.output[0], s.tap[0]]), [[0, 1], [1, 2]]);
  assert.deepEqual(traceScatter(config, [2]).stamps.map((s) => [s.output[0], s.tap[0]]), [[3, 0], [4, 1]]);
  const withData = traceScatter(config, [1], { inputPlanes: [[1, 10, 100]], weightPlanes: [[2, 3, 5]] });
  assert.deepEqual(withData.stamps.map((s) => s.product), [20, 30, 50]);
});
