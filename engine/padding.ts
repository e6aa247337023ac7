// Padding: which real input cell a padded position copies (one rule, shared with the traces and the
// renderer), padding a tensor's trailing axes with it, and F.pad's argument convention.

import type { PaddingMode } from '../contract';
import { runtimeError } from './errors';
import { formatShape, makeTensor, numel, type Tensor } from './tensor';

/** Conv's padding modes plus F.pad's 'constant' (zeros with a chosen value). */
export type PadMode = PaddingMode | 'constant';

const PAD_MODES: readonly string[] = ['constant', 'reflect', 'replicate', 'circular'];

/**
 * The input index that position i (in unpadded coordinates: negative before the start, ≥ size after
 * the end) copies; null when it is a constant/zero cell. reflect mirrors without repeating the
 * edge (−1 → 1), replicate repeats the edge, circular wraps around.
 */
export function sourceIndex(i: number, size: number, mode: PadMode): number | null {
  if (i >= 0 && i < size) return i;
  switch (mode) {
    case 'zeros':
    case 'constant':
      return null;
    case 'replicate':
      return i < 0 ? 0 : size - 1;
    case 'circular':
      return ((i % size) + size) % size;
    case 'reflect': {
      if (size === 1) return 0;
      // PyTorch only allows pad < size (one reflection); folding by the period covers any i.
      const period = 2 * (size - 1);
      const m = ((i % period) + period) % period;
      return m < size ? m : period - m;
    }
  }
}

/**
 * PyTorch's limits on padding amounts for the last padBefore.length axes of a tensor of this
 * shape: reflect needs pad < size, circular pad ≤ size, and no axis may end up negative (or
 * empty, for the copying modes). Shape-only, so argument checkers can call it without data.
 */
export function checkPadAmounts(shape: readonly number[], padBefore: readonly number[], padAfter: readonly number[], mode: PadMode): void {
  const rank = shape.length;
  const axes = padBefore.length;
  if (padAfter.length !== axes) throw runtimeError('padBefore and padAfter must have the same length', 'padding');
  if (axes > rank) throw runtimeError(`Padding length too large: ${axes} axes for an input of dimension ${rank}`, 'padding');
  const first = rank - axes;
  // PyTorch checks the last axis (width) first.
  for (let a = axes - 1; a >= 0; a--) {
    const dim = first + a;
    const size = shape[dim];
    const before = padBefore[a];
    const after = padAfter[a];
    // PyTorch numbers its arguments from the last axis: #4 for width, #6 for height, #8 for depth.
    const argumentNumber = 4 + 2 * (axes - 1 - a);
    if (mode === 'reflect' && (before >= size || after >= size)) {
      throw runtimeError(
        `Argument #${argumentNumber}: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${dim} of input ${formatShape(shape)}`,
        'padding',
      );
    }
    if (mode === 'circular' && (before > size || after > size)) {
      throw runtimeError('Padding value causes wrapping around more than once.', 'padding');
    }
    const out = size + before + after;
    if (out < 0 || (out === 0 && mode !== 'constant' && mode !== 'zeros')) {
      throw runtimeError(
        `The input size ${size}, plus negative padding ${before} and ${after} resulted in a negative output size, which is invalid. Check dimension ${dim} of your input.`,
        'padding',
      );
    }
  }
}

/**
 * Pads the LAST padBefore.length axes. Negative amounts crop. Every output cell takes its value
 * through sourceIndex, so the picture the renderer draws and the numbers agree.
 */
export function padTensor(input: Tensor, padBefore: readonly number[], padAfter: readonly number[], mode: PadMode, value = 0): Tensor {
  checkPadAmounts(input.shape, padBefore, padAfter, mode);
  const rank = input.shape.length;
  const axes = padBefore.length;
  const first = rank - axes;
  const inShape = input.shape;
  const outShape = inShape.map((d, i) => (i < first ? d : d + padBefore[i - first] + padAfter[i - first]));
  const out = makeTensor(outShape);
  if (out.data.length === 0) return out;
  const isConstant = mode === 'zeros' || mode === 'constant';
  if (isConstant && value !== 0) out.data.fill(value);

  // Per padded axis: for each output index, the offset of its source along that axis (−1: constant).
  const inStrides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= inShape[i];
  }
  const maps: Int32Array[] = [];
  for (let a = 0; a < axes; a++) {
    const dim = first + a;
    const m = new Int32Array(outShape[dim]);
    for (let o = 0; o < m.length; o++) {
      const src = inShape[dim] === 0 ? null : sourceIndex(o - padBefore[a], inShape[dim], mode);
      m[o] = src === null ? -1 : src * inStrides[dim];
    }
    maps.push(m);
  }

  const outer = numel(inShape.slice(0, first));
  const inBlock = numel(inShape.slice(first));
  const outBlock = numel(outShape.slice(first));
  const src = input.data;
  const dst = out.data;
  const innerMap = maps[axes - 1];
  const innerLength = innerMap ? innerMap.length : 1;
  const rows = outBlock / innerLength;
  const counter = new Array<number>(axes).fill(0);
  for (let b = 0; b < outer; b++) {
    const inBase = b * inBlock;
    let write = b * outBlock;
    counter.fill(0);
    for (let r = 0; r < rows; r++) {
      // Offset of this output row's source row, or −1 if any of its outer axes is in constant padding.
      let rowOffset = 0;
      for (let a = 0; a < axes - 1; a++) {
        const m = maps[a][counter[a]];
        if (m < 0) {
          rowOffset = -1;
          break;
        }
        rowOffset += m;
      }
      if (axes === 0) {
        dst[write] = src[inBase];
        write++;
      } else if (rowOffset >= 0) {
        const base = inBase + rowOffset;
        for (let o = 0; o < innerLength; o++) {
          const m = innerMap[o];
          if (m >= 0) dst[write + o] = src[base + m];
        }
        write += innerLength;
      } else {
        write += innerLength;
      }
      for (let a = axes - 2; a >= 0; a--) {
        if (++counter[a] < outShape[first + a]) break;
        counter[a] = 0;
      }
    }
  }
  return out;
}

/**
 * F.pad(input, pad, mode, value): pad lists (before, after) pairs starting from the LAST axis;
 * negative amounts crop. Non-constant modes pad 1, 2 or 3 trailing axes of a batched or unbatched
 * input, as PyTorch allows.
 */
export function fPad(input: Tensor, pad: readonly number[], mode: string = 'constant', value?: number): Tensor {
  if (!PAD_MODES.includes(mode)) {
    throw runtimeError(`Unrecognised padding mode ${mode}`, 'mode');
  }
  for (const p of pad) {
    if (!Number.isInteger(p)) throw runtimeError(`pad must be a sequence of ints, got ${p}`, 'pad');
  }
  const rank = input.shape.length;
  if (pad.length % 2 !== 0) throw runtimeError('Padding length must be divisible by 2', 'pad');
  if (pad.length > 2 * rank) {
    throw runtimeError(
      `Padding length should be less than or equal to two times the input dimension but got padding length ${pad.length} and input of dimension ${rank}`,
      'pad',
    );
  }
  const axes = pad.length / 2;
  if (mode !== 'constant') {
    if (value !== undefined && value !== 0) throw runtimeError(`Padding mode "${mode}" doesn't take in value argument`, 'value');
    const supported = (axes === 1 || axes === 2 || axes === 3) && (rank === axes + 1 || rank === axes + 2);
    if (!supported) {
      throw runtimeError('Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now', 'pad');
    }
  }
  const before = new Array<number>(axes);
  const after = new Array<number>(axes);
  for (let k = 0; k < axes; k++) {
    // pad[2k], pad[2k+1] belong to the k-th axis counted from the end.
    before[axes - 1 - k] = pad[2 * k];
    after[axes - 1 - k] = pad[2 * k + 1];
  }
  return padTensor(input, before, after, mode as PadMode, value ?? 0);
}
