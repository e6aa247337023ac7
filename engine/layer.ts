// A layer described by its configuration alone, without weights: what nn.Conv2d(...) and friends
// mean for shapes, costs and receptive fields. The Python package builds these from modules, the
// editor from the calls it finds in Python code, and the arithmetic consumes them.

import type { PaddingMode } from '../contract';

export type SpatialDims = 1 | 2 | 3;

export interface ConvSpec {
  kind: 'conv';
  dims: SpatialDims;
  inChannels: number;
  outChannels: number;
  kernelSize: number[];
  stride: number[];
  padding: number[] | 'same' | 'valid';
  dilation: number[];
  groups: number;
  bias: boolean;
  paddingMode: PaddingMode;
}

export interface ConvTransposeSpec {
  kind: 'conv_transpose';
  dims: SpatialDims;
  inChannels: number;
  outChannels: number;
  kernelSize: number[];
  stride: number[];
  padding: number[];
  outputPadding: number[];
  dilation: number[];
  groups: number;
  bias: boolean;
}

export interface DeformConvSpec {
  kind: 'deform_conv';
  dims: 2;
  inChannels: number;
  outChannels: number;
  kernelSize: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  groups: number;
  bias: boolean;
}

export interface MaxPoolSpec {
  kind: 'max_pool';
  dims: SpatialDims;
  kernelSize: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
}

export interface AvgPoolSpec {
  kind: 'avg_pool';
  dims: SpatialDims;
  kernelSize: number[];
  stride: number[];
  padding: number[];
  ceilMode: boolean;
  countIncludePad: boolean;
}

export interface AdaptiveAvgPoolSpec {
  kind: 'adaptive_avg_pool';
  dims: SpatialDims;
  /** null keeps that axis's input size, as PyTorch's None does. */
  outputSize: (number | null)[];
}

export interface BatchNormSpec {
  kind: 'batch_norm';
  numFeatures: number;
  affine: boolean;
}

export interface LinearSpec {
  kind: 'linear';
  inFeatures: number;
  outFeatures: number;
  bias: boolean;
}

export interface FlattenSpec {
  kind: 'flatten';
  startDim: number;
  endDim: number;
}

/** Shape-preserving layers without parameters. */
export interface ElementwiseSpec {
  kind: 'relu' | 'sigmoid' | 'dropout' | 'identity';
}

export type LayerSpec =
  | ConvSpec
  | ConvTransposeSpec
  | DeformConvSpec
  | MaxPoolSpec
  | AvgPoolSpec
  | AdaptiveAvgPoolSpec
  | BatchNormSpec
  | LinearSpec
  | FlattenSpec
  | ElementwiseSpec;

export type WindowSpec = ConvSpec | ConvTransposeSpec | DeformConvSpec | MaxPoolSpec | AvgPoolSpec;

const WINDOW_KINDS: ReadonlySet<LayerSpec['kind']> = new Set(['conv', 'conv_transpose', 'deform_conv', 'max_pool', 'avg_pool']);

/** Layers with a sliding window (kernel, stride, padding): conv, transposed and deformable conv, max and avg pooling. */
export function isWindowSpec(spec: LayerSpec | null | undefined): spec is WindowSpec {
  return !!spec && WINDOW_KINDS.has(spec.kind);
}
