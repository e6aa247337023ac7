// Output shapes of torch's view, join, reduction and matmul ops, with PyTorch 1.13's checks and
// messages. Shape-only tensors and tensors with data both ask here, so each rule exists once.

import { runtimeError } from './errors';
import { normalizeDim } from './creation';
import { formatShape, numel } from './tensor';

/** permute(dims): a permutation of every axis. Returns the wrapped dims. */
export function permuteDims(inputShape: readonly number[], dims: readonly number[]): number[] {
  const rank = inputShape.length;
  if (dims.length !== rank) {
    // PyTorch 1.13 names the sparse overload in this message even for dense tensors.
    throw runtimeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${rank} is not equal to len(dims) = ${dims.length}`,
      'dims',
    );
  }
  const wrapped = dims.map((d) => normalizeDim(d, rank));
  if (new Set(wrapped).size !== wrapped.length) throw runtimeError('permute(): duplicate dims are not allowed.', 'dims');
  return wrapped;
}

/** transpose(d0, d1) as the permutation it is. */
export function transposeDims(rank: number, dim0: number, dim1: number): number[] {
  const a = normalizeDim(dim0, rank);
  const b = normalizeDim(dim1, rank);
  const dims = Array.from({ length: rank }, (_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return dims;
}

/** squeeze() drops every size-1 axis, squeeze(dim) only that one when it is 1. */
export function squeezeShape(inputShape: readonly number[], dim: number | null): number[] {
  if (dim === null) return inputShape.filter((d) => d !== 1);
  const d = normalizeDim(dim, inputShape.length);
  if (inputShape.length === 0 || inputShape[d] !== 1) return [...inputShape];
  return inputShape.filter((_, i) => i !== d);
}

/** flatten(start_dim, end_dim). */
export function flattenShape(inputShape: readonly number[], startDim: number, endDim: number): number[] {
  const rank = inputShape.length;
  const start = normalizeDim(startDim, rank, 'start_dim');
  const end = normalizeDim(endDim, rank, 'end_dim');
  if (start > end) throw runtimeError('flatten() has invalid args: start_dim cannot come after end_dim', 'start_dim');
  if (rank === 0) return [1];
  return [...inputShape.slice(0, start), numel(inputShape.slice(start, end + 1)), ...inputShape.slice(end + 1)];
}

/** torch.cat(tensors, dim): returns the output shape and the wrapped dim. */
export function catShape(shapes: readonly (readonly number[])[], dim: number): { shape: number[]; dim: number } {
  if (shapes.length === 0) throw runtimeError('torch.cat(): expected a non-empty list of Tensors', 'tensors');
  // Legacy rule: 1-D empty tensors are skipped.
  const kept = shapes.map((s, i) => ({ s, i })).filter(({ s }) => !(s.length === 1 && s[0] === 0));
  if (kept.length === 0) return { shape: [0], dim: 0 };
  const first = kept[0].s;
  const d = normalizeDim(dim, first.length);
  const shape = [...first];
  shape[d] = 0;
  for (const { s, i } of kept) {
    if (s.length !== first.length) throw runtimeError(`Tensors must have same number of dimensions: got ${first.length} and ${s.length}`, 'tensors');
    for (let a = 0; a < s.length; a++) {
      if (a !== d && s[a] !== first[a]) {
        throw runtimeError(`Sizes of tensors must match except in dimension ${d}. Expected size ${first[a]} but got size ${s[a]} for tensor number ${i} in the list.`, 'tensors');
      }
    }
    shape[d] += s[d];
  }
  return { shape, dim: d };
}

/** torch.stack(tensors, dim): every tensor the same shape; a new axis at dim. */
export function stackShape(shapes: readonly (readonly number[])[], dim: number): { shape: number[]; dim: number } {
  if (shapes.length === 0) throw runtimeError('stack expects a non-empty TensorList', 'tensors');
  const first = shapes[0];
  const d = normalizeDim(dim, first.length + 1);
  shapes.forEach((s, i) => {
    if (s.length !== first.length || s.some((v, a) => v !== first[a])) {
      throw runtimeError(`stack expects each tensor to be equal size, but got ${formatShape(first)} at entry 0 and ${formatShape(s)} at entry ${i}`, 'tensors');
    }
  });
  const shape = [...first];
  shape.splice(d, 0, shapes.length);
  return { shape, dim: d };
}

/** split(split_size_or_sections, dim) and chunk(chunks, dim): the sizes of the pieces along dim. */
export function splitSizes(inputShape: readonly number[], sizes: number | readonly number[], dim: number): { sizes: number[]; dim: number } {
  if (inputShape.length === 0) throw runtimeError('split expects at least a 1-dimensional tensor', 'input');
  const d = normalizeDim(dim, inputShape.length);
  const length = inputShape[d];
  if (typeof sizes === 'number') {
    if (sizes < 0) throw runtimeError(`split expects split_size be non-negative, but got split_size=${sizes}`, 'split_size');
    if (sizes === 0 && length !== 0) throw runtimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${length}`, 'split_size');
    const pieces: number[] = [];
    if (length === 0) return { sizes: [0], dim: d };
    for (let start = 0; start < length; start += sizes) pieces.push(Math.min(sizes, length - start));
    return { sizes: pieces, dim: d };
  }
  const total = sizes.reduce((s, v) => s + v, 0);
  if (sizes.some((v) => v < 0) || total !== length) {
    throw runtimeError(`split_with_sizes expects split_sizes to sum exactly to ${length} (input tensor's size at dimension ${d}), but got split_sizes=${formatShape(sizes)}`, 'split_size');
  }
  return { sizes: [...sizes], dim: d };
}

export function chunkSizes(inputShape: readonly number[], chunks: number, dim: number): { sizes: number[]; dim: number } {
  if (inputShape.length === 0) throw runtimeError('chunk expects at least a 1-dimensional tensor', 'input');
  if (chunks <= 0) throw runtimeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`, 'chunks');
  const d = normalizeDim(dim, inputShape.length);
  const size = Math.ceil(inputShape[d] / chunks);
  if (size === 0) return { sizes: new Array<number>(chunks).fill(0), dim: d };
  return splitSizes(inputShape, size, d);
}

/** sum/mean/max over dims (null: every axis) with keepdim. Returns the output shape and the wrapped dims. */
export function reduceShape(inputShape: readonly number[], dims: readonly number[] | null, keepdim: boolean): { shape: number[]; dims: number[] } {
  const rank = inputShape.length;
  const wrapped = dims === null || dims.length === 0 ? Array.from({ length: rank }, (_, i) => i) : dims.map((d) => normalizeDim(d, rank));
  const seen = new Set<number>();
  for (const d of wrapped) {
    if (seen.has(d)) throw runtimeError(`dim ${d} appears multiple times in the list of dims`, 'dim');
    seen.add(d);
  }
  const shape = keepdim ? inputShape.map((s, i) => (seen.has(i) ? 1 : s)) : inputShape.filter((_, i) => !seen.has(i));
  return { shape, dims: wrapped };
}

function broadcastBatch(batchA: readonly number[], batchB: readonly number[]): number[] {
  const rank = Math.max(batchA.length, batchB.length);
  const batch: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = batchA[batchA.length - rank + i] ?? 1;
    const db = batchB[batchB.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw runtimeError(`The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`, 'input');
    }
    batch.push(da === 1 ? db : da);
  }
  return batch;
}

/** torch.matmul's shape rules: dot, matrix–vector, matrix–matrix and broadcast batches. */
export function matmulShape(a: readonly number[], b: readonly number[]): number[] {
  if (a.length === 0 || b.length === 0) {
    throw runtimeError(`both arguments to matmul need to be at least 1D, but they are ${a.length}D and ${b.length}D`, 'input');
  }
  if (a.length === 1 && b.length === 1) {
    if (a[0] !== b[0]) {
      throw runtimeError(`inconsistent tensor size, expected tensor [${a[0]}] and src [${b[0]}] to have the same number of elements, but got ${a[0]} and ${b[0]} elements respectively`, 'input');
    }
    return [];
  }
  const aM = a.length === 1 ? [1, a[0]] : [...a];
  const bM = b.length === 1 ? [b[0], 1] : [...b];
  const [m, k1] = aM.slice(-2);
  const [k2, n] = bM.slice(-2);
  if (k1 !== k2 && b.length >= 3) {
    // A batched right operand goes through bmm, over the broadcast batch folded into one axis.
    const batch = numel(broadcastBatch(aM.slice(0, -2), bM.slice(0, -2)));
    throw runtimeError(`Expected size for first two dimensions of batch2 tensor to be: [${batch}, ${k1}] but got: [${batch}, ${k2}].`, 'input');
  }
  if (k1 !== k2) {
    const rows = numel(aM.slice(0, -1));
    throw runtimeError(`mat1 and mat2 shapes cannot be multiplied (${a.length === 1 ? 1 : rows}x${k1} and ${k2}x${n})`, 'input');
  }
  const batch = broadcastBatch(aM.slice(0, -2), bM.slice(0, -2));
  return [...batch, ...(a.length === 1 ? [] : [m]), ...(b.length === 1 ? [] : [n])];
}
