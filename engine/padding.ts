// Padding: which real input cell a padded position copies (one rule, shared with the traces and the
// renderer), padding a tensor's trailing axes with it, and F.pad's argument convention.

import type { PaddingMode } from '../contract';
import { padOutputShape } from './pad_args';
import { typeError } from './errors';
import { makeTensor, numel, type Tensor } from './tensor';

/** Conv's padding modes plus F.pad's 'constant' (zeros with a chosen value). */
export type PadMode = PaddingMode | 'constant';

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
 * Pads the LAST padBefore.length axes. Negative amounts crop. Every output cell takes its value
 * through sourceIndex, so the picture the renderer draws and the numbers agree. No argument
 * checks: callers validate with padOutputShape (F.pad's rules) first.
 */
export function padTensor(input: Tensor, padBefore: readonly number[], padAfter: readonly number[], mode: PadMode, value = 0): Tensor {
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

/** F.pad's pad list as (before, after) per padded axis, first padded axis first. */
export function padsPerAxis(pad: readonly number[]): { before: number[]; after: number[] } {
  const axes = pad.length / 2;
  const before = new Array<number>(axes);
  const after = new Array<number>(axes);
  for (let k = 0; k < axes; k++) {
    // pad[2k], pad[2k+1] belong to the k-th axis counted from the end.
    before[axes - 1 - k] = pad[2 * k];
    after[axes - 1 - k] = pad[2 * k + 1];
  }
  return { before, after };
}

/**
 * F.pad(input, pad, mode, value): pad lists (before, after) pairs starting from the LAST axis;
 * negative amounts crop. Checks and output shape are padOutputShape's (PyTorch 1.13's rules).
 */
export function fPad(input: Tensor, pad: readonly number[], mode: string = 'constant', value?: number): Tensor {
  for (const p of pad) {
    if (!Number.isInteger(p)) throw typeError(`pad(): argument 'pad' must be tuple of ints, but found element of type float`, 'pad');
  }
  const shape = padOutputShape(input.shape, pad, mode, value);
  if (numel(shape) === 0) return makeTensor(shape);
  const { before, after } = padsPerAxis(pad);
  if (mode === 'circular' && [...before, ...after].some((p) => p < 0)) {
    // PyTorch crops first and then wraps around what is left (padOutputShape made sure it is enough).
    const cropped = padTensor(input, before.map((p) => Math.min(p, 0)), after.map((p) => Math.min(p, 0)), 'constant');
    return padTensor(cropped, before.map((p) => Math.max(p, 0)), after.map((p) => Math.max(p, 0)), 'circular');
  }
  return padTensor(input, before, after, mode as PadMode, mode === 'constant' ? value ?? 0 : 0);
}
