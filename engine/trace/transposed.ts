// Two views of one transposed conv for the renderer. As a scatter: input cell i stamps its
// weighted kernel onto outputs i·s − p + t·d (cells past the crop fall away, output_padding only
// lengthens the output). As a gather: a stride-1 conv over the input with s − 1 zeros stuffed
// between neighbours, padded by d·(k−1) − p before and d·(k−1) − p + output_padding after, with
// the kernel flipped. Both give PyTorch's conv_transpose output exactly.

import type { DirectConvEquivalent, ScatterTrace, WindowConfig } from '../../contract';
import { valueError } from '../errors';
import { checkIndex, flatIndex, gridIndices, product } from './grid';

function requireTransposed(config: WindowConfig, what: string): void {
  if (config.kind !== 'conv_transpose') throw valueError(`${what} needs a conv_transpose config, got ${config.kind}`, 'config');
}

export function directConvEquivalent(config: WindowConfig): DirectConvEquivalent {
  requireTransposed(config, 'directConvEquivalent');
  const axes = config.inputSize.length;
  const insertedZeros: number[] = [];
  const padBefore: number[] = [];
  const padAfter: number[] = [];
  const stuffedSize: number[] = [];
  for (let a = 0; a < axes; a++) {
    const reach = config.dilation[a] * (config.kernelSize[a] - 1);
    insertedZeros.push(config.stride[a] - 1);
    padBefore.push(reach - config.padBefore[a]);
    padAfter.push(reach - config.padBefore[a] + config.outputPadding[a]);
    stuffedSize.push((config.inputSize[a] - 1) * config.stride[a] + 1);
  }
  return {
    insertedZeros,
    padBefore,
    padAfter,
    stuffedSize,
    config: {
      kind: 'conv',
      inputSize: stuffedSize,
      kernelSize: [...config.kernelSize],
      stride: new Array<number>(axes).fill(1),
      dilation: [...config.dilation],
      padBefore,
      padAfter,
      outputPadding: new Array<number>(axes).fill(0),
      paddingMode: 'zeros',
      ceilMode: false,
      countIncludePad: true,
      outputSize: [...config.outputSize],
    },
  };
}

/**
 * The original input cell a position of the zero-stuffed input holds, or null for an inserted zero
 * or a position outside the stuffed input (padding, or cropped when padding is negative).
 */
export function stuffedSource(config: WindowConfig, stuffedPosition: readonly number[]): number[] | null {
  const out: number[] = [];
  for (let a = 0; a < stuffedPosition.length; a++) {
    const p = stuffedPosition[a];
    const s = config.stride[a];
    if (p < 0 || p % s !== 0 || p / s >= config.inputSize[a]) return null;
    out.push(p / s);
  }
  return out;
}

export interface ScatterData {
  /** Per input channel of the group, one plane (row-major). */
  inputPlanes: number[][];
  /** Per input channel, the kernel plane W[c, oc] for the output channel drawn, unflipped (PyTorch layout). */
  weightPlanes?: number[][];
  /** Which input channel's plane to stamp; default 0. */
  channel?: number;
}

/** The output cells one input cell stamps, and with which kernel taps (row-major tap order). */
export function traceScatter(config: WindowConfig, input: number[], data?: ScatterData): ScatterTrace {
  requireTransposed(config, 'traceScatter');
  checkIndex(input, config.inputSize, 'input');
  const channel = data?.channel ?? 0;
  const plane = data?.inputPlanes[channel];
  const kernelPlane = data?.weightPlanes?.[channel];
  if (data && !plane) throw valueError(`traceScatter: no input plane for channel ${channel}`, 'channel');
  if (plane && plane.length !== product(config.inputSize)) {
    throw valueError(`traceScatter: input plane has ${plane.length} values, expected ${product(config.inputSize)}`, 'inputPlanes');
  }
  if (kernelPlane && kernelPlane.length !== product(config.kernelSize)) {
    throw valueError(`traceScatter: kernel plane has ${kernelPlane.length} values, expected ${product(config.kernelSize)}`, 'weightPlanes');
  }
  const value = plane ? plane[flatIndex(input, config.inputSize)] : undefined;
  const stamps: ScatterTrace['stamps'] = [];
  for (const tap of gridIndices(config.kernelSize)) {
    const output = tap.map((t, a) => input[a] * config.stride[a] - config.padBefore[a] + t * config.dilation[a]);
    if (output.some((o, a) => o < 0 || o >= config.outputSize[a])) continue;
    const stamp: ScatterTrace['stamps'][number] = { output, tap };
    if (kernelPlane) {
      stamp.weight = kernelPlane[flatIndex(tap, config.kernelSize)];
      if (value !== undefined) stamp.product = value * stamp.weight;
    }
    stamps.push(stamp);
  }
  return { input: [...input], stamps };
}
