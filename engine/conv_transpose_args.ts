// Argument checks and output shapes for transposed convolution (F.conv_transpose1d/2d/3d and
// nn.ConvTranspose's output_size), in PyTorch 1.13's order and with its messages: the module's
// _output_padding, at::_convolution, check_shape_forward, then slow_conv_transpose2d/3d's checks.

import { asKernelShape, asList, checkBias, checkInputRank, checkShapeForward, dimsFromWeight, expandParam, weightSpatialDims, type SpatialDims } from './conv_args';
import { runtimeError, typeError, valueError } from './errors';
import { convTransposeOutputLength } from './shapes';
import { formatShape, numel } from './tensor';

export interface ConvTransposeOptions {
  stride?: number | number[];
  padding?: number | number[];
  outputPadding?: number | number[];
  dilation?: number | number[];
  groups?: number;
  /** nn.ConvTranspose's forward(output_size=...): picks output_padding; outputPadding is then ignored. */
  outputSize?: number[];
  /** What output_size was in Python, for messages that print it: a tuple (the default), a list or a torch.Size. */
  outputSizeKind?: OutputSizeKind;
}

export interface ResolvedConvTranspose {
  dims: SpatialDims;
  batched: boolean;
  batch: number;
  inChannels: number;
  outChannels: number;
  groups: number;
  kernelSize: number[];
  stride: number[];
  padding: number[];
  outputPadding: number[];
  dilation: number[];
  inputSize: number[];
  outputSize: number[];
  outputShape: number[];
}

export type OutputSizeKind = 'tuple' | 'list' | 'size';

/** Python's repr of output_size: (9, 9), (9,), [9, 9] or torch.Size([9, 9]). */
function sizeText(values: readonly number[], kind: OutputSizeKind): string {
  if (kind === 'list') return formatShape(values);
  if (kind === 'size') return `torch.Size(${formatShape(values)})`;
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/**
 * PyTorch's ConvTransposeNd._output_padding: the output_padding that makes the output exactly
 * `outputSize`. inputShape is the input as given, (N, C, spatial...) or (C, spatial...); outputSize
 * may hold the spatial sizes or also the leading non-spatial ones. PyTorch 1.13 reads the sizes it
 * compares against, and prints, from input.size()[2:] and input.size(d + non-spatial axes) as is.
 */
export function outputPaddingFor(
  inputShape: readonly number[],
  outputSize: readonly number[],
  dims: number,
  stride: readonly number[],
  padding: readonly number[],
  kernelSize: readonly number[],
  dilation: readonly number[],
  outputSizeKind: OutputSizeKind = 'tuple',
): number[] {
  const nonSpatial = inputShape.length === dims + 2 ? 2 : 1;
  let wanted = [...outputSize];
  if (wanted.length === nonSpatial + dims) wanted = wanted.slice(nonSpatial);
  if (wanted.length !== dims) {
    throw valueError(
      `ConvTranspose${dims}D: for ${inputShape.length}D input, output_size must have ${dims} or ${nonSpatial + dims} elements (got ${wanted.length})`,
      'output_size',
    );
  }
  const minSizes = wanted.map((_, d) => convTransposeOutputLength(inputShape[d + nonSpatial], kernelSize[d], stride[d], padding[d], dilation[d], 0));
  const maxSizes = minSizes.map((m, d) => m + stride[d] - 1);
  for (let d = 0; d < dims; d++) {
    if (wanted[d] < minSizes[d] || wanted[d] > maxSizes[d]) {
      throw valueError(
        `requested an output size of ${sizeText(wanted, outputSizeKind)}, but valid sizes range from ${formatShape(minSizes)} to ${formatShape(maxSizes)} (for an input of torch.Size(${formatShape(inputShape.slice(2))}))`,
        'output_size',
      );
    }
  }
  return wanted.map((w, d) => w - minSizes[d]);
}

const AXIS_WORDS: Record<number, string[]> = { 2: ['height', 'width'], 3: ['depth', 'height', 'width'] };

/** slow_conv_transpose2d/3d's wording: one value per axis, 1-D ops shown as 2-D with a unit height. */
function perAxisText(label: string, values: readonly number[], separator = ' '): string {
  const words = AXIS_WORDS[values.length];
  return values.map((v, i) => `${label}_${words[i]}: ${v}`).join(separator);
}

/** The output padding rule's message (shared with the layer specs). */
export function outputPaddingMessage(outputPadding: readonly number[], stride: readonly number[], dilation: readonly number[]): string {
  const lift = (values: readonly number[], fill: number) => (values.length === 1 ? [fill, ...values] : [...values]);
  return `output padding must be smaller than either stride or dilation, but got ${perAxisText('output_padding', lift(outputPadding, 0))} ${perAxisText('stride', lift(stride, 1))} ${perAxisText('dilation', lift(dilation, 1))}`;
}

/**
 * The checks after check_shape_forward: an empty batch computes only the output size; an empty
 * input is refused; then slow_conv_transpose2d/3d's shape check.
 */
function checkTransposeKernel(
  batchedInput: readonly number[],
  weightShape: readonly number[],
  r: { dims: number; stride: number[]; padding: number[]; dilation: number[]; outputPadding: number[]; kernelSize: number[] },
  outputSize: number[],
): void {
  if (batchedInput[0] === 0 || batchedInput[1] === 0) {
    const negative = outputSize.find((o) => o < 0);
    if (negative !== undefined) throw runtimeError(`invalid shape dimension ${negative}`, 'padding');
    return;
  }
  if (numel(batchedInput) === 0) {
    throw runtimeError(`Only zero batch or zero channel inputs are supported, but got input shape: ${formatShape(asKernelShape(batchedInput, r.dims))}`, 'input');
  }
  const lift = (values: readonly number[], fill: number) => (r.dims === 1 ? [fill, ...values] : [...values]);
  const kernel = lift(r.kernelSize, 1);
  const dilation = lift(r.dilation, 1);
  if (r.dims !== 3 && kernel.some((k) => k <= 0)) {
    throw runtimeError(`kernel size should be greater than zero, but got ${perAxisText('kernel', kernel)}`, 'weight');
  }
  if (dilation.some((d) => d <= 0)) {
    throw runtimeError(`dilation should be greater than zero, but got ${perAxisText('dilation', dilation, ', ')}`, 'dilation');
  }
  if (r.outputPadding.some((op, i) => op >= r.stride[i] && op >= r.dilation[i])) {
    throw runtimeError(outputPaddingMessage(r.outputPadding, r.stride, r.dilation), 'output_padding');
  }
  if (numel(weightShape) === 0) {
    const shown = formatShape(asKernelShape(weightShape, r.dims));
    throw runtimeError(
      r.dims === 3
        ? `non-empty 5D (n_output_plane x n_input_plane x kernel_depth x kernel_height x kernel_width) tensor expected for weight, but got: ${shown}`
        : `non-empty 2D or 4D weight tensor expected, but got: ${shown}`,
      'weight',
    );
  }
  if (outputSize.some((o) => o < 1)) {
    const x = (values: number[]) => lift(values, 1).join(' x ');
    throw runtimeError(
      `Given input size per channel: (${x(batchedInput.slice(2))}). Calculated output size per channel: (${x(outputSize)}). Output size is too small`,
      'padding',
    );
  }
}

export function resolveConvTranspose(
  inputShape: readonly number[],
  weightShape: readonly number[],
  biasShape: readonly number[] | null,
  options: ConvTransposeOptions = {},
  spatialDims?: SpatialDims,
): ResolvedConvTranspose {
  const dims = dimsFromWeight(weightShape, spatialDims);
  const opName = `conv_transpose${dims}d`;
  if (typeof options.padding === 'string') {
    throw typeError(`${opName}(): argument 'padding' must be tuple of ints, not str`, 'padding');
  }
  const strideList = asList(options.stride ?? 1, 'stride', opName, dims);
  const paddingList = asList(options.padding ?? 0, 'padding', opName, dims);
  const dilationList = asList(options.dilation ?? 1, 'dilation', opName, dims);
  let outputPaddingList = asList(options.outputPadding ?? 0, 'output_padding', opName, dims);
  if (options.outputSize !== undefined) {
    // The module's forward works out output_padding before F.conv_transpose sees the input.
    const perAxis = (list: number[]) => (list.length === 1 ? new Array<number>(dims).fill(list[0]) : list);
    outputPaddingList = outputPaddingFor(
      inputShape,
      options.outputSize,
      dims,
      perAxis(strideList),
      perAxis(paddingList),
      weightShape.slice(2),
      perAxis(dilationList),
      options.outputSizeKind,
    );
  }
  const batched = checkInputRank(inputShape, dims, opName);
  const input = batched ? [...inputShape] : [1, ...inputShape];

  const groups = options.groups ?? 1;
  const weightDims = weightSpatialDims(weightShape, groups);
  const stride = expandParam(strideList, 'stride', weightDims);
  const padding = expandParam(paddingList, 'padding', weightDims);
  const dilation = expandParam(dilationList, 'dilation', weightDims);
  const outputPadding = expandParam(outputPaddingList, 'output_padding', weightDims);
  checkShapeForward(input, weightShape, groups, padding, stride, outputPadding);

  const kernelSize = weightShape.slice(2);
  const inChannels = input[1];
  if (inChannels !== weightShape[0]) {
    throw runtimeError(
      `Given transposed=1, weight of size ${formatShape(weightShape)}, expected input${formatShape(input)} to have ${weightShape[0]} channels, but got ${inChannels} channels instead`,
      'input',
    );
  }
  const outChannels = weightShape[1] * groups;
  checkBias(weightShape, biasShape, outChannels, true);
  const inputSize = input.slice(2);
  const outputSize = inputSize.map((s, i) => convTransposeOutputLength(s, kernelSize[i], stride[i], padding[i], dilation[i], outputPadding[i]));
  checkTransposeKernel(input, weightShape, { dims, stride, padding, dilation, outputPadding, kernelSize }, outputSize);
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
    padding,
    outputPadding,
    dilation,
    inputSize,
    outputSize,
    outputShape,
  };
}
