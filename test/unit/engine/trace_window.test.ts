// traceWindow's result for one output cell must be the op's own output there: conv (every padding
// mode, 'same', groups, 1-D/2-D/3-D) and conv_transpose against PyTorch's golden outputs, pooling
// against maxPool2d/avgPool2d (golden-checked) on random configs including ceil_mode.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WindowConfig } from '../../../contract';
import { avgPool2d, maxPool2d } from '../../../engine/pool';
import { poolOutputLength } from '../../../engine/shapes';
import { Rng, randn } from '../../../engine/random';
import { sourceIndex } from '../../../engine/padding';
import { traceWindow } from '../../../engine/trace/window';
import { close, configOf, flat, loadGolden, planeOf, randomIndex } from './trace_helpers';

test('conv: the trace at random outputs equals PyTorch for every conv.json case', () => {
  const rng = new Rng(1);
  let checked = 0;
  for (const c of loadGolden('conv.json')) {
    const config = configOf(c);
    const axes = config.inputSize.length;
    const [, inChannels] = c.input.shape;
    const [outChannels, groupIn] = c.weight!.shape;
    const groups = inChannels / groupIn;
    for (let k = 0; k < 8; k++) {
      const n = Math.floor(rng.uniform() * c.input.shape[0]);
      const oc = Math.floor(rng.uniform() * outChannels);
      const g = Math.floor(oc / (outChannels / groups));
      const out = randomIndex(rng, config.outputSize);
      const inputPlanes = Array.from({ length: groupIn }, (_, ci) => planeOf(c.input, [n, g * groupIn + ci], axes));
      const weightPlanes = Array.from({ length: groupIn }, (_, ci) => planeOf(c.weight!, [oc, ci], axes));
      const bias = c.bias ? c.bias.data[oc] : undefined;
      const trace = traceWindow(config, out, { inputPlanes, weightPlanes, bias });
      const expected = c.output.data[flat([n, oc, ...out], c.output.shape)];
      assert.ok(close(trace.result!, expected), `${c.name} at n=${n} oc=${oc} [${out}]: ${trace.result} vs ${expected}`);
      assert.equal(trace.taps.length, groupIn * config.kernelSize.reduce((p, q) => p * q, 1));
      checked++;
    }
  }
  assert.ok(checked >= 28 * 8);
});

test('conv_transpose (traced as its direct-conv equivalent) equals PyTorch for every transpose.json case', () => {
  const rng = new Rng(2);
  for (const c of loadGolden('transpose.json')) {
    const config = configOf(c);
    const axes = config.inputSize.length;
    const [, inChannels] = c.input.shape;
    const [, groupOut] = c.weight!.shape;
    const groups = (c.params.groups as number) ?? 1;
    const groupIn = inChannels / groups;
    const outChannels = groupOut * groups;
    for (let k = 0; k < 8; k++) {
      const n = Math.floor(rng.uniform() * c.input.shape[0]);
      const oc = Math.floor(rng.uniform() * outChannels);
      const g = Math.floor(oc / groupOut);
      const out = randomIndex(rng, config.outputSize);
      const inputPlanes = Array.from({ length: groupIn }, (_, ci) => planeOf(c.input, [n, g * groupIn + ci], axes));
      // PyTorch's transposed weight is (C_in, C_out/groups, k...): the plane for (input channel, output channel).
      const weightPlanes = Array.from({ length: groupIn }, (_, ci) => planeOf(c.weight!, [g * groupIn + ci, oc - g * groupOut], axes));
      const bias = c.bias ? c.bias.data[oc] : undefined;
      const trace = traceWindow(config, out, { inputPlanes, weightPlanes, bias });
      const expected = c.output.data[flat([n, oc, ...out], c.output.shape)];
      assert.ok(close(trace.result!, expected), `${c.name} at n=${n} oc=${oc} [${out}]: ${trace.result} vs ${expected}`);
    }
  }
});

test('conv taps: positions, padding flags and reflect/replicate/circular sources', () => {
  const config: WindowConfig = {
    kind: 'conv', inputSize: [4, 5], kernelSize: [3, 3], stride: [1, 2], dilation: [1, 1], padBefore: [2, 1], padAfter: [2, 1],
    outputPadding: [0, 0], paddingMode: 'reflect', ceilMode: false, countIncludePad: true, outputSize: [6, 3],
  };
  const plane = Array.from({ length: 20 }, (_, i) => i);
  for (const mode of ['zeros', 'reflect', 'replicate', 'circular'] as const) {
    const trace = traceWindow({ ...config, paddingMode: mode }, [0, 0], { inputPlanes: [plane] });
    const first = trace.taps[0];
    assert.deepEqual(first.position, [-2, -1]);
    assert.equal(first.inPadding, true);
    const expectedSource = mode === 'zeros' ? null : [sourceIndex(-2, 4, mode)!, sourceIndex(-1, 5, mode)!];
    assert.deepEqual(first.source, expectedSource);
    assert.equal(first.value, expectedSource ? plane[expectedSource[0] * 5 + expectedSource[1]] : 0);
    const inside = trace.taps[8];
    assert.deepEqual(inside.position, [0, 1]);
    assert.equal(inside.inPadding, false);
    assert.equal(inside.source, null);
    assert.equal(inside.value, 1);
  }
  // Without data: geometry only, one channel.
  const bare = traceWindow(config, [5, 2]);
  assert.equal(bare.taps.length, 9);
  assert.equal(bare.result, undefined);
  assert.deepEqual(bare.taps[8].position, [5, 5]);
  assert.equal(bare.taps[8].inPadding, true);
  assert.throws(() => traceWindow(config, [6, 0]), /outside/);
});

function poolConfig(kind: 'max_pool' | 'avg_pool', h: number, w: number, k: number[], s: number[], p: number[], d: number[], ceil: boolean, include: boolean): WindowConfig {
  return {
    kind, inputSize: [h, w], kernelSize: k, stride: s, dilation: d, padBefore: p, padAfter: p, outputPadding: [0, 0], paddingMode: 'zeros',
    ceilMode: ceil, countIncludePad: include, outputSize: [0, 1].map((a) => poolOutputLength([h, w][a], k[a], s[a], p[a], d[a], ceil)),
  };
}

test('pooling: trace result, winner and divisor agree with maxPool2d/avgPool2d at every output (random configs, ceil_mode)', () => {
  const rng = new Rng(3);
  let configs = 0;
  let sawOverhang = false;
  while (configs < 60) {
    const h = 2 + Math.floor(rng.uniform() * 8);
    const w = 2 + Math.floor(rng.uniform() * 8);
    const k = [1 + Math.floor(rng.uniform() * 3), 1 + Math.floor(rng.uniform() * 4)];
    const s = [1 + Math.floor(rng.uniform() * 3), 1 + Math.floor(rng.uniform() * 3)];
    const p = k.map((kk) => Math.floor(rng.uniform() * (Math.floor(kk / 2) + 1)));
    const isMax = rng.uniform() < 0.5;
    const d = isMax ? [1 + Math.floor(rng.uniform() * 2), 1 + Math.floor(rng.uniform() * 2)] : [1, 1];
    const ceil = rng.uniform() < 0.6;
    const include = rng.uniform() < 0.5;
    const config = poolConfig(isMax ? 'max_pool' : 'avg_pool', h, w, k, s, p, d, ceil, include);
    if (config.outputSize.some((o) => o < 1)) continue;
    configs++;
    const x = randn([1, 1, h, w], 50 + configs);
    const plane = [...x.data];
    const [oh, ow] = config.outputSize;
    if (isMax) {
      const { output, indices } = maxPool2d(x, { kernelSize: k, stride: s, padding: p, dilation: d, ceilMode: ceil });
      assert.deepEqual([...output.shape], [1, 1, oh, ow]);
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          const trace = traceWindow(config, [oy, ox], { inputPlanes: [plane] });
          assert.equal(trace.result, output.data[oy * ow + ox]);
          if (trace.result === -Infinity) continue;
          const win = trace.taps[trace.winner!];
          assert.equal(win.position[0] * w + win.position[1], indices[oy * ow + ox], 'winner index');
        }
      }
    } else {
      const out = avgPool2d(x, { kernelSize: k, stride: s, padding: p, ceilMode: ceil, countIncludePad: include });
      assert.deepEqual([...out.shape], [1, 1, oh, ow]);
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          const trace = traceWindow(config, [oy, ox], { inputPlanes: [plane] });
          assert.ok(close(trace.result!, out.data[oy * ow + ox], 1e-5), `avg at [${oy}, ${ox}]`);
          if (trace.taps.some((t) => t.position.some((q, a) => q >= config.inputSize[a] + p[a]))) sawOverhang = true;
        }
      }
    }
  }
  assert.ok(sawOverhang, 'some ceil_mode window overhangs the padded input');
});

test('pooling traces on pool.json: max padding reads −∞, avg divisor follows count_include_pad', () => {
  for (const c of loadGolden('pool.json').filter((g) => g.op !== 'adaptive_avg_pool2d')) {
    const config = configOf(c);
    const plane = planeOf(c.input, [0, 1], 2);
    const [oh, ow] = config.outputSize;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const trace = traceWindow(config, [oy, ox], { inputPlanes: [plane] });
        const expected = c.output.data[flat([0, 1, oy, ox], c.output.shape)];
        assert.ok(close(trace.result!, expected), `${c.name} [${oy}, ${ox}]: ${trace.result} vs ${expected}`);
        for (const t of trace.taps) if (t.inPadding) assert.equal(t.value, config.kind === 'max_pool' ? -Infinity : 0);
      }
    }
  }
  const avg = poolConfig('avg_pool', 5, 5, [3, 3], [2, 2], [1, 1], [1, 1], false, true);
  assert.equal(traceWindow(avg, [0, 0]).divisor, 9);
  assert.equal(traceWindow({ ...avg, countIncludePad: false }, [0, 0]).divisor, 4);
});
