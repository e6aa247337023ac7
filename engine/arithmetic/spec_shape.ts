// Output shapes of weight-free layer descriptions, with the argument checks PyTorch (and torchvision,
// for DeformConv2d) performs and their messages. Every per-axis length comes from engine/shapes.ts;
// this module only decides which rule applies, with which resolved arguments, and what PyTorch
// says when the arguments are wrong.

import type { WindowConfig, WindowOpKind } from '../../contract';
import { runtimeError, typeError, valueError, ConvbookError } from '../errors';
import type { LayerSpec, SpatialDims, WindowSpec } from '../layer';
import { expandParam, resolveConv, SAME_WITH_STRIDE } from '../conv_args';
import { outputPaddingMessage, resolveConvTranspose } from '../conv_transpose_args';
import { checkPoolWindow, poolArgumentLists, resolveAdaptiveAvgPool2d, resolveAvgPool2d, resolveMaxPool2d } from '../pool_args';
import { convOutputLength, convTransposeOutputLength, effectiveKernel, poolOutputLength } from '../shapes';
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

/** The weight a conv layer allocates, PyTorch's layout: (C_out, C_in/groups, k...), transposed (C_in, C_out/groups, k...). */
function weightShapeOf(spec: WindowSpec & { inChannels: number; outChannels: number; groups: number }, kernel: readonly number[]): number[] {
  return spec.kind === 'conv_transpose'
    ? [spec.inChannels, Math.floor(spec.outChannels / spec.groups), ...kernel]
    : [spec.outChannels, Math.floor(spec.inChannels / spec.groups), ...kernel];
}

/** A 1-D op's values as the 2-D CPU kernels print them: a unit height first. */
function lift(values: readonly number[], fill: number): number[] {
  return values.length === 1 ? [fill, ...values] : [...values];
}

/**
 * A conv's per-axis arguments as F.convNd checks them (expand_param_if_needed: one value, or one
 * per axis of the weight), then the value checks of check_shape_forward and of the CPU kernels, in
 * PyTorch's order. Returns the per-axis values.
 */
function convArguments(spec: WindowSpec & { kind: 'conv' | 'conv_transpose' | 'deform_conv' }, kernel: number[]): {
  stride: number[]; dilation: number[]; padBefore: number[]; padAfter: number[]; outputPadding: number[];
} {
  const dims = spec.dims;
  const weightDims = kernel.length;
  let stride: number[];
  let dilation: number[];
  let padBefore: number[];
  let padAfter: number[];
  let outputPadding = new Array<number>(dims).fill(0);
  if (spec.kind === 'conv' && spec.padding === 'same') {
    if (spec.stride.length !== weightDims && spec.stride.length !== 1) throw runtimeError(`stride cannot broadcast to ${weightDims} dimensions`, 'stride');
    if (spec.dilation.length !== weightDims && spec.dilation.length !== 1) throw runtimeError(`dilation cannot broadcast to ${weightDims} dimensions`, 'dilation');
    stride = expandParam(spec.stride, 'stride', weightDims);
    dilation = expandParam(spec.dilation, 'dilation', weightDims);
    // nn.Conv pads with F.pad (Python's floor division) for a padding_mode; F.conv splits with C++ division.
    const half = spec.paddingMode === 'zeros' ? Math.trunc : Math.floor;
    const sides = kernel.map((k, a) => dilation[a] * (k - 1));
    padBefore = sides.map((total) => half(total / 2));
    padAfter = sides.map((total, a) => total - padBefore[a]);
  } else {
    stride = expandParam(spec.stride, 'stride', weightDims);
    const padding = spec.kind === 'conv' && spec.padding === 'valid' ? [0] : (spec.padding as number[]);
    padBefore = expandParam(padding, 'padding', weightDims);
    padAfter = [...padBefore];
    dilation = expandParam(spec.dilation, 'dilation', weightDims);
    if (spec.kind === 'conv_transpose') outputPadding = expandParam(spec.outputPadding, 'output_padding', weightDims);
  }
  if (weightDims !== dims) {
    throw valueError(`kernel_size must be an int or a tuple of ${dims} ints, but got ${kernel.length} values`, 'kernel_size');
  }
  if (spec.kind === 'deform_conv') {
    if (stride.some((v) => v <= 0)) throw runtimeError('non-positive stride is not supported', 'stride');
    if (padBefore.some((v) => v < 0)) throw runtimeError('negative padding is not supported', 'padding');
    if (dilation.some((v) => v <= 0)) throw runtimeError(`dilation should be greater than zero, but got ${formatShape(dilation)}`, 'dilation');
    if (kernel.some((k) => k <= 0)) throw runtimeError(`kernel_size must be positive, but got (${kernel.join(', ')})`, 'kernel_size');
    return { stride, dilation, padBefore, padAfter, outputPadding };
  }
  if ([...padBefore, ...padAfter].some((v) => v < 0)) throw runtimeError('negative padding is not supported', 'padding');
  if (outputPadding.some((v) => v < 0)) throw runtimeError('negative output_padding is not supported', 'output_padding');
  if (stride.some((v) => v <= 0)) throw runtimeError('non-positive stride is not supported', 'stride');
  const k = lift(kernel, 1);
  const d = lift(dilation, 1);
  if (spec.kind === 'conv_transpose') {
    // slow_conv_transpose2d/3d's checks; output_padding waits for the forward (output_size may replace it).
    if (dims !== 3 && k.some((v) => v <= 0)) {
      throw runtimeError(`kernel size should be greater than zero, but got kernel_height: ${k[0]} kernel_width: ${k[1]}`, 'kernel_size');
    }
    if (d.some((v) => v <= 0)) {
      const words = axisWords(d.length === 3 ? 3 : 2);
      throw runtimeError(`dilation should be greater than zero, but got ${d.map((v, a) => `dilation_${words[a]}: ${v}`).join(', ')}`, 'dilation');
    }
    return { stride, dilation, padBefore, padAfter, outputPadding };
  }
  // The slow (dilated) CPU kernels' checks; a batch that goes to oneDNN words the dilation one differently.
  if (d.some((v) => v !== 1)) {
    if (k.some((v) => v <= 0)) throw runtimeError(`kernel size should be greater than zero, but got ${formatShape(k)}`, 'kernel_size');
    if (d.some((v) => v <= 0)) throw runtimeError(`dilation should be greater than zero, but got ${formatShape(d)}`, 'dilation');
  } else if (k.some((v) => v <= 0)) {
    throw runtimeError(
      k.length === 3 ? `kernel size should be greater than zero, but got: ${k.join(' x ')} (TxHxW)` : `kernel size should be greater than zero, but got kernel_height: ${k[0]} kernel_width: ${k[1]}`,
      'kernel_size',
    );
  }
  return { stride, dilation, padBefore, padAfter, outputPadding };
}

/**
 * Constructor-time checks (what nn.Conv2d(...) and friends raise before any input) and the
 * resolution of every per-axis argument. Checks PyTorch makes only when the layer runs but that
 * need no input (stride 0, a pool's padding over half its kernel...) are made here too, with the
 * message the first forward would give; output_padding waits for the forward, where output_size
 * may replace it.
 */
export function resolveWindow(spec: WindowSpec): ResolvedWindow {
  const dims = spec.dims;
  requireIntegers('kernel_size', spec.kernelSize);
  let kernel: number[];
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
    requireIntegers('stride', spec.stride);
    requireIntegers('dilation', spec.dilation);
    if (spec.kind === 'conv' && typeof spec.padding === 'string') {
      if (spec.padding !== 'same' && spec.padding !== 'valid') {
        throw valueError(`Invalid padding string '${String(spec.padding)}', should be one of {'valid', 'same'}`, 'padding');
      }
      if (spec.padding === 'same' && spec.stride.some((s) => s !== 1)) throw valueError(SAME_WITH_STRIDE, 'padding');
    } else {
      requireIntegers('padding', spec.padding as number[]);
    }
    // _pair/_triple keep a tuple as written; an int becomes one value per axis.
    kernel = spec.kernelSize.length === 1 && dims > 1 ? new Array<number>(dims).fill(spec.kernelSize[0]) : [...spec.kernelSize];
    const weight = weightShapeOf(spec, kernel);
    const negative = weight.find((v) => v < 0);
    if (negative !== undefined) throw runtimeError(`Trying to create tensor with negative dimension ${negative}: ${formatShape(weight)}`, 'kernel_size');
    if (spec.kind === 'conv_transpose') requireIntegers('output_padding', spec.outputPadding);
    ({ stride, dilation, padBefore, padAfter, outputPadding } = convArguments(spec, kernel));
    if (spec.kind === 'conv_transpose' && weight.some((v) => v === 0)) {
      const shown = formatShape(dims === 1 ? [weight[0], weight[1], 1, weight[2]] : weight);
      throw runtimeError(
        dims === 3
          ? `non-empty 5D (n_output_plane x n_input_plane x kernel_depth x kernel_height x kernel_width) tensor expected for weight, but got: ${shown}`
          : `non-empty 2D or 4D weight tensor expected, but got: ${shown}`,
        'kernel_size',
      );
    }
  } else {
    ceilMode = spec.ceilMode;
    if (spec.kind === 'avg_pool') countIncludePad = spec.countIncludePad;
    if (dims === 2) {
      const op = spec.kind === 'max_pool' ? 'max_pool2d' : 'avg_pool2d';
      const lists = poolArgumentLists(op, {
        kernelSize: spec.kernelSize,
        stride: spec.stride,
        padding: spec.padding,
        dilation: spec.kind === 'max_pool' ? spec.dilation : [1],
      });
      kernel = lists.kernel;
      stride = lists.stride;
      padBefore = lists.padding;
      dilation = lists.dilation;
      checkPoolWindow(kernel, stride, padBefore, dilation);
    } else {
      kernel = axisArgument('kernel_size', spec.kernelSize, dims);
      stride = poolStride(spec);
      dilation = spec.kind === 'max_pool' ? axisArgument('dilation', spec.dilation, dims) : new Array<number>(dims).fill(1);
      padBefore = axisArgument('padding', spec.padding, dims);
      requireIntegers('stride', stride);
      requireIntegers('padding', padBefore);
      requireIntegers('dilation', dilation);
      checkPoolArguments(spec.kind, dims, kernel, stride, padBefore, dilation);
    }
    padAfter = [...padBefore];
  }
  return { kind: spec.kind, dims, kernel, stride, dilation, padBefore, padAfter, outputPadding, ceilMode, countIncludePad };
}

/** pooling_output_shape's and pool2d_shape_check's argument checks for the 1-D and 3-D pools the editor reads. */
function checkPoolArguments(kind: 'max_pool' | 'avg_pool', dims: number, kernel: number[], stride: number[], padding: number[], dilation: number[]): void {
  if (kind === 'max_pool' && dims === 1) {
    // max_pool1d has its own checks and wording (check_max_pool1d).
    if (kernel[0] <= 0) throw runtimeError(`max_pool1d() kernel_size must be greater than zero, but got ${kernel[0]}`, 'kernel_size');
    if (stride[0] <= 0) throw runtimeError(`max_pool1d() stride must be greater than zero, but got ${stride[0]}`, 'stride');
    if (padding[0] < 0) throw runtimeError(`max_pool1d() padding must be non-negative, but got ${padding[0]}`, 'padding');
    if (padding[0] > Math.trunc(kernel[0] / 2)) {
      throw runtimeError(`max_pool1d() padding should be at most half of kernel size, but got padding=${padding[0]} and kernel_size=${kernel[0]}`, 'padding');
    }
    if (dilation[0] <= 0) throw runtimeError(`max_pool1d() dilation must be greater than zero, but got ${dilation[0]}`, 'dilation');
    return;
  }
  for (let a = 0; a < dims; a++) {
    if (stride[a] === 0) throw runtimeError('stride should not be zero', 'stride');
    if (padding[a] < 0) throw runtimeError(`pad must be non-negative, but got pad: ${padding[a]}`, 'padding');
    if (padding[a] > Math.trunc(kernel[a] / 2)) {
      throw runtimeError(`pad should be at most half of kernel size, but got pad=${padding[a]} and kernel_size=${kernel[a]}`, 'padding');
    }
  }
  const letters = dims === 3 ? ['T', 'H', 'W'] : ['W'];
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
  if (w.kind === 'conv_transpose' && w.outputPadding.some((op, a) => op >= w.stride[a] && op >= w.dilation[a])) {
    throw runtimeError(outputPaddingMessage(w.outputPadding, w.stride, w.dilation), 'output_padding');
  }
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

/** Spatial output sizes given the spatial input sizes only (no channel checks); used by the calculators. */
export function spatialOutputSize(spec: WindowSpec, spatial: readonly number[]): number[] {
  resolveWindow(spec);
  if (spatial.length !== spec.dims) throw valueError(`expected ${spec.dims} spatial sizes, got ${spatial.length}`, 'input');
  // One input of the channels the layer expects.
  const channels = spec.kind === 'max_pool' || spec.kind === 'avg_pool' ? 1 : spec.inChannels;
  return outputShape(spec, [1, channels, ...spatial]).slice(2);
}

/** The engine's checks for a layer's forward, with a channel mismatch blamed on in_channels. */
function throughEngine(resolve: () => { outputShape: number[] }): number[] {
  try {
    return resolve().outputShape;
  } catch (error) {
    if (error instanceof ConvbookError && /^Given (groups=\d+|transposed=1), weight of size .*, expected input/.test(error.message)) {
      throw new ConvbookError(error.pythonName, error.message, 'in_channels');
    }
    throw error;
  }
}

/** The forward of a window layer whose op the engine implements, through the engine's own checks; null for the others. */
function engineOutputShape(spec: WindowSpec, w: ResolvedWindow, inputShape: readonly number[]): number[] | null {
  switch (spec.kind) {
    case 'conv': {
      const options = { stride: spec.stride, padding: spec.padding, dilation: spec.dilation, groups: spec.groups, paddingMode: spec.paddingMode };
      return throughEngine(() => resolveConv(inputShape, weightShapeOf(spec, w.kernel), null, options, spec.dims));
    }
    case 'conv_transpose': {
      const options = { stride: spec.stride, padding: spec.padding, outputPadding: spec.outputPadding, dilation: spec.dilation, groups: spec.groups };
      return throughEngine(() => resolveConvTranspose(inputShape, weightShapeOf(spec, w.kernel), null, options, spec.dims));
    }
    case 'max_pool':
      if (spec.dims !== 2) return null;
      return resolveMaxPool2d(inputShape, { kernelSize: spec.kernelSize, stride: spec.stride.length ? spec.stride : null, padding: spec.padding, dilation: spec.dilation, ceilMode: spec.ceilMode }).outputShape;
    case 'avg_pool':
      if (spec.dims !== 2) return null;
      return resolveAvgPool2d(inputShape, { kernelSize: spec.kernelSize, stride: spec.stride.length ? spec.stride : null, padding: spec.padding, ceilMode: spec.ceilMode, countIncludePad: spec.countIncludePad }).outputShape;
    default:
      return null;
  }
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
  if (spec.dims === 2) return resolveAdaptiveAvgPool2d(inputShape, spec.outputSize).outputShape;
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
      const viaEngine = engineOutputShape(spec, w, inputShape);
      if (viaEngine) return viaEngine;
      const { batched, channels, spatial } = splitWindowInput(spec, inputShape);
      if (spec.kind === 'deform_conv') deformChannelCheck(spec, channels);
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
