// Shared by the trace tests: golden fixtures, WindowConfig built from PyTorch-style params, and
// plane slicing. Not a test file itself.

import { loadGolden, type GoldenCase, type GoldenTensor } from '../support/golden';
import type { PaddingMode, WindowConfig, WindowOpKind } from '../../../contract';
import { samePadding } from '../../../engine/shapes';
import { Rng } from '../../../engine/random';

export { loadGolden, type GoldenCase, type GoldenTensor };

function perAxis(value: unknown, axes: number, fallback: number): number[] {
  if (value === undefined || value === null) return new Array<number>(axes).fill(fallback);
  if (typeof value === 'number') return new Array<number>(axes).fill(value);
  const list = value as number[];
  return list.length === 1 ? new Array<number>(axes).fill(list[0]) : [...list];
}

/** The WindowConfig of a golden conv / conv_transpose / pool case (spatial axes from the output). */
export function configOf(c: GoldenCase): WindowConfig {
  const axes = c.output.shape.length - 2;
  const kind: WindowOpKind = c.op.startsWith('conv_transpose') ? 'conv_transpose' : c.op.startsWith('conv') ? 'conv' : c.op.startsWith('max') ? 'max_pool' : 'avg_pool';
  const p = c.params;
  const kernelSize = kind === 'conv' || kind === 'conv_transpose' ? c.weight!.shape.slice(2) : perAxis(p.kernel_size, axes, 1);
  const dilation = perAxis(p.dilation, axes, 1);
  let padBefore: number[];
  let padAfter: number[];
  if (p.padding === 'same') {
    const pads = kernelSize.map((k, a) => samePadding(k, dilation[a]));
    padBefore = pads.map((q) => q.before);
    padAfter = pads.map((q) => q.after);
  } else if (p.padding === 'valid') {
    padBefore = new Array<number>(axes).fill(0);
    padAfter = new Array<number>(axes).fill(0);
  } else {
    padBefore = perAxis(p.padding, axes, 0);
    padAfter = [...padBefore];
  }
  return {
    kind,
    inputSize: c.input.shape.slice(-axes),
    kernelSize,
    stride: p.stride === null || p.stride === undefined ? [...kernelSize] : perAxis(p.stride, axes, 1),
    dilation,
    padBefore,
    padAfter,
    outputPadding: perAxis(p.output_padding, axes, 0),
    paddingMode: (p.padding_mode as PaddingMode | undefined) ?? 'zeros',
    ceilMode: (p.ceil_mode as boolean | undefined) ?? false,
    countIncludePad: (p.count_include_pad as boolean | undefined) ?? true,
    outputSize: c.output.shape.slice(-axes),
  };
}

/** Plane `index` (over the leading axes) of a row-major tensor whose last `axes` axes form the plane. */
export function planeOf(t: { shape: readonly number[]; data: ArrayLike<number> }, leading: number[], axes: number): number[] {
  const planeSize = t.shape.slice(-axes).reduce((p, n) => p * n, 1);
  const lead = t.shape.slice(0, t.shape.length - axes);
  let flat = 0;
  for (let a = 0; a < lead.length; a++) flat = flat * lead[a] + leading[a];
  return Array.from({ length: planeSize }, (_, i) => t.data[flat * planeSize + i]);
}

export function randomIndex(rng: Rng, sizes: readonly number[]): number[] {
  return sizes.map((n) => Math.floor(rng.uniform() * n));
}

export function flat(index: readonly number[], sizes: readonly number[]): number {
  let f = 0;
  for (let a = 0; a < sizes.length; a++) f = f * sizes[a] + index[a];
  return f;
}

export function close(actual: number, expected: number, tol = 1e-4): boolean {
  return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
}
