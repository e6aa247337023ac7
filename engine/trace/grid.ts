// Index bookkeeping shared by the traces: row-major enumeration of an N-D box, Cartesian products
// of per-axis index lists, and flat offsets into row-major planes.

import { valueError } from '../errors';

/** Every index of a box of the given sizes, row-major (last axis fastest). */
export function gridIndices(sizes: readonly number[]): number[][] {
  return cartesian(sizes.map((n) => Array.from({ length: Math.max(0, n) }, (_, i) => i)));
}

/** All combinations of one entry per axis, row-major. */
export function cartesian(lists: readonly (readonly number[])[]): number[][] {
  let out: number[][] = [[]];
  for (const list of lists) {
    const next: number[][] = [];
    for (const prefix of out) for (const v of list) next.push([...prefix, v]);
    out = next;
  }
  return out;
}

/** Row-major flat offset of an in-range index. */
export function flatIndex(index: readonly number[], sizes: readonly number[]): number {
  let flat = 0;
  for (let a = 0; a < sizes.length; a++) flat = flat * sizes[a] + index[a];
  return flat;
}

export function product(sizes: readonly number[]): number {
  return sizes.reduce((p, n) => p * n, 1);
}

/** Throws unless index names a cell of a box of these sizes. */
export function checkIndex(index: readonly number[], sizes: readonly number[], what: string): void {
  if (index.length !== sizes.length || index.some((v, a) => !Number.isInteger(v) || v < 0 || v >= sizes[a])) {
    throw valueError(`${what} [${index.join(', ')}] is outside [${sizes.join(', ')}]`, what);
  }
}
