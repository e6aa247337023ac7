// Argument checks and output shapes for convolution (F.conv1d/2d/3d, and nn.Conv's padding_mode),
// in PyTorch's order and with its messages. The loops live in conv.ts.

import type { PaddingMode } from '../contract';
import { ConvbookError, runtimeError, typeError, valueError } from './errors';
import { checkPadAmounts } from './padding';
import { convOutputLength, effectiveKernel, samePadding } from './shapes';
import { formatShape } from './tensor';

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

const PADDING_MODES: readonly string[] = ['zeros', 'reflect', 'replicate', 'circular'];

function describe(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

/**
 * An int-or-list argument expanded to one value per spatial axis, as ATen's
 * expand_param_if_needed: a single value or a list of exactly `dims` values.
 */
export function expandParam(value: number | readonly number[], name: string, dims: number, opName: string): number[] {
  const list = typeof value === 'number' ? [value] : [...value];
  for (let i = 0; i < list.length; i++) {
    if (typeof list[i] !== 'number' || !Number.isInteger(list[i])) {
      throw typeError(`${opName}(): argument '${name}' must be tuple of ints, but found element of type ${typeof list[i] === 'number' ? 'float' : typeof list[i]} at pos ${i}`, name);
    }
  }
  if (list.length === 1) return new Array<number>(dims).fill(list[0]);
  if (list.length !== dims) {
    throw runtimeError(
      `expected ${name} to be a single integer value or a list of ${dims} values to match the convolution dimensions, but got ${name}=${describe(list)}`,
      name,
    );
  }
  return list;
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

/** The checks shared by conv and transposed conv (ATen's check_shape_forward, first half). */
export function checkCommon(
  batchedInput: readonly number[],
  weightShape: readonly number[],
  groups: number,
  stride: readonly number[],
  dilation: readonly number[],
  padding: readonly number[],
): void {
  if (!Number.isInteger(groups)) throw typeError(`argument 'groups' must be int, not float`, 'groups');
  if (groups <= 0) throw runtimeError('non-positive groups is not supported', 'groups');
  if (padding.some((p) => p < 0)) throw runtimeError('negative padding is not supported', 'padding');
  if (stride.some((s) => s <= 0)) throw runtimeError('non-positive stride is not supported', 'stride');
  if (dilation.some((d) => d <= 0)) throw runtimeError('dilation should be greater than zero', 'dilation');
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
    throw runtimeError(
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${formatShape(weightShape)} instead`,
      'groups',
    );
  }
}

export function resolveConv(
  inputShape: readonly number[],
  weightShape: readonly number[],
  biasShape: readonly number[] | null,
  options: ConvOptions = {},
  spatialDims?: SpatialDims,
): ResolvedConv {
  const dims = dimsFromWeight(weightShape, spatialDims);
  const opName = `conv${dims}d`;
  const batched = checkInputRank(inputShape, dims, opName);
  const input = batched ? [...inputShape] : [1, ...inputShape];

  const paddingMode = options.paddingMode ?? 'zeros';
  if (!PADDING_MODES.includes(paddingMode)) {
    throw valueError(`padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${paddingMode}'`, 'padding_mode');
  }
  const groups = options.groups ?? 1;
  const stride = expandParam(options.stride ?? 1, 'stride', dims, opName);
  const dilation = expandParam(options.dilation ?? 1, 'dilation', dims, opName);
  const kernelSize = weightShape.slice(2);

  const paddingArg = options.padding ?? 0;
  let padBefore: number[];
  let padAfter: number[];
  if (typeof paddingArg === 'string') {
    if (paddingArg === 'valid') {
      padBefore = new Array<number>(dims).fill(0);
      padAfter = new Array<number>(dims).fill(0);
    } else if (paddingArg === 'same') {
      if (stride.some((s) => s !== 1)) throw runtimeError("padding='same' is not supported for strided convolutions", 'padding');
      if (dilation.some((d) => d <= 0)) throw runtimeError('dilation should be greater than zero', 'dilation');
      // A weight of the wrong rank is reported by checkCommon below; only pad the axes that exist.
      const same = kernelSize.slice(0, dims).map((k, i) => samePadding(k, dilation[i]));
      padBefore = same.map((p) => p.before);
      padAfter = same.map((p) => p.after);
      while (padBefore.length < dims) padBefore.push(0), padAfter.push(0);
    } else {
      throw runtimeError(`Invalid padding string: '${paddingArg}'`, 'padding');
    }
  } else {
    padBefore = expandParam(paddingArg, 'padding', dims, opName);
    padAfter = [...padBefore];
  }

  checkCommon(input, weightShape, groups, stride, dilation, [...padBefore, ...padAfter]);

  const outChannels = weightShape[0];
  const inChannels = input[1];
  const expectedChannels = weightShape[1] * groups;
  if (inChannels !== expectedChannels) {
    throw runtimeError(
      `Given groups=${groups}, weight of size ${formatShape(weightShape)}, expected input${formatShape(input)} to have ${expectedChannels} channels, but got ${inChannels} channels instead`,
      inChannels % groups !== 0 ? 'groups' : 'input',
    );
  }
  if (biasShape !== null && (biasShape.length !== 1 || biasShape[0] !== outChannels)) {
    throw runtimeError(
      `Given weight of size ${formatShape(weightShape)}, expected bias to be 1-dimensional with ${outChannels} elements, but got bias of size ${formatShape(biasShape)} instead`,
      'bias',
    );
  }

  const inputSize = input.slice(2);
  if (paddingMode !== 'zeros') checkPadAmounts(inputShape, padBefore, padAfter, paddingMode);

  const padded = inputSize.map((s, i) => s + padBefore[i] + padAfter[i]);
  const kernelExtent = kernelSize.map((k, i) => effectiveKernel(k, dilation[i]));
  if (padded.some((p, i) => p < kernelExtent[i])) {
    throw new ConvbookError(
      'RuntimeError',
      `Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: (${kernelExtent.join(' x ')}). Kernel size can't be greater than actual input size`,
      'kernel_size',
    );
  }
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
    paddingMode,
    inputSize,
    outputSize,
    outputShape,
  };
}
