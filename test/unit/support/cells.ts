// Helpers for running PyTorch reference cases THROUGH CELLS, in real Python with convbook's torch
// package as the kernel runs them: tensors written as the literals a user would type, Python values
// as source text, and a float32 result compared with PyTorch's float64 one. One interpreter per
// test process; every cell starts from an empty namespace with the usual imports.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { DEFAULT_KERNEL_SETTINGS, type CellError, type CellOutput } from '../../../contract';
import type { Tensor } from '../../../engine/tensor';
import { torchPackageInstaller } from '../../../python/install_package';
import { PythonSession } from '../../../python/runtime/python_session';
import type { GoldenTensor } from './golden';

export type { GoldenTensor };

export type Param = number | number[] | string | boolean | null;

const REPO = path.resolve(__dirname, '../../..');

/** What every cell may use without importing it, as a notebook's first cell imports it. */
export const PREAMBLE = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport torchvision\nfrom torchvision.ops import deform_conv2d, DeformConv2d';

let shared: Promise<PythonSession> | undefined;

function session(): Promise<PythonSession> {
  shared ??= (async () => {
    const settings = { ...DEFAULT_KERNEL_SETTINGS };
    const s = new PythonSession({ settings, installer: torchPackageInstaller({ packageDir: path.join(REPO, 'python/pkg'), settings }) });
    await s.ready();
    return s;
  })();
  return shared;
}

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

/** A tensor literal as a user would type it: torch.tensor([[...], ...]). JSON's number and list syntax is Python's. */
export function literal(t: GoldenTensor): string {
  return `torch.tensor(${JSON.stringify(nested(t))})`;
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

/** A variable as cells' tests read it back: a tensor (shape and values), a list of them, or its repr. */
export type CellValue = { tensor: Tensor } | { tensors: Tensor[] } | { repr: string } | undefined;

const READ = `
def _convbook_read(name):
    import json, torch
    g = globals()
    if name not in g:
        return json.dumps(None)
    def t(v):
        v._materialize()
        data = v.flatten().tolist() if v._has_data() else None
        return {"shape": list(v.shape), "data": None if data is None else [repr(x) for x in data]}
    v = g[name]
    if isinstance(v, torch.Tensor):
        return json.dumps({"tensor": t(v)})
    if isinstance(v, (list, tuple)) and v and all(isinstance(x, torch.Tensor) for x in v):
        return json.dumps({"tensors": [t(x) for x in v]})
    return json.dumps({"repr": repr(v)})
print(_convbook_read(NAME), end="")`;

function float(text: string): number {
  if (text === 'nan') return NaN;
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return Number(text);
}

function tensorOf(raw: { shape: number[]; data: string[] | null }): Tensor {
  return { shape: raw.shape, data: Float32Array.from((raw.data ?? []).map(float)) };
}

/**
 * Runs one cell in a fresh namespace (with PREAMBLE's imports unless `imports` is false, for cells
 * that must carry their own): the error, if any, its outputs, and a way to read variables.
 */
export async function execute(source: string, imports = true): Promise<{ error: CellError | null; outputs: CellOutput[]; variable: (name: string) => Promise<CellValue> }> {
  const s = await session();
  const reset = await s.execute(`for _k in [k for k in globals() if not k.startswith('__')]:\n    del globals()[_k]\n${imports ? PREAMBLE : ''}`);
  assert.equal(reset.error, null, JSON.stringify(reset.error));
  const { error, outputs } = await s.execute(source);
  return {
    error,
    outputs,
    variable: async (name) => {
      const r = await s.execute(READ.replace('NAME', JSON.stringify(name)));
      assert.equal(r.error, null, JSON.stringify(r.error));
      const raw = JSON.parse(String(r.outputs[0]?.items[0]?.value ?? 'null'));
      if (!raw) return undefined;
      if (raw.tensor) return { tensor: tensorOf(raw.tensor) };
      if (raw.tensors) return { tensors: raw.tensors.map(tensorOf) };
      return { repr: raw.repr };
    },
  };
}

/** Runs a cell that must succeed and returns the tensor bound to `variable`. */
export async function run(source: string, variable = 'y'): Promise<Tensor> {
  const { error, variable: read } = await execute(source);
  assert.equal(error, null, `cell failed:\n${source.slice(0, 600)}\n${JSON.stringify(error)}`);
  const value = await read(variable);
  assert.ok(value && 'tensor' in value, `${variable} is a tensor: ${JSON.stringify(value)}`);
  return value.tensor;
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
