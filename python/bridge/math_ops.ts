// torch's elementwise arithmetic (with broadcasting), pointwise functions, reductions over dims
// and matmul for the Python package. Shapes come from the engine's rules; values only when every
// input has them.

import type { KernelSettings } from '../../contract';
import { broadcastShapes } from '../../engine/elementwise';
import { runtimeError } from '../../engine/errors';
import { matmulShape, reduceShape } from '../../engine/tensor_shapes';
import { numel, stridesOf } from '../../engine/tensor';
import { checkOpWork, meta, parseOptions, result, type TensorRef } from './ref';
import { stridedCopy } from './strided';

const BINARY: Record<string, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => x ** y,
  // Python's floor division and modulo, as PyTorch's floor_divide / remainder.
  floordiv: (x, y) => Math.floor(x / y),
  mod: (x, y) => x - Math.floor(x / y) * y,
  maximum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)),
  minimum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y)),
  eq: (x, y) => Number(x === y),
  ne: (x, y) => Number(x !== y),
  lt: (x, y) => Number(x < y),
  le: (x, y) => Number(x <= y),
  gt: (x, y) => Number(x > y),
  ge: (x, y) => Number(x >= y),
};

const UNARY: Record<string, (x: number, a: number) => number> = {
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  sqrt: (x) => Math.sqrt(x),
  rsqrt: (x) => 1 / Math.sqrt(x),
  sin: (x) => Math.sin(x),
  cos: (x) => Math.cos(x),
  floor: (x) => Math.floor(x),
  ceil: (x) => Math.ceil(x),
  // round half to even, as torch.round
  round: (x) => {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
  clamp_min: (x, a) => (Number.isNaN(x) ? x : Math.max(x, a)),
  clamp_max: (x, a) => (Number.isNaN(x) ? x : Math.min(x, a)),
};

/** A number or a tensor, aligned to the broadcast shape through zero strides. */
function broadcastRead(operand: TensorRef | number, shape: readonly number[]): Float32Array {
  if (typeof operand === 'number') return new Float32Array(numel(shape)).fill(operand);
  const own = stridesOf(operand.shape);
  const lead = shape.length - operand.shape.length;
  const strides = shape.map((_, i) => (i < lead || operand.shape[i - lead] === 1 ? 0 : own[i - lead]));
  return stridedCopy(operand.data as Float32Array, 0, strides, shape);
}

function shapeOf(operand: TensorRef | number): readonly number[] {
  return typeof operand === 'number' ? [] : operand.shape;
}

function valued(operand: TensorRef | number): boolean {
  return typeof operand === 'number' || operand.data !== null;
}

/** Visits every reduced group: calls reduce(values) for each output position. */
function reduceValues(t: TensorRef, dims: readonly number[], reduce: (values: Float32Array) => number[], outputs: number): Float32Array[] {
  const rank = t.shape.length;
  const keptAxes = Array.from({ length: rank }, (_, i) => i).filter((i) => !dims.includes(i));
  const order = [...keptAxes, ...dims];
  const strides = stridesOf(t.shape);
  const moved = stridedCopy(t.data as Float32Array, 0, order.map((d) => strides[d]), order.map((d) => t.shape[d]));
  const groups = numel(keptAxes.map((d) => t.shape[d]));
  const size = numel(dims.map((d) => t.shape[d]));
  const outs = Array.from({ length: outputs }, () => new Float32Array(groups));
  for (let g = 0; g < groups; g++) {
    const values = reduce(moved.subarray(g * size, (g + 1) * size));
    for (let o = 0; o < outputs; o++) outs[o][g] = values[o];
  }
  return outs;
}

function argMax(values: Float32Array, min: boolean): [number, number] {
  if (values.length === 0) throw runtimeError('max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the \'dim\' argument.', 'input');
  let best = values[0];
  let at = 0;
  for (let i = 1; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(best)) break;
    if (Number.isNaN(v) || (min ? v < best : v > best)) {
      best = v;
      at = i;
    }
  }
  return [best, at];
}

function matmulValues(a: TensorRef, b: TensorRef, shape: readonly number[]): Float32Array {
  const aM = a.shape.length === 1 ? [1, a.shape[0]] : [...a.shape];
  const bM = b.shape.length === 1 ? [b.shape[0], 1] : [...b.shape];
  const [m, k] = aM.slice(-2);
  const n = bM[bM.length - 1];
  const batch = shape.slice(0, Math.max(aM.length, bM.length) - 2);
  const A = broadcastRead({ shape: aM, data: a.data }, [...batch, m, k]);
  const B = broadcastRead({ shape: bM, data: b.data }, [...batch, k, n]);
  const count = numel(batch);
  const out = new Float32Array(count * m * n);
  for (let p = 0; p < count; p++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += A[p * m * k + i * k + q] * B[p * k * n + q * n + j];
        out[p * m * n + i * n + j] = s;
      }
    }
  }
  return out;
}

export function mathOps(settings: KernelSettings) {
  return {
    binary: (op: string, a: TensorRef | number, b: TensorRef | number): TensorRef => {
      const f = BINARY[op];
      const shape = broadcastShapes(shapeOf(a), shapeOf(b));
      return result(settings, shape, valued(a) && valued(b), () => {
        const x = broadcastRead(a, shape);
        const y = broadcastRead(b, shape);
        for (let i = 0; i < x.length; i++) x[i] = f(x[i], y[i]);
        return x;
      });
    },
    unary: (op: string, t: TensorRef, arg: number): TensorRef => {
      const f = UNARY[op];
      return result(settings, t.shape, t.data !== null, () => (t.data as Float32Array).map((x) => f(x, arg)));
    },
    reduce: (op: string, t: TensorRef, dimsJson: string, keepdim: boolean): TensorRef[] => {
      const dims = parseOptions<number[] | null>(dimsJson);
      const { shape, dims: wrapped } = reduceShape(t.shape, dims, keepdim);
      const withIndices = (op === 'max' || op === 'min') && dims !== null;
      if (t.data === null) return withIndices ? [meta(shape), meta(shape)] : [meta(shape)];
      const size = numel(wrapped.map((d) => t.shape[d]));
      const outs = reduceValues(
        t,
        wrapped,
        (v) => {
          if (op === 'max' || op === 'min') return argMax(v, op === 'min');
          let s = 0;
          for (let i = 0; i < v.length; i++) s += v[i];
          return [op === 'mean' ? s / size : s];
        },
        withIndices ? 2 : 1,
      );
      return outs.map((data) => result(settings, shape, true, () => data));
    },
    matmul: (a: TensorRef, b: TensorRef): TensorRef => {
      const shape = matmulShape(a.shape, b.shape);
      if (a.data !== null && b.data !== null) checkOpWork(settings, numel(shape) * (a.shape[a.shape.length - 1] ?? 1), 'matmul', a, b);
      return result(settings, shape, a.data !== null && b.data !== null, () => matmulValues(a, b, shape));
    },
  };
}
