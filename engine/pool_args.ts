// Argument checks, output shapes and window arithmetic of PyTorch's 2-D pooling (F.max_pool2d,
// F.avg_pool2d, F.adaptive_avg_pool2d). The loops are in pool.ts; the per-window rules exported
// here (avg-pool divisor span, adaptive bins) are shared with the traces the renderer draws.

import { ConvbookError, runtimeError, typeError, valueError } from './errors';
import { poolOutputLength } from './shapes';
import { formatShape } from './tensor';

export interface MaxPool2dOptions {
  kernelSize: number | number[];
  /** null, undefined or [] mean "same as kernelSize", as in PyTorch. */
  stride?: number | number[] | null;
  padding?: number | number[];
  dilation?: number | number[];
  ceilMode?: boolean;
}

export interface AvgPool2dOptions {
  kernelSize: number | number[];
  stride?: number | number[] | null;
  padding?: number | number[];
  ceilMode?: boolean;
  /** Default true, as in PyTorch. */
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

export interface Pool2dGeometry {
  /** False for an unbatched (C, H, W) input; the output then has no batch axis either. */
  batched: boolean;
  batch: number;
  channels: number;
  inputSize: [number, number];
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  ceilMode: boolean;
  outputSize: [number, number];
  outputShape: number[];
}

export interface AvgPool2dGeometry extends Pool2dGeometry {
  countIncludePad: boolean;
  divisorOverride: number | null;
}

export interface AdaptivePool2dGeometry {
  batched: boolean;
  batch: number;
  channels: number;
  /** Planes averaged independently: every axis before the last two. */
  planes: number;
  inputSize: [number, number];
  outputSize: [number, number];
  outputShape: number[];
}

type OpName = 'max_pool2d' | 'avg_pool2d';

function intList(op: OpName, name: string, value: number | number[]): number[] {
  const list = typeof value === 'number' ? [value] : value;
  list.forEach((v, i) => {
    if (!Number.isInteger(v)) throw typeError(`${op}(): argument '${name}' must be tuple of ints, but found element of type float at pos ${i}`, name);
  });
  return list;
}

function pair(list: number[]): [number, number] {
  return list.length === 1 ? [list[0], list[0]] : [list[0], list[1]];
}

/**
 * pooling_output_shape's checks on one axis and pool2d_shape_check's first ones, in PyTorch
 * 1.13's order: per axis (height, then width) stride ≠ 0, padding ≥ 0 and at most half the
 * undilated kernel (C++ division, which truncates), then kernel, stride and dilation > 0.
 * Shared with the layer specs. Later PyTorch versions let max pooling pad up to half the dilated kernel.
 */
export function checkPoolWindow(kernel: readonly number[], stride: readonly number[], padding: readonly number[], dilation: readonly number[]): void {
  for (let axis = 0; axis < kernel.length; axis++) {
    if (stride[axis] === 0) throw runtimeError('stride should not be zero', 'stride');
    if (padding[axis] < 0) throw runtimeError(`pad must be non-negative, but got pad: ${padding[axis]}`, 'padding');
    if (padding[axis] > Math.trunc(kernel[axis] / 2)) {
      throw runtimeError(`pad should be at most half of kernel size, but got pad=${padding[axis]} and kernel_size=${kernel[axis]}`, 'padding');
    }
  }
  if (kernel.some((k) => k <= 0)) throw runtimeError(`kernel size should be greater than zero, but got kH: ${kernel[0]} kW: ${kernel[1]}`, 'kernel_size');
  if (stride.some((s) => s <= 0)) throw runtimeError(`stride should be greater than zero, but got dH: ${stride[0]} dW: ${stride[1]}`, 'stride');
  if (dilation.some((d) => d <= 0)) {
    throw runtimeError(`dilation should be greater than zero, but got dilationH: ${dilation[0]} dilationW: ${dilation[1]}`, 'dilation');
  }
}

/** The meta functions' first checks: one or two values per argument (stride may be omitted). */
export function poolArgumentLists(
  op: OpName,
  options: { kernelSize: number | number[]; stride?: number | number[] | null; padding?: number | number[]; dilation?: number | number[] },
): { kernel: [number, number]; stride: [number, number]; padding: [number, number]; dilation: [number, number] } {
  const kernelList = intList(op, 'kernel_size', options.kernelSize);
  if (kernelList.length !== 1 && kernelList.length !== 2) {
    throw runtimeError(`${op}: kernel_size must either be a single int, or a tuple of two ints`, 'kernel_size');
  }
  const strideList = options.stride === null || options.stride === undefined ? [] : intList(op, 'stride', options.stride);
  if (strideList.length > 2) {
    throw runtimeError(`${op}: stride must either be omitted, a single int, or a tuple of two ints`, 'stride');
  }
  const paddingList = intList(op, 'padding', options.padding ?? 0);
  if (paddingList.length !== 1 && paddingList.length !== 2) {
    // max_pool2d's message has a doubled "be" in PyTorch 1.13.
    throw runtimeError(`${op}: padding must ${op === 'max_pool2d' ? 'be either be' : 'either be'} a single int, or a tuple of two ints`, 'padding');
  }
  const dilationList = intList(op, 'dilation', options.dilation ?? 1);
  if (dilationList.length !== 1 && dilationList.length !== 2) {
    throw runtimeError(`${op}: dilation must be either a single int, or a tuple of two ints`, 'dilation');
  }
  const kernel = pair(kernelList);
  return { kernel, stride: strideList.length === 0 ? kernel : pair(strideList), padding: pair(paddingList), dilation: pair(dilationList) };
}

/** Tensor.size(dim) for a negative dim, with c10's range check. */
function sizeFromEnd(shape: readonly number[], dim: number): number {
  const r = Math.max(shape.length, 1);
  if (dim < -r) throw new ConvbookError('IndexError', `Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`, 'input');
  return shape[shape.length + dim];
}

/** pool2d_shape_check after the argument checks: a non-empty (C, H, W) or (N, C, H, W) input, and a non-empty output. */
function resolveWindow(
  shape: readonly number[],
  kernel: [number, number],
  stride: [number, number],
  padding: [number, number],
  dilation: [number, number],
  ceilMode: boolean,
): Pool2dGeometry {
  const [channels, height, width] = [sizeFromEnd(shape, -3), sizeFromEnd(shape, -2), sizeFromEnd(shape, -1)];
  const inputSize: [number, number] = [height, width];
  checkPoolWindow(kernel, stride, padding, dilation);
  const rank = shape.length;
  const validDims = shape[1] !== 0 && shape[2] !== 0;
  if (!((rank === 3 && shape[0] !== 0 && validDims) || (rank === 4 && validDims && shape[3] !== 0))) {
    throw runtimeError(`Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatShape(shape)}`, 'input');
  }
  const outputSize: [number, number] = [0, 1].map((a) => poolOutputLength(inputSize[a], kernel[a], stride[a], padding[a], dilation[a], ceilMode)) as [number, number];
  if (outputSize[0] < 1 || outputSize[1] < 1) {
    throw runtimeError(
      `Given input size: (${channels}x${height}x${width}). Calculated output size: (${channels}x${outputSize[0]}x${outputSize[1]}). Output size is too small`,
      'kernel_size',
    );
  }
  const batched = rank === 4;
  const batch = batched ? shape[0] : 1;
  const outputShape = batched ? [batch, channels, ...outputSize] : [channels, ...outputSize];
  return { batched, batch, channels, inputSize, kernel, stride, padding, dilation, ceilMode, outputSize, outputShape };
}

export function resolveMaxPool2d(inputShape: readonly number[], options: MaxPool2dOptions): Pool2dGeometry {
  const { kernel, stride, padding, dilation } = poolArgumentLists('max_pool2d', options);
  if (inputShape.length !== 3 && inputShape.length !== 4) throw runtimeError('non-empty 3D or 4D (batch mode) tensor expected for input', 'input');
  return resolveWindow(inputShape, kernel, stride, padding, dilation, options.ceilMode ?? false);
}

export function resolveAvgPool2d(inputShape: readonly number[], options: AvgPool2dOptions): AvgPool2dGeometry {
  const { kernel, stride, padding } = poolArgumentLists('avg_pool2d', { kernelSize: options.kernelSize, stride: options.stride, padding: options.padding });
  const divisorOverride = options.divisorOverride ?? null;
  if (divisorOverride !== null) {
    if (!Number.isInteger(divisorOverride)) throw typeError(`avg_pool2d(): argument 'divisor_override' must be int, not float`, 'divisor_override');
    if (divisorOverride === 0) throw runtimeError('divisor must be not zero', 'divisor_override');
  }
  const geometry = resolveWindow(inputShape, kernel, stride, padding, [1, 1], options.ceilMode ?? false);
  return { ...geometry, countIncludePad: options.countIncludePad ?? true, divisorOverride };
}

/**
 * F.adaptive_avg_pool2d: Python's _list_with_default (None takes the input's size on that axis),
 * then ATen's checks. A 1×1 output is a mean over the last two axes, which PyTorch takes for any
 * input of rank ≥ 2 without the rank check.
 */
export function resolveAdaptiveAvgPool2d(inputShape: readonly number[], outputSize: number | readonly (number | null)[]): AdaptivePool2dGeometry {
  const rank = inputShape.length;
  let requested: (number | null)[];
  if (typeof outputSize === 'number') {
    requested = [outputSize, outputSize];
  } else {
    if (rank <= outputSize.length) throw valueError(`Input dimension should be at least ${outputSize.length + 1}`, 'input');
    requested = outputSize.map((v, i) => (v === null ? inputShape[rank - outputSize.length + i] : v));
  }
  for (const v of requested) {
    if (!Number.isInteger(v)) throw typeError(`adaptive_avg_pool2d(): argument 'output_size' must be tuple of ints, but found element of type float`, 'output_size');
  }
  if (requested.length !== 2) throw runtimeError('adaptive_avg_pool2d: output_size must be 2', 'output_size');
  const resolved: [number, number] = [requested[0] as number, requested[1] as number];
  if (resolved[0] < 0 || resolved[1] < 0) {
    throw runtimeError(
      `adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${resolved[0]}, ${resolved[1]}}`,
      'output_size',
    );
  }
  const meanOnly = resolved[0] === 1 && resolved[1] === 1;
  if (meanOnly && rank < 2) {
    throw new ConvbookError('IndexError', `Dimension out of range (expected to be in range of [${-Math.max(rank, 1)}, ${Math.max(rank, 1) - 1}], but got -2)`, 'input');
  }
  if (!meanOnly) {
    if (rank !== 3 && rank !== 4) throw runtimeError(`adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ${formatShape(inputShape)}`, 'input');
    for (const dim of [rank - 2, rank - 1]) {
      if (inputShape[dim] === 0) {
        throw runtimeError(
          `adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${formatShape(inputShape)} with dimension ${dim} being empty`,
          'input',
        );
      }
    }
  }
  const leading = inputShape.slice(0, rank - 2);
  const [height, width] = [inputShape[rank - 2], inputShape[rank - 1]];
  const outputShape = [...leading, ...resolved];
  const batched = rank === 4;
  return {
    batched,
    batch: batched ? inputShape[0] : 1,
    channels: rank >= 3 ? inputShape[rank - 3] : 1,
    planes: leading.reduce((a, b) => a * b, 1),
    inputSize: [height, width],
    outputSize: resolved,
    outputShape,
  };
}

/**
 * One axis of an avg-pool window, PyTorch's rule: the window [o·s − p, o·s − p + k) is first clipped
 * to the padded extent (input + p at the end; ceil_mode's last window can reach past it), and that
 * clipped length `span` is the count_include_pad divisor; start/end then clip to the real input.
 */
export function avgPoolAxisWindow(outIndex: number, kernel: number, stride: number, padding: number, inputSize: number): { start: number; end: number; span: number } {
  const paddedStart = outIndex * stride - padding;
  const paddedEnd = Math.min(paddedStart + kernel, inputSize + padding);
  return {
    start: Math.max(paddedStart, 0),
    end: Math.min(paddedEnd, inputSize),
    span: paddedEnd - paddedStart,
  };
}

/** The avg-pool divisor for one output cell, from its per-axis windows. */
export function avgPoolDivisor(
  windows: readonly { start: number; end: number; span: number }[],
  countIncludePad: boolean,
  divisorOverride: number | null,
): number {
  if (divisorOverride !== null) return divisorOverride;
  let divisor = 1;
  for (const w of windows) divisor *= countIncludePad ? w.span : w.end - w.start;
  return divisor;
}

/** Adaptive pooling's bin for output index o: [⌊o·in/out⌋, ⌈(o+1)·in/out⌉). */
export function adaptiveBin(outIndex: number, inputSize: number, outputSize: number): { start: number; end: number } {
  return {
    start: Math.floor((outIndex * inputSize) / outputSize),
    end: Math.ceil(((outIndex + 1) * inputSize) / outputSize),
  };
}
