// The calculator's state, free of DOM: the forms as typed (strings, so a half-typed value
// survives), their defaults, restoring a saved state field by field, and the extension's init
// message that picks a tab and may pre-fill it.

import type { CalculatorKind, PaddingMode, ReceptiveFieldPrefill } from '../contract';

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
