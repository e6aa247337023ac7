// Element-wise arithmetic with NumPy/PyTorch broadcasting, and the pointwise activations.
// Two plain numbers stay a plain number (Python float arithmetic); anything with a tensor is a tensor.

import { runtimeError } from './errors';
import { makeTensor, numel, stridesOf, type Tensor } from './tensor';

type Operand = Tensor | number;

/** The broadcast shape of two shapes, aligned from the right; PyTorch's infer_size. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = rank - 1; i >= 0; i--) {
    const offset = rank - 1 - i;
    const da = a.length - 1 - offset >= 0 ? a[a.length - 1 - offset] : 1;
    const db = b.length - 1 - offset >= 0 ? b[b.length - 1 - offset] : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw runtimeError(`The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read `shape` as if it had `target`'s shape: 0 along broadcast axes. */
function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const own = stridesOf(shape);
  const out = new Array<number>(target.length).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const t = target.length - shape.length + i;
    out[t] = shape[i] === 1 ? 0 : own[i];
  }
  return out;
}

function binary(a: Operand, b: Operand, f: (x: number, y: number) => number): Operand {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  if (typeof b === 'number') {
    const A = a as Tensor;
    const out = makeTensor(A.shape);
    const x = A.data;
    for (let i = 0; i < x.length; i++) out.data[i] = f(x[i], b);
    return out;
  }
  if (typeof a === 'number') {
    const out = makeTensor(b.shape);
    const y = b.data;
    for (let i = 0; i < y.length; i++) out.data[i] = f(a, y[i]);
    return out;
  }
  const shape = broadcastShapes(a.shape, b.shape);
  const out = makeTensor(shape);
  const x = a.data;
  const y = b.data;
  const o = out.data;
  if (x.length === o.length && y.length === o.length) {
    for (let i = 0; i < o.length; i++) o[i] = f(x[i], y[i]);
    return out;
  }
  // General case: walk the output with an index counter; the last axis is the inner loop.
  const rank = shape.length;
  const sa = broadcastStrides(a.shape, shape);
  const sb = broadcastStrides(b.shape, shape);
  const inner = rank > 0 ? shape[rank - 1] : 1;
  const ia = rank > 0 ? sa[rank - 1] : 0;
  const ib = rank > 0 ? sb[rank - 1] : 0;
  const counter = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  const total = numel(shape);
  let offA = 0;
  let offB = 0;
  for (let base = 0; base < total; base += inner) {
    for (let j = 0; j < inner; j++) o[base + j] = f(x[offA + j * ia], y[offB + j * ib]);
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]++;
      offA += sa[d];
      offB += sb[d];
      if (counter[d] < shape[d]) break;
      offA -= sa[d] * shape[d];
      offB -= sb[d] * shape[d];
      counter[d] = 0;
    }
  }
  return out;
}

export function add(a: number, b: number): number;
export function add(a: Tensor, b: Operand): Tensor;
export function add(a: Operand, b: Tensor): Tensor;
export function add(a: Operand, b: Operand): Operand;
export function add(a: Operand, b: Operand): Operand {
  return binary(a, b, (x, y) => x + y);
}

export function sub(a: number, b: number): number;
export function sub(a: Tensor, b: Operand): Tensor;
export function sub(a: Operand, b: Tensor): Tensor;
export function sub(a: Operand, b: Operand): Operand;
export function sub(a: Operand, b: Operand): Operand {
  return binary(a, b, (x, y) => x - y);
}

export function mul(a: number, b: number): number;
export function mul(a: Tensor, b: Operand): Tensor;
export function mul(a: Operand, b: Tensor): Tensor;
export function mul(a: Operand, b: Operand): Operand;
export function mul(a: Operand, b: Operand): Operand {
  return binary(a, b, (x, y) => x * y);
}

/** True division. Tensor ÷ 0 gives ±inf or nan as in PyTorch; two plain numbers are left to the caller's Python rules. */
export function div(a: number, b: number): number;
export function div(a: Tensor, b: Operand): Tensor;
export function div(a: Operand, b: Tensor): Tensor;
export function div(a: Operand, b: Operand): Operand;
export function div(a: Operand, b: Operand): Operand {
  return binary(a, b, (x, y) => x / y);
}

function unary(t: Tensor, f: (x: number) => number): Tensor {
  const out = makeTensor(t.shape);
  const x = t.data;
  for (let i = 0; i < x.length; i++) out.data[i] = f(x[i]);
  return out;
}

/** max(x, 0); NaN stays NaN as in PyTorch. */
export function relu(t: Tensor): Tensor {
  return unary(t, (x) => (x < 0 ? 0 : x));
}

/** 1 / (1 + e^−x), written so neither branch overflows. */
export function sigmoid(t: Tensor): Tensor {
  return unary(t, (x) => {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    const e = Math.exp(x);
    return e / (1 + e);
  });
}
