// Argument checks and output shapes for transposed convolution (F.conv_transpose1d/2d/3d and
// nn.ConvTranspose's output_size), in PyTorch's order and with its messages.

import { checkCommon, checkInputRank, dimsFromWeight, expandParam, type SpatialDims } from './conv_args';
import { runtimeError, typeError, valueError } from './errors';
import { convTransposeOutputLength } from './shapes';
import { formatShape } from './tensor';

export interface ConvTransposeOptions {
  stride?: number | number[];
  padding?: number | number[];
  outputPadding?: number | number[];
  dilation?: number | number[];
  groups?: number;
  /** nn.ConvTranspose's forward(output_size=...): picks output_padding; outputPadding is then ignored. */
  outputSize?: number[];
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

const AXIS_NAMES: Record<number, string[]> = { 2: ['height', 'width'], 3: ['depth', 'height', 'width'] };

/**
 * PyTorch's ConvTransposeNd._output_padding: the output_padding that makes the output exactly
 * `outputSize`. inputShape may be (N, C, spatial...), (C, spatial...) or just the spatial sizes;
 * outputSize may hold the spatial sizes or also the leading non-spatial ones.
 */
export function outputPaddingFor(
  inputShape: readonly number[],
  outputSize: readonly number[],
  dims: number,
  stride: readonly number[],
  padding: readonly number[],
  kernelSize: readonly number[],
  dilation: readonly number[],
): number[] {
  const nonSpatial = inputShape.length - dims;
  const spatialInput = inputShape.slice(nonSpatial);
  let wanted = [...outputSize];
  if (wanted.length === nonSpatial + dims && nonSpatial > 0) wanted = wanted.slice(nonSpatial);
  if (wanted.length !== dims) {
    const full = nonSpatial > 0 ? nonSpatial + dims : dims + 2;
    throw valueError(
      `ConvTranspose${dims}D: for ${inputShape.length}D input, output_size must have ${dims} or ${full} elements (got ${outputSize.length})`,
      'output_size',
    );
  }
  const minSizes = spatialInput.map((i, d) => convTransposeOutputLength(i, kernelSize[d], stride[d], padding[d], dilation[d], 0));
  const maxSizes = minSizes.map((m, d) => m + stride[d] - 1);
  for (let d = 0; d < dims; d++) {
    if (wanted[d] < minSizes[d] || wanted[d] > maxSizes[d]) {
      throw valueError(
        `requested an output size of ${formatShape(wanted)}, but valid sizes range from ${formatShape(minSizes)} to ${formatShape(maxSizes)} (for an input of torch.Size(${formatShape(spatialInput)}))`,
        'output_size',
      );
    }
  }
  return wanted.map((w, d) => w - minSizes[d]);
}

/** The message of PyTorch's CPU kernels, which see 1-D as 2-D with a unit height. */
function outputPaddingMessage(outputPadding: number[], stride: number[], dilation: number[]): string {
  let op = outputPadding, s = stride, d = dilation;
  if (op.length === 1) {
    op = [0, ...op];
    s = [1, ...s];
    d = [1, ...d];
  }
  const names = AXIS_NAMES[op.length];
  const part = (label: string, values: number[]): string => values.map((v, i) => `${label}_${names[i]}: ${v}`).join(' ');
  return `output padding must be smaller than either stride or dilation, but got ${part('output_padding', op)} ${part('stride', s)} ${part('dilation', d)}`;
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
  const batched = checkInputRank(inputShape, dims, opName);
  const input = batched ? [...inputShape] : [1, ...inputShape];

  if (typeof options.padding === 'string') {
    throw typeError(`${opName}(): argument 'padding' must be tuple of ints, not str`, 'padding');
  }
  const groups = options.groups ?? 1;
  const stride = expandParam(options.stride ?? 1, 'stride', dims, opName);
  const padding = expandParam(options.padding ?? 0, 'padding', dims, opName);
  const dilation = expandParam(options.dilation ?? 1, 'dilation', dims, opName);
  let outputPadding = expandParam(options.outputPadding ?? 0, 'output_padding', dims, opName);

  checkCommon(input, weightShape, groups, stride, dilation, padding);
  if (outputPadding.some((p) => p < 0)) throw runtimeError('negative output_padding is not supported', 'output_padding');

  const kernelSize = weightShape.slice(2);
  const inChannels = input[1];
  if (inChannels !== weightShape[0]) {
    throw runtimeError(
      `Given transposed=1, weight of size ${formatShape(weightShape)}, expected input${formatShape(input)} to have ${weightShape[0]} channels, but got ${inChannels} channels instead`,
      'input',
    );
  }
  const outChannels = weightShape[1] * groups;
  if (biasShape !== null && (biasShape.length !== 1 || biasShape[0] !== outChannels)) {
    throw runtimeError(
      `Given transposed=1, weight of size ${formatShape(weightShape)}, expected bias to be 1-dimensional with ${outChannels} elements, but got bias of size ${formatShape(biasShape)} instead`,
      'bias',
    );
  }

  const inputSize = input.slice(2);
  if (options.outputSize !== undefined) {
    outputPadding = outputPaddingFor(inputShape, options.outputSize, dims, stride, padding, kernelSize, dilation);
  }
  if (outputPadding.some((op, i) => op >= stride[i] && op >= dilation[i])) {
    throw runtimeError(outputPaddingMessage(outputPadding, stride, dilation), 'output_padding');
  }
  const outputSize = inputSize.map((s, i) => convTransposeOutputLength(s, kernelSize[i], stride[i], padding[i], dilation[i], outputPadding[i]));
  if (outputSize.some((o) => o < 1)) {
    const shown = (v: number[]): string => (dims === 1 ? [1, ...v] : v).join(' x ');
    throw runtimeError(
      `Given input size per channel: (${shown(inputSize)}). Calculated output size per channel: (${shown(outputSize)}). Output size is too small`,
      'padding',
    );
  }
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
