// Argument checks, output shapes and window arithmetic of PyTorch's 2-D pooling (F.max_pool2d,
// F.avg_pool2d, F.adaptive_avg_pool2d). The loops are in pool.ts; the per-window rules exported
// here (avg-pool divisor span, adaptive bins) are shared with the traces the renderer draws.

import { runtimeError, typeError } from './errors';
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

function splitInput(shape: readonly number[], op: string): { batched: boolean; batch: number; channels: number; height: number; width: number } {
  if (shape.length !== 3 && shape.length !== 4) {
    throw runtimeError(`${op}: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, but got input of shape ${formatShape(shape)}`, 'input');
  }
  const batched = shape.length === 4;
  const [batch, channels, height, width] = batched ? shape : [1, ...shape];
  if (channels === 0 || height === 0 || width === 0) {
    throw runtimeError(
      `Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatShape(shape)}`,
      'input',
    );
  }
  return { batched, batch, channels, height, width };
}

/**
 * The checks PyTorch's pooling_output_shape and pool2d_shape_check make, in their order, and the
 * output size.
 */
function resolveWindow(
  op: OpName,
  shape: readonly number[],
  kernel: [number, number],
  stride: [number, number],
  padding: [number, number],
  dilation: [number, number],
  ceilMode: boolean,
): Pool2dGeometry {
  const { batched, batch, channels, height, width } = splitInput(shape, op);
  const inputSize: [number, number] = [height, width];
  const outputSize: [number, number] = [0, 0];
  for (let axis = 0; axis < 2; axis++) {
    const k = kernel[axis];
    const s = stride[axis];
    const p = padding[axis];
    const d = dilation[axis];
    if (s === 0) throw runtimeError('stride should not be zero', 'stride');
    if (p < 0) throw runtimeError(`pad must be non-negative, but got pad: ${p}`, 'padding');
    // PyTorch 1.13 (the version the reference cases come from) limits padding to half the
    // undilated kernel for both poolings; later versions let max pooling use the dilated extent.
    if (p > Math.floor(k / 2)) {
      throw runtimeError(`pad should be at most half of kernel size, but got pad=${p} and kernel_size=${k}`, 'padding');
    }
    outputSize[axis] = poolOutputLength(inputSize[axis], k, s, p, d, ceilMode);
  }
  if (kernel[0] <= 0 || kernel[1] <= 0) {
    throw runtimeError(`kernel size should be greater than zero, but got kH: ${kernel[0]} kW: ${kernel[1]}`, 'kernel_size');
  }
  if (stride[0] <= 0 || stride[1] <= 0) {
    throw runtimeError(`stride should be greater than zero, but got dH: ${stride[0]} dW: ${stride[1]}`, 'stride');
  }
  if (dilation[0] <= 0 || dilation[1] <= 0) {
    throw runtimeError(`dilation should be greater than zero, but got dilationH: ${dilation[0]} dilationW: ${dilation[1]}`, 'dilation');
  }
  if (outputSize[0] < 1 || outputSize[1] < 1) {
    throw runtimeError(
      `Given input size: (${channels}x${height}x${width}). Calculated output size: (${channels}x${outputSize[0]}x${outputSize[1]}). Output size is too small`,
      'kernel_size',
    );
  }
  const outputShape = batched ? [batch, channels, ...outputSize] : [channels, ...outputSize];
  return { batched, batch, channels, inputSize, kernel, stride, padding, dilation, ceilMode, outputSize, outputShape };
}

function resolveKernelStridePadding(
  op: OpName,
  options: { kernelSize: number | number[]; stride?: number | number[] | null; padding?: number | number[] },
): { kernel: [number, number]; stride: [number, number]; padding: [number, number] } {
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
    throw runtimeError(`${op}: padding must either be a single int, or a tuple of two ints`, 'padding');
  }
  const kernel = pair(kernelList);
  return {
    kernel,
    stride: strideList.length === 0 ? [kernel[0], kernel[1]] : pair(strideList),
    padding: pair(paddingList),
  };
}

export function resolveMaxPool2d(inputShape: readonly number[], options: MaxPool2dOptions): Pool2dGeometry {
  const { kernel, stride, padding } = resolveKernelStridePadding('max_pool2d', options);
  const dilationList = intList('max_pool2d', 'dilation', options.dilation ?? 1);
  if (dilationList.length !== 1 && dilationList.length !== 2) {
    throw runtimeError('max_pool2d: dilation must be either a single int, or a tuple of two ints', 'dilation');
  }
  return resolveWindow('max_pool2d', inputShape, kernel, stride, padding, pair(dilationList), options.ceilMode ?? false);
}

export function resolveAvgPool2d(inputShape: readonly number[], options: AvgPool2dOptions): AvgPool2dGeometry {
  const { kernel, stride, padding } = resolveKernelStridePadding('avg_pool2d', options);
  const divisorOverride = options.divisorOverride ?? null;
  if (divisorOverride !== null) {
    if (!Number.isInteger(divisorOverride)) throw typeError(`avg_pool2d(): argument 'divisor_override' must be int, not float`, 'divisor_override');
    if (divisorOverride === 0) throw runtimeError('divisor must be not zero', 'divisor_override');
  }
  const geometry = resolveWindow('avg_pool2d', inputShape, kernel, stride, padding, [1, 1], options.ceilMode ?? false);
  return { ...geometry, countIncludePad: options.countIncludePad ?? true, divisorOverride };
}

export function resolveAdaptiveAvgPool2d(inputShape: readonly number[], outputSize: number | readonly (number | null)[]): AdaptivePool2dGeometry {
  const requested = typeof outputSize === 'number' ? [outputSize, outputSize] : [...outputSize];
  if (requested.length !== 2) throw runtimeError('adaptive_avg_pool2d: output_size must be 2', 'output_size');
  if (inputShape.length !== 3 && inputShape.length !== 4) {
    throw runtimeError(`adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ${formatShape(inputShape)}`, 'input');
  }
  const batched = inputShape.length === 4;
  for (let dim = batched ? 1 : 0; dim < inputShape.length; dim++) {
    if (inputShape[dim] === 0) {
      throw runtimeError(
        `adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${formatShape(inputShape)} with dimension ${dim} being empty`,
        'input',
      );
    }
  }
  const [batch, channels, height, width] = batched ? inputShape : [1, ...inputShape];
  // None keeps the input's size on that axis, like PyTorch's _list_with_default.
  const resolved: [number, number] = [requested[0] ?? height, requested[1] ?? width];
  for (const v of resolved) {
    if (!Number.isInteger(v)) throw typeError(`adaptive_avg_pool2d(): argument 'output_size' must be tuple of ints, but found element of type float`, 'output_size');
  }
  if (resolved[0] < 0 || resolved[1] < 0) {
    throw runtimeError(
      `adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${resolved[0]}, ${resolved[1]}}`,
      'output_size',
    );
  }
  const outputShape = batched ? [batch, channels, ...resolved] : [channels, ...resolved];
  return { batched, batch, channels, inputSize: [height, width], outputSize: resolved, outputShape };
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
