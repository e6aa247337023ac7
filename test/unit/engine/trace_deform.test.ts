// traceDeform must explain deformConv2d's output: Σ over channels and taps of
// weight · mask · sampled value (+ bias) equals the op at random positions, on random configs with
// offset groups; and its regular grid is the regular conv's (traceWindow's) tap positions.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WindowConfig } from '../../../contract';
import { deformConv2d } from '../../../engine/deform';
import { Rng, randn } from '../../../engine/random';
import { convOutputLength } from '../../../engine/shapes';
import { makeTensor } from '../../../engine/tensor';
import { traceDeform } from '../../../engine/trace/deform';
import { traceWindow } from '../../../engine/trace/window';
import { close, loadGolden, planeOf } from './trace_helpers';

function convConfig(inputSize: number[], kernelSize: number[], stride: number[], padding: number[], dilation: number[]): WindowConfig {
  return {
    kind: 'conv', inputSize, kernelSize, stride, dilation, padBefore: padding, padAfter: padding, outputPadding: [0, 0], paddingMode: 'zeros',
    ceilMode: false, countIncludePad: true,
    outputSize: inputSize.map((n, a) => convOutputLength(n, kernelSize[a], stride[a], padding[a], padding[a], dilation[a])),
  };
}

test('Σ weight·mask·value over the traced taps (+ bias) equals deformConv2d at random outputs', () => {
  const rng = new Rng(12);
  const int = (lo: number, hi: number) => lo + Math.floor(rng.uniform() * (hi - lo + 1));
  let done = 0;
  let sawOutside = false;
  while (done < 25) {
    const offsetGroups = int(1, 2);
    const inChannels = offsetGroups * int(1, 2);
    const outChannels = int(1, 3);
    const config = convConfig([int(3, 8), int(3, 8)], [int(1, 3), int(1, 3)], [int(1, 2), int(1, 2)], [int(0, 2), int(0, 2)], [int(1, 2), int(1, 2)]);
    if (config.outputSize.some((o) => o < 1)) continue;
    done++;
    const [h, w] = config.inputSize;
    const [kh, kw] = config.kernelSize;
    const [oh, ow] = config.outputSize;
    const taps = kh * kw;
    const x = randn([1, inChannels, h, w], 80 + done);
    const weight = randn([outChannels, inChannels, kh, kw], 90 + done);
    const bias = randn([outChannels], 95 + done);
    const offset = makeTensor([1, 2 * offsetGroups * taps, oh, ow], Float32Array.from({ length: 2 * offsetGroups * taps * oh * ow }, () => (rng.uniform() - 0.5) * 6));
    const mask = makeTensor([1, offsetGroups * taps, oh, ow], Float32Array.from({ length: offsetGroups * taps * oh * ow }, () => rng.uniform()));
    const out = deformConv2d(x, offset, weight, bias, { stride: config.stride, padding: config.padBefore, dilation: config.dilation, mask });
    const groupOffset = (g: number) => [...offset.data.subarray(g * 2 * taps * oh * ow, (g + 1) * 2 * taps * oh * ow)];
    const groupMask = (g: number) => [...mask.data.subarray(g * taps * oh * ow, (g + 1) * taps * oh * ow)];
    for (let k = 0; k < 6; k++) {
      const pos = [int(0, oh - 1), int(0, ow - 1)];
      const oc = int(0, outChannels - 1);
      let sum = bias.data[oc];
      for (let c = 0; c < inChannels; c++) {
        const g = Math.floor(c / (inChannels / offsetGroups));
        const trace = traceDeform(config, groupOffset(g), groupMask(g), pos, planeOf(x, [0, c], 2));
        assert.equal(trace.taps.length, taps);
        trace.taps.forEach((t, tap) => {
          sum += weight.data[(oc * inChannels + c) * taps + tap] * t.mask * t.value!;
          assert.deepEqual(t.sample, [t.regular[0] + t.offset[0], t.regular[1] + t.offset[1]]);
          const totalWeight = t.neighbours.reduce((s, n) => s + n.weight, 0);
          assert.ok(Math.abs(totalWeight - 1) < 1e-9, 'bilinear weights sum to 1');
          const fromNeighbours = t.neighbours.reduce((s, n) => s + (n.inside ? n.weight * n.value! : 0), 0);
          assert.ok(Math.abs(fromNeighbours - t.value!) < 1e-9, 'value is the weighted neighbours');
          if (t.neighbours.some((n) => !n.inside)) sawOutside = true;
        });
      }
      assert.ok(close(sum, out.data[(oc * oh + pos[0]) * ow + pos[1]]), `config ${done} oc=${oc} [${pos}]: ${sum} vs ${out.data[(oc * oh + pos[0]) * ow + pos[1]]}`);
    }
  }
  assert.ok(sawOutside, 'samples near and beyond the border were exercised');
});

test('the regular grid is the conv trace geometry, and the golden "integer offsets" case reads whole cells', () => {
  const c = loadGolden('deform.json').find((g) => g.name === 'integer offsets')!;
  const config = convConfig([7, 6], [3, 3], [1, 1], [1, 1], [1, 1]);
  const offset = (c as unknown as { offset: { data: number[] } }).offset.data.slice(0, 18 * 42);
  const trace = traceDeform(config, offset, undefined, [3, 2], planeOf(c.input, [0, 0], 2));
  const regular = traceWindow(config, [3, 2]);
  trace.taps.forEach((t, i) => {
    assert.deepEqual(t.regular, regular.taps[i].position);
    assert.equal(t.mask, 1);
    assert.ok(Number.isInteger(t.sample[0]) && Number.isInteger(t.sample[1]));
    const [y, x] = t.sample;
    const inside = y >= 0 && y < 7 && x >= 0 && x < 6;
    assert.equal(t.value, inside ? c.input.data[y * 6 + x] : 0);
  });
  assert.throws(() => traceDeform(config, offset.slice(1), undefined, [0, 0]), /offset has/);
});
