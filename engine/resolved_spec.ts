// The weight-free layer spec of a resolved functional call (F.conv2d, F.conv_transpose2d on tensors),
// so a result can be drawn and described like the layer that would have computed it.

import type { ConvSpec, ConvTransposeSpec, DeformConvSpec } from './layer';
import type { ResolvedConv } from './conv_args';
import type { ResolvedConvTranspose } from './conv_transpose_args';
import type { DeformConvGeometry } from './deform_args';

/** 'same' and 'valid' stay as written; explicit padding is the resolved one before each axis. */
export function convSpecOf(r: ResolvedConv, padding: unknown, hasBias: boolean): ConvSpec {
  return {
    kind: 'conv',
    dims: r.dims,
    inChannels: r.inChannels,
    outChannels: r.outChannels,
    kernelSize: r.kernelSize,
    stride: r.stride,
    padding: padding === 'same' || padding === 'valid' ? padding : r.padBefore,
    dilation: r.dilation,
    groups: r.groups,
    bias: hasBias,
    paddingMode: r.paddingMode,
  };
}

/** The output_padding is the one actually used (output_size= picks it). */
export function convTransposeSpecOf(r: ResolvedConvTranspose, hasBias: boolean): ConvTransposeSpec {
  return {
    kind: 'conv_transpose',
    dims: r.dims,
    inChannels: r.inChannels,
    outChannels: r.outChannels,
    kernelSize: r.kernelSize,
    stride: r.stride,
    padding: r.padding,
    outputPadding: r.outputPadding,
    dilation: r.dilation,
    groups: r.groups,
    bias: hasBias,
  };
}

export function deformSpecOf(g: DeformConvGeometry, hasBias: boolean): DeformConvSpec {
  return {
    kind: 'deform_conv',
    dims: 2,
    inChannels: g.inChannels,
    outChannels: g.outChannels,
    kernelSize: g.kernel,
    stride: g.stride,
    padding: g.padding,
    dilation: g.dilation,
    groups: g.groups,
    bias: hasBias,
  };
}
