// Shared by the conv tests: tolerant comparison with PyTorch's golden outputs.

import type { Tensor } from '../../../engine/tensor';
import { tensorOf, type GoldenTensor } from '../support/golden';

const isIntegral = (values: ArrayLike<number>): boolean => Array.prototype.every.call(values, (v: number) => Number.isInteger(v));

/**
 * Returns null when `actual` matches `expected` (relative 1e-4, absolute 1e-4 near zero; exact
 * when every expected value is an integer and so were the inputs), else a description.
 */
export function mismatch(actual: Tensor, expected: GoldenTensor, exact: boolean): string | null {
  if (actual.shape.join(',') !== expected.shape.join(',')) return `shape [${actual.shape}] != [${expected.shape}]`;
  const exactNow = exact && isIntegral(expected.data);
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i];
    const a = actual.data[i];
    const ok = exactNow ? a === e : Math.abs(a - e) <= Math.max(1e-4, 1e-4 * Math.abs(e));
    if (!ok) return `element ${i}: got ${a}, expected ${e}`;
  }
  return null;
}

export function allIntegral(...tensors: (GoldenTensor | null)[]): boolean {
  return tensors.every((t) => t === null || isIntegral(t.data));
}

/** A golden conv case's input, weight and bias as tensors, and whether its output must match exactly. */
export function operandsOf(c: { input: GoldenTensor; weight: GoldenTensor; bias: GoldenTensor | null }): { input: Tensor; weight: Tensor; bias: Tensor | null; exact: boolean } {
  return {
    input: tensorOf(c.input),
    weight: tensorOf(c.weight),
    bias: c.bias ? tensorOf(c.bias) : null,
    exact: allIntegral(c.input, c.weight, c.bias),
  };
}
