// Making tensors and viewing them differently: torch.tensor from nested lists, zeros/ones/full,
// arange, reshape, unsqueeze and integer indexing, with PyTorch's rules and error messages.

import { ConvbookError, runtimeError, typeError, valueError } from './errors';
import { formatShape, makeTensor, numel, stridesOf, type Tensor } from './tensor';

function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'data' in value && 'shape' in value && (value as Tensor).data instanceof Float32Array;
}

function pythonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return typeof value;
}

/** A leaf of a nested list: a number, a bool, or a one-element tensor. */
function scalarOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isTensor(value)) {
    if (value.data.length !== 1) throw valueError('only one element tensors can be converted to Python scalars');
    return value.data[0];
  }
  return null;
}

/**
 * The shape torch.tensor(value) would have: it follows the first element at every depth, as
 * PyTorch's does. Known before anything is built, so budgets can refuse it first.
 */
export function nestedShape(value: unknown): number[] {
  if (isTensor(value)) return [...value.shape];
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  return shape;
}

/** torch.tensor(value), with nestedShape's shape; ragged nesting is PyTorch's ValueError. */
export function tensorFromNested(value: unknown): Tensor {
  if (isTensor(value)) return makeTensor(value.shape, value.data.slice());
  const shape = nestedShape(value);
  const out = makeTensor(shape);
  let write = 0;
  const visit = (node: unknown, dim: number): void => {
    if (dim === shape.length) {
      const scalar = scalarOf(node);
      if (scalar === null) {
        if (Array.isArray(node)) throw typeError('must be real number, not list');
        throw typeError(`new(): invalid data type '${pythonTypeName(node)}'`);
      }
      out.data[write++] = scalar;
      return;
    }
    if (!Array.isArray(node)) throw typeError(`not a sequence: expected a list at dim ${dim}, got ${pythonTypeName(node)}`);
    if (node.length !== shape[dim]) throw valueError(`expected sequence of length ${shape[dim]} at dim ${dim} (got ${node.length})`);
    for (const child of node) visit(child, dim + 1);
  };
  visit(value, 0);
  return out;
}

export function zeros(shape: readonly number[]): Tensor {
  return makeTensor(shape);
}

export function full(shape: readonly number[], value: number): Tensor {
  const t = makeTensor(shape);
  t.data.fill(value);
  return t;
}

export function ones(shape: readonly number[]): Tensor {
  return full(shape, 1);
}

/** torch.arange: arange(end), arange(start, end), arange(start, end, step); values start + i·step. */
export function arange(start: number, end?: number, step = 1): Tensor {
  if (end === undefined) {
    end = start;
    start = 0;
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw runtimeError(`unsupported range: ${start} -> ${end}`);
  if (step === 0) throw runtimeError('step must be nonzero', 'step');
  if (!Number.isFinite(step)) throw runtimeError(`unsupported range: step ${step}`, 'step');
  if ((step > 0 && end < start) || (step < 0 && end > start)) {
    throw runtimeError('upper bound and larger bound inconsistent with step sign', 'step');
  }
  const size = Math.ceil((end - start) / step);
  const t = makeTensor([size]);
  for (let i = 0; i < size; i++) t.data[i] = start + i * step;
  return t;
}

/** Wraps a possibly negative dimension into [0, rank), as PyTorch's maybe_wrap_dim. */
export function normalizeDim(dim: number, rank: number, argument = 'dim'): number {
  const low = -Math.max(rank, 1);
  const high = Math.max(rank, 1) - 1;
  if (!Number.isInteger(dim) || dim < low || dim > high) {
    throw new ConvbookError('IndexError', `Dimension out of range (expected to be in range of [${low}, ${high}], but got ${dim})`, argument);
  }
  return dim < 0 ? dim + Math.max(rank, 1) : dim;
}

/** The shape view/reshape produce: one -1 is inferred from the element count. */
export function reshapeShape(inputShape: readonly number[], shape: readonly number[]): number[] {
  let inferAt = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === -1) {
      if (inferAt >= 0) throw runtimeError('only one dimension can be inferred', 'shape');
      inferAt = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw runtimeError(`invalid shape dimension ${d}`, 'shape');
    } else {
      known *= d;
    }
  }
  const size = numel(inputShape);
  const resolved = [...shape];
  const invalid = (): ConvbookError => runtimeError(`shape '${formatShape(shape)}' is invalid for input of size ${size}`, 'shape');
  if (inferAt >= 0) {
    if (known === 0 || size % known !== 0) throw invalid();
    resolved[inferAt] = size / known;
  } else if (known !== size) {
    throw invalid();
  }
  return resolved;
}

/**
 * tensor.reshape. The result shares the data (tensors are immutable in the engine), as PyTorch's
 * reshape of a contiguous tensor returns a view.
 */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  return { shape: reshapeShape(t.shape, shape), data: t.data };
}

/** tensor.unsqueeze(dim): dim may be in [-(rank+1), rank]. */
export function unsqueeze(t: Tensor, dim: number): Tensor {
  const rank = t.shape.length;
  const d = normalizeDim(dim, rank + 1);
  const shape = [...t.shape];
  shape.splice(d, 0, 1);
  return { shape, data: t.data };
}

function selectAt(t: Tensor, dim: number, index: number, reportedDim: number): Tensor {
  const rank = t.shape.length;
  if (rank === 0) {
    throw new ConvbookError('IndexError', 'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number', 'index');
  }
  const d = normalizeDim(dim, rank);
  const size = t.shape[d];
  if (!Number.isInteger(index)) throw typeError(`only integers can be used as an index, got ${index}`, 'index');
  if (index < -size || index >= size) {
    throw new ConvbookError('IndexError', `index ${index} is out of bounds for dimension ${reportedDim < 0 ? d : reportedDim} with size ${size}`, 'index');
  }
  const i = index < 0 ? index + size : index;
  const strides = stridesOf(t.shape);
  const outer = numel(t.shape.slice(0, d));
  const inner = strides[d];
  const shape = [...t.shape.slice(0, d), ...t.shape.slice(d + 1)];
  const out = makeTensor(shape);
  for (let o = 0; o < outer; o++) {
    const from = o * size * inner + i * inner;
    out.data.set(t.data.subarray(from, from + inner), o * inner);
  }
  return out;
}

/** tensor.select(dim, index): drops that dimension. Negative indices count from the end. */
export function select(t: Tensor, dim: number, index: number): Tensor {
  return selectAt(t, dim, index, -1);
}

/** y[i, j, ...]: successive selects on the leading dimensions; errors name the original dimension. */
export function selectIndices(t: Tensor, indices: readonly number[]): Tensor {
  if (indices.length > t.shape.length && t.shape.length > 0) {
    throw new ConvbookError('IndexError', `too many indices for tensor of dimension ${t.shape.length}`, 'index');
  }
  let out = t;
  indices.forEach((index, k) => {
    out = selectAt(out, 0, index, k);
  });
  return out;
}
