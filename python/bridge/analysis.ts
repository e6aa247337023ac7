// summary() and receptive_field() of a traced model: the Python package records every module call
// of a shape-only forward (path, depth, shapes, its own parameters, its layer spec when it has one)
// and these build the contract payloads and the cell outputs from them with the engine's arithmetic.

import { MIME, type CellOutput, type OutputItem, type SummaryPayload, type SummaryRow } from '../../contract';
import { describeLayer } from '../../engine/arithmetic/describe';
import { textNumber } from '../../engine/arithmetic/format';
import { libraryCounts } from '../../engine/arithmetic/library_counts';
import { receptiveField } from '../../engine/arithmetic/receptive_field';
import { trueMacs } from '../../engine/arithmetic/true_macs';
import type { LayerSpec } from '../../engine/layer';
import { formulaMarkdown, receptiveFieldMarkdown, receptiveFieldText, summaryMarkdown, summaryText } from '../../lang/outputs/markdown';
import { parseOptions } from './ref';

/** One module call of the trace, as the Python package records it. */
export interface TracedCall {
  path: string;
  depth: number;
  repr: string;
  spec: LayerSpec | null;
  input_shape: number[] | null;
  output_shape: number[] | null;
  params: number;
  /** True when this call read the previous leaf call's output: the stack so far is a chain. */
  chained: boolean;
  leaf: boolean;
}

interface TraceTotals {
  input_shape: number[];
  calls: TracedCall[];
  total_params: number;
  trainable_params: number;
}

const WINDOW_KINDS = new Set(['conv', 'deform_conv', 'max_pool', 'avg_pool']);
const SHAPE_KEEPING = new Set(['batch_norm', 'relu', 'sigmoid', 'dropout', 'identity']);
const LIBRARIES = ['torchinfo', 'ptflops', 'fvcore', 'thop'] as const;

/** A rich view's cell output: the renderer's payload, then markdown and plain-text fallbacks. */
export function rich(mime: string, payload: unknown, markdown: string, text: string): CellOutput[] {
  const items: OutputItem[] = [
    { mime, value: payload },
    { mime: MIME.markdown, value: markdown },
    { mime: MIME.plain, value: text },
  ];
  return [{ items }];
}

/** The leaf specs of a chain of window and shape-keeping layers from the input on; null once it branches. */
function chainSpecs(calls: readonly TracedCall[]): { specs: LayerSpec[]; open: boolean[] } {
  const specs: LayerSpec[] = [];
  const open: boolean[] = [];
  let chain = true;
  for (const call of calls) {
    if (call.leaf) {
      const kind = call.spec?.kind;
      chain = chain && call.chained && kind !== undefined && (WINDOW_KINDS.has(kind) || SHAPE_KEEPING.has(kind));
      if (chain && call.spec) specs.push(call.spec);
    }
    open.push(chain && call.leaf);
  }
  return { specs, open };
}

/** What each library would print for the whole model: the sum of its per-layer counts. */
function libraryTotals(calls: readonly TracedCall[]): Map<string, number> {
  const totals = new Map<string, number>(LIBRARIES.map((l) => [l, 0]));
  for (const call of calls) {
    if (!call.leaf || !call.spec || !call.input_shape) continue;
    try {
      for (const entry of libraryCounts(call.spec, call.input_shape)) {
        if (totals.has(entry.library)) totals.set(entry.library, (totals.get(entry.library) ?? 0) + entry.value);
      }
    } catch {
      // A spec the libraries' rules do not cover adds nothing to their totals.
    }
  }
  return totals;
}

export function summaryPayload(trace: TraceTotals): SummaryPayload {
  const { specs, open } = chainSpecs(trace.calls);
  const spatialDims = specs.find((s) => 'dims' in s && WINDOW_KINDS.has(s.kind)) as { dims: number } | undefined;
  const rows: SummaryRow[] = [];
  let chainUpTo = 0;
  let totalMacs = 0;
  trace.calls.forEach((call, i) => {
    const macs = call.leaf && call.spec && call.input_shape && call.output_shape ? trueMacs(call.spec, call.input_shape, call.output_shape) : 0;
    totalMacs += macs;
    let rf: number[] | null = null;
    let stride: number[] | null = null;
    if (open[i] && spatialDims) {
      chainUpTo++;
      const field = receptiveField(specs.slice(0, chainUpTo), { inputSize: new Array<number>(spatialDims.dims).fill(1) });
      rf = field.receptive_field;
      stride = field.effective_stride;
    }
    rows.push({ name: call.path, layer: call.repr, depth: call.depth, output_shape: call.output_shape ?? [], params: call.params, macs, receptive_field: rf, effective_stride: stride });
  });
  const libraries = libraryTotals(trace.calls);
  return {
    title: 'Model summary',
    input_shape: trace.input_shape,
    layers: rows,
    total_params: trace.total_params,
    total_trainable_params: trace.trainable_params,
    total_macs: totalMacs,
    notes: [
      'one row per module call, in call order (a module called twice appears twice); params are each module’s own, totals count every parameter once',
      'MACs are true multiply–accumulates, bias apart: conv = output values × (C_in/groups) × ∏kernel, transposed conv = input values × ∏kernel × (C_out/groups), linear = rows × in × out; other layers 0',
      `the libraries would print: ${LIBRARIES.map((l) => `${l} ${textNumber(libraries.get(l) ?? 0)}`).join(', ')} (their conventions differ: bias, BatchNorm, transposed conv, per-image counts)`,
      'receptive field and effective stride are shown while the calls form one chain of sliding windows from the input',
    ],
  };
}

export function analysisOps() {
  return {
    summary: (traceJson: string): CellOutput[] => {
      const payload = summaryPayload(parseOptions<TraceTotals>(traceJson));
      return rich(MIME.summary, payload, summaryMarkdown(payload), summaryText(payload));
    },
    summary_totals: (traceJson: string): string => {
      const p = summaryPayload(parseOptions<TraceTotals>(traceJson));
      return JSON.stringify({ total_params: p.total_params, trainable_params: p.total_trainable_params, total_macs: p.total_macs, rows: p.layers.map((r) => ({ name: r.name, macs: r.macs, params: r.params, output_shape: r.output_shape, depth: r.depth })) });
    },
    /** A layer's formula breakdown (output size per axis, params, MACs and the libraries' counts), with its repr as text. */
    describe: (specJson: string, inputShapeJson: string, text: string): CellOutput[] => {
      const inputShape = parseOptions<number[] | null>(inputShapeJson);
      const payload = describeLayer(parseOptions<LayerSpec>(specJson), inputShape ?? undefined);
      payload.layer = text;
      return rich(MIME.formula, payload, formulaMarkdown(payload), text);
    },
    receptive_field: (traceJson: string, inputSizeJson: string): CellOutput[] => {
      const trace = parseOptions<TraceTotals>(traceJson);
      const { specs } = chainSpecs(trace.calls);
      const names = trace.calls.filter((c) => c.leaf && c.spec && specs.includes(c.spec)).map((c) => `${c.path}: ${c.repr}`);
      const inputSize = parseOptions<number[] | null>(inputSizeJson);
      const payload = receptiveField(specs, { names, ...(inputSize ? { inputSize } : {}) });
      return rich(MIME.receptiveField, payload, receptiveFieldMarkdown(payload), receptiveFieldText(payload));
    },
  };
}
