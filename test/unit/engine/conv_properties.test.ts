// Property tests for conv and transposed conv on random configurations: both against plain
// reference loops written here (independent of the engine's padding and GEMM code), and the
// adjoint identity ⟨conv(x, w), y⟩ = ⟨x, conv_transpose(y, w)⟩ that ties the two together.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { PaddingMode } from '../../../contract';
import { conv } from '../../../engine/conv';
import { convTranspose } from '../../../engine/conv_transpose';
import { blockedGemmKernel, getGemmKernel, setGemmKernel, type GemmArgs } from '../../../engine/gemm';
import { randn } from '../../../engine/random';
import { effectiveKernel, samePadding } from '../../../engine/shapes';
import { numel, type Tensor } from '../../../engine/tensor';

interface ConvConfig {
  dims: number;
  batch: number;
  groups: number;
  cinG: number;
  coutG: number;
  kernel: number[];
  stride: number[];
  dilation: number[];
  padding: number[] | 'same' | 'valid';
  mode: PaddingMode;
  inputSize: number[];
  bias: boolean;
  seed: number;
}

const raw = fc.record({
  dims: fc.integer({ min: 1, max: 3 }),
  batch: fc.integer({ min: 1, max: 2 }),
  groups: fc.integer({ min: 1, max: 3 }),
  cinG: fc.integer({ min: 1, max: 3 }),
  coutG: fc.integer({ min: 1, max: 3 }),
  axes: fc.array(
    fc.record({
      kernel: fc.integer({ min: 1, max: 4 }),
      stride: fc.integer({ min: 1, max: 3 }),
      dilation: fc.integer({ min: 1, max: 3 }),
      pad: fc.integer({ min: 0, max: 3 }),
      extra: fc.integer({ min: 0, max: 5 }),
    }),
    { minLength: 3, maxLength: 3 },
  ),
  paddingKind: fc.constantFrom('int', 'int', 'same', 'valid'),
  mode: fc.constantFrom<PaddingMode>('zeros', 'zeros', 'reflect', 'replicate', 'circular'),
  bias: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
});

/** Turns raw draws into a configuration PyTorch accepts (sizes large enough for the padding mode). */
function configOf(r: typeof raw extends fc.Arbitrary<infer T> ? T : never): ConvConfig {
  const axes = r.axes.slice(0, r.dims);
  const same = r.paddingKind === 'same';
  const stride = axes.map((a) => (same ? 1 : a.stride));
  const dilation = axes.map((a) => a.dilation);
  const kernel = axes.map((a) => a.kernel);
  const padding: ConvConfig['padding'] = r.paddingKind === 'int' ? axes.map((a) => a.pad) : (r.paddingKind as 'same' | 'valid');
  const padAmount = (i: number): number => (padding === 'valid' ? 0 : padding === 'same' ? samePadding(kernel[i], dilation[i]).after : padding[i]);
  const inputSize = axes.map((a, i) => {
    const needed = Math.max(1, effectiveKernel(kernel[i], dilation[i]) - 2 * padAmount(i));
    // reflect needs pad < size, circular pad ≤ size.
    return Math.max(needed, padAmount(i) + 1) + a.extra;
  });
  return { dims: r.dims, batch: r.batch, groups: r.groups, cinG: r.cinG, coutG: r.coutG, kernel, stride, dilation, padding, mode: r.mode, inputSize, bias: r.bias, seed: r.seed };
}

/** Reads input cell i of an axis of this size under a padding mode; null means zero. Written from the docs, not from engine/padding.ts. */
function padRead(i: number, size: number, mode: PaddingMode): number | null {
  if (i >= 0 && i < size) return i;
  if (mode === 'zeros') return null;
  if (mode === 'replicate') return Math.min(Math.max(i, 0), size - 1);
  if (mode === 'circular') return i < 0 ? i + size : i - size;
  return i < 0 ? -i : 2 * (size - 1) - i;
}

/** Direct definition: out[n, co, o] = b[co] + Σ_ci Σ_t x[n, g·cinG + ci, o·s − pBefore + t·d] · w[co, ci, t]. */
function referenceConv(x: Tensor, w: Tensor, bias: Tensor | null, c: ConvConfig): { shape: number[]; data: Float64Array } {
  const padBefore: number[] = [];
  const padAfter: number[] = [];
  for (let i = 0; i < c.dims; i++) {
    if (c.padding === 'valid') padBefore.push(0), padAfter.push(0);
    else if (c.padding === 'same') {
      const total = c.dilation[i] * (c.kernel[i] - 1);
      padBefore.push(Math.floor(total / 2));
      padAfter.push(total - Math.floor(total / 2));
    } else padBefore.push(c.padding[i]), padAfter.push(c.padding[i]);
  }
  const outSize = c.inputSize.map((s, i) => Math.floor((s + padBefore[i] + padAfter[i] - c.dilation[i] * (c.kernel[i] - 1) - 1) / c.stride[i]) + 1);
  const cin = c.cinG * c.groups;
  const cout = c.coutG * c.groups;
  const shape = [c.batch, cout, ...outSize];
  const out = new Float64Array(numel(shape));
  const inStrides = strides(c.inputSize);
  const outStrides = strides(outSize);
  const kStrides = strides(c.kernel);
  const outCount = numel(outSize);
  const tapCount = numel(c.kernel);
  const inCount = numel(c.inputSize);
  for (let n = 0; n < c.batch; n++) {
    for (let co = 0; co < cout; co++) {
      const g = Math.floor(co / c.coutG);
      for (let o = 0; o < outCount; o++) {
        let sum = bias ? bias.data[co] : 0;
        for (let ci = 0; ci < c.cinG; ci++) {
          for (let t = 0; t < tapCount; t++) {
            let offset = 0;
            let zero = false;
            for (let a = 0; a < c.dims; a++) {
              const oa = Math.floor(o / outStrides[a]) % outSize[a];
              const ta = Math.floor(t / kStrides[a]) % c.kernel[a];
              const src = padRead(oa * c.stride[a] - padBefore[a] + ta * c.dilation[a], c.inputSize[a], c.mode);
              if (src === null) zero = true;
              else offset += src * inStrides[a];
            }
            if (zero) continue;
            sum += x.data[(n * cin + g * c.cinG + ci) * inCount + offset] * w.data[(co * c.cinG + ci) * tapCount + t];
          }
        }
        out[(n * cout + co) * outCount + o] = sum;
      }
    }
  }
  return { shape, data: out };
}

function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length);
  for (let i = shape.length - 1, acc = 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** Direct definition of the scatter: every x[n, ci, i] · w[ci, co, t] lands on out[n, g·coutG + co, i·s − p + t·d]. */
function referenceConvTranspose(x: Tensor, w: Tensor, bias: Tensor | null, dims: number, groups: number, stride: number[], padding: number[], dilation: number[], outputPadding: number[]): { shape: number[]; data: Float64Array } {
  const [batch, cin, ...inSize] = x.shape;
  const kernel = w.shape.slice(2);
  const coutG = w.shape[1];
  const cinG = cin / groups;
  const cout = coutG * groups;
  const outSize = inSize.map((s, i) => (s - 1) * stride[i] - 2 * padding[i] + dilation[i] * (kernel[i] - 1) + outputPadding[i] + 1);
  const shape = [batch, cout, ...outSize];
  const out = new Float64Array(numel(shape));
  const inStrides = strides(inSize);
  const outStrides = strides(outSize);
  const kStrides = strides(kernel);
  const inCount = numel(inSize);
  const outCount = numel(outSize);
  const tapCount = numel(kernel);
  for (let n = 0; n < batch; n++) {
    for (let co = 0; co < cout; co++) for (let o = 0; o < outCount; o++) out[(n * cout + co) * outCount + o] = bias ? bias.data[co] : 0;
    for (let ci = 0; ci < cin; ci++) {
      const g = Math.floor(ci / cinG);
      for (let i = 0; i < inCount; i++) {
        const v = x.data[(n * cin + ci) * inCount + i];
        for (let co = 0; co < coutG; co++) {
          for (let t = 0; t < tapCount; t++) {
            let offset = 0;
            let outside = false;
            for (let a = 0; a < dims; a++) {
              const ia = Math.floor(i / inStrides[a]) % inSize[a];
              const ta = Math.floor(t / kStrides[a]) % kernel[a];
              const pos = ia * stride[a] - padding[a] + ta * dilation[a];
              if (pos < 0 || pos >= outSize[a]) outside = true;
              offset += pos * outStrides[a];
            }
            if (outside) continue;
            out[(n * cout + g * coutG + co) * outCount + offset] += v * w.data[(ci * coutG + co) * tapCount + t];
          }
        }
      }
    }
  }
  return { shape, data: out };
}

function assertClose(actual: Tensor, expected: { shape: number[]; data: Float64Array }, label: string): void {
  assert.deepEqual([...actual.shape], expected.shape, `${label}: shape`);
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i];
    const diff = Math.abs(actual.data[i] - e);
    if (diff > 1e-4 * Math.max(1, Math.abs(e))) assert.fail(`${label}: element ${i} is ${actual.data[i]}, expected ${e}`);
  }
}

function tensors(c: ConvConfig): { x: Tensor; w: Tensor; b: Tensor | null } {
  const cin = c.cinG * c.groups;
  const cout = c.coutG * c.groups;
  return {
    x: randn([c.batch, cin, ...c.inputSize], c.seed),
    w: randn([cout, c.cinG, ...c.kernel], c.seed + 1),
    b: c.bias ? randn([cout], c.seed + 2) : null,
  };
}

test('conv matches the direct definition on random configs (groups, stride, dilation, padding modes, same/valid)', () => {
  fc.assert(
    fc.property(raw, (r) => {
      const c = configOf(r);
      const { x, w, b } = tensors(c);
      const y = conv(x, w, b, { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups, paddingMode: c.mode });
      assertClose(y, referenceConv(x, w, b, c), JSON.stringify({ ...c, seed: undefined }));
    }),
    { numRuns: 300, seed: 20240601 },
  );
});

test('conv over many output positions and deep columns (a kernel splits them in column chunks per thread) matches the direct definition', () => {
  // 40×40 positions of 2 groups × 70 channels × 3×3 taps: several chunks of 512 columns; 920
  // channels × 3×3 = 8280 rows: chunks narrowed (to 504) to bound the columns' memory; odd sizes leave edges.
  const configs: ConvConfig[] = [
    { dims: 2, batch: 2, groups: 2, cinG: 70, coutG: 5, kernel: [3, 3], stride: [1, 1], dilation: [1, 1], padding: [1, 1], mode: 'zeros', inputSize: [40, 40], bias: true, seed: 11 },
    { dims: 2, batch: 1, groups: 1, cinG: 920, coutG: 2, kernel: [3, 3], stride: [1, 1], dilation: [1, 1], padding: [0, 0], mode: 'zeros', inputSize: [33, 35], bias: true, seed: 12 },
  ];
  for (const c of configs) {
    const { x, w, b } = tensors(c);
    const y = conv(x, w, b, { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups });
    assertClose(y, referenceConv(x, w, b, c), `cinG=${c.cinG} input=${c.inputSize}`);
  }
});

test('depthwise 3x3 (the gather fast path) matches the direct definition: strides, dilations, padding, multipliers', () => {
  fc.assert(
    fc.property(raw, (r) => {
      const axes = r.axes.map((a) => ({ ...a, kernel: 3 }));
      const c = configOf({ ...r, dims: 2, cinG: 1, axes });
      const { x, w, b } = tensors(c);
      const y = conv(x, w, b, { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups, paddingMode: c.mode });
      assertClose(y, referenceConv(x, w, b, c), JSON.stringify({ ...c, seed: undefined }));
    }),
    { numRuns: 200, seed: 31337 },
  );
});

test('depthwise 3x3 on wide planes (sixteen-output blocks, stride-2 gathers, every tail width) matches the direct definition', () => {
  // The drawn configs above stay under a dozen columns; the kernels' blocked loops need more.
  const wide = fc.record({
    groups: fc.integer({ min: 1, max: 3 }),
    coutG: fc.integer({ min: 1, max: 2 }),
    batch: fc.integer({ min: 1, max: 2 }),
    height: fc.integer({ min: 1, max: 9 }),
    width: fc.integer({ min: 1, max: 70 }),
    strideH: fc.integer({ min: 1, max: 2 }),
    strideW: fc.integer({ min: 1, max: 3 }),
    dilation: fc.integer({ min: 1, max: 2 }),
    padH: fc.integer({ min: 0, max: 4 }),
    padW: fc.integer({ min: 0, max: 4 }),
    bias: fc.boolean(),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  });
  fc.assert(
    fc.property(wide, (r) => {
      const reach = 2 * r.dilation + 1;
      fc.pre(r.height + 2 * r.padH >= reach && r.width + 2 * r.padW >= reach);
      const c: ConvConfig = {
        dims: 2, batch: r.batch, groups: r.groups, cinG: 1, coutG: r.coutG, kernel: [3, 3],
        stride: [r.strideH, r.strideW], dilation: [r.dilation, r.dilation], padding: [r.padH, r.padW],
        mode: 'zeros', inputSize: [r.height, r.width], bias: r.bias, seed: r.seed,
      };
      const { x, w, b } = tensors(c);
      const y = conv(x, w, b, { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups });
      assertClose(y, referenceConv(x, w, b, c), JSON.stringify({ ...r, seed: undefined }));
    }),
    { numRuns: 300, seed: 4242 },
  );
});

test('depthwise 3x3 over planes large enough to stream in chunks (chunks cross batch items; channel multiplier 2)', () => {
  // 90×90 input and two 88×88 output planes per input plane: the WebAssembly path takes two input
  // planes per chunk, so the three chunks of 2 items × 3 channels start at planes 0, 2 and 4.
  const c: ConvConfig = {
    dims: 2, batch: 2, groups: 3, cinG: 1, coutG: 2, kernel: [3, 3], stride: [1, 1], dilation: [1, 1],
    padding: [0, 0], mode: 'zeros', inputSize: [90, 90], bias: true, seed: 90,
  };
  const { x, w, b } = tensors(c);
  assertClose(conv(x, w, b, { groups: 3 }), referenceConv(x, w, b, c), 'chunked depthwise');
});

test('conv_transpose matches the direct scatter definition on random configs (groups, output_padding, dilation)', () => {
  fc.assert(
    fc.property(raw, fc.integer({ min: 0, max: 2 }), (r, opDraw) => {
      const c = configOf({ ...r, paddingKind: 'int', mode: 'zeros' });
      const cin = c.cinG * c.groups;
      const x = randn([c.batch, cin, ...c.inputSize], c.seed);
      const w = randn([cin, c.coutG, ...c.kernel], c.seed + 1);
      const b = c.bias ? randn([c.coutG * c.groups], c.seed + 2) : null;
      const padding = c.padding as number[];
      // output_padding must stay below stride or dilation; it must also leave a positive output size.
      const outputPadding = c.stride.map((s, i) => Math.min(opDraw, Math.max(s, c.dilation[i]) - 1));
      const outSize = c.inputSize.map((s, i) => (s - 1) * c.stride[i] - 2 * padding[i] + c.dilation[i] * (c.kernel[i] - 1) + outputPadding[i] + 1);
      fc.pre(outSize.every((o) => o >= 1));
      const y = convTranspose(x, w, b, { stride: c.stride, padding, outputPadding, dilation: c.dilation, groups: c.groups });
      assertClose(y, referenceConvTranspose(x, w, b, c.dims, c.groups, c.stride, padding, c.dilation, outputPadding), 'conv_transpose');
    }),
    { numRuns: 300, seed: 777 },
  );
});

test('adjoint identity: <conv(x, w), y> = <x, conv_transpose(y, w)> with the same weight tensor', () => {
  fc.assert(
    fc.property(raw, (r) => {
      const c = configOf({ ...r, paddingKind: 'int', mode: 'zeros', bias: false });
      const { x, w } = tensors(c);
      const padding = c.padding as number[];
      const cx = conv(x, w, null, { stride: c.stride, padding, dilation: c.dilation, groups: c.groups });
      const y = randn([...cx.shape], c.seed + 3);
      // conv's weight (C_out, C_in/g, k) read as a transposed weight is (C_in' = C_out, C_out'/g = C_in/g, k):
      // the transposed conv maps C_out channels back to C_in. output_padding restores the input
      // size lost to the floor in conv's output length; it is < stride, so PyTorch accepts it.
      const outputPadding = c.inputSize.map((s, i) => s - ((cx.shape[2 + i] - 1) * c.stride[i] - 2 * padding[i] + c.dilation[i] * (c.kernel[i] - 1) + 1));
      assert.ok(outputPadding.every((op, i) => op >= 0 && op < c.stride[i]));
      const ty = convTranspose(y, w, null, { stride: c.stride, padding, outputPadding, dilation: c.dilation, groups: c.groups });
      assert.deepEqual([...ty.shape], [...x.shape]);
      let left = 0;
      let right = 0;
      let scale = 0;
      for (let i = 0; i < y.data.length; i++) {
        left += cx.data[i] * y.data[i];
        scale += Math.abs(cx.data[i] * y.data[i]);
      }
      for (let i = 0; i < x.data.length; i++) {
        right += x.data[i] * ty.data[i];
        scale += Math.abs(x.data[i] * ty.data[i]);
      }
      assert.ok(Math.abs(left - right) <= 1e-5 * Math.max(1, scale), `<conv x, y> = ${left} but <x, convT y> = ${right}`);
    }),
    { numRuns: 300, seed: 4242 },
  );
});

test('conv and conv_transpose run their products through the replaceable GEMM kernel', () => {
  const calls: GemmArgs[] = [];
  const naive = {
    name: 'naive-for-test',
    gemm(args: GemmArgs) {
      calls.push(args);
      const { m, n, k, a, b, c } = args;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) {
            const av = args.transA ? a[args.aOffset + p * args.lda + i] : a[args.aOffset + i * args.lda + p];
            const bv = args.transB ? b[args.bOffset + j * args.ldb + p] : b[args.bOffset + p * args.ldb + j];
            s += av * bv;
          }
          const o = args.cOffset + i * args.ldc + j;
          c[o] = (args.accumulate ? c[o] : 0) + s;
        }
      }
    },
  };
  const before = getGemmKernel();
  setGemmKernel(naive);
  try {
    assert.equal(getGemmKernel().name, 'naive-for-test');
    const x = randn([1, 4, 7, 6], 1);
    const w = randn([6, 2, 3, 3], 2);
    const viaNaive = conv(x, w, null, { padding: 1, groups: 2 });
    const t = convTranspose(viaNaive, randn([6, 3, 2, 2], 3), null, { stride: 2 });
    assert.ok(calls.length >= 3, `expected GEMM calls, got ${calls.length}`);
    setGemmKernel(blockedGemmKernel);
    const viaBlocked = conv(x, w, null, { padding: 1, groups: 2 });
    for (let i = 0; i < viaBlocked.data.length; i++) assert.ok(Math.abs(viaBlocked.data[i] - viaNaive.data[i]) < 1e-4);
    assert.deepEqual([...t.shape], [1, 3, 14, 12]);
  } finally {
    setGemmKernel(before);
  }
});
