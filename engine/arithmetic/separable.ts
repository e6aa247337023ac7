// Cost comparisons the reference post makes: a dense conv against a depthwise-separable pair
// (depthwise, groups = C_in, then a 1×1 pointwise conv), and against a grouped conv. Costs come
// from params.ts and flops.ts, so the ratios are of real counts, not of the idealised formulas.

import type { ComparisonPayload, FlopCount, LayerCost, ParamCount } from '../../contract';
import { valueError } from '../errors';
import type { ConvSpec, SpatialDims } from '../layer';
import { perAxis } from '../shapes';
import { latexNumber, product, textNumber } from './format';
import { flopCount } from './flops';
import { formatLayer } from './layer_repr';
import { paramCount } from './params';
import { outputShape } from './spec_shape';

export interface ConvGeometry {
  stride?: number | number[];
  padding?: number | number[] | 'same' | 'valid';
  dilation?: number | number[];
  /** Default false: without bias the ratios are exactly the textbook ones. */
  bias?: boolean;
}

export interface SeparableOptions extends ConvGeometry {
  /** Depthwise output channels per input channel (Keras' depth_multiplier); default 1. */
  depthMultiplier?: number;
}

function dimsOf(inputShape: readonly number[]): SpatialDims {
  const dims = inputShape.length - 2;
  if (dims !== 1 && dims !== 2 && dims !== 3) {
    throw valueError(`input shape must be (N, C, spatial...) with 1 to 3 spatial axes, got [${inputShape.join(', ')}]`, 'inputShape');
  }
  return dims;
}

function convSpec(dims: SpatialDims, inChannels: number, outChannels: number, kernel: number | number[], groups: number, g: ConvGeometry): ConvSpec {
  const padding = g.padding ?? 0;
  return {
    kind: 'conv',
    dims,
    inChannels,
    outChannels,
    kernelSize: perAxis(kernel, dims),
    stride: perAxis(g.stride ?? 1, dims),
    padding: typeof padding === 'string' ? padding : perAxis(padding, dims),
    dilation: perAxis(g.dilation ?? 1, dims),
    groups,
    bias: g.bias ?? false,
    paddingMode: 'zeros',
  };
}

function cost(name: string, spec: ConvSpec, inputShape: readonly number[]): LayerCost {
  return { name: `${name}: ${formatLayer(spec)}`, params: paramCount(spec), flops: flopCount(spec, inputShape), outputShape: outputShape(spec, inputShape) };
}

function sumParams(parts: LayerCost[]): ParamCount {
  const weights = parts.reduce((s, p) => s + p.params.weights, 0);
  const bias = parts.reduce((s, p) => s + p.params.bias, 0);
  const totals = parts.map((p) => p.params.total);
  return {
    weights,
    bias,
    total: weights + bias,
    formula: { latex: `${totals.map(latexNumber).join(' + ')} = ${latexNumber(weights + bias)}`, text: `${totals.map(textNumber).join(' + ')} = ${textNumber(weights + bias)}` },
  };
}

function sumFlops(parts: LayerCost[]): FlopCount {
  const total = (key: 'multiplications' | 'additions' | 'biasAdditions' | 'macs') => parts.reduce((s, p) => s + p.flops[key], 0);
  const macs = parts.map((p) => p.flops.macs);
  return {
    multiplications: total('multiplications'),
    additions: total('additions'),
    biasAdditions: total('biasAdditions'),
    macs: total('macs'),
    formula: { latex: `${macs.map(latexNumber).join(' + ')} = ${latexNumber(total('macs'))}`, text: `${macs.map(textNumber).join(' + ')} = ${textNumber(total('macs'))}` },
  };
}

function ratio(b: number, a: number): number {
  return a === 0 ? 0 : b / a;
}

/** Dense K×K conv against depthwise K×K (groups = C_in) followed by a 1×1 pointwise conv. */
export function separableComparison(
  inChannels: number,
  outChannels: number,
  kernelSize: number | number[],
  inputShape: readonly number[],
  options: SeparableOptions = {},
): ComparisonPayload {
  const dims = dimsOf(inputShape);
  const multiplier = options.depthMultiplier ?? 1;
  if (!Number.isInteger(multiplier) || multiplier < 1) throw valueError('depthMultiplier must be a positive integer', 'depthMultiplier');
  const dense = convSpec(dims, inChannels, outChannels, kernelSize, 1, options);
  const depthwise = convSpec(dims, inChannels, inChannels * multiplier, kernelSize, inChannels, options);
  const a = cost('dense', dense, inputShape);
  const dw = cost('depthwise', depthwise, inputShape);
  const pointwise = convSpec(dims, inChannels * multiplier, outChannels, 1, 1, { bias: options.bias });
  const pw = cost('pointwise', pointwise, dw.outputShape);
  const parts = [dw, pw];
  const b: LayerCost & { parts: LayerCost[] } = {
    name: 'depthwise + pointwise',
    params: sumParams(parts),
    flops: sumFlops(parts),
    outputShape: pw.outputShape,
    parts,
  };
  const k2 = product(dense.kernelSize);
  const kSym = dims === 2 && dense.kernelSize[0] === dense.kernelSize[1] ? 'K^2' : '\\prod k';
  const kText = dims === 2 && dense.kernelSize[0] === dense.kernelSize[1] ? 'K²' : '∏k';
  const ideal = multiplier / outChannels + multiplier / k2;
  const notes = [
    `the ratio is ${multiplier === 1 ? '' : `${multiplier}·`}(1/C_out + 1/${kText}) exactly when there is no bias; both convs see the same output grid`,
    'depthwise alone mixes no channels: each output channel sees one input channel, which is why the pointwise 1×1 conv follows',
  ];
  if (options.bias) notes.push('with bias each conv adds C_out parameters, so the ratios drift slightly from the formula');
  return {
    title: `Depthwise-separable vs dense ${dense.kernelSize.join('×')} conv, ${inChannels} → ${outChannels} channels`,
    a,
    b,
    paramRatio: ratio(b.params.total, a.params.total),
    flopRatio: ratio(b.flops.multiplications, a.flops.multiplications),
    ratioFormula: {
      latex: `${multiplier === 1 ? '' : `${multiplier} \\cdot `}\\left(\\frac{1}{C_\\text{out}} + \\frac{1}{${kSym}}\\right) = ${multiplier === 1 ? '' : `${multiplier} \\cdot `}\\left(\\frac{1}{${outChannels}} + \\frac{1}{${k2}}\\right) \\approx ${ideal.toFixed(4)}`,
      text: `${multiplier === 1 ? '' : `${multiplier}·`}(1/C_out + 1/${kText}) = ${multiplier === 1 ? '' : `${multiplier}·`}(1/${outChannels} + 1/${k2}) ≈ ${ideal.toFixed(4)}`,
    },
    notes,
  };
}

/** Dense conv against the same conv split into G groups: params and multiplications shrink by 1/G. */
export function groupComparison(
  inChannels: number,
  outChannels: number,
  kernelSize: number | number[],
  groups: number,
  inputShape: readonly number[],
  options: ConvGeometry = {},
): ComparisonPayload {
  const dims = dimsOf(inputShape);
  const a = cost('dense', convSpec(dims, inChannels, outChannels, kernelSize, 1, options), inputShape);
  const b = cost(`groups=${groups}`, convSpec(dims, inChannels, outChannels, kernelSize, groups, options), inputShape);
  const notes = [
    'each group convolves C_in/G input channels into C_out/G output channels, so every output channel sees only its own group',
  ];
  if (options.bias) notes.push('with bias both convs keep C_out bias parameters, so the parameter ratio is slightly above 1/G');
  return {
    title: `Grouped (G = ${groups}) vs dense conv, ${inChannels} → ${outChannels} channels`,
    a,
    b,
    paramRatio: ratio(b.params.total, a.params.total),
    flopRatio: ratio(b.flops.multiplications, a.flops.multiplications),
    ratioFormula: { latex: `\\frac{1}{G} = \\frac{1}{${groups}}`, text: `1/G = 1/${groups}` },
    notes,
  };
}
