// Helpers for running PyTorch reference cases THROUGH CELLS: tensors written as the literals a
// user would type, Python values as source text, running a cell in a fresh session, and comparing
// a float32 result with PyTorch's float64 one.

import assert from 'node:assert/strict';
import { DEFAULT_KERNEL_SETTINGS, type CellError } from '../../../contract';
import type { Tensor } from '../../../engine/tensor';
import { Session } from '../../../lang/session';
import { isTensorValue, type PyValue } from '../../../lang/values';
import type { GoldenTensor } from './golden';

export type { GoldenTensor };

export type Param = number | number[] | string | boolean | null;

/** Row-major data as nested lists, in the shape's nesting (a 0-d tensor is its number). */
export function nested(t: GoldenTensor): unknown {
  const build = (dim: number, offset: number): unknown => {
    if (t.shape.length === 0) return t.data[0];
    const size = t.shape[dim];
    const inner = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: size }, (_, i) => (dim === t.shape.length - 1 ? t.data[offset + i] : build(dim + 1, offset + i * inner)));
  };
  return build(0, 0);
}

/** A tensor literal as a user would type it: tensor([[...], ...]). JSON's number and list syntax is Python's. */
export function literal(t: GoldenTensor): string {
  return `tensor(${JSON.stringify(nested(t))})`;
}

/** Python source for an argument value (lists become tuples). */
export function py(value: Param): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `(${value.join(', ')}${value.length === 1 ? ',' : ''})`;
  return String(value);
}

/** `name=value, ...` for the given names that params holds, in that order. */
export function kwargs(params: Record<string, Param>, names: string[]): string {
  return names.filter((n) => n in params).map((n) => `${n}=${py(params[n])}`).join(', ');
}

/** Runs one cell in a fresh session: the error, if any, and a way to read variables. */
export function execute(source: string): { error: CellError | null; variable: (name: string) => PyValue | undefined } {
  const session = new Session({ settings: DEFAULT_KERNEL_SETTINGS });
  const { error } = session.execute(source);
  return { error, variable: (name) => session.variable(name) };
}

/** Runs a cell that must succeed and returns the tensor bound to `variable`. */
export function run(source: string, variable = 'y'): Tensor {
  const { error, variable: read } = execute(source);
  assert.equal(error, null, `cell failed:\n${source.slice(0, 600)}\n${JSON.stringify(error)}`);
  const value = read(variable);
  assert.ok(isTensorValue(value), `${variable} is a tensor`);
  return value;
}

/** Relative 1e-4 (absolute 1e-4 near zero), the tolerance of float32 against PyTorch's float64. */
export function closeTo(actual: number, expected: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= Math.max(1e-4, 1e-4 * Math.abs(expected));
}

export function assertClose(actual: Tensor, expected: GoldenTensor, name: string): void {
  assert.deepEqual([...actual.shape], expected.shape, `${name}: shape`);
  for (let i = 0; i < expected.data.length; i++) {
    assert.ok(closeTo(actual.data[i], expected.data[i]), `${name}: element ${i} is ${actual.data[i]}, PyTorch gives ${expected.data[i]}`);
  }
}
