// F.pad's argument checks and output shape, in PyTorch 1.13's order and with its messages: the
// mode, the pad list, then constant_pad_nd's narrowing rules or the reflection / replication /
// circular kernels' own checks. nn.Conv's padding_mode runs through the same rules (it calls F.pad).
// The data movement is in padding.ts.

import { ConvbookError, notImplementedError, runtimeError } from './errors';
import { formatShape } from './tensor';

const MODES: readonly string[] = ['constant', 'reflect', 'replicate', 'circular'];

/** c10's maybe_wrap_dim for narrow()'s start: a size-0 axis counts as size 1. */
function wrapStart(start: number, size: number): number {
  const post = size <= 0 ? 1 : size;
  if (start < -post || start > post - 1) {
    throw new ConvbookError('IndexError', `Dimension out of range (expected to be in range of [${-post}, ${post - 1}], but got ${start})`, 'pad');
  }
  return start < 0 ? start + post : start;
}

/** Tensor.narrow's checks; returns the narrowed length. */
function narrow(size: number, start: number, length: number): number {
  const s = start === size ? start : wrapStart(start, size);
  if (!(length >= 0 && s <= size - length)) {
    throw runtimeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`, 'pad');
  }
  return length;
}

/** constant_pad_nd: negative pads narrow the input first; a padded axis must end up non-empty. */
function constantPadShape(shape: readonly number[], pad: readonly number[]): number[] {
  const rank = shape.length;
  const padded = pad.length / 2;
  const first = rank - padded;
  const narrowed = [...shape];
  let allNonPositive = true;
  for (let i = first; i < rank; i++) {
    const index = 2 * (rank - i - 1);
    if (pad[index] < 0) narrowed[i] = narrow(narrowed[i], -pad[index], narrowed[i] + pad[index]);
    else if (pad[index] !== 0) allNonPositive = false;
    if (pad[index + 1] < 0) narrowed[i] = narrow(narrowed[i], 0, narrowed[i] + pad[index + 1]);
    else if (pad[index + 1] !== 0) allNonPositive = false;
  }
  if (allNonPositive) return narrowed;
  const out = [...shape];
  for (let i = 0; i < padded; i++) {
    const index = pad.length - (i + 1) * 2;
    const dim = first + i;
    const size = shape[dim] + pad[index] + pad[index + 1];
    if (size <= 0) {
      throw runtimeError(
        `The input size ${shape[dim]}, plus negative padding ${pad[index]} and ${pad[index + 1]} resulted in a negative output size, which is invalid. Check dimension ${dim} of your input.`,
        'pad',
      );
    }
    out[dim] = size;
  }
  return out;
}

/** The padded shape, sizes may be negative; (before, after) of axis a sit at pad[2(axes−1−a)]. */
function paddedSizes(shape: readonly number[], pad: readonly number[]): number[] {
  const axes = pad.length / 2;
  const rank = shape.length;
  return shape.map((size, dim) => {
    const a = dim - (rank - axes);
    if (a < 0) return size;
    const index = 2 * (axes - 1 - a);
    return size + pad[index] + pad[index + 1];
  });
}

function tensorRepr(shape: readonly number[]): string {
  return `[ torch.FloatTensor{${shape.join(',')}} ]`;
}

/** padding::check_valid_input: (N, C, spatial...) with N possibly 0, or (C, spatial...) non-empty. */
function checkValidInput(shape: readonly number[], axes: number): void {
  const batched = shape.length === axes + 2;
  const valid = batched ? shape.slice(1).every((s) => s !== 0) : shape.every((s) => s !== 0);
  if (!valid) {
    throw runtimeError(
      `Expected ${axes + 1}D or ${axes + 2}D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${formatShape(shape)}`,
      'input',
    );
  }
}

/** "Argument #4/#6/#8" (width, height, depth): a reflected pad must be smaller than its axis. */
function checkReflectAmounts(shape: readonly number[], pad: readonly number[], inputText: string): void {
  const axes = pad.length / 2;
  const rank = shape.length;
  for (let k = 0; k < axes; k++) {
    const dim = rank - 1 - k;
    const [before, after] = [pad[2 * k], pad[2 * k + 1]];
    if (!(before < shape[dim] && after < shape[dim])) {
      throw runtimeError(
        `Argument #${4 + 2 * k}: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${dim} of input ${inputText}`,
        'pad',
      );
    }
  }
}

/** A negative padded size: PyTorch fails allocating the output. */
function checkNonNegative(out: readonly number[]): void {
  const negative = out.find((s) => s < 0);
  if (negative !== undefined) throw runtimeError(`Trying to create tensor with negative dimension ${negative}: ${formatShape(out)}`, 'pad');
}

function reflectShape(shape: readonly number[], pad: readonly number[]): number[] {
  const axes = pad.length / 2;
  const rank = shape.length;
  const out = paddedSizes(shape, pad);
  const [w, h, d] = [shape[rank - 1], shape[rank - 2], shape[rank - 3]];
  const [ow, oh, od] = [out[rank - 1], out[rank - 2], out[rank - 3]];
  if (axes === 1) {
    const valid = rank === 2 ? shape[1] !== 0 : shape[1] !== 0 && shape[2] !== 0;
    if (!valid) throw runtimeError(`2D or 3D (batch mode) tensor expected for input, but got: ${tensorRepr(shape)}`, 'input');
    checkReflectAmounts(shape, pad, formatShape(shape));
    if (ow < 1) throw runtimeError(`2input (W: ${w})is too small. Calculated output W: ${ow}`, 'pad');
    return out;
  }
  if (axes === 2) {
    const valid = shape[1] !== 0 && shape[2] !== 0 && (rank === 3 || shape[3] !== 0);
    if (!valid) throw runtimeError(`3D or 4D (batch mode) tensor expected for input, but got: ${tensorRepr(shape)}`, 'input');
    checkReflectAmounts(shape, pad, String(rank));
    if (ow < 1 && oh < 1) throw runtimeError(`input (H: ${h}, W: ${w})is too small. Calculated output H: ${oh} W: ${ow}`, 'pad');
    // PyTorch 1.13 resizes its output to the negative size here and reports an integer overflow.
    checkNonNegative(out);
    return out;
  }
  checkValidInput(shape, 3);
  checkReflectAmounts(shape, pad, formatShape(shape));
  if (ow < 1 && oh < 1 && od < 1) {
    throw runtimeError(`input (D: ${d} H: ${h}, W: ${w}) is too small. Calculated output D: ${od} H: ${oh} W: ${ow}`, 'pad');
  }
  checkNonNegative(out);
  return out;
}

function replicateShape(shape: readonly number[], pad: readonly number[]): number[] {
  const axes = pad.length / 2;
  const rank = shape.length;
  const out = paddedSizes(shape, pad);
  const [w, h, d] = [shape[rank - 1], shape[rank - 2], shape[rank - 3]];
  const [ow, oh, od] = [out[rank - 1], out[rank - 2], out[rank - 3]];
  checkValidInput(shape, axes);
  if (axes === 1) {
    if (ow < 1) throw runtimeError(`input (W: ${w}) is too small. Calculated output W: ${ow}`, 'pad');
  } else if (axes === 2) {
    if (ow < 1 && oh < 1) throw runtimeError(`input (H: ${h}, W: ${w} ) is too small. Calculated output H: ${oh} W: ${ow}`, 'pad');
  } else if (ow < 1 && oh < 1 && od < 1) {
    throw runtimeError(`input (D: ${d} H: ${h}, W: ${w}) is too small. Calculated output D: ${od} H: ${oh} W: ${ow}`, 'pad');
  }
  checkNonNegative(out);
  return out;
}

function circularShape(shape: readonly number[], pad: readonly number[]): number[] {
  const rank = shape.length;
  if (pad.length + 4 !== rank * 2) throw runtimeError(`Invalid padding size, expected ${(rank - 2) * 2} but got ${pad.length}`, 'pad');
  const spatial = rank - 2;
  const out = [...shape];
  const wrapped: { before: number; after: number; size: number }[] = [];
  for (let i = 0; i < spatial; i++) {
    const before = pad[2 * (spatial - i - 1)];
    const after = pad[2 * (spatial - i - 1) + 1];
    const size = shape[2 + i];
    out[2 + i] = size + before + after;
    if (!(before <= size && after <= size)) throw runtimeError('Padding value causes wrapping around more than once.', 'pad');
    if (out[2 + i] < 0) throw runtimeError('Negative padding value is resulting in an empty dimension', 'pad');
    wrapped.push({ before, after, size });
  }
  // An empty result copies nothing, so nothing can wrap too far.
  if (out.includes(0)) return out;
  for (const { before, after, size } of wrapped) {
    // PyTorch crops first and wraps around what is left; a wrap longer than that makes 1.13 copy
    // between overlapping memory (an error) or from uninitialised memory, so convbook refuses it.
    const kept = size + Math.min(before, 0) + Math.min(after, 0);
    if (before > kept || after > kept) throw runtimeError('Padding value causes wrapping around more than once.', 'pad');
  }
  return out;
}

/**
 * The shape F.pad(input, pad, mode, value) produces, or PyTorch's error. `value` is undefined when
 * not given (F.pad's None). Non-constant modes pad 1, 2 or 3 trailing axes of an input with one or
 * two more axes (circular: exactly two more, a batch and a channel axis).
 */
export function padOutputShape(shape: readonly number[], pad: readonly number[], mode: string, value?: number): number[] {
  if (!MODES.includes(mode)) throw notImplementedError(`Unrecognised padding mode ${mode}`, 'mode');
  if (pad.length % 2 !== 0) throw runtimeError('Padding length must be divisible by 2', 'pad');
  if (pad.length > shape.length * 2) throw runtimeError('Padding length too large', 'pad');
  if (mode === 'constant') return constantPadShape(shape, pad);
  if (value !== undefined && value !== 0) throw runtimeError(`Padding mode "${mode}" doesn't take in value argument`, 'value');
  const axes = pad.length / 2;
  const rank = shape.length;
  if (!(axes >= 1 && axes <= 3 && (rank === axes + 1 || rank === axes + 2))) {
    throw notImplementedError('Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now', 'pad');
  }
  if (mode === 'reflect') return reflectShape(shape, pad);
  if (mode === 'replicate') return replicateShape(shape, pad);
  return circularShape(shape, pad);
}
