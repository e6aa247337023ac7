// Receptive field of a chain of sliding-window layers, per spatial axis, computed bottom-up as in
// Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional Neural Networks" (Distill, 2019),
// together with the reference post's top-down recursion, which gives the same size.
//
// Transposed convolutions are refused: one output unit of a strided transposed conv depends on a
// number of inputs that changes with its position (and the effective stride would be a fraction),
// so no single (size, stride, padding) triple describes it. Probe a concrete unit through the
// forward ops instead. Layers that mix all positions (adaptive pooling, Flatten, Linear) end the
// spatial chain and are refused as well.

import type { Formula, ReceptiveFieldPayload, ReceptiveFieldRow, RecursionRow } from '../../contract';
import { ConvbookError, valueError } from '../errors';
import type { LayerSpec, WindowSpec } from '../layer';
import { effectiveKernel } from '../shapes';
import { latexNumber, textNumber } from './format';
import { axisNames, resolveWindow, spatialOutputSize, type ResolvedWindow } from './spec_shape';

export interface ReceptiveFieldOptions {
  /** Spatial input size per axis; enables the exact probe span (clipped to real input cells). */
  inputSize?: number[];
  /** Output unit to probe, per axis. */
  outputIndex?: number[];
  /** Display names per layer (same length as layers); defaults to the layer kind and position. */
  names?: string[];
}

const PASS_THROUGH = new Set<LayerSpec['kind']>(['batch_norm', 'relu', 'sigmoid', 'dropout', 'identity']);

const KIND_LABEL: Record<string, string> = {
  conv: 'Conv',
  deform_conv: 'DeformConv',
  max_pool: 'MaxPool',
  avg_pool: 'AvgPool',
};

interface WindowLayer {
  index: number;
  name: string;
  spec: WindowSpec;
  w: ResolvedWindow;
}

function windowLayers(layers: LayerSpec[], names: string[] | undefined): WindowLayer[] {
  const out: WindowLayer[] = [];
  layers.forEach((spec, index) => {
    if (PASS_THROUGH.has(spec.kind)) return;
    if (spec.kind === 'conv_transpose') {
      throw valueError(
        `layer ${index + 1} is a transposed convolution: its receptive field depends on the output position (fractional stride), so it has no single size; probe a unit through the forward ops instead`,
        'layers',
      );
    }
    if (spec.kind === 'adaptive_avg_pool' || spec.kind === 'linear' || spec.kind === 'flatten') {
      throw valueError(`layer ${index + 1} (${spec.kind}) mixes spatial positions in an input-size-dependent way; the receptive field stops before it`, 'layers');
    }
    const window = spec as WindowSpec;
    const label = `${KIND_LABEL[window.kind]}${window.dims}d`;
    out.push({ index, name: names?.[index] ?? `${label} #${index + 1}`, spec: window, w: resolveWindow(window) });
  });
  return out;
}

/** One number when every axis agrees, else a tuple. */
function axesText(values: number[]): string {
  return values.every((v) => v === values[0]) ? textNumber(values[0]) : `(${values.map(textNumber).join(', ')})`;
}

function axesLatex(values: number[]): string {
  return values.every((v) => v === values[0]) ? latexNumber(values[0]) : `(${values.map(latexNumber).join(', ')})`;
}

/** Per-axis index ranges, e.g. "H −3…4, W 9…16". */
function ranges(start: number[], end: number[]): string {
  const names = axisNames(start.length);
  return start.map((s, a) => `${names[a]} ${textNumber(s)}…${textNumber(end[a])}`).join(', ');
}

function recursionFormula(layer: number, next: number[], stride: number[], kernel: number[], rf: number[]): Formula {
  return {
    latex:
      `\\text{RF}_{${layer}} = (\\text{RF}_{${layer + 1}} - 1) \\cdot s_{${layer}} + k_{${layer}} = ` +
      `(${axesLatex(next)} - 1) \\cdot ${axesLatex(stride)} + ${axesLatex(kernel)} = ${axesLatex(rf)}`,
    text: `RF_${layer} = (RF_${layer + 1} − 1)·s_${layer} + k_${layer} = (${axesText(next)} − 1)·${axesText(stride)} + ${axesText(kernel)} = ${axesText(rf)}`,
  };
}

/** The input cells one output unit really reads: back through every layer, clipped to real cells. */
function exactSpan(chain: WindowLayer[], inputSize: number[], outputIndex: number[]): { start: number[]; end: number[]; sizes: number[][] } | null {
  const dims = inputSize.length;
  const sizes: number[][] = [inputSize];
  for (const layer of chain) sizes.push(spatialOutputSize(layer.spec, sizes[sizes.length - 1]));
  const last = sizes[sizes.length - 1];
  for (let a = 0; a < dims; a++) {
    if (!Number.isInteger(outputIndex[a]) || outputIndex[a] < 0 || outputIndex[a] >= last[a]) {
      throw new ConvbookError('IndexError', `output index ${outputIndex[a]} is out of range for an output of size ${last[a]} on axis ${a}`, 'outputIndex');
    }
  }
  const start: number[] = [];
  const end: number[] = [];
  for (let a = 0; a < dims; a++) {
    let reached = new Uint8Array(last[a]);
    reached[outputIndex[a]] = 1;
    for (let l = chain.length - 1; l >= 0; l--) {
      const { w } = chain[l];
      const below = new Uint8Array(sizes[l][a]);
      for (let o = 0; o < reached.length; o++) {
        if (!reached[o]) continue;
        for (let t = 0; t < w.kernel[a]; t++) {
          const x = o * w.stride[a] - w.padBefore[a] + t * w.dilation[a];
          if (x >= 0 && x < below.length) below[x] = 1;
        }
      }
      reached = below;
    }
    const first = reached.indexOf(1);
    if (first < 0) return null;
    start.push(first);
    end.push(reached.lastIndexOf(1));
  }
  return { start, end, sizes };
}

export function receptiveField(layers: LayerSpec[], options: ReceptiveFieldOptions = {}): ReceptiveFieldPayload {
  const chain = windowLayers(layers, options.names);
  const dims = chain.length > 0 ? chain[0].spec.dims : (options.inputSize?.length ?? 2);
  for (const layer of chain) {
    if (layer.spec.dims !== dims) throw valueError(`layer ${layer.index + 1} is ${layer.spec.dims}-D but the chain is ${dims}-D`, 'layers');
  }
  if (options.inputSize && options.inputSize.length !== dims) throw valueError(`inputSize needs ${dims} sizes, got ${options.inputSize.length}`, 'inputSize');
  if (options.outputIndex && options.outputIndex.length !== dims) throw valueError(`outputIndex needs ${dims} values, got ${options.outputIndex.length}`, 'outputIndex');

  let r = new Array<number>(dims).fill(1);
  let j = new Array<number>(dims).fill(1);
  let P = new Array<number>(dims).fill(0);
  const rows: ReceptiveFieldRow[] = [];
  for (const layer of chain) {
    const kernel = layer.w.kernel.map((k, a) => effectiveKernel(k, layer.w.dilation[a]));
    // r_l = r_{l−1} + (k_l − 1)·j_{l−1};  P_l = P_{l−1} + p_l·j_{l−1};  j_l = j_{l−1}·s_l.
    r = r.map((v, a) => v + (kernel[a] - 1) * j[a]);
    P = P.map((v, a) => v + layer.w.padBefore[a] * j[a]);
    j = j.map((v, a) => v * layer.w.stride[a]);
    rows.push({
      name: layer.name,
      kernel,
      stride: [...layer.w.stride],
      padding: [...layer.w.padBefore],
      receptiveField: [...r],
      effectiveStride: [...j],
      effectivePadding: [...P],
    });
  }

  const recursion: RecursionRow[] = [];
  let rf = new Array<number>(dims).fill(1);
  for (let i = rows.length - 1; i >= 0; i--) {
    const next = rf;
    rf = rf.map((v, a) => (v - 1) * rows[i].stride[a] + rows[i].kernel[a]);
    recursion.push({ layer: i + 1, name: rows[i].name, rf: [...rf], formula: recursionFormula(i + 1, next, rows[i].stride, rows[i].kernel, rf) });
  }

  const notes: string[] = [
    'bottom-up (Araujo, Norris & Sim, Distill 2019): r_l = r_{l−1} + (k_l − 1)·j_{l−1}, j_l = j_{l−1}·s_l, P_l = P_{l−1} + p_l·j_{l−1}, with k the effective kernel d·(k − 1) + 1',
    'top-down (reference post): RF_i = (RF_{i+1} − 1)·s_i + k_i from RF = 1 at the output; it ignores padding and gives the same size',
  ];
  if (chain.some((l) => l.spec.kind === 'deform_conv')) {
    notes.push('deformable conv is counted by its regular sampling grid; learned offsets can move every sample, so its true field depends on the data');
  }
  const skipped = layers.length - chain.length;
  if (skipped > 0) notes.push(`${skipped} shape-preserving ${skipped === 1 ? 'layer' : 'layers'} (normalisation, activation, dropout) leave the field unchanged`);

  const payload: ReceptiveFieldPayload = {
    title: `Receptive field after ${chain.length} window ${chain.length === 1 ? 'layer' : 'layers'}`,
    rows,
    receptive_field: r,
    effective_stride: j,
    effective_padding: P,
    recursion,
    notes,
  };

  if (options.outputIndex) {
    const u = options.outputIndex;
    const start = u.map((v, a) => v * j[a] - P[a]);
    const end = start.map((s, a) => s + r[a] - 1);
    const center = start.map((s, a) => s + (r[a] - 1) / 2);
    if (options.inputSize) {
      const exact = exactSpan(chain, options.inputSize, u);
      if (exact) {
        payload.span = { outputIndex: [...u], start: exact.start, end: exact.end, center };
        if (exact.start.some((s, a) => s !== start[a]) || exact.end.some((e, a) => e !== end[a])) {
          notes.push(
            `the unit's field (${ranges(start, end)}) reaches into padding or unread cells; the input cells it really reads are ${ranges(exact.start, exact.end)}`,
          );
        }
        return payload;
      }
      notes.push('this unit reads only padding: no real input cell reaches it');
    }
    payload.span = { outputIndex: [...u], start, end, center };
    notes.push('span = u·j − P … u·j − P + r − 1 in input coordinates; negative or too-large indices lie in the padding');
  }
  return payload;
}
