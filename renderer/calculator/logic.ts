// The calculator's logic, free of DOM: form state (strings as typed) → a layer call, its
// LayerSpec, the payloads the views draw, solver answers, a stack's receptive field, and the
// source of an equivalent convbook cell. Every number comes from the engine; this module only
// reads forms and names the field at fault.

import type { CalculatorKind, FormulaPayload, PaddingMode, ReceptiveFieldPayload, ReceptiveFieldPrefill, SweepPayload } from '../../contract';
import { describeLayer } from '../../engine/arithmetic/describe';
import { receptiveField } from '../../engine/arithmetic/receptive_field';
import { solveOutputPadding, solvePadding, solveStride, type SolverResult } from '../../engine/arithmetic/solver';
import { outputShape } from '../../engine/arithmetic/spec_shape';
import { ConvbookError } from '../../engine/errors';
import type { LayerSpec, WindowSpec } from '../../engine/layer';
import { layerSpecFromCall } from '../../lang/layer_from_call';
import { formatLiteral } from '../../lang/literal';
import { findLayerCalls } from '../../lang/python_layers';
import { sweepForLayer } from '../../lang/sweep_payload';

export type CalcOp = 'conv' | 'conv_transpose' | 'max_pool' | 'avg_pool';
export type CalcTab = 'size' | 'cost' | 'solver' | 'rf';

/** The layer form, every field as the user typed it. */
export interface LayerForm {
  op: CalcOp;
  dims: 1 | 2 | 3;
  batch: string;
  inChannels: string;
  outChannels: string;
  /** Spatial input size: "32" (every axis) or "32, 24". */
  inputSize: string;
  kernel: string;
  /** Empty for pooling means "same as kernel_size". */
  stride: string;
  /** Conv also accepts 'same' and 'valid'. */
  padding: string;
  dilation: string;
  groups: string;
  outputPadding: string;
  bias: boolean;
  paddingMode: PaddingMode;
  ceilMode: boolean;
  countIncludePad: boolean;
}

export type SolverUnknown = 'padding' | 'stride' | 'output_padding';

export interface SolverForm {
  unknown: SolverUnknown;
  input: string;
  kernel: string;
  stride: string;
  padding: string;
  dilation: string;
  wanted: string;
}

export interface StackForm {
  /** Python: nn.Sequential(...), or layer calls one per line. */
  source: string;
  /** Optional spatial input size for the exact span of one output unit. */
  inputSize: string;
}

export interface CalculatorState {
  tab: CalcTab;
  layer: LayerForm;
  solver: SolverForm;
  stack: StackForm;
}

export const DEFAULT_LAYER: LayerForm = {
  op: 'conv',
  dims: 2,
  batch: '1',
  inChannels: '3',
  outChannels: '16',
  inputSize: '8',
  kernel: '3',
  stride: '1',
  padding: '1',
  dilation: '1',
  groups: '1',
  outputPadding: '0',
  bias: true,
  paddingMode: 'zeros',
  ceilMode: false,
  countIncludePad: true,
};

export const DEFAULT_SOLVER: SolverForm = { unknown: 'padding', input: '32', kernel: '3', stride: '1', padding: '0', dilation: '1', wanted: '32' };

export const DEFAULT_STACK: StackForm = {
  source: ['nn.Sequential(', '    nn.Conv2d(3, 64, 7, stride=2, padding=3),', '    nn.MaxPool2d(3, stride=2, padding=1),', '    nn.Conv2d(64, 64, 3, padding=1),', '    nn.Conv2d(64, 128, 3, stride=2, padding=1),', ')'].join('\n'),
  inputSize: '224',
};

export const DEFAULT_STATE: CalculatorState = { tab: 'size', layer: DEFAULT_LAYER, solver: DEFAULT_SOLVER, stack: DEFAULT_STACK };

/** A problem with the form, attached to the field it concerns ('form' when no single field). */
export interface FieldError {
  field: keyof LayerForm | keyof SolverForm | keyof StackForm | 'form';
  message: string;
}

type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const ok = <T,>(value: T): Result<T> => ({ ok: true, value });
const fail = (field: FieldError['field'], message: string): { ok: false; errors: FieldError[] } => ({ ok: false, errors: [{ field, message }] });

// ───────────── reading fields ─────────────

/** "3", "3, 5", "(3, 5)", "[3,5]" → integers; one value stands for every axis. */
export function parseInts(text: string, dims: number, field: FieldError['field'], label: string, min = 0): Result<number[]> {
  const body = text.trim().replace(/^[([]\s*|\s*[)\]]$/g, '');
  if (body === '') return fail(field, `${label}: enter a whole number`);
  const parts = body.split(/\s*[,\s]\s*/).filter((p) => p !== '');
  const values: number[] = [];
  for (const p of parts) {
    if (!/^[+-]?\d+$/.test(p)) return fail(field, `${label}: '${p}' is not a whole number`);
    const v = Number(p);
    if (v < min) return fail(field, `${label} must be at least ${min}, got ${v}`);
    values.push(v);
  }
  if (values.length === 1) return ok(new Array<number>(dims).fill(values[0]));
  if (values.length !== dims) return fail(field, `${label}: give one value or ${dims} (one per axis), got ${values.length}`);
  return ok(values);
}

function parseInt1(text: string, field: FieldError['field'], label: string, min = 0): Result<number> {
  const r = parseInts(text, 1, field, label, min);
  if (!r.ok) return r;
  return ok(r.value[0]);
}

/** A per-axis value as a Python literal: an int when every axis agrees, else a tuple. */
function literalOf(values: number[]): number | number[] {
  return values.every((v) => v === values[0]) ? values[0] : values;
}

/** The constructor keyword an engine error names → the form field. */
const FIELD_OF_ARGUMENT: Record<string, keyof LayerForm> = {
  in_channels: 'inChannels',
  out_channels: 'outChannels',
  kernel_size: 'kernel',
  stride: 'stride',
  padding: 'padding',
  dilation: 'dilation',
  groups: 'groups',
  output_padding: 'outputPadding',
  padding_mode: 'paddingMode',
  bias: 'bias',
  ceil_mode: 'ceilMode',
  count_include_pad: 'countIncludePad',
  input: 'inputSize',
};

function engineError(error: unknown, fallback: FieldError['field'] = 'form'): { ok: false; errors: FieldError[] } {
  if (error instanceof ConvbookError) {
    const field = (error.argument && FIELD_OF_ARGUMENT[error.argument]) || fallback;
    return fail(field, `${error.pythonName}: ${error.message}`);
  }
  throw error;
}

// ───────────── the layer ─────────────

export interface LayerCallInfo {
  /** convbook's (and PyTorch's) constructor name, e.g. nn.Conv2d. */
  constructor: string;
  positional: (number | number[])[];
  keywords: Record<string, number | number[] | string | boolean>;
  /** The call as Python source. */
  source: string;
}

export function constructorName(form: LayerForm): string {
  switch (form.op) {
    case 'conv':
      return `nn.Conv${form.dims}d`;
    case 'conv_transpose':
      return `nn.ConvTranspose${form.dims}d`;
    case 'max_pool':
      return 'nn.MaxPool2d';
    case 'avg_pool':
      return 'nn.AvgPool2d';
  }
}

export function isPool(op: CalcOp): boolean {
  return op === 'max_pool' || op === 'avg_pool';
}

/** The layer's constructor call from the form, with only the arguments that differ from PyTorch's defaults. */
export function layerCall(form: LayerForm): Result<LayerCallInfo> {
  const dims = isPool(form.op) ? 2 : form.dims;
  if (isPool(form.op) && form.dims !== 2) return fail('dims', 'convbook models MaxPool2d and AvgPool2d: pooling is 2-D here');
  const errors: FieldError[] = [];
  const take = <T,>(r: Result<T>): T | undefined => {
    if (r.ok) return r.value;
    errors.push(...r.errors);
    return undefined;
  };
  const kernel = take(parseInts(form.kernel, dims, 'kernel', 'kernel_size', 1));
  const positional: (number | number[])[] = [];
  const keywords: Record<string, number | number[] | string | boolean> = {};
  if (!isPool(form.op)) {
    const cin = take(parseInt1(form.inChannels, 'inChannels', 'in_channels', 1));
    const cout = take(parseInt1(form.outChannels, 'outChannels', 'out_channels', 1));
    if (cin !== undefined && cout !== undefined && kernel) positional.push(cin, cout, literalOf(kernel));
    const stride = take(parseInts(form.stride, dims, 'stride', 'stride', 1));
    if (stride && stride.some((s) => s !== 1)) keywords.stride = literalOf(stride);
    const pad = form.padding.trim().replace(/^['"]|['"]$/g, '');
    if (form.op === 'conv' && (pad === 'same' || pad === 'valid')) keywords.padding = pad;
    else {
      const padding = take(parseInts(form.padding, dims, 'padding', 'padding', 0));
      if (padding && padding.some((p) => p !== 0)) keywords.padding = literalOf(padding);
    }
    if (form.op === 'conv_transpose') {
      const op = take(parseInts(form.outputPadding, dims, 'outputPadding', 'output_padding', 0));
      if (op && op.some((p) => p !== 0)) keywords.output_padding = literalOf(op);
    }
    const groups = take(parseInt1(form.groups, 'groups', 'groups', 1));
    if (groups !== undefined && groups !== 1) keywords.groups = groups;
    if (!form.bias) keywords.bias = false;
    const dilation = take(parseInts(form.dilation, dims, 'dilation', 'dilation', 1));
    if (dilation && dilation.some((d) => d !== 1)) keywords.dilation = literalOf(dilation);
    if (form.op === 'conv' && form.paddingMode !== 'zeros') keywords.padding_mode = form.paddingMode;
  } else {
    if (kernel) positional.push(literalOf(kernel));
    if (form.stride.trim() !== '') {
      const stride = take(parseInts(form.stride, dims, 'stride', 'stride', 1));
      if (stride && kernel && stride.join() !== kernel.join()) keywords.stride = literalOf(stride);
    }
    const padding = take(parseInts(form.padding, dims, 'padding', 'padding', 0));
    if (padding && padding.some((p) => p !== 0)) keywords.padding = literalOf(padding);
    if (form.op === 'max_pool') {
      const dilation = take(parseInts(form.dilation, dims, 'dilation', 'dilation', 1));
      if (dilation && dilation.some((d) => d !== 1)) keywords.dilation = literalOf(dilation);
    }
    if (form.ceilMode) keywords.ceil_mode = true;
    if (form.op === 'avg_pool' && !form.countIncludePad) keywords.count_include_pad = false;
  }
  if (errors.length) return { ok: false, errors };
  const name = constructorName(form);
  const args = [...positional.map((v) => formatLiteral(v)), ...Object.entries(keywords).map(([k, v]) => `${k}=${formatLiteral(v)}`)];
  return ok({ constructor: name, positional, keywords, source: `${name}(${args.join(', ')})` });
}

/** (batch, channels, *spatial) from the form. */
export function inputShapeOf(form: LayerForm): Result<number[]> {
  const dims = isPool(form.op) ? 2 : form.dims;
  const batch = parseInt1(form.batch, 'batch', 'batch', 1);
  const channels = parseInt1(form.inChannels, 'inChannels', isPool(form.op) ? 'channels' : 'in_channels', 1);
  const spatial = parseInts(form.inputSize, dims, 'inputSize', 'input size', 1);
  const errors = [batch, channels, spatial].flatMap((r) => (r.ok ? [] : r.errors));
  if (errors.length || !batch.ok || !channels.ok || !spatial.ok) return { ok: false, errors };
  return ok([batch.value, channels.value, ...spatial.value]);
}

export function layerSpec(form: LayerForm): Result<{ call: LayerCallInfo; spec: WindowSpec }> {
  const call = layerCall(form);
  if (!call.ok) return call;
  try {
    const spec = layerSpecFromCall(call.value.constructor, call.value.positional, call.value.keywords) as WindowSpec;
    return ok({ call: call.value, spec });
  } catch (error) {
    return engineError(error);
  }
}

/** Largest spatial size drawn in the live sweep preview; bigger inputs get the formula only. */
export const PREVIEW_MAX_SIDE = 64;

export interface LayerResult {
  call: LayerCallInfo;
  spec: WindowSpec;
  inputShape: number[];
  outputShape: number[];
  formula: FormulaPayload;
  /** Geometry-only sweep of the layer, or null when the input is too large to draw live. */
  sweep: SweepPayload | null;
  notes: string[];
}

export function evaluateLayer(form: LayerForm): Result<LayerResult> {
  const spec = layerSpec(form);
  const shape = inputShapeOf(form);
  if (!spec.ok || !shape.ok) return { ok: false, errors: [...(spec.ok ? [] : spec.errors), ...(shape.ok ? [] : shape.errors)] };
  const inputShape = shape.value;
  let out: number[];
  try {
    out = outputShape(spec.value.spec, inputShape);
  } catch (error) {
    return engineError(error, 'inputSize');
  }
  const formula = describeLayer(spec.value.spec, inputShape);
  const notes: string[] = [];
  let sweep: SweepPayload | null = null;
  const spatial = inputShape.slice(2);
  if (spatial.length > 2) notes.push('the sweep draws 1-D and 2-D layers; this 3-D layer gets the formulas only');
  else if (spatial.some((s) => s > PREVIEW_MAX_SIDE)) notes.push(`the live sweep preview stops at ${PREVIEW_MAX_SIDE} cells per axis; the formulas cover any size`);
  else sweep = sweepForLayer(spec.value.spec, inputShape, spec.value.call.source);
  return ok({ call: spec.value.call, spec: spec.value.spec, inputShape, outputShape: out, formula, sweep, notes });
}

function tupleLiteral(values: number[]): string {
  return formatLiteral(values);
}

/** A convbook cell that shows what the calculator shows: the sweep (size tab) or the cost breakdown. */
export function layerCellSource(form: LayerForm, what: 'sweep' | 'cost'): Result<string> {
  const call = layerCall(form);
  const shape = inputShapeOf(form);
  if (!call.ok || !shape.ok) return { ok: false, errors: [...(call.ok ? [] : call.errors), ...(shape.ok ? [] : shape.errors)] };
  return ok([`layer = ${call.value.source}`, `${what}(layer, input_size=${tupleLiteral(shape.value)})`].join('\n') + '\n');
}

// ───────────── solver ─────────────

export interface SolverAnswer {
  result: SolverResult;
  /** What was solved for, in PyTorch's argument name. */
  unknown: SolverUnknown;
  /** A conv layer using the first solution, for the cell. */
  layer: string | null;
}

export function solve(form: SolverForm): Result<SolverAnswer> {
  const errors: FieldError[] = [];
  const get = (field: keyof SolverForm, label: string, min: number, needed: boolean): number => {
    if (!needed) return 0;
    const r = parseInt1(String(form[field]), field, label, min);
    if (!r.ok) {
      errors.push(...r.errors);
      return 0;
    }
    return r.value;
  };
  const input = get('input', 'input size', 1, true);
  const kernel = get('kernel', 'kernel size', 1, true);
  const dilation = get('dilation', 'dilation', 1, true);
  const wanted = get('wanted', 'wanted output size', 1, true);
  const stride = get('stride', 'stride', 1, form.unknown !== 'stride');
  const padding = get('padding', 'padding', 0, form.unknown !== 'padding');
  if (errors.length) return { ok: false, errors };
  let result: SolverResult;
  try {
    result =
      form.unknown === 'padding'
        ? solvePadding(input, kernel, stride, dilation, wanted)
        : form.unknown === 'stride'
          ? solveStride(input, kernel, padding, dilation, wanted)
          : solveOutputPadding(input, kernel, stride, padding, dilation, wanted);
  } catch (error) {
    if (error instanceof ConvbookError) return fail((error.argument as keyof SolverForm) ?? 'form', `${error.pythonName}: ${error.message}`);
    throw error;
  }
  let layer: string | null = null;
  const first = result.solutions[0];
  if (first) {
    const args: string[] = ['1', '1', String(kernel)];
    const s = form.unknown === 'stride' ? first.value : stride;
    const p = form.unknown === 'padding' ? first.value : padding;
    if (s !== 1) args.push(`stride=${s}`);
    if (p !== 0) args.push(`padding=${p}`);
    if (form.unknown === 'output_padding' && first.value !== 0) args.push(`output_padding=${first.value}`);
    if (dilation !== 1) args.push(`dilation=${dilation}`);
    layer = `${form.unknown === 'output_padding' ? 'nn.ConvTranspose1d' : 'nn.Conv1d'}(${args.join(', ')})`;
  }
  return ok({ result, unknown: form.unknown, layer });
}

export function solverCellSource(form: SolverForm): Result<string> {
  const answer = solve(form);
  if (!answer.ok) return answer;
  if (!answer.value.layer) return fail('form', 'no value gives that output size, so there is no layer to insert');
  const input = parseInt1(form.input, 'input', 'input size', 1);
  if (!input.ok) return input;
  return ok([`layer = ${answer.value.layer}`, `x = torch.zeros(1, 1, ${input.value})`, 'layer(x).shape'].join('\n') + '\n');
}

// ───────────── receptive field of a pasted stack ─────────────

export interface StackResult {
  payload: ReceptiveFieldPayload;
  /** Calls found but left out (pass-through layers are fine; these could not be read). */
  skipped: string[];
  layers: { name: string; source: string }[];
}

/** Layers after which no single receptive field exists (they mix every position, or upsample). */
const CHAIN_ENDS: Partial<Record<LayerSpec['kind'], string>> = {
  conv_transpose: 'a strided transposed conv reads a varying number of inputs per output',
  adaptive_avg_pool: 'it averages over the whole input',
  flatten: 'it mixes every position',
  linear: 'it mixes every position',
};

export function stackReceptiveField(form: StackForm): Result<StackResult> {
  if (form.source.trim() === '') return fail('source', 'paste layers: nn.Sequential(...) or one nn.Conv2d(...) per line');
  let calls;
  try {
    calls = findLayerCalls(form.source);
  } catch (error) {
    return engineError(error, 'source');
  }
  const specs: LayerSpec[] = [];
  const names: string[] = [];
  const skipped: string[] = [];
  const layers: { name: string; source: string }[] = [];
  let ended = false;
  calls.forEach((c, i) => {
    if (ended) return;
    if (c.functional) {
      skipped.push(`${c.text}: a functional call; its kernel size is in a tensor`);
      return;
    }
    if (!c.spec) {
      skipped.push(`${c.text}: ${c.problems[0]?.message ?? 'not every argument is a number'}`);
      return;
    }
    const end = CHAIN_ENDS[c.spec.kind];
    if (end) {
      skipped.push(`${c.text} and everything after it: the receptive field ends here (${end})`);
      ended = true;
      return;
    }
    const name = c.name ?? `${c.canonical.replace(/^nn\./, '')}#${i + 1}`;
    specs.push(c.spec);
    names.push(name);
    layers.push({ name, source: c.text });
  });
  if (specs.length === 0) return fail('source', skipped.length ? `no layer could be read: ${skipped.join('; ')}` : 'no PyTorch layer found in the text');
  let inputSize: number[] | undefined;
  if (form.inputSize.trim() !== '') {
    const dims = (specs.find((s) => 'dims' in s && typeof (s as WindowSpec).dims === 'number') as WindowSpec | undefined)?.dims ?? 2;
    const r = parseInts(form.inputSize, dims, 'inputSize', 'input size', 1);
    if (!r.ok) return r;
    inputSize = r.value;
  }
  try {
    const payload = receptiveField(specs, { names, inputSize });
    return ok({ payload, skipped, layers });
  } catch (error) {
    return engineError(error, 'source');
  }
}

export function stackCellSource(form: StackForm): Result<string> {
  const r = stackReceptiveField(form);
  if (!r.ok) return r;
  const body = r.value.layers.map((l) => `    ${l.source},`).join('\n');
  return ok(`model = nn.Sequential(\n${body}\n)\nreceptive_field(model)\n`);
}

// ───────────── persisted state ─────────────

function pickString(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

function pickBool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

function pickOne<T extends string | number>(v: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(v as T) ? (v as T) : fallback;
}

/** State from vscode.getState(): anything missing or malformed falls back to the defaults. */
export function restoreState(saved: unknown): CalculatorState {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Record<string, unknown>;
  const l = (typeof s.layer === 'object' && s.layer !== null ? s.layer : {}) as Record<string, unknown>;
  const v = (typeof s.solver === 'object' && s.solver !== null ? s.solver : {}) as Record<string, unknown>;
  const k = (typeof s.stack === 'object' && s.stack !== null ? s.stack : {}) as Record<string, unknown>;
  const d = DEFAULT_LAYER;
  return {
    tab: pickOne(s.tab, ['size', 'cost', 'solver', 'rf'] as const, 'size'),
    layer: {
      op: pickOne(l.op, ['conv', 'conv_transpose', 'max_pool', 'avg_pool'] as const, d.op),
      dims: pickOne(l.dims, [1, 2, 3] as const, d.dims),
      batch: pickString(l.batch, d.batch),
      inChannels: pickString(l.inChannels, d.inChannels),
      outChannels: pickString(l.outChannels, d.outChannels),
      inputSize: pickString(l.inputSize, d.inputSize),
      kernel: pickString(l.kernel, d.kernel),
      stride: pickString(l.stride, d.stride),
      padding: pickString(l.padding, d.padding),
      dilation: pickString(l.dilation, d.dilation),
      groups: pickString(l.groups, d.groups),
      outputPadding: pickString(l.outputPadding, d.outputPadding),
      bias: pickBool(l.bias, d.bias),
      paddingMode: pickOne(l.paddingMode, ['zeros', 'reflect', 'replicate', 'circular'] as const, d.paddingMode),
      ceilMode: pickBool(l.ceilMode, d.ceilMode),
      countIncludePad: pickBool(l.countIncludePad, d.countIncludePad),
    },
    solver: {
      unknown: pickOne(v.unknown, ['padding', 'stride', 'output_padding'] as const, DEFAULT_SOLVER.unknown),
      input: pickString(v.input, DEFAULT_SOLVER.input),
      kernel: pickString(v.kernel, DEFAULT_SOLVER.kernel),
      stride: pickString(v.stride, DEFAULT_SOLVER.stride),
      padding: pickString(v.padding, DEFAULT_SOLVER.padding),
      dilation: pickString(v.dilation, DEFAULT_SOLVER.dilation),
      wanted: pickString(v.wanted, DEFAULT_SOLVER.wanted),
    },
    stack: { source: pickString(k.source, DEFAULT_STACK.source), inputSize: pickString(k.inputSize, DEFAULT_STACK.inputSize) },
  };
}

// ───────────── the extension's protocol (contract: CalculatorHostMessage / CalculatorViewMessage) ─────────────

export const TAB_OF_KIND: Record<CalculatorKind, CalcTab> = { outputSize: 'size', cost: 'cost', solve: 'solver', receptiveField: 'rf' };
export const KIND_OF_TAB: Record<CalcTab, CalculatorKind> = { size: 'outputSize', cost: 'cost', solver: 'solve', rf: 'receptiveField' };

function isPrefill(v: unknown): v is ReceptiveFieldPrefill {
  return typeof v === 'object' && v !== null && typeof (v as ReceptiveFieldPrefill).source === 'string' && Array.isArray((v as ReceptiveFieldPrefill).layers);
}

/**
 * Applies the extension's `init` message: it selects the tab and may pre-fill it (the
 * receptive-field calculator gets the layers selected in a .py file). Returns null for anything
 * that is not an init message; `notes` are the extension's remarks on the pre-fill.
 */
export function applyInit(state: CalculatorState, message: unknown): { state: CalculatorState; notes: string[] } | null {
  if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'init') return null;
  const m = message as { calculator?: unknown; state?: unknown };
  const kind = Object.keys(TAB_OF_KIND).includes(String(m.calculator)) ? (m.calculator as CalculatorKind) : null;
  if (!kind) return null;
  let next: CalculatorState = { ...state, tab: TAB_OF_KIND[kind] };
  const notes: string[] = [];
  if (kind === 'receptiveField' && isPrefill(m.state)) {
    const spatial = m.state.input_size && m.state.input_size.length > 2 ? m.state.input_size.slice(2).join(', ') : '';
    next = { ...next, stack: { source: m.state.source, inputSize: spatial || next.stack.inputSize } };
    notes.push(...m.state.notes.filter((n) => typeof n === 'string'));
  } else if (typeof m.state === 'object' && m.state !== null) {
    // A partial calculator state (layer, solver or stack fields) merged over the current one.
    const partial = m.state as Partial<Record<'layer' | 'solver' | 'stack', object>>;
    next = restoreState({ ...next, layer: { ...next.layer, ...(partial.layer ?? {}) }, solver: { ...next.solver, ...(partial.solver ?? {}) }, stack: { ...next.stack, ...(partial.stack ?? {}) } });
  }
  return { state: next, notes };
}

/** What a `computed` message reports for the output-size and cost tabs. */
export function layerSummary(tab: 'size' | 'cost', r: Result<LayerResult>): unknown {
  if (!r.ok) return { errors: r.errors };
  const v = r.value;
  if (tab === 'size') {
    return { layer: v.call.source, inputShape: v.inputShape, outputShape: v.outputShape, axes: (v.formula.outputSize ?? []).map((a) => ({ axis: a.axis, result: a.result, uncovered: a.uncovered, warnings: a.warnings })) };
  }
  return { layer: v.call.source, inputShape: v.inputShape, outputShape: v.outputShape, params: v.formula.params, flops: v.formula.flops, libraries: v.formula.libraries };
}

export function solverSummary(r: Result<SolverAnswer>): unknown {
  return r.ok ? { unknown: r.value.unknown, solutions: r.value.result.solutions, explanation: r.value.result.explanation, layer: r.value.layer } : { errors: r.errors };
}

export function stackSummary(r: Result<StackResult>): unknown {
  return r.ok ? { receptive_field: r.value.payload.receptive_field, effective_stride: r.value.payload.effective_stride, effective_padding: r.value.payload.effective_padding, layers: r.value.layers.map((l) => l.name), skipped: r.value.skipped } : { errors: r.errors };
}
