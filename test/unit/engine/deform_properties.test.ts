// Properties of deformable conv that tie it to ordinary conv (engine/conv.ts's conv2d, itself
// checked against PyTorch), the bilinear rule, and the geometry of the demo offset builders.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bilinearSample, bilinearTerms } from '../../../engine/bilinear';
import { conv2d } from '../../../engine/conv';
import { deformConv2d } from '../../../engine/deform';
import { constantShiftOffsets, randomOffsets, rotationOffsets, scalingOffsets } from '../../../engine/deform_offsets';
import { Rng, randn } from '../../../engine/random';
import { convOutputLength } from '../../../engine/shapes';
import { makeTensor, type Tensor } from '../../../engine/tensor';

function assertAllClose(actual: Tensor, expected: Tensor, label: string, tol = 1e-4): void {
  assert.deepEqual([...actual.shape], [...expected.shape], `${label}: shape`);
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i];
    assert.ok(Math.abs(actual.data[i] - e) <= tol * Math.max(1, Math.abs(e)), `${label}: element ${i} is ${actual.data[i]}, expected ${e}`);
  }
}

interface RandomConfig {
  batch: number;
  groups: number;
  offsetGroups: number;
  inChannels: number;
  outChannels: number;
  height: number;
  width: number;
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  outH: number;
  outW: number;
}

function pick<T>(rng: Rng, values: readonly T[]): T {
  return values[Math.floor(rng.uniform() * values.length)];
}

/** Seeded configs with groups, offset groups, strides, dilations, paddings and rectangular kernels. */
function randomConfigs(count: number, seed: number): RandomConfig[] {
  const rng = new Rng(seed);
  const out: RandomConfig[] = [];
  while (out.length < count) {
    const groups = pick(rng, [1, 1, 2, 3]);
    const offsetGroups = pick(rng, [1, 1, 2, 4]);
    const inChannels = groups * offsetGroups * pick(rng, [1, 2]);
    const outChannels = groups * pick(rng, [1, 2]);
    const kernel: [number, number] = [pick(rng, [1, 2, 3]), pick(rng, [1, 2, 3, 4])];
    const stride: [number, number] = [pick(rng, [1, 2]), pick(rng, [1, 2, 3])];
    const padding: [number, number] = [pick(rng, [0, 1, 2]), pick(rng, [0, 1])];
    const dilation: [number, number] = [pick(rng, [1, 2]), pick(rng, [1, 3])];
    const height = 3 + Math.floor(rng.uniform() * 6);
    const width = 3 + Math.floor(rng.uniform() * 6);
    const outH = convOutputLength(height, kernel[0], stride[0], padding[0], padding[0], dilation[0]);
    const outW = convOutputLength(width, kernel[1], stride[1], padding[1], padding[1], dilation[1]);
    if (outH < 1 || outW < 1) continue;
    out.push({ batch: pick(rng, [1, 2]), groups, offsetGroups, inChannels, outChannels, height, width, kernel, stride, padding, dilation, outH, outW });
  }
  return out;
}

test('zero offsets with no mask or a unit mask equal conv2d (groups, offset groups, stride, dilation, padding)', () => {
  const configs = randomConfigs(40, 7);
  assert.ok(configs.some((c) => c.groups > 1) && configs.some((c) => c.offsetGroups > 1) && configs.some((c) => c.dilation[1] > 1));
  configs.forEach((c, index) => {
    const x = randn([c.batch, c.inChannels, c.height, c.width], 100 + index);
    const w = randn([c.outChannels, c.inChannels / c.groups, ...c.kernel], 200 + index);
    const b = randn([c.outChannels], 300 + index);
    const taps = c.kernel[0] * c.kernel[1];
    const offset = makeTensor([c.batch, 2 * c.offsetGroups * taps, c.outH, c.outW]);
    const mask = makeTensor([c.batch, c.offsetGroups * taps, c.outH, c.outW]);
    mask.data.fill(1);
    const options = { stride: c.stride, padding: c.padding, dilation: c.dilation };
    const expected = conv2d(x, w, b, { ...options, groups: c.groups });
    assertAllClose(deformConv2d(x, offset, w, b, options), expected, `config ${index} no mask`);
    assertAllClose(deformConv2d(x, offset, w, b, { ...options, mask }), expected, `config ${index} unit mask`);
  });
});

/**
 * The input as deformable conv sees it after a constant shift: the padded plane (padding included,
 * since a shifted tap in the padding can land on real input) with cell (y, x) taken from
 * x[y − pad + dy][x − pad + dx], zero outside. A conv with no padding over it is the reference.
 */
function shiftedPadded(x: Tensor, dy: number, dx: number, padding: [number, number]): Tensor {
  const [n, c, h, w] = x.shape;
  const ph = h + 2 * padding[0];
  const pw = w + 2 * padding[1];
  const out = makeTensor([n, c, ph, pw]);
  for (let plane = 0; plane < n * c; plane++) {
    for (let y = 0; y < ph; y++) {
      for (let xx = 0; xx < pw; xx++) {
        const sy = y - padding[0] + dy;
        const sx = xx - padding[1] + dx;
        if (sy >= 0 && sy < h && sx >= 0 && sx < w) out.data[plane * ph * pw + y * pw + xx] = x.data[plane * h * w + sy * w + sx];
      }
    }
  }
  return out;
}

test('a constant integer shift equals conv2d on the shifted (padded) input', () => {
  const configs = randomConfigs(20, 11);
  const rng = new Rng(5);
  configs.forEach((c, index) => {
    const dy = Math.floor(rng.uniform() * 7) - 3;
    const dx = Math.floor(rng.uniform() * 7) - 3;
    const x = randn([c.batch, c.inChannels, c.height, c.width], 400 + index);
    const w = randn([c.outChannels, c.inChannels / c.groups, ...c.kernel], 500 + index);
    const single = constantShiftOffsets(c.kernel, [c.outH, c.outW], dy, dx, c.offsetGroups);
    const offset = makeTensor([c.batch, ...single.shape.slice(1)]);
    for (let n = 0; n < c.batch; n++) offset.data.set(single.data, n * single.data.length);
    const options = { stride: c.stride, padding: c.padding, dilation: c.dilation };
    const expected = conv2d(shiftedPadded(x, dy, dx, c.padding), w, null, { stride: c.stride, dilation: c.dilation, groups: c.groups });
    assertAllClose(deformConv2d(x, offset, w, null, options), expected, `config ${index} shift (${dy}, ${dx})`);
  });
});

test('a sample outside the image is 0 even when the image holds infinities and NaN (torchvision skips it; it is never 0·∞)', () => {
  // Every pixel is ±∞ or NaN; 1×1 taps shifted 100 rows down read nothing, so the output is the
  // bias alone. Wide enough that the kernels' vector path (four positions at once) takes most of it.
  const x = makeTensor([1, 1, 5, 9]);
  x.data.forEach((_, i) => (x.data[i] = [Infinity, -Infinity, NaN][i % 3]));
  const w = makeTensor([2, 1, 1, 1], new Float32Array([1, -2]));
  const bias = makeTensor([2], new Float32Array([0.5, -1.5]));
  const offset = makeTensor([1, 2, 5, 9]);
  offset.data.fill(100, 0, 45);
  const y = deformConv2d(x, offset, w, bias, {});
  assert.deepEqual([...y.data], [...Array(45).fill(0.5), ...Array(45).fill(-1.5)]);
  // The same with a mask, and with samples half inside: those read the infinities as torchvision does.
  const mask = makeTensor([1, 1, 5, 9]);
  mask.data.fill(2);
  assert.deepEqual([...deformConv2d(x, offset, w, bias, { mask }).data], [...Array(45).fill(0.5), ...Array(45).fill(-1.5)]);
  const inside = deformConv2d(x, makeTensor([1, 2, 5, 9]), w, null, {});
  assert.ok(inside.data.every((v) => !Number.isFinite(v)), 'samples on the image read its infinities');
});

test('the mask scales each sample: a constant mask m scales a bias-free output by m', () => {
  const x = randn([1, 2, 6, 5], 1);
  const w = randn([3, 2, 3, 3], 2);
  const offset = randomOffsets(3, [6, 5], 1.5, 3);
  const mask = makeTensor([1, 9, 6, 5]);
  mask.data.fill(0.25);
  const plain = deformConv2d(x, offset, w, null, { padding: 1 });
  const masked = deformConv2d(x, offset, w, null, { padding: 1, mask });
  const quarter = makeTensor(plain.shape, plain.data.map((v) => v * 0.25));
  assertAllClose(masked, quarter, 'mask 0.25');
  assert.ok(plain.data.some((v) => Math.abs(v) > 0.1), 'the random case is not trivially zero');
});

test('scaling offsets ×2 on a 3×3 kernel equal conv2d with dilation 2 and one more padding', () => {
  const x = randn([1, 2, 9, 8], 21);
  const w = randn([2, 2, 3, 3], 22);
  const offset = scalingOffsets(3, 1, [9, 8], 2);
  const expected = conv2d(x, w, null, { dilation: 2, padding: 2 });
  assertAllClose(deformConv2d(x, offset, w, null, { padding: 1 }), expected, 'scale 2');
});

test('rotating the grid by 180° equals conv2d with the kernel flipped', () => {
  const x = randn([1, 2, 7, 7], 31);
  const w = randn([2, 2, 3, 3], 32);
  const flipped = makeTensor(w.shape);
  for (let plane = 0; plane < 4; plane++) {
    for (let t = 0; t < 9; t++) flipped.data[plane * 9 + t] = w.data[plane * 9 + 8 - t];
  }
  const offset = rotationOffsets(3, 1, [7, 7], 180);
  assertAllClose(deformConv2d(x, offset, w, null, { padding: 1 }), conv2d(x, flipped, null, { padding: 1 }), 'rotation 180');
});

/** Sample position (relative to the regular grid's tap (0,0)) of tap t for output (0,0). */
function samplePoint(offset: Tensor, kw: number, tap: number): [number, number] {
  const plane = offset.shape[2] * offset.shape[3];
  const i = Math.floor(tap / kw);
  const j = tap % kw;
  return [i + offset.data[2 * tap * plane], j + offset.data[(2 * tap + 1) * plane]];
}

test('rotation offsets: 90° sends tap (0,0) where tap (0,2) sat, and keeps every tap on its circle', () => {
  const quarter = rotationOffsets(3, 1, [4, 5], 90);
  assert.deepEqual([...quarter.shape], [1, 18, 4, 5]);
  assert.deepEqual(samplePoint(quarter, 3, 0), [0, 2]); // top-left → top-right
  assert.deepEqual(samplePoint(quarter, 3, 2), [2, 2]); // top-right → bottom-right
  assert.deepEqual(samplePoint(quarter, 3, 8), [2, 0]); // bottom-right → bottom-left
  assert.deepEqual(samplePoint(quarter, 3, 4), [1, 1]); // the centre stays
  const half = rotationOffsets(3, 1, [4, 5], 180);
  assert.deepEqual(samplePoint(half, 3, 0), [2, 2]);
  const full = rotationOffsets(3, 1, [4, 5], 360);
  assert.ok(full.data.every((v) => v === 0));
  const odd = rotationOffsets([3, 5], [2, 1], [2, 2], 37);
  const plane = 4;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 5; j++) {
      const tap = i * 5 + j;
      const ry = (i - 1) * 2;
      const rx = j - 2;
      const y = ry + odd.data[2 * tap * plane];
      const x = rx + odd.data[(2 * tap + 1) * plane];
      assert.ok(Math.abs(Math.hypot(y, x) - Math.hypot(ry, rx)) < 1e-5, `tap ${tap} left its circle`);
    }
  }
  // Every output position carries the same field.
  for (let ch = 0; ch < odd.shape[1]; ch++) {
    const first = odd.data[ch * plane];
    for (let p = 1; p < plane; p++) assert.equal(odd.data[ch * plane + p], first);
  }
});

test('scaling, shift and random offsets have the documented layout and values', () => {
  const scale = scalingOffsets(3, 2, [1, 1], 0.5);
  // Tap (0,0) sits 2 cells up-left of the centre with dilation 2; half scale moves it 1 cell in.
  assert.equal(scale.data[0], 1);
  assert.equal(scale.data[1], 1);
  assert.equal(scale.data[2 * 4], 0);
  const shift = constantShiftOffsets([2, 3], [2, 2], 0.5, -1.25, 2);
  assert.deepEqual([...shift.shape], [1, 24, 2, 2]);
  for (let ch = 0; ch < 24; ch++) {
    for (let p = 0; p < 4; p++) assert.equal(shift.data[ch * 4 + p], ch % 2 === 0 ? 0.5 : -1.25);
  }
  const a = randomOffsets(3, [5, 4], 2, 42, 2);
  const b = randomOffsets(3, [5, 4], 2, 42, 2);
  const c = randomOffsets(3, [5, 4], 2, 43, 2);
  assert.deepEqual([...a.shape], [1, 36, 5, 4]);
  assert.deepEqual([...a.data], [...b.data]);
  assert.notDeepEqual([...a.data], [...c.data]);
  assert.ok(a.data.every((v) => v >= -2 && v < 2));
  assert.ok(Math.max(...a.data) > 1.5 && Math.min(...a.data) < -1.5, 'the amplitude is used');
});

test('bilinearSample equals Σ weight·value over bilinearTerms, including every boundary case', () => {
  const h = 4;
  const w = 5;
  const plane = Float32Array.from({ length: h * w }, (_, i) => ((i * 7) % 11) - 5);
  const rng = new Rng(9);
  const points: [number, number][] = [
    [-1, 2], [-0.999, 2], [4, 1], [3.999, 1], [2, -1], [2, -0.5], [1, 5], [1, 4.5], [0, 0], [3, 4], [-1, -1], [1.5, 2.25],
  ];
  for (let k = 0; k < 300; k++) points.push([rng.uniform() * 7 - 2, rng.uniform() * 8 - 2]);
  for (const [y, x] of points) {
    let viaTerms = 0;
    for (const t of bilinearTerms(h, w, y, x)) {
      if (t.inside) viaTerms += t.weight * plane[t.position[0] * w + t.position[1]];
    }
    const direct = bilinearSample(plane, 0, h, w, y, x);
    assert.ok(Math.abs(direct - viaTerms) < 1e-9, `(${y}, ${x}): ${direct} vs ${viaTerms}`);
  }
  // Integer points read the cell itself; the boundary rule gives 0 at y = −1 and y = H.
  assert.equal(bilinearSample(plane, 0, h, w, 2, 3), plane[2 * w + 3]);
  assert.equal(bilinearSample(plane, 0, h, w, -1, 2), 0);
  assert.equal(bilinearSample(plane, 0, h, w, 4, 2), 0);
  // Just inside the top edge only the row-0 neighbours count, weighted by 1 − 0.5.
  assert.equal(bilinearSample(plane, 0, h, w, -0.5, 2), 0.5 * plane[2]);
});
