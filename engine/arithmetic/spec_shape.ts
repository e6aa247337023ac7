// Output shapes of weight-free layer descriptions, with the argument checks PyTorch (and torchvision,
// for DeformConv2d) performs and their messages. Every per-axis length comes from engine/shapes.ts;
// this module only decides which rule applies, with which resolved arguments, and what PyTorch
// says when the arguments are wrong.

import type { WindowConfig, WindowOpKind } from '../../contract';
import { runtimeError, typeError, valueError, ConvbookError } from '../errors';
import type { LayerSpec, SpatialDims, WindowSpec } from '../layer';
import { convOutputLength, convTransposeOutputLength, effectiveKernel, poolOutputLength, samePadding } from '../shapes';
import { formatShape, numel } from '../tensor';

/** Axis names as the formulas and warnings print them. */
export function axisNames(dims: number): string[] {
  if (dims === 1) return ['L'];
  if (dims === 2) return ['H', 'W'];
  return ['D', 'H', 'W'];
}

/** PyTorch's word for each spatial axis in its error messages (depth/height/width). */
function axisWords(dims: number): string[] {
  if (dims === 1) return ['width'];
  if (dims === 2) return ['height', 'width'];
  return ['depth', 'height', 'width'];
}

/** A per-axis argument with exactly one value per spatial axis (a single value is broadcast). */
function axisArgument(name: string, values: readonly number[], dims: number): number[] {
  if (values.length === dims) return [...values];
  if (values.length === 1) return new Array<number>(dims).fill(values[0]);
  throw valueError(`${name} must be an int or a tuple of ${dims} ints, but got ${values.length} values`, name);
}

/** Pooling's stride: an empty list stands for PyTorch's stride=None, which means "same as kernel_size". */
export function poolStride(spec: { kernelSize: number[]; stride: number[]; dims: number }): number[] {
  return spec.stride.length === 0 ? axisArgument('kernel_size', spec.kernelSize, spec.dims) : axisArgument('stride', spec.stride, spec.dims);
}

function isIntegerList(values: readonly number[]): boolean {
  return values.every((v) => Number.isInteger(v));
}

function requireIntegers(name: string, values: readonly number[]): void {
  if (!isIntegerList(values)) throw typeError(`${name} must be an int or a tuple of ints, but got (${values.join(', ')})`, name);
}

/** The arguments of a sliding-window layer, resolved per axis, before any input is seen. */
export interface ResolvedWindow {
  kind: WindowSpec['kind'];
  dims: SpatialDims;
  kernel: number[];
  stride: number[];
  dilation: number[];
  /** Explicit padding per side; for padding='same' the odd extra cell is in padAfter. */
  padBefore: number[];
  padAfter: number[];
  outputPadding: number[];
  ceilMode: boolean;
  countIncludePad: boolean;
}

/**
 * Constructor-time checks (what nn.Conv2d(...) and friends raise before any input) and the
 * resolution of every per-axis argument.
 */
export function resolveWindow(spec: WindowSpec): ResolvedWindow {
  const dims = spec.dims;
  const kernel = axisArgument('kernel_size', spec.kernelSize, dims);
  requireIntegers('kernel_size', kernel);
  let stride: number[];
  let dilation: number[];
  let padBefore: number[];
  let padAfter: number[];
  let outputPadding = new Array<number>(dims).fill(0);
  let ceilMode = false;
  let countIncludePad = true;

  if (spec.kind === 'conv' || spec.kind === 'conv_transpose' || spec.kind === 'deform_conv') {
    if (!Number.isInteger(spec.groups) || spec.groups <= 0) throw valueError('groups must be a positive integer', 'groups');
    if (spec.inChannels % spec.groups !== 0) throw valueError('in_channels must be divisible by groups', 'groups');
    if (spec.outChannels % spec.groups !== 0) throw valueError('out_channels must be divisible by groups', 'groups');
    stride = axisArgument('stride', spec.stride, dims);
    dilation = axisArgument('dilation', spec.dilation, dims);
    requireIntegers('stride', stride);
    requireIntegers('dilation', dilation);
    if (kernel.some((k) => k <= 0)) throw runtimeError(`kernel_size must be positive, but got (${kernel.join(', ')})`, 'kernel_size');
    if (stride.some((s) => s <= 0)) throw runtimeError('non-positive stride is not supported', 'stride');
    if (dilation.some((d) => d <= 0)) throw runtimeError('dilation should be greater than zero', 'dilation');
    if (spec.kind === 'conv' && typeof spec.padding === 'string') {
      if (spec.padding !== 'same' && spec.padding !== 'valid') {
        throw valueError(`Invalid padding string '${String(spec.padding)}', should be one of {'valid', 'same'}`, 'padding');
      }
      if (spec.padding === 'same') {
        if (stride.some((s) => s !== 1)) throw valueError("padding='same' is not supported for strided convolutions", 'padding');
        const sides = kernel.map((k, a) => samePadding(k, dilation[a]));
        padBefore = sides.map((p) => p.before);
        padAfter = sides.map((p) => p.after);
      } else {
        padBefore = new Array<number>(dims).fill(0);
        padAfter = new Array<number>(dims).fill(0);
      }
    } else {
      const padding = axisArgument('padding', spec.padding as number[], dims);
      requireIntegers('padding', padding);
      if (padding.some((p) => p < 0)) throw runtimeError('negative padding is not supported', 'padding');
      padBefore = padding;
      padAfter = [...padding];
    }
    if (spec.kind === 'conv_transpose') {
      outputPadding = axisArgument('output_padding', spec.outputPadding, dims);
      requireIntegers('output_padding', outputPadding);
      if (outputPadding.some((p) => p < 0)) throw runtimeError('negative output_padding is not supported', 'output_padding');
      if (outputPadding.some((op, a) => op >= stride[a] && op >= dilation[a])) {
        throw runtimeError(outputPaddingMessage(outputPadding, stride, dilation), 'output_padding');
      }
    }
  } else {
    stride = poolStride(spec);
    dilation = spec.kind === 'max_pool' ? axisArgument('dilation', spec.dilation, dims) : new Array<number>(dims).fill(1);
    const padding = axisArgument('padding', spec.padding, dims);
    requireIntegers('stride', stride);
    requireIntegers('padding', padding);
    requireIntegers('dilation', dilation);
    ceilMode = spec.ceilMode;
    if (spec.kind === 'avg_pool') countIncludePad = spec.countIncludePad;
    checkPoolArguments(spec.kind, dims, kernel, stride, padding, dilation);
    padBefore = padding;
    padAfter = [...padding];
  }
  return { kind: spec.kind, dims, kernel, stride, dilation, padBefore, padAfter, outputPadding, ceilMode, countIncludePad };
}

/** slow_conv_transpose's wording, which names each axis's output_padding, stride and dilation. */
function outputPaddingMessage(outputPadding: number[], stride: number[], dilation: number[]): string {
  // conv_transpose1d runs as a 2-D op with a height of 1, so its message has a height part too.
  const op = outputPadding.length === 1 ? [0, ...outputPadding] : outputPadding;
  const s = stride.length === 1 ? [1, ...stride] : stride;
  const d = dilation.length === 1 ? [1, ...dilation] : dilation;
  const words = axisWords(op.length);
  const part = (label: string, values: number[]) => values.map((v, a) => `${label}_${words[a]}: ${v}`).join(' ');
  return `output padding must be smaller than either stride or dilation, but got ${part('output_padding', op)} ${part('stride', s)} ${part('dilation', d)}`;
}

/** pooling_output_shape's and pool2d_shape_check's argument checks, in PyTorch's order. */
function checkPoolArguments(kind: 'max_pool' | 'avg_pool', dims: number, kernel: number[], stride: number[], padding: number[], dilation: number[]): void {
  if (kind === 'max_pool' && dims === 1) {
    // max_pool1d has its own checks and wording (check_max_pool1d).
    if (kernel[0] <= 0) throw runtimeError(`max_pool1d() kernel_size must be greater than zero, but got ${kernel[0]}`, 'kernel_size');
    if (stride[0] <= 0) throw runtimeError(`max_pool1d() stride must be greater than zero, but got ${stride[0]}`, 'stride');
    if (padding[0] < 0) throw runtimeError(`max_pool1d() padding must be non-negative, but got ${padding[0]}`, 'padding');
    if (padding[0] > Math.floor(kernel[0] / 2)) {
      throw runtimeError(`max_pool1d() padding should be at most half of kernel size, but got padding=${padding[0]} and kernel_size=${kernel[0]}`, 'padding');
    }
    if (dilation[0] <= 0) throw runtimeError(`max_pool1d() dilation must be greater than zero, but got ${dilation[0]}`, 'dilation');
    return;
  }
  for (let a = 0; a < dims; a++) {
    if (stride[a] === 0) throw runtimeError('stride should not be zero', 'stride');
    if (padding[a] < 0) throw runtimeError(`pad must be non-negative, but got pad: ${padding[a]}`, 'padding');
    // PyTorch 1.13's pooling_output_shape_pad_lr: half the undilated kernel (2.x uses the dilated extent).
    if (padding[a] > Math.floor(kernel[a] / 2)) {
      throw runtimeError(`pad should be at most half of kernel size, but got pad=${padding[a]} and kernel_size=${kernel[a]}`, 'padding');
    }
  }
  const letters = dims === 3 ? ['T', 'H', 'W'] : dims === 2 ? ['H', 'W'] : ['W'];
  const named = (prefix: string, values: number[], sep: string) => letters.map((l, a) => `${prefix}${l}: ${values[a]}`).join(sep);
  if (kernel.some((k) => k <= 0)) throw runtimeError(`kernel size should be greater than zero, but got ${named('k', kernel, ' ')}`, 'kernel_size');
  if (stride.some((s) => s <= 0)) throw runtimeError(`stride should be greater than zero, but got ${named('d', stride, ' ')}`, 'stride');
  if (dilation.some((d) => d <= 0)) throw runtimeError(`dilation should be greater than zero, but got ${named('dilation', dilation, ' ')}`, 'dilation');
}

/** Output length of one spatial axis for a resolved window; may be < 1 (callers decide). */
export function windowAxisLength(w: ResolvedWindow, axis: number, input: number): number {
  const k = w.kernel[axis];
  const s = w.stride[axis];
  const d = w.dilation[axis];
  switch (w.kind) {
    case 'conv':
      return convOutputLength(input, k, s, w.padBefore[axis], w.padAfter[axis], d);
    case 'deform_conv': {
      // torchvision computes ((in + 2p − ker) / s) + 1 with C integer division, which truncates toward
      // zero: equal to the floor rule whenever the window fits, and 1 (not ≤ 0) when the padded input
      // is shorter than the kernel by less than the stride.
      const span = input + w.padBefore[axis] + w.padAfter[axis] - effectiveKernel(k, d);
      return span >= 0 ? convOutputLength(input, k, s, w.padBefore[axis], w.padAfter[axis], d) : Math.trunc(span / s) + 1;
    }
    case 'conv_transpose':
      return convTransposeOutputLength(input, k, s, w.padBefore[axis], d, w.outputPadding[axis]);
    case 'max_pool':
    case 'avg_pool':
      return poolOutputLength(input, k, s, w.padBefore[axis], d, w.ceilMode);
  }
}

/** Spatial output sizes of a window layer, raising PyTorch's error when the input is too small. */
function windowSpatialOutput(w: ResolvedWindow, spatial: number[], channels: number): number[] {
  const out = spatial.map((size, a) => windowAxisLength(w, a, size));
  if (out.every((o) => o >= 1)) return out;
  const x = (values: number[]) => values.join(' x ');
  if (w.kind === 'conv') {
    const padded = spatial.map((size, a) => size + w.padBefore[a] + w.padAfter[a]);
    const kernels = w.kernel.map((k, a) => effectiveKernel(k, w.dilation[a]));
    throw runtimeError(
      `Calculated padded input size per channel: (${x(padded)}). Kernel size: (${x(kernels)}). Kernel size can't be greater than actual input size`,
      'kernel_size',
    );
  }
  if (w.kind === 'deform_conv') {
    throw runtimeError(`Calculated output size too small - out_h: ${out[0]} out_w: ${out[1]}`, 'kernel_size');
  }
  if (w.kind === 'conv_transpose') {
    const lift = (values: number[]) => (values.length === 1 ? [1, ...values] : values);
    throw runtimeError(
      `Given input size per channel: (${x(lift(spatial))}). Calculated output size per channel: (${x(lift(out))}). Output size is too small`,
      'padding',
    );
  }
  if (w.kind === 'max_pool' && w.dims === 1) {
    throw runtimeError(`max_pool1d() Invalid computed output size: ${out[0]}`, 'kernel_size');
  }
  // avg_pool1d runs as a 2-D pool with a height of 1.
  const lift = (values: number[]) => (values.length === 1 ? [1, ...values] : values);
  throw runtimeError(
    `Given input size: (${[channels, ...lift(spatial)].join('x')}). Calculated output size: (${[channels, ...lift(out)].join('x')}). Output size is too small`,
    'kernel_size',
  );
}

const OP_NAMES: Record<WindowSpec['kind'], string> = {
  conv: 'conv',
  conv_transpose: 'conv_transpose',
  deform_conv: 'deform_conv',
  max_pool: 'max_pool',
  avg_pool: 'avg_pool',
};

/** Splits an input shape into (batch dims, channels, spatial), accepting PyTorch's unbatched form. */
function splitWindowInput(spec: WindowSpec, inputShape: readonly number[]): { batched: boolean; channels: number; spatial: number[] } {
  const dims = spec.dims;
  const rank = inputShape.length;
  const name = `${OP_NAMES[spec.kind]}${dims}d`;
  if (spec.kind === 'deform_conv') {
    // torchvision's deform_conv2d takes batched 4-D input only.
    if (rank !== 4) throw runtimeError(`Input tensor must be 4D, but got input of size: ${formatShape(inputShape)}`, 'input');
  } else if (rank !== dims + 1 && rank !== dims + 2) {
    if (spec.kind === 'conv' || spec.kind === 'conv_transpose') {
      throw runtimeError(
        `Expected ${dims + 1}D (unbatched) or ${dims + 2}D (batched) input to ${name}, but got input of size: ${formatShape(inputShape)}`,
        'input',
      );
    }
    throw runtimeError(
      `Expected ${dims + 1}D or ${dims + 2}D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatShape(inputShape)}`,
      'input',
    );
  }
  const batched = rank === dims + 2;
  const channels = inputShape[rank - dims - 1];
  const spatial = inputShape.slice(rank - dims);
  if (spatial.some((s) => s <= 0)) {
    throw runtimeError(`Expected non-empty spatial dimensions for input to ${name}, but got input of size: ${formatShape(inputShape)}`, 'input');
  }
  return { batched, channels, spatial };
}

function checkPaddingMode(spec: WindowSpec, w: ResolvedWindow, inputShape: readonly number[]): void {
  if (spec.kind !== 'conv' || spec.paddingMode === 'zeros') return;
  const rank = inputShape.length;
  // F.pad checks the last axis first; its message numbers the pad arguments 4, 6, 8 from the last axis.
  for (let fromLast = 0; fromLast < w.dims; fromLast++) {
    const a = w.dims - 1 - fromLast;
    const size = inputShape[rank - w.dims + a];
    const before = w.padBefore[a];
    const after = w.padAfter[a];
    if (spec.paddingMode === 'reflect' && (before >= size || after >= size)) {
      throw runtimeError(
        `Argument #${4 + 2 * fromLast}: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${rank - w.dims + a} of input ${formatShape(inputShape)}`,
        'padding',
      );
    }
    if (spec.paddingMode === 'circular' && (before > size || after > size)) {
      throw runtimeError('Padding value causes wrapping around more than once.', 'padding');
    }
  }
}

/** Spatial output sizes given the spatial input sizes only (no channel checks); used by the calculators. */
export function spatialOutputSize(spec: WindowSpec, spatial: readonly number[]): number[] {
  const w = resolveWindow(spec);
  if (spatial.length !== spec.dims) throw valueError(`expected ${spec.dims} spatial sizes, got ${spatial.length}`, 'input');
  checkPaddingMode(spec, w, spatial);
  return windowSpatialOutput(w, [...spatial], 1);
}

function channelMismatch(spec: WindowSpec, inputShape: readonly number[], batched: boolean, channels: number): ConvbookError | null {
  const shown = formatShape(batched ? inputShape : [1, ...inputShape]);
  if (spec.kind === 'conv') {
    if (channels === spec.inChannels) return null;
    const weight = [spec.outChannels, spec.inChannels / spec.groups, ...axisArgument('kernel_size', spec.kernelSize, spec.dims)];
    return runtimeError(
      `Given groups=${spec.groups}, weight of size ${formatShape(weight)}, expected input${shown} to have ${spec.inChannels} channels, but got ${channels} channels instead`,
      'in_channels',
    );
  }
  if (spec.kind === 'conv_transpose') {
    if (channels === spec.inChannels) return null;
    const weight = [spec.inChannels, spec.outChannels / spec.groups, ...axisArgument('kernel_size', spec.kernelSize, spec.dims)];
    return runtimeError(
      `Given transposed=1, weight of size ${formatShape(weight)}, expected input${shown} to have ${spec.inChannels} channels, but got ${channels} channels instead`,
      'in_channels',
    );
  }
  return null;
}

/**
 * torchvision's deform_conv2d infers the group count from the input (n_weight_grps = C_in // weight.size(1)),
 * so it accepts any channel count that is a multiple of weight.size(1) and leaves out_channels divisible.
 */
function deformChannelCheck(spec: WindowSpec & { kind: 'deform_conv' }, channels: number): void {
  const perGroup = spec.inChannels / spec.groups;
  const groups = Math.floor(channels / perGroup);
  if (groups * perGroup !== channels) {
    throw runtimeError(
      `Expected weight_c.size(1) * n_weight_grps == input_c.size(1) to be true, but got false. (input has ${channels} channels, weight.size(1) = ${perGroup})`,
      'in_channels',
    );
  }
  if (spec.outChannels % groups !== 0) {
    throw runtimeError(
      `Expected weight_c.size(0) % n_weight_grps == 0 to be true, but got false. (input has ${channels} channels, so n_weight_grps = ${groups})`,
      'in_channels',
    );
  }
}

function adaptiveOutput(spec: LayerSpec & { kind: 'adaptive_avg_pool' }, inputShape: readonly number[]): number[] {
  const dims = spec.dims;
  const rank = inputShape.length;
  const name = `adaptive_avg_pool${dims}d`;
  if (rank !== dims + 1 && rank !== dims + 2) {
    throw runtimeError(`${name}(): Expected ${dims + 1}D or ${dims + 2}D tensor, but got ${formatShape(inputShape)}`, 'input');
  }
  for (let i = 1; i < rank; i++) {
    if (inputShape[i] === 0) {
      throw runtimeError(
        `${name}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${formatShape(inputShape)} with dimension ${i} being empty`,
        'input',
      );
    }
  }
  if (spec.outputSize.length !== dims && spec.outputSize.length !== 1) {
    throw valueError(`${name}: output_size must be ${dims}`, 'output_size');
  }
  const sizes = spec.outputSize.length === 1 ? new Array<number | null>(dims).fill(spec.outputSize[0]) : spec.outputSize;
  const spatial = inputShape.slice(rank - dims);
  const out = sizes.map((s, a) => (s === null ? spatial[a] : s));
  if (out.some((o) => !Number.isInteger(o) || o < 0)) {
    throw runtimeError(`${name}: elements of output_size must be greater than or equal to 0 but received (${out.join(', ')})`, 'output_size');
  }
  return [...inputShape.slice(0, rank - dims), ...out];
}

function wrapDim(dim: number, rank: number, argument: string): number {
  const r = Math.max(rank, 1);
  if (dim < -r || dim >= r) {
    throw new ConvbookError('IndexError', `Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`, argument);
  }
  return dim < 0 ? dim + r : dim;
}

/** The shape a layer produces from an input of this shape, or PyTorch's error. */
export function outputShape(spec: LayerSpec, inputShape: readonly number[]): number[] {
  if (inputShape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw runtimeError(`Invalid input shape ${formatShape(inputShape)}: sizes must be non-negative integers`, 'input');
  }
  switch (spec.kind) {
    case 'conv':
    case 'conv_transpose':
    case 'deform_conv':
    case 'max_pool':
    case 'avg_pool': {
      const w = resolveWindow(spec);
      const { batched, channels, spatial } = splitWindowInput(spec, inputShape);
      if (spec.kind === 'deform_conv') deformChannelCheck(spec, channels);
      const mismatch = channelMismatch(spec, inputShape, batched, channels);
      if (mismatch) throw mismatch;
      checkPaddingMode(spec, w, inputShape);
      const out = windowSpatialOutput(w, spatial, channels);
      const outChannels = spec.kind === 'max_pool' || spec.kind === 'avg_pool' ? channels : spec.outChannels;
      return batched ? [inputShape[0], outChannels, ...out] : [outChannels, ...out];
    }
    case 'adaptive_avg_pool':
      return adaptiveOutput(spec, inputShape);
    case 'batch_norm': {
      if (inputShape.length < 2) {
        throw valueError(`expected at least 2D input (got ${inputShape.length}D input)`, 'input');
      }
      if (inputShape[1] !== spec.numFeatures) {
        throw runtimeError(`running_mean should contain ${inputShape[1]} elements not ${spec.numFeatures}`, 'num_features');
      }
      return [...inputShape];
    }
    case 'linear': {
      if (inputShape.length === 0) {
        throw runtimeError('both arguments to linear need to be at least 1D, but they are 0D and 2D', 'input');
      }
      const last = inputShape[inputShape.length - 1];
      if (last !== spec.inFeatures) {
        const rows = numel(inputShape.slice(0, -1));
        throw runtimeError(
          `mat1 and mat2 shapes cannot be multiplied (${rows}x${last} and ${spec.inFeatures}x${spec.outFeatures})`,
          'in_features',
        );
      }
      return [...inputShape.slice(0, -1), spec.outFeatures];
    }
    case 'flatten': {
      const rank = inputShape.length;
      const start = wrapDim(spec.startDim, rank, 'start_dim');
      const end = wrapDim(spec.endDim, rank, 'end_dim');
      if (start > end) throw runtimeError('flatten() has invalid args: start_dim cannot come after end_dim', 'start_dim');
      if (rank === 0) return [1];
      return [...inputShape.slice(0, start), numel(inputShape.slice(start, end + 1)), ...inputShape.slice(end + 1)];
    }
    case 'relu':
    case 'sigmoid':
    case 'dropout':
    case 'identity':
      return [...inputShape];
  }
}

const CONFIG_KIND: Record<WindowSpec['kind'], WindowOpKind> = {
  conv: 'conv',
  conv_transpose: 'conv_transpose',
  deform_conv: 'conv',
  max_pool: 'max_pool',
  avg_pool: 'avg_pool',
};

/**
 * The resolved geometry of a window layer for the sweep views. inputShape may be the whole tensor
 * shape (its trailing axes are the spatial ones) or only the spatial sizes; channels are checked
 * only when the whole shape is given.
 */
export function windowConfigFor(spec: WindowSpec, inputShape: readonly number[]): WindowConfig {
  const w = resolveWindow(spec);
  let spatial: number[];
  let outputSize: number[];
  if (inputShape.length === spec.dims) {
    spatial = [...inputShape];
    outputSize = spatialOutputSize(spec, spatial);
  } else {
    spatial = inputShape.slice(inputShape.length - spec.dims);
    outputSize = outputShape(spec, inputShape).slice(-spec.dims);
  }
  return {
    kind: CONFIG_KIND[spec.kind],
    inputSize: spatial,
    kernelSize: w.kernel,
    stride: w.stride,
    dilation: w.dilation,
    padBefore: w.padBefore,
    padAfter: w.padAfter,
    outputPadding: w.outputPadding,
    paddingMode: spec.kind === 'conv' ? spec.paddingMode : 'zeros',
    ceilMode: w.ceilMode,
    countIncludePad: w.countIncludePad,
    outputSize,
  };
}
