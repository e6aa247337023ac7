// `convbook inspect`: every PyTorch layer of a Python file with its configuration, parameters,
// output shape and warnings, as data (for --json) and as a plain table. Portable: no node, no vscode.

import { ConvbookError } from '../../engine/errors';
import { flopCount } from '../../engine/arithmetic/flops';
import { textNumber } from '../../engine/arithmetic/format';
import { findLayerCalls, type LayerCall } from './python_layers';

export interface InspectedLayer {
  /** 1-based position of the call. */
  line: number;
  column: number;
  /** The call as written, on one line. */
  call: string;
  /** 'nn.Conv2d', 'F.max_pool2d'... */
  layer: string;
  /** 'features.0', 'conv1', or null. */
  name: string | null;
  config: Record<string, unknown>;
  /** Arguments that are not literals. */
  symbolic: string[];
  params: { weights: number; bias: number; total: number } | null;
  input_shape: number[] | null;
  /** 'hint' (from a `# input:` comment, maybe through the Sequential's earlier layers), or null: unknown. */
  input_source: 'hint' | null;
  output_shape: number[] | null;
  /** Multiply-accumulates for the whole input, when the input and the layer are known. */
  macs: number | null;
  warnings: string[];
  notes: string[];
}

export interface InspectResult {
  layers: InspectedLayer[];
  /** Sum over layers whose parameters are known. */
  total_params: number;
}

function macsOf(call: LayerCall): number | null {
  if (!call.spec || !call.inputShape || !call.outputShape) return null;
  try {
    return flopCount(call.spec, call.inputShape).macs;
  } catch (e) {
    if (e instanceof ConvbookError) return null;
    throw e;
  }
}

export function inspectPython(source: string): InspectResult {
  const calls = findLayerCalls(source);
  const layers = calls.map(
    (c): InspectedLayer => ({
      line: c.line,
      column: c.column,
      call: c.text.replace(/#[^\n]*/g, '').replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/,?\s*\)$/, ')'),
      layer: c.canonical,
      name: c.name,
      config: c.config,
      symbolic: c.symbolic,
      params: c.params,
      input_shape: c.inputShape,
      input_source: c.inputSource,
      output_shape: c.outputShape,
      macs: macsOf(c),
      warnings: c.warnings,
      notes: c.notes,
    }),
  );
  return { layers, total_params: layers.reduce((sum, l) => sum + (l.params?.total ?? 0), 0) };
}

function shapeText(shape: number[] | null, calls?: readonly unknown[]): string {
  // A traced layer whose calls disagree has no one shape; each call's is in --json.
  if (!shape) return calls && calls.length > 0 ? 'varies' : '?';
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** A layer as the table lists it: statically read, or joined with a trace's calls. */
type TableLayer = InspectedLayer & { calls?: readonly unknown[]; file?: string };

/** The result as a plain-text table, warnings listed under it. With a trace's calls, a column counts them. */
export function formatInspectTable(
  result: { layers: TableLayer[]; total_params: number },
  options: { totalLabel?: string; calls?: boolean; /** Lines of other files are shown as file:line. */ mainFile?: string } = {},
): string {
  if (result.layers.length === 0) return 'No PyTorch layers found.\n';
  const traced = options.calls === true;
  const header = ['line', 'name', 'layer', ...(traced ? ['calls'] : []), 'input', 'output', 'params', 'MACs'];
  const rows = result.layers.map((l) => [
    options.mainFile !== undefined && l.file !== undefined && l.file !== options.mainFile ? `${l.file}:${l.line}` : String(l.line),
    l.name ?? '',
    l.layer,
    ...(traced ? [String(l.calls?.length ?? 0)] : []),
    shapeText(l.input_shape, l.calls),
    shapeText(l.output_shape, l.calls),
    l.params ? textNumber(l.params.total) : '?',
    l.macs === null ? '' : textNumber(l.macs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = new Set(traced ? [0, 3, 6, 7] : [0, 5, 6]);
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  out.push('', `${options.totalLabel ?? 'total params (known layers)'}: ${textNumber(result.total_params)}`);
  if (result.layers.some((l) => l.input_shape === null && !l.calls?.length)) {
    out.push('? unknown: no `# input: (N, C, H, W)` hint reaches this layer (write one above it or above its nn.Sequential)');
  }
  const symbolic = result.layers.filter((l) => l.symbolic.length > 0);
  if (symbolic.length) {
    out.push('', 'not literal (kept symbolic):');
    for (const l of symbolic) out.push(`  line ${l.line}: ${l.symbolic.map((s) => (s.startsWith('*') ? s : `${s}=${String(l.config[s])}`)).join(', ')}`);
  }
  const warned = result.layers.filter((l) => l.warnings.length > 0);
  if (warned.length) {
    out.push('', 'warnings:');
    for (const l of warned) for (const w of l.warnings) out.push(`  line ${l.line}: ${w}`);
  }
  return out.join('\n') + '\n';
}
