// y[0, 3], y[0], y[:, 1:3], xs[-1], model[0]: Python's indexing rules for sequences and PyTorch's
// basic indexing (ints and slices) for tensors, with their IndexError messages.

import { makeTensor, stridesOf, type Tensor } from '../engine/tensor';
import { pyError, type Runtime } from './runtime';
import { isTensorValue, PyTuple, SequentialModule, TorchSize, typeName, type PyValue } from './values';

export interface SliceSpec {
  slice: true;
  start: number | null;
  stop: number | null;
  step: number | null;
}

/** The items inside [...]: one per comma-separated position. */
export type IndexValue = (PyValue | SliceSpec)[];

function isSlice(value: PyValue | SliceSpec): value is SliceSpec {
  return typeof value === 'object' && value !== null && (value as SliceSpec).slice === true;
}

/** Python's slice.indices(length): the selected positions. */
export function sliceRange(slice: SliceSpec, length: number): number[] {
  const step = slice.step ?? 1;
  if (step === 0) throw pyError('ValueError', 'slice step cannot be zero');
  const clamp = (value: number | null, fallback: number, low: number, high: number): number => {
    if (value === null) return fallback;
    const v = value < 0 ? value + length : value;
    return Math.min(Math.max(v, low), high);
  };
  const out: number[] = [];
  if (step > 0) {
    const start = clamp(slice.start, 0, 0, length);
    const stop = clamp(slice.stop, length, 0, length);
    for (let i = start; i < stop; i += step) out.push(i);
  } else {
    const start = clamp(slice.start, length - 1, -1, length - 1);
    const stop = clamp(slice.stop, -1, -1, length - 1);
    for (let i = start; i > stop; i += step) out.push(i);
  }
  return out;
}

function integerIndex(value: PyValue, what: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isTensorValue(value) && value.data.length === 1 && value.shape.length === 0) return value.data[0];
  throw pyError('TypeError', `${what} indices must be integers or slices, not ${typeName(value)}`);
}

function sequenceIndex(length: number, index: number, what: string): number {
  const i = index < 0 ? index + length : index;
  if (i < 0 || i >= length) throw pyError('IndexError', `${what} index out of range`);
  return i;
}

export function getItem(runtime: Runtime, owner: PyValue, index: IndexValue): PyValue {
  if (isTensorValue(owner)) return indexTensor(runtime, owner, index);
  const what = owner instanceof TorchSize ? 'tuple' : owner instanceof PyTuple ? 'tuple' : Array.isArray(owner) ? 'list' : typeof owner === 'string' ? 'string' : null;
  if (what !== null || owner instanceof SequentialModule) {
    const items: readonly PyValue[] | string = owner instanceof SequentialModule ? owner.layers : (owner as PyValue[] | string);
    const label = owner instanceof SequentialModule ? 'Sequential' : what!;
    if (index.length !== 1) throw pyError('TypeError', `${label} indices must be integers or slices, not tuple`);
    const key = index[0];
    if (isSlice(key)) {
      const picked = sliceRange(key, items.length).map((i) => items[i]);
      if (typeof items === 'string') return (picked as string[]).join('');
      if (owner instanceof SequentialModule) return new SequentialModule(picked as SequentialModule['layers']);
      if (owner instanceof TorchSize) return TorchSize.ofShape(picked as number[]);
      if (owner instanceof PyTuple) return PyTuple.from_(picked as PyValue[]);
      return picked as PyValue[];
    }
    const i = sequenceIndex(items.length, integerIndex(key, label), label);
    return items[i] as PyValue;
  }
  throw pyError('TypeError', `'${typeName(owner)}' object is not subscriptable`);
}

export function setItem(owner: PyValue, index: IndexValue, value: PyValue): void {
  if (Array.isArray(owner) && !(owner instanceof PyTuple)) {
    if (index.length !== 1 || isSlice(index[0])) throw pyError('TypeError', 'convbook supports assigning one list item at a time (xs[i] = value)');
    const i = sequenceIndex(owner.length, integerIndex(index[0], 'list'), 'list assignment');
    owner[i] = value;
    return;
  }
  if (isTensorValue(owner)) {
    throw pyError('TypeError', 'convbook tensors are immutable: item assignment is not supported (build a new tensor with torch.tensor(...))');
  }
  throw pyError('TypeError', `'${typeName(owner)}' object does not support item assignment`);
}

/** PyTorch's basic indexing with ints and slices; the result is a new tensor (0-d when every axis gets an int). */
export function indexTensor(runtime: Runtime, t: Tensor, index: IndexValue): Tensor {
  const rank = t.shape.length;
  if (index.length > rank) throw pyError('IndexError', `too many indices for tensor of dimension ${rank}`);
  const picks: number[][] = [];
  const keep: boolean[] = [];
  for (let dim = 0; dim < rank; dim++) {
    const size = t.shape[dim];
    const key = dim < index.length ? index[dim] : ({ slice: true, start: null, stop: null, step: null } as SliceSpec);
    if (isSlice(key)) {
      if (key.step !== null && key.step <= 0) throw pyError('ValueError', 'step must be greater than zero');
      picks.push(sliceRange(key, size));
      keep.push(true);
    } else {
      if (typeof key === 'boolean') throw pyError('IndexError', 'boolean indexing is not supported in convbook cells');
      const raw = integerIndex(key, 'tensor');
      const i = raw < 0 ? raw + size : raw;
      if (i < 0 || i >= size) throw pyError('IndexError', `index ${raw} is out of bounds for dimension ${dim} with size ${size}`);
      picks.push([i]);
      keep.push(false);
    }
  }
  const outShape = picks.filter((_, d) => keep[d]).map((p) => p.length);
  runtime.checkBudget(outShape);
  const out = makeTensor(outShape);
  const strides = stridesOf(t.shape);
  let write = 0;
  const visit = (dim: number, offset: number): void => {
    if (dim === rank) {
      out.data[write++] = t.data[offset];
      return;
    }
    for (const i of picks[dim]) visit(dim + 1, offset + i * strides[dim]);
  };
  if (out.data.length > 0 || rank === 0) visit(0, 0);
  return out;
}
