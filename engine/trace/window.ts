// What one output cell of a sliding-window op reads, tap by tap: the position in the (padded,
// dilated) input, whether it is padding and which real cell a reflect/replicate/circular pad
// copies, and — with data — value, weight, product and the result exactly as PyTorch computes it
// (sum + bias; max with padding as −∞ and the first maximum winning; mean with PyTorch's divisor).
// Traced on demand for ONE output position; nothing here walks the whole output.
//
// conv_transpose is traced as its direct-conv equivalent (see transposed.ts): positions are in the
// zero-stuffed input's coordinates, `tap` indexes the FLIPPED kernel, a tap on an inserted zero or
// in the padding reads 0. Data is still given in PyTorch's terms: the original input planes and
// the original (unflipped) kernel planes W[c, oc]; the trace does the stuffing and flipping.

import type { TapTrace, WindowConfig, WindowTrace } from '../../contract';
import { valueError } from '../errors';
import { sourceIndex } from '../padding';
import { avgPoolAxisWindow, avgPoolDivisor } from '../pool_args';
import { checkIndex, flatIndex, gridIndices, product } from './grid';
import { directConvEquivalent, stuffedSource } from './transposed';

export interface WindowData {
  /** Per input channel of the group (pooling: one plane), row-major over the input's spatial axes. */
  inputPlanes: number[][];
  /** conv and conv_transpose: per input channel, the kernel plane for the output channel drawn. */
  weightPlanes?: number[][];
  bias?: number;
}

function checkPlanes(planes: readonly number[][] | undefined, size: number, what: string): void {
  planes?.forEach((p, c) => {
    if (p.length !== size) throw valueError(`traceWindow: ${what}[${c}] has ${p.length} values, expected ${size}`, what);
  });
}

/** Where each tap of output `output` lands, in the traced config's (unpadded) input coordinates. */
function tapPosition(config: WindowConfig, output: readonly number[], tap: readonly number[]): number[] {
  return tap.map((t, a) => output[a] * config.stride[a] - config.padBefore[a] + t * config.dilation[a]);
}

function outsideInput(position: readonly number[], size: readonly number[]): boolean {
  return position.some((p, a) => p < 0 || p >= size[a]);
}

function traceConv(config: WindowConfig, output: number[], data: WindowData | undefined, original: WindowConfig | null): WindowTrace {
  const channels = data?.inputPlanes.length ?? 1;
  const taps: TapTrace[] = [];
  const kernelCells = product(config.kernelSize);
  const inputSize = original ? original.inputSize : config.inputSize;
  checkPlanes(data?.inputPlanes, product(inputSize), 'inputPlanes');
  checkPlanes(data?.weightPlanes, kernelCells, 'weightPlanes');
  if (data?.weightPlanes && data.weightPlanes.length !== channels) {
    throw valueError(`traceWindow: ${data.weightPlanes.length} weight planes for ${channels} input planes`, 'weightPlanes');
  }
  let sum = 0;
  for (let channel = 0; channel < channels; channel++) {
    const plane = data?.inputPlanes[channel];
    const kernel = data?.weightPlanes?.[channel];
    for (const tap of gridIndices(config.kernelSize)) {
      const position = tapPosition(config, output, tap);
      const inPadding = outsideInput(position, config.inputSize);
      let source: number[] | null = null;
      // The cell whose value the tap reads, in the ORIGINAL input; null reads 0.
      let read: number[] | null;
      if (original) {
        read = stuffedSource(original, position);
      } else if (!inPadding) {
        read = position;
      } else if (config.paddingMode !== 'zeros') {
        const mapped = position.map((p, a) => sourceIndex(p, config.inputSize[a], config.paddingMode));
        source = mapped.every((m) => m !== null) ? (mapped as number[]) : null;
        read = source;
      } else {
        read = null;
      }
      const trace: TapTrace = { channel, tap, position, inPadding, source };
      if (plane) trace.value = read ? plane[flatIndex(read, inputSize)] : 0;
      if (kernel) {
        // The direct-conv equivalent uses the kernel flipped on every axis.
        const kernelTap = original ? tap.map((t, a) => config.kernelSize[a] - 1 - t) : tap;
        trace.weight = kernel[flatIndex(kernelTap, config.kernelSize)];
      }
      if (trace.value !== undefined && trace.weight !== undefined) {
        trace.product = trace.value * trace.weight;
        sum += trace.product;
      }
      taps.push(trace);
    }
  }
  const result: WindowTrace = { output: [...output], taps };
  if (data?.inputPlanes && data.weightPlanes) result.result = sum + (data.bias ?? 0);
  return result;
}

function tracePool(config: WindowConfig, output: number[], data: WindowData | undefined): WindowTrace {
  const plane = data?.inputPlanes[0];
  checkPlanes(data?.inputPlanes, product(config.inputSize), 'inputPlanes');
  const isMax = config.kind === 'max_pool';
  const taps: TapTrace[] = [];
  for (const tap of gridIndices(config.kernelSize)) {
    const position = tapPosition(config, output, tap);
    const inPadding = outsideInput(position, config.inputSize);
    const trace: TapTrace = { channel: 0, tap, position, inPadding, source: null };
    if (plane) {
      // Pooling never reads padding: max pooling sees −∞ there, average pooling adds nothing.
      trace.value = inPadding ? (isMax ? -Infinity : 0) : plane[flatIndex(position, config.inputSize)];
      trace.product = trace.value;
    }
    taps.push(trace);
  }
  const result: WindowTrace = { output: [...output], taps };
  if (isMax) {
    if (plane) {
      let best = -Infinity;
      taps.forEach((t, i) => {
        if (t.inPadding) return;
        const v = t.value as number;
        // PyTorch starts from the first real cell, then a strictly larger value or a NaN takes over.
        if (result.winner === undefined) result.winner = i;
        if (v > best || Number.isNaN(v)) {
          best = v;
          result.winner = i;
        }
      });
      result.result = best;
    }
    return result;
  }
  const windows = output.map((o, a) => avgPoolAxisWindow(o, config.kernelSize[a], config.stride[a], config.padBefore[a], config.inputSize[a]));
  result.divisor = avgPoolDivisor(windows, config.countIncludePad, null);
  if (plane) {
    const empty = windows.some((w) => w.start >= w.end);
    // Only the taps inside the window clipped at input + padding count (ceil_mode can overhang).
    const sum = taps.reduce((s, t) => s + (t.inPadding ? 0 : (t.value as number)), 0);
    result.result = empty ? 0 : sum / result.divisor;
  }
  return result;
}

/**
 * The taps of output cell `output` (one index per spatial axis) and, with data, the values and the
 * result. Kinds: conv, max_pool, avg_pool, and conv_transpose (as its direct-conv equivalent).
 */
export function traceWindow(config: WindowConfig, output: number[], data?: WindowData): WindowTrace {
  checkIndex(output, config.outputSize, 'output');
  switch (config.kind) {
    case 'conv':
      return traceConv(config, output, data, null);
    case 'conv_transpose':
      return traceConv(directConvEquivalent(config).config, output, data, config);
    case 'max_pool':
    case 'avg_pool':
      return tracePool(config, output, data);
  }
}
