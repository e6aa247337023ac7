// A WindowConfig is checked field by field, then as a whole: every per-axis list has the same rank,
// outputSize is what PyTorch's formula gives for the rest (the traces assume it), and the boards the
// sweep would draw, in every mode it offers, stay within the cell limits.

import type { WindowConfig } from '../../contract';
import { convOutputLength, convTransposeOutputLength, effectiveKernel, poolOutputLength } from '../../engine/shapes';
import { at, bool, fail, int, list, oneOf, product, record } from './checks';
import { MAX_AXIS, MAX_SCATTER_TAPS, MAX_SWEEP_CELLS, MAX_TAPS_PER_FRAME, MAX_WINDOW_RANK } from './limits';

const KINDS = ['conv', 'conv_transpose', 'max_pool', 'avg_pool'] as const;
const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'] as const;
const AXIS_LISTS = ['inputSize', 'kernelSize', 'stride', 'dilation', 'padBefore', 'padAfter', 'outputPadding', 'outputSize'] as const;
/** The smallest value of each per-axis list: sizes and steps are positive, paddings may be 0. */
const AXIS_MIN: Record<(typeof AXIS_LISTS)[number], number> = { inputSize: 1, kernelSize: 1, stride: 1, dilation: 1, padBefore: 0, padAfter: 0, outputPadding: 0, outputSize: 1 };

export function windowConfig(v: unknown, path: string): WindowConfig {
  const c = record(v, path);
  const kind = oneOf(c.kind, at(path, 'kind'), KINDS);
  oneOf(c.paddingMode, at(path, 'paddingMode'), PADDING_MODES);
  bool(c.ceilMode, at(path, 'ceilMode'));
  bool(c.countIncludePad, at(path, 'countIncludePad'));
  const rank = list(c.inputSize, at(path, 'inputSize'), MAX_WINDOW_RANK).length;
  if (rank < 1) fail(at(path, 'inputSize'), 'is empty; a sliding window has 1 to 3 spatial axes');
  for (const key of AXIS_LISTS) {
    const xs = list(c[key], at(path, key), MAX_WINDOW_RANK);
    if (xs.length !== rank) fail(at(path, key), `has ${xs.length} axes, but inputSize has ${rank}`);
    xs.forEach((x, i) => int(x, at(at(path, key), i), AXIS_MIN[key], MAX_AXIS));
  }
  const config = c as unknown as WindowConfig;
  for (let a = 0; a < rank; a++) {
    const dk = effectiveKernel(config.kernelSize[a], config.dilation[a]);
    if (dk > MAX_AXIS) fail(at(at(path, 'kernelSize'), a), `with dilation ${config.dilation[a]} spans d·(k−1)+1 = ${dk} cells, above the limit ${MAX_AXIS}`);
    if (kind !== 'conv' && config.padBefore[a] !== config.padAfter[a]) fail(at(at(path, 'padAfter'), a), `is ${config.padAfter[a]}, but ${kind} pads both sides alike (padBefore is ${config.padBefore[a]})`);
    const expected = expectedOutput(config, a);
    if (config.outputSize[a] !== expected) fail(at(at(path, 'outputSize'), a), `is ${config.outputSize[a]}, but ${kind} with these sizes gives ${expected}`);
  }
  return config;
}

function expectedOutput(c: WindowConfig, a: number): number {
  const [i, k, s, d, p] = [c.inputSize[a], c.kernelSize[a], c.stride[a], c.dilation[a], c.padBefore[a]];
  if (c.kind === 'conv') return convOutputLength(i, k, s, p, c.padAfter[a], d);
  if (c.kind === 'conv_transpose') return convTransposeOutputLength(i, k, s, p, d, c.outputPadding[a]);
  return poolOutputLength(i, k, s, p, d, c.ceilMode);
}

/** Per axis, the cells the three boards span in one mode of the sweep (upper bounds of renderer/sweep/model.ts). */
interface Boards {
  mode: string;
  input: number[];
  kernel: number[];
  output: number[];
}

function boardsOf(c: WindowConfig): Boards[] {
  const axes = c.inputSize.map((_, a) => a);
  const dk = axes.map((a) => effectiveKernel(c.kernelSize[a], c.dilation[a]));
  const [i, s, o, pb, pa] = [c.inputSize, c.stride, c.outputSize, c.padBefore, c.padAfter];
  if (c.kind !== 'conv_transpose') {
    // The padded input, and the reach of the last window (one more for a window ceil_mode drops).
    const extra = c.kind !== 'conv' && c.ceilMode ? 1 : 0;
    const input = axes.map((a) => pb[a] + Math.max(i[a] + pa[a], (o[a] - 1 + extra) * s[a] - pb[a] + dk[a]));
    return [{ mode: 'direct', input, kernel: dk, output: o }];
  }
  // Scatter: the input, and the output with the border the padding crops.
  const scatter = { mode: 'scatter', input: i, kernel: dk, output: axes.map((a) => pb[a] + Math.max(o[a], (i[a] - 1) * s[a] - pb[a] + dk[a])) };
  // Gather: the zero-stuffed input padded by d·(k−1)−p (+ output_padding after).
  const gather = {
    mode: 'gather',
    input: axes.map((a) => {
      const stuffed = (i[a] - 1) * s[a] + 1;
      const before = dk[a] - 1 - pb[a];
      return Math.max(0, before) + Math.max(stuffed, stuffed + before + c.outputPadding[a], o[a] - before + dk[a]);
    }),
    kernel: dk,
    output: o,
  };
  return [scatter, gather];
}

/** Checks what drawing and animating the sweep costs; `channels` input planes are traced per frame. */
export function checkSweepWork(c: WindowConfig, channels: number, path: string): void {
  if (c.inputSize.length > 2) fail(at(path, 'inputSize'), `has ${c.inputSize.length} axes; the sweep draws 1-D and 2-D windows`);
  for (const b of boardsOf(c)) {
    for (const [board, spans] of [['input', b.input], ['kernel', b.kernel], ['output', b.output]] as const) {
      spans.forEach((span, a) => {
        if (span > MAX_AXIS) fail(at(path, 'inputSize'), `makes the ${b.mode} view's ${board} board ${span} cells long on axis ${a}, above the limit ${MAX_AXIS}`);
      });
    }
    const cells = product(b.input) + product(b.kernel) + product(b.output);
    if (cells > MAX_SWEEP_CELLS) fail(path, `makes the ${b.mode} view draw ${cells} cells, above the limit ${MAX_SWEEP_CELLS}`);
  }
  const taps = channels * product(c.kernelSize);
  if (taps > MAX_TAPS_PER_FRAME) fail(path, `with ${channels} channels traces ${taps} taps per step, above the limit ${MAX_TAPS_PER_FRAME}`);
  if (c.kind === 'conv_transpose') {
    const total = product(c.inputSize) * taps;
    if (total > MAX_SCATTER_TAPS) fail(path, `with ${channels} channels traces ${total} taps over the scatter, above the limit ${MAX_SCATTER_TAPS}`);
  }
}
