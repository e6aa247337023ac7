// What the editor says from a model trace: a hover listing the calls a line built, grouped by
// shape; the inlay label after a forward statement; the diagnostic where the forward failed; the
// code lens over the model. Text only, computed without vscode so tests read it.

import { shapeTuple, textNumber } from '../../engine/arithmetic/format';
import type { ModelTrace, TraceFrame } from '../../contract/trace';
import type { StatementResult, TraceIndex } from '../../reader/trace_index';

/** How the input of a trace was chosen; an assumed input is said wherever a shape is shown. */
export interface TraceOrigin {
  /** 'hint' (`# input:`), 'cli' (--input), or 'setting' (convbook.defaultInputSize, assumed). */
  input: 'hint' | 'cli' | 'setting';
}

function inputNote(trace: ModelTrace, origin: TraceOrigin): string {
  const input = shapeTuple(trace.input);
  if (origin.input === 'setting') return `traced \`${trace.build}\` on an assumed input ${input} (\`convbook.defaultInputSize\`; write \`# input: (N, C, H, W)\` on the model to set it)`;
  return `traced \`${trace.build}\` on ${input}${origin.input === 'hint' ? ' from the `# input:` hint' : ''}`;
}

const MAX_PATHS = 4;

function pathsText(paths: readonly string[]): string {
  const shown = paths.slice(0, MAX_PATHS).map((p) => `\`${p || '(model)'}\``);
  return paths.length > MAX_PATHS ? `${shown.join(', ')} and ${paths.length - MAX_PATHS} more` : shown.join(', ');
}

/**
 * The hover on a line that built modules: each distinct input → output with the number of calls,
 * params and MACs, and the modules. Null when the line built nothing that was called.
 */
export function traceHoverMarkdown(index: TraceIndex, file: string, line: number, origin: TraceOrigin, column?: number): string | null {
  const calls = index.callsBuiltAt(file, line, column);
  if (calls.length === 0) return null;
  const site = index.siteOn(file, line, calls[0]);
  const classes = [...new Set(calls.map((c) => c.class))];
  const where = site ? ` built at \`${site.function}\` (${file}:${site.line})` : '';
  const times = calls.length === 1 ? 'called once' : `called ${calls.length} times`;
  const out = [`**${classes.join(', ')}**${where} — ${times}`];
  const rows = index.groups(calls).map((g) => {
    const input = g.inputShapes.map(shapeTuple).join(', ') || '—';
    const output = g.outputShape ? shapeTuple(g.outputShape) : 'raised';
    const macs = g.macsEach === null ? '—' : textNumber(g.macsEach);
    return `| ${g.paths.length} | \`${input}\` → \`${output}\` | ${textNumber(g.params)} | ${macs} | ${pathsText(g.paths)} |`;
  });
  out.push(['| calls | input → output | params | MACs each | modules |', '|--:|:--|--:|--:|:--|', ...rows].join('\n'));
  out.push(`*${inputNote(index.trace, origin)}*`);
  return out.join('\n\n');
}

/** The inlay label after a forward statement: its shape, or how many it had when it ran several times. */
export function statementLabel(result: StatementResult): string {
  if (result.shapes.length === 1) return `→ ${shapeTuple(result.shapes[0])}`;
  return `→ ${result.shapes.length} shapes`;
}

/** The inlay tooltip: every distinct shape, and how often the statement ran. */
export function statementTooltip(result: StatementResult, origin: TraceOrigin, trace: ModelTrace): string {
  const runs = result.runs === 1 ? 'ran once' : `ran ${result.runs} times`;
  return `${runs}: ${result.shapes.map(shapeTuple).join(', ')} — ${inputNote(trace, origin).replace(/`/g, '')}`;
}

export interface TraceDiagnostic {
  file: string;
  /** 0-based, as vscode.Range takes them. */
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  /** 'RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x400 and 576x120)'. */
  message: string;
  /** Where the call chain passed, outermost last: what the diagnostic's related information lists. */
  chain: TraceFrame[];
}

/** The diagnostic where the traced forward raised, at the innermost user frame; null without an error. */
export function traceDiagnostic(trace: ModelTrace): TraceDiagnostic | null {
  const error = trace.error;
  if (!error?.at) return null;
  return {
    file: error.at.file,
    line: error.at.line - 1,
    character: error.at.column,
    endLine: error.at.end_line - 1,
    endCharacter: error.at.end_column,
    message: `${error.type}: ${error.message}`,
    chain: error.stack.slice(1),
  };
}

/** A count to three significant digits with its suffix: [11.7, 'M'], [1.81, 'G'], [520, '']. */
function scaled(n: number): [number, string] {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];
  for (const [size, suffix] of units) if (n >= size) return [Number((n / size).toPrecision(3)), suffix];
  return [n, ''];
}

/** 11.7M params; 1.81 GMACs. */
export function paramsShort(n: number): string {
  const [value, suffix] = scaled(n);
  return `${value}${suffix} params`;
}

export function macsShort(n: number): string {
  const [value, suffix] = scaled(n);
  return `${value} ${suffix}MACs`;
}

/** The code lens over a traced model: `convbook: (1, 3, 224, 224) → (1, 1000) · 11.7M params · 1.81 GMACs`. */
export function modelLensTitle(trace: ModelTrace, origin: TraceOrigin): string {
  const output = trace.output ? shapeTuple(trace.output) : `${trace.error?.type ?? 'error'}`;
  const assumed = origin.input === 'setting' ? ' (assumed input)' : '';
  return `convbook: ${shapeTuple(trace.input)}${assumed} → ${output} · ${paramsShort(trace.total_params)} · ${macsShort(trace.total_macs)}`;
}
