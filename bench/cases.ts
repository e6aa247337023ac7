// The benchmark's workloads: layer shapes typical of ResNet/MobileNet/DCGAN/DCN, with seeded data.

import { randn } from '../engine/random';
import type { Tensor } from '../engine/tensor';

export type CaseKind = 'conv2d' | 'depthwise' | 'conv_transpose2d' | 'deform_conv2d';

export interface BenchCase {
  name: string;
  kind: CaseKind;
  batch: number;
  inChannels: number;
  outChannels: number;
  height: number;
  width: number;
  kernel: number;
  stride: number;
  padding: number;
  groups: number;
}

export const CASES: BenchCase[] = [
  { name: 'conv2d 1x64x56x56->64 k3 p1', kind: 'conv2d', batch: 1, inChannels: 64, outChannels: 64, height: 56, width: 56, kernel: 3, stride: 1, padding: 1, groups: 1 },
  { name: 'conv2d 1x3x224x224->64 k7 s2 p3', kind: 'conv2d', batch: 1, inChannels: 3, outChannels: 64, height: 224, width: 224, kernel: 7, stride: 2, padding: 3, groups: 1 },
  { name: 'depthwise 1x128x56x56 k3 p1 g128', kind: 'depthwise', batch: 1, inChannels: 128, outChannels: 128, height: 56, width: 56, kernel: 3, stride: 1, padding: 1, groups: 128 },
  { name: 'conv_transpose2d 1x64x28x28->32 k4 s2 p1', kind: 'conv_transpose2d', batch: 1, inChannels: 64, outChannels: 32, height: 28, width: 28, kernel: 4, stride: 2, padding: 1, groups: 1 },
  { name: 'deform_conv2d 1x64x28x28->64 k3 p1', kind: 'deform_conv2d', batch: 1, inChannels: 64, outChannels: 64, height: 28, width: 28, kernel: 3, stride: 1, padding: 1, groups: 1 },
  // Overhead-bound: per-call costs (argument checks, allocation, copies) dominate the arithmetic.
  { name: 'conv2d 1x3x32x32->16 k3 p1 (small)', kind: 'conv2d', batch: 1, inChannels: 3, outChannels: 16, height: 32, width: 32, kernel: 3, stride: 1, padding: 1, groups: 1 },
];

export interface CaseData {
  input: Tensor;
  /** PyTorch layout: conv (C_out, C_in/g, k, k); transposed (C_in, C_out/g, k, k). */
  weight: Tensor;
  bias: Tensor;
  /** deform only: (N, 2·k·k, H_out, W_out), torchvision/ONNX layout. */
  offset: Tensor | null;
  outputShape: number[];
  macs: number;
}

export function outputSpatial(c: BenchCase): number {
  if (c.kind === 'conv_transpose2d') return (c.height - 1) * c.stride - 2 * c.padding + c.kernel;
  return Math.floor((c.height + 2 * c.padding - c.kernel) / c.stride) + 1;
}

export function makeCaseData(c: BenchCase, seed: number): CaseData {
  const out = outputSpatial(c);
  const input = randn([c.batch, c.inChannels, c.height, c.width], seed);
  const weightShape =
    c.kind === 'conv_transpose2d'
      ? [c.inChannels, c.outChannels / c.groups, c.kernel, c.kernel]
      : [c.outChannels, c.inChannels / c.groups, c.kernel, c.kernel];
  const fanIn = (c.kind === 'conv_transpose2d' ? c.outChannels : c.inChannels) / c.groups * c.kernel * c.kernel;
  const weight = randn(weightShape, seed + 1);
  // Scale like a trained layer so outputs stay O(1) and absolute differences are meaningful.
  const scale = 1 / Math.sqrt(fanIn);
  for (let i = 0; i < weight.data.length; i++) weight.data[i] *= scale;
  const bias = randn([c.outChannels], seed + 2);
  let offset: Tensor | null = null;
  if (c.kind === 'deform_conv2d') {
    offset = randn([c.batch, 2 * c.kernel * c.kernel, out, out], seed + 3);
    for (let i = 0; i < offset.data.length; i++) offset.data[i] *= 1.5;
  }
  const perOutput = (c.kind === 'conv_transpose2d' ? 0 : (c.inChannels / c.groups) * c.kernel * c.kernel);
  const macs =
    c.kind === 'conv_transpose2d'
      ? c.batch * c.inChannels * c.height * c.width * (c.outChannels / c.groups) * c.kernel * c.kernel
      : c.batch * c.outChannels * out * out * perOutput;
  return { input, weight, bias, offset, outputShape: [c.batch, c.outChannels, out, out], macs };
}
