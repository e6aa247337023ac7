// The engine's tensor: a Float32Array plus a shape, row-major, in PyTorch's layout (N, C, spatial...).

import { runtimeError } from './errors';

export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a contiguous tensor of this shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function makeTensor(shape: readonly number[], data?: Float32Array): Tensor {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw runtimeError(`Trying to create tensor with negative dimension ${d}: [${shape.join(', ')}]`);
  }
  const n = numel(shape);
  if (data && data.length !== n) throw runtimeError(`shape '[${shape.join(', ')}]' is invalid for input of size ${data.length}`);
  return { shape: [...shape], data: data ?? new Float32Array(n) };
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
