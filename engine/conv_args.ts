// Argument checks and output shapes for convolution (F.conv1d/2d/3d, and nn.Conv's padding_mode),
// in PyTorch 1.13's order and with its messages: the Python binding, at::_convolution,
// check_shape_forward, then the checks of the CPU kernel it picks. The loops live in conv.ts.

import type { PaddingMode } from '../contract';
import { ConvbookError, runtimeError, typeError, valueError } from './errors';
import { padOutputShape } from './pad_args';
import { convOutputLength, effectiveKernel } from './shapes';
import { formatShape, numel } from './tensor';

export type SpatialDims = 1 | 2 | 3;

export interface ConvOptions {
  stride?: number | number[];
  padding?: number | number[] | 'same' | 'valid';
  dilation?: number | number[];
  groups?: number;
  /** nn.Conv's padding_mode: how the padding cells are filled. */
  paddingMode?: PaddingMode;
}

export interface ResolvedConv {
  dims: SpatialDims;
  /** False for an unbatched (C, spatial...) input; the output is then unbatched too. */
  batched: boolean;
  batch: number;
  inChannels: number;
  outChannels: number;
  groups: number;
  kernelSize: number[];
  stride: number[];
  dilation: number[];
  /** Explicit padding per axis; 'same' with an even effective kernel puts the extra cell after. */
  padBefore: number[];
  padAfter: number[];
  paddingMode: PaddingMode;
  inputSize: number[];
  outputSize: number[];
  outputShape: number[];
}

/** PyTorch's refusal of padding='same' with a stride other than 1 (the layer raises it as a ValueError, F.convNd as a RuntimeError). */
export const SAME_WITH_STRIDE = "padding='same' is not supported for strided convolutions";

const PADDING_MODES: readonly string[] = ['zeros', 'reflect', 'replicate', 'circular'];

function describe(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

/** A per-axis argument as the Python binding hands it on: an int becomes one value per op axis. */
export function asList(value: number | readonly number[], name: string, opName: string, opDims: number): number[] {
  const list = typeof value === 'number' ? new Array<number>(opDims).fill(value) : [...value];
  for (let i = 0; i < list.length; i++) {
    if (typeof list[i] !== 'number' || !Number.isInteger(list[i])) {
      throw typeError(`${opName}(): argument '${name}' must be tuple of ints, but found element of type ${typeof list[i] === 'number' ? 'float' : typeof list[i]} at pos ${i}`, name);
    }
  }
  return list;
}

/**
 * ATen's expand_param_if_needed: one value per spatial axis of the WEIGHT (weight.dim() − 2), from
 * a single value or a list of exactly that many.
 */
export function expandParam(list: readonly number[], name: string, dims: number): number[] {
  if (list.length === 1) return new Array<number>(dims).fill(list[0]);
  if (list.length !== dims) {
    throw runtimeError(
      `expected ${name} to be a single integer value or a list of ${dims} values to match the convolution dimensions, but got ${name}=${describe(list)}`,
      name,
    );
  }
  return [...list];
}

/** ATen's batchify: an op over `dims` spatial axes takes (C, ...) or (N, C, ...). */
export function checkInputRank(inputShape: readonly number[], dims: number, opName: string): boolean {
  const unbatched = dims + 1;
  const batched = dims + 2;
  if (inputShape.length !== unbatched && inputShape.length !== batched) {
    throw runtimeError(
      `Expected ${unbatched}D (unbatched) or ${batched}D (batched) input to ${opName}, but got input of size: ${formatShape(inputShape)}`,
      'input',
    );
  }
  return inputShape.length === batched;
}

/** Spatial dims implied by the weight's rank, for ops that take them from the weight. */
export function dimsFromWeight(weightShape: readonly number[], spatialDims: SpatialDims | undefined): SpatialDims {
  if (spatialDims !== undefined) return spatialDims;
  const dims = weightShape.length - 2;
  if (dims !== 1 && dims !== 2 && dims !== 3) {
    throw runtimeError(`Expected a 3D, 4D or 5D weight for a 1D, 2D or 3D convolution, but got weight of size ${formatShape(weightShape)}`, 'weight');
  }
  return dims;
}

/** at::_convolution's first checks: the weight has spatial axes, groups is positive. Returns weight.dim() − 2. */
export function weightSpatialDims(weightShape: readonly number[], groups: number): number {
  if (weightShape.length - 2 <= 0) throw runtimeError('weight should have at least three dimensions', 'weight');
  if (!Number.isInteger(groups)) throw typeError(`argument 'groups' must be int, not float`, 'groups');
  if (groups <= 0) throw runtimeError('non-positive groups is not supported', 'groups');
  return weightShape.length - 2;
}

/** The checks conv and transposed conv share in check_shape_forward, in its order. */
export function checkShapeForward(
  batchedInput: readonly number[],
  weightShape: readonly number[],
  groups: number,
  padding: readonly number[],
  stride: readonly number[],
  outputPadding: readonly number[] = [],
): void {
  if (padding.some((p) => p < 0)) throw runtimeError('negative padding is not supported', 'padding');
  if (outputPadding.some((p) => p < 0)) throw runtimeError('negative output_padding is not supported', 'output_padding');
  if (stride.some((s) => s <= 0)) throw runtimeError('non-positive stride is not supported', 'stride');
  const k = batchedInput.length;
  if (weightShape.length !== k) {
    throw runtimeError(
      `Expected ${weightShape.length}-dimensional input for ${weightShape.length}-dimensional weight ${formatShape(weightShape)}, but got ${k}-dimensional input of size ${formatShape(batchedInput)} instead`,
      'weight',
    );
  }
  if (weightShape[0] < groups) {
    throw runtimeError(
      `Given groups=${groups}, expected weight to be at least ${groups} at dimension 0, but got weight of size ${formatShape(weightShape)} instead`,
      'groups',
    );
  }
  if (weightShape[0] % groups !== 0) {
    // PyTorch 1.13 prints the sizes inside an extra pair of brackets here.
    throw runtimeError(
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${formatShape(weightShape)}] instead`,
      'groups',
    );
  }
}

/** _convolution's bias check; a transposed conv's message starts with "Given transposed=1, ". */
export function checkBias(weightShape: readonly number[], biasShape: readonly number[] | null, outChannels: number, transposed = false): void {
  if (biasShape !== null && (biasShape.length !== 1 || biasShape[0] !== outChannels)) {
    throw runtimeError(
      `Given ${transposed ? 'transposed=1, ' : ''}weight of size ${formatShape(weightShape)}, expected bias to be 1-dimensional with ${outChannels} elements, but got bias of size ${formatShape(biasShape)} instead`,
      'bias',
    );
  }
}

/** What the CPU kernels print for an input: 1-D convolutions run as 2-D ones with a height of 1. */
export function asKernelShape(shape: readonly number[], dims: number): number[] {
  return dims === 1 ? [...shape.slice(0, -1), 1, shape[shape.length - 1]] : [...shape];
}

/** Per-axis values as the 2-D kernels see a 1-D op: a leading 1 for the unit height. */
function asKernelAxes(values: readonly number[], dims: number): number[] {
  return dims === 1 ? [1, ...values] : [...values];
}

/**
 * Whether PyTorch 1.13 hands a float32 CPU convolution to oneDNN (ConvParams::use_mkldnn). Only
 * the wording of a few errors depends on it. The first clause of the rule (strided, dilated, big
 * batch, kernel other than 1×1, or several threads) always holds for the inputs that reach it.
 */
function usesMkldnn(input4d: readonly number[], weight4d: readonly number[], groups: number): boolean {
  const kW = weight4d[weight4d.length - 1];
  const kH = weight4d[weight4d.length - 2];
  return groups > 1 || (kW > 3 && kH > 3) || input4d[0] > 1 || input4d[0] * input4d[1] * input4d[2] * input4d[3] > 20480;
}

/**
 * The checks of the kernel _convolution picks for a non-transposed conv, after check_shape_forward:
 * empty inputs first, then oneDNN's or the slow kernels' own (kernel size, dilation).
 */
function checkConvKernel(batchedInput: readonly number[], weightShape: readonly number[], groups: number, dilation: readonly number[], dims: number): void {
  if (batchedInput[0] === 0 || batchedInput[1] === 0) return;
  const input = asKernelShape(batchedInput, dims);
  if (numel(batchedInput) === 0) {
    throw runtimeError(`Only zero batch or zero channel inputs are supported, but got input shape: ${formatShape(input)}`, 'input');
  }
  const kernel = asKernelAxes(weightShape.slice(2), dims);
  const dil = asKernelAxes(dilation, dims);
  const weight = asKernelShape(weightShape, dims);
  if (usesMkldnn(input, weight, groups) && dil.some((d) => d <= 0)) {
    throw runtimeError('non-positive dilation is not supported', 'dilation');
  }
  if (dil.some((d) => d !== 1)) {
    if (kernel.some((k) => k <= 0)) throw runtimeError(`kernel size should be greater than zero, but got ${formatShape(kernel)}`, 'weight');
    if (dil.some((d) => d <= 0)) throw runtimeError(`dilation should be greater than zero, but got ${formatShape(dil)}`, 'dilation');
  } else if (kernel.some((k) => k <= 0)) {
    throw runtimeError(
      kernel.length === 3
        ? `kernel size should be greater than zero, but got: ${kernel.join(' x ')} (TxHxW)`
        : `kernel size should be greater than zero, but got kernel_height: ${kernel[0]} kernel_width: ${kernel[1]}`,
      'weight',
    );
  }
}

interface FunctionalArgs {
  stride: number[];
  padding: number[] | 'same' | 'valid' | string;
  dilation: number[];
  groups: number;
}

/**
 * padding='same' as at::_convolution_same: checks, then padding d·(k−1) split with C++ division
 * (the extra cell after). Returns the padding before and after per weight axis.
 */
function samePaddingOf(batchedInput: readonly number[], weightShape: readonly number[], stride: readonly number[], dilation: readonly number[]): { before: number[]; after: number[] } {
  const k = weightShape.length;
  if (k <= 2) throw runtimeError('weight should have at least three dimensions', 'weight');
  const dims = k - 2;
  if (k !== batchedInput.length) {
    throw runtimeError(
      `Expected ${k}-dimensional input for ${k}-dimensional weight${formatShape(weightShape)}, but got ${batchedInput.length}-dimensional input of size ${formatShape(batchedInput)} instead`,
      'weight',
    );
  }
  if (stride.length !== dims && stride.length !== 1) throw runtimeError(`stride cannot broadcast to ${dims} dimensions`, 'stride');
  if (dilation.length !== dims && dilation.length !== 1) throw runtimeError(`dilation cannot broadcast to ${dims} dimensions`, 'dilation');
  if (stride.some((s) => s !== 1)) throw runtimeError(SAME_WITH_STRIDE, 'padding');
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < dims; i++) {
    const d = dilation.length === 1 ? dilation[0] : dilation[i];
    const total = d * (weightShape[i + 2] - 1);
    before.push(Math.trunc(total / 2));
    after.push(total - Math.trunc(total / 2));
  }
  return { before, after };
}

/** F.convNd: everything PyTorch checks, in its order, and the output shape. */
function resolveFunctional(inputShape: readonly number[], weightShape: readonly number[], biasShape: readonly number[] | null, args: FunctionalArgs, dims: SpatialDims): ResolvedConv {
  const opName = `conv${dims}d`;
  const batched = checkInputRank(inputShape, dims, opName);
  const input = batched ? [...inputShape] : [1, ...inputShape];

  let padBefore: number[];
  let padAfter: number[];
  // What PyTorch's checks see: for an asymmetric 'same' it first pads the extra cells onto the end.
  let checked = input;
  const paddingArg = args.padding;
  let weightDims: number;
  let stride: number[];
  let dilation: number[];
  if (typeof paddingArg === 'string') {
    if (paddingArg === 'same') {
      const same = samePaddingOf(input, weightShape, args.stride, args.dilation);
      weightDims = weightSpatialDims(weightShape, args.groups);
      stride = expandParam(args.stride, 'stride', weightDims);
      padBefore = same.before;
      padAfter = same.after;
      dilation = expandParam(args.dilation, 'dilation', weightDims);
      // An asymmetric split is padded onto the input first (constant_pad_nd and its rules).
      const extra = same.after.map((after, i) => after - same.before[i]);
      if (extra.some((e) => e !== 0)) {
        const padList = extra.flatMap((_, j) => {
          const e = extra[extra.length - 1 - j];
          return e > 0 ? [0, e] : [e, 0];
        });
        checked = padOutputShape(input, padList, 'constant');
      }
    } else if (paddingArg === 'valid') {
      weightDims = weightSpatialDims(weightShape, args.groups);
      stride = expandParam(args.stride, 'stride', weightDims);
      padBefore = expandParam([0], 'padding', weightDims);
      padAfter = [...padBefore];
      dilation = expandParam(args.dilation, 'dilation', weightDims);
    } else {
      throw runtimeError(`Invalid padding string: '${paddingArg}'`, 'padding');
    }
  } else {
    weightDims = weightSpatialDims(weightShape, args.groups);
    stride = expandParam(args.stride, 'stride', weightDims);
    padBefore = expandParam(paddingArg, 'padding', weightDims);
    padAfter = [...padBefore];
    dilation = expandParam(args.dilation, 'dilation', weightDims);
  }
  // at::convNd passes output_padding as one 0 per op axis, expanded like the others.
  expandParam(new Array<number>(dims).fill(0), 'output_padding', weightDims);
  const groups = args.groups;
  checkShapeForward(checked, weightShape, groups, [...padBefore, ...padAfter], stride);

  const outChannels = weightShape[0];
  const inChannels = input[1];
  const expectedChannels = weightShape[1] * groups;
  if (inChannels !== expectedChannels) {
    throw runtimeError(
      `Given groups=${groups}, weight of size ${formatShape(weightShape)}, expected input${formatShape(checked)} to have ${expectedChannels} channels, but got ${inChannels} channels instead`,
      inChannels % groups !== 0 ? 'groups' : 'input',
    );
  }
  checkBias(weightShape, biasShape, outChannels);
  const kernelSize = weightShape.slice(2);
  const inputSize = input.slice(2);
  const padded = inputSize.map((s, i) => s + padBefore[i] + padAfter[i]);
  const kernelExtent = kernelSize.map((k, i) => effectiveKernel(k, dilation[i]));
  if (padded.some((p, i) => p < kernelExtent[i])) {
    throw runtimeError(
      `Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: (${kernelExtent.join(' x ')}). Kernel size can't be greater than actual input size`,
      'kernel_size',
    );
  }
  checkConvKernel(checked, weightShape, groups, dilation, dims);
  const outputSize = inputSize.map((s, i) => convOutputLength(s, kernelSize[i], stride[i], padBefore[i], padAfter[i], dilation[i]));
  const outputShape = batched ? [input[0], outChannels, ...outputSize] : [outChannels, ...outputSize];
  return {
    dims,
    batched,
    batch: input[0],
    inChannels,
    outChannels,
    groups,
    kernelSize,
    stride,
    dilation,
    padBefore,
    padAfter,
    paddingMode: 'zeros',
    inputSize,
    outputSize,
    outputShape,
  };
}

/**
 * nn.ConvNd's _reversed_padding_repeated_twice: F.pad's list for its padding, last axis first.
 * 'same' splits d·(k−1) with Python's floor division, over zip(dilation, kernel_size).
 */
export function modulePadList(padding: number[] | string, kernelSize: readonly number[], dilation: readonly number[]): number[] {
  if (typeof padding === 'string') {
    const pads = new Array<number>(2 * kernelSize.length).fill(0);
    if (padding === 'same') {
      const n = Math.min(dilation.length, kernelSize.length);
      for (let j = 0; j < n; j++) {
        const i = kernelSize.length - 1 - j;
        const total = dilation[j] * (kernelSize[j] - 1);
        pads[2 * i] = Math.floor(total / 2);
        pads[2 * i + 1] = total - Math.floor(total / 2);
      }
    }
    return pads;
  }
  return [...padding].reverse().flatMap((p) => [p, p]);
}

/**
 * The op's arguments, as per-axis lists the way PyTorch's Python layer hands them on: ints become
 * one value per axis of the op, tuples stay as written.
 */
function functionalArgs(options: ConvOptions, opName: string, dims: number): FunctionalArgs {
  const padding = options.padding ?? 0;
  return {
    stride: asList(options.stride ?? 1, 'stride', opName, dims),
    padding: typeof padding === 'string' ? padding : asList(padding, 'padding', opName, dims),
    dilation: asList(options.dilation ?? 1, 'dilation', opName, dims),
    groups: options.groups ?? 1,
  };
}

/**
 * F.conv1d/2d/3d, and nn.ConvNd's forward when options.paddingMode is given: a mode other than
 * 'zeros' pads with F.pad first (its checks, on the input as given) and convolves unpadded.
 */
export function resolveConv(
  inputShape: readonly number[],
  weightShape: readonly number[],
  biasShape: readonly number[] | null,
  options: ConvOptions = {},
  spatialDims?: SpatialDims,
): ResolvedConv {
  const dims = dimsFromWeight(weightShape, spatialDims);
  const opName = `conv${dims}d`;
  const paddingMode = options.paddingMode ?? 'zeros';
  if (!PADDING_MODES.includes(paddingMode)) {
    throw valueError(`padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${paddingMode}'`, 'padding_mode');
  }
  const args = functionalArgs(options, opName, dims);
  if (paddingMode === 'zeros') return resolveFunctional(inputShape, weightShape, biasShape, args, dims);

  const pads = modulePadList(args.padding, weightShape.slice(2), args.dilation);
  let paddedShape: number[];
  try {
    paddedShape = padOutputShape(inputShape, pads, paddingMode);
  } catch (error) {
    // F.pad's complaint, about the layer's padding.
    if (error instanceof ConvbookError && error.argument === 'pad') throw new ConvbookError(error.pythonName, error.message, 'padding');
    throw error;
  }
  const unpadded = resolveFunctional(paddedShape, weightShape, biasShape, { ...args, padding: new Array<number>(dims).fill(0) }, dims);
  if (pads.length !== 2 * dims) {
    throw runtimeError(`expected padding to be a single integer value or a list of ${dims} values to match the convolution dimensions, but got padding=${describe(pads.filter((_, i) => i % 2 === 0).reverse())}`, 'padding');
  }
  const padBefore = new Array<number>(dims);
  const padAfter = new Array<number>(dims);
  for (let a = 0; a < dims; a++) {
    padBefore[a] = pads[2 * (dims - 1 - a)];
    padAfter[a] = pads[2 * (dims - 1 - a) + 1];
  }
  const inputSize = inputShape.slice(inputShape.length - dims);
  return { ...unpadded, padBefore, padAfter, paddingMode, inputSize };
}
