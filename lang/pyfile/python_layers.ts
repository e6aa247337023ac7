// PyTorch layers in Python source, found and sized for the editor without running anything: every
// nn.Conv2d(...) and its relatives with its configuration, parameters and, when its input is
// known, output shape. The one rule: a number is shown only if it follows from literals and known
// inputs. An input is known from a `# input: (1, 3, 224, 224)` hint comment on the layer or its
// nn.Sequential, and flows through that Sequential's elements (their order is forward's). Nothing
// is assumed: not a default size, and not that forward() calls __init__'s layers in the order they
// are defined (a LeNet pools in forward between its convs). Portable: no vscode, no node, no DOM.

import { ConvbookError } from '../../engine/errors';
import { outputSizeFormulas } from '../../engine/arithmetic/output_formula';
import { paramCount } from '../../engine/arithmetic/params';
import { outputShape } from '../../engine/arithmetic/spec_shape';
import { isWindowSpec, type LayerSpec } from '../../engine/layer';
import type { CallExpr, Expr } from '../syntax/ast';
import { literalValue } from '../syntax/literal';
import { callSiteOfExpr, childExpressions, readCallAt, type CallSite } from './python_calls';
import { indexHints, type HintIndex } from './python_hints';
import {
  bindCall,
  buildSpec,
  classifyCall,
  configOf,
  geometrySpec,
  inputChannelParam,
  signatureOf,
  type BoundCall,
  type KnownCall,
} from './python_layer_config';
import { readImports, resolveCallee, shortName, type ImportScope } from './python_names';
import { positionAt, scanPython, type PythonScan, type ScannedStatement } from './python_scan';

/** A range in the source: 1-based lines and columns (end exclusive), and 0-based offsets. */
export interface SourceSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  endOffset: number;
}

export interface LayerProblem extends SourceSpan {
  /** 'error' for what PyTorch rejects for certain; 'warning' when it depends on how forward() uses the layers. */
  severity: 'error' | 'warning';
  /** The exception PyTorch raises: 'RuntimeError', 'ValueError', 'TypeError'... */
  pythonName: string;
  message: string;
  argument?: string;
}

export interface LayerContainer {
  kind: 'sequential' | 'init';
  /** 1-based line where the nn.Sequential call or the `def __init__` starts. */
  line: number;
}

export interface LayerCall extends SourceSpan {
  /** The callee as written: 'nn.Conv2d', 'torch.nn.Conv2d', 'tnn.Conv2d', 'Conv2d'. */
  callee: string;
  /** convbook's name for it: 'nn.Conv2d', 'F.conv2d', 'DeformConv2d', 'nn.MaxPool1d'. */
  canonical: string;
  /** The call's source text. */
  text: string;
  /** True for F.conv2d(x, w, ...) and friends: the weight is a tensor whose shape is not in the call. */
  functional: boolean;
  /** Where PyTorch would name it: 'conv1', 'features.0', 'model.3'; null for a free-standing call. */
  name: string | null;
  /** Every parameter with its value, defaults included; symbolic ones hold their source text. */
  config: Record<string, unknown>;
  /** The parameters written in the call (the others in config are defaults). */
  given: string[];
  /** The layer, when every argument that matters is known. */
  spec: LayerSpec | null;
  /** A spec good for spatial geometry only, when just the channel counts are symbolic. */
  geometry: LayerSpec | null;
  /** Parameters whose argument is not a literal (`*args` and `**kwargs` as written). */
  symbolic: string[];
  /** Symbolic parameters given their value from the known input (in_channels from its channels). */
  inferred: Record<string, number>;
  inputShape: number[] | null;
  /** Where the input shape comes from: a hint comment, maybe through the Sequential's earlier layers. */
  inputSource: 'hint' | null;
  outputShape: number[] | null;
  params: { weights: number; bias: number; total: number } | null;
  /** Everything a reader should be warned about, PyTorch's errors included, as sentences. */
  warnings: string[];
  /** Remarks that are not problems: assumptions made, values inferred. */
  notes: string[];
  /** What diagnostics report, with the range to underline. */
  problems: LayerProblem[];
  container: LayerContainer | null;
  /** Functional convs: the weight argument as written. */
  weightText?: string;
  /** Functional convs: whether a bias tensor is passed. */
  hasBias?: boolean;
}

/** A layer found but not yet sized. */
interface LayerNode {
  kind: 'layer';
  site: CallSite;
  known: KnownCall;
  bound: BoundCall;
  call: LayerCall;
}

type ChainNode =
  | LayerNode
  | { kind: 'sequential'; site: CallSite; elements: ChainNode[]; line: number }
  /** A module that keeps the shape (an activation convbook does not model). */
  | { kind: 'passthrough'; line: number }
  /** A module whose output shape is unknown (a custom block, `*layers`). */
  | { kind: 'opaque'; line: number };

interface Root {
  node: ChainNode;
  statement: ScannedStatement | null;
  /** `self.name = <root>` in __init__: the index of that def's statement. */
  initOf: number | null;
  /** The assignment target without `self.`, when the root is the whole value of an assignment. */
  target: string | null;
}

interface Context {
  source: string;
  scan: PythonScan;
  scope: ImportScope;
  hints: HintIndex;
  layers: LayerCall[];
  /** What each callee spelling refers to, in this file. */
  classified: Map<string, KnownCall | null>;
  /** Offsets of the calls already read (layers and Sequentials). */
  handled: Set<number>;
}

const ASSIGNMENT = /^([A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*(?::[^=\n]+)?=(?!=)\s*/;
const BLOCK = /^(?:async\s+)?(def|class)\s+([A-Za-z_]\w*)/;

/** Finds the layer calls in Python source (a .py file or a convbook cell), sized where possible. */
export function findLayerCalls(source: string): LayerCall[] {
  const scan = scanPython(source);
  const statementText = (s: ScannedStatement) => source.slice(s.start, s.end);
  const scope = readImports(scan.statements.map(statementText).filter((t) => /^(import|from)\s/.test(t)).map((t) => t.replace(/#[^\n]*/g, '')));
  const ctx: Context = {
    source,
    scan,
    scope,
    hints: indexHints(scan.comments),
    layers: [],
    classified: new Map(),
    handled: new Set(),
  };
  const blocks = enclosingBlocks(scan.statements, statementText);
  const roots: Root[] = [];

  let statementIndex = 0;
  for (const candidate of scan.calls) {
    // Calls already read as part of a Sequential (or inside another root) are not roots again;
    // layers elsewhere inside a root (e.g. in a comprehension the parser refused) still are.
    if (ctx.handled.has(candidate.start)) continue;
    const known = classify(ctx, candidate.callee);
    if (!known || known.family === 'passthrough' || known.family === 'ordered_dict' || known.family === 'collection') continue;
    const site = readCallAt(source, candidate.start, candidate.open, candidate.callee);
    if (!site) continue;
    while (statementIndex + 1 < scan.statements.length && scan.statements[statementIndex + 1].start <= site.start) statementIndex++;
    const statement = scan.statements[statementIndex]?.start <= site.start ? scan.statements[statementIndex] : null;
    const target = statement ? assignmentTarget(source, statement, site.start) : null;
    const node = known.family === 'sequential' ? readSequential(ctx, site, target) : makeLayer(ctx, site, known, target);
    const block = statement ? blocks.get(statement) : undefined;
    const initOf = target !== null && target.startsWith('self.') && block?.def?.name === '__init__' && block.class ? block.def.index : null;
    roots.push({ node, statement, initOf, target: target?.replace(/^self\./, '') ?? null });
  }
  sizeRoots(ctx, roots, scan.statements);
  ctx.layers.sort((a, b) => a.offset - b.offset);
  return ctx.layers;
}

// ───────────── reading the structure ─────────────

function classify(ctx: Context, callee: string): KnownCall | null {
  let known = ctx.classified.get(callee);
  if (known === undefined) {
    const path = resolveCallee(callee, ctx.scope);
    known = path ? classifyCall(shortName(path)) : null;
    ctx.classified.set(callee, known);
  }
  return known;
}

function dottedName(expr: Expr): string | null {
  if (expr.kind === 'Name') return expr.id;
  if (expr.kind === 'Attribute') {
    const base = dottedName(expr.value);
    return base === null ? null : `${base}.${expr.attr}`;
  }
  return null;
}

function assignmentTarget(source: string, statement: ScannedStatement, valueStart: number): string | null {
  const m = ASSIGNMENT.exec(source.slice(statement.start, valueStart + 1));
  if (!m || statement.start + m[0].length !== valueStart) return null;
  return m[1].replace(/\s+/g, '');
}

function span(ctx: Context, start: number, end: number): SourceSpan {
  const a = positionAt(ctx.scan.lineStarts, start);
  const b = positionAt(ctx.scan.lineStarts, end);
  return { line: a.line + 1, column: a.column + 1, endLine: b.line + 1, endColumn: b.column + 1, offset: start, endOffset: end };
}

function lineOf(ctx: Context, offset: number): number {
  return positionAt(ctx.scan.lineStarts, offset).line;
}

function makeLayer(ctx: Context, site: CallSite, known: KnownCall, name: string | null): LayerNode {
  ctx.handled.add(site.start);
  const bound = bindCall(ctx.source, site, known);
  const config = configOf(bound);
  const where = span(ctx, site.start, site.end);
  // Every field written out: spreading `where` in would leave V8 with a slow dictionary-mode
  // object, and every later read of a LayerCall (sizing, hovers) would pay for it.
  const call: LayerCall = {
    line: where.line,
    column: where.column,
    endLine: where.endLine,
    endColumn: where.endColumn,
    offset: where.offset,
    endOffset: where.endOffset,
    callee: site.callee,
    canonical: known.canonical,
    text: ctx.source.slice(site.start, site.end),
    functional: known.family === 'functional',
    name: name?.replace(/^self\./, '') ?? null,
    config,
    given: [...bound.given.keys()].filter((name) => name in config),
    spec: null,
    geometry: null,
    symbolic: bound.symbolic,
    inferred: {},
    inputShape: null,
    inputSource: null,
    outputShape: null,
    params: null,
    warnings: [],
    notes: [],
    problems: [],
    container: null,
  };
  if (bound.weightText !== undefined) call.weightText = bound.weightText;
  if (bound.hasBias !== undefined) call.hasBias = bound.hasBias;
  if (bound.error) addProblem(ctx, call, site, bound.error, 'error');
  ctx.layers.push(call);
  return { kind: 'layer', site, known, bound, call };
}

/** The call site of a Sequential element, parsed or (when the parser refused it) re-read alone. */
function elementSite(ctx: Context, expr: Expr | null, start: number): { site: CallSite; known: KnownCall | null } | null {
  if (expr && expr.kind === 'Call') {
    const callee = dottedName(expr.func);
    return { site: callSiteOfExpr(expr, callee ?? ''), known: callee ? classify(ctx, callee) : null };
  }
  if (expr) return null;
  const candidate = ctx.scan.calls.find((c) => c.start === start);
  if (!candidate) return null;
  const site = readCallAt(ctx.source, candidate.start, candidate.open, candidate.callee);
  return site ? { site, known: classify(ctx, candidate.callee) } : null;
}

function readSequential(ctx: Context, site: CallSite, prefix: string | null): ChainNode {
  ctx.handled.add(site.start);
  const elements: ChainNode[] = [];
  let index = 0;
  const childName = (key: string) => (prefix ? `${prefix.replace(/^self\./, '')}.${key}` : key);
  const readElement = (expr: Expr | null, start: number, name: string): ChainNode => {
    const line = lineOf(ctx, start);
    const found = elementSite(ctx, expr, start);
    if (!found) return { kind: 'opaque', line };
    const { site: child, known } = found;
    if (known?.family === 'sequential') return readSequential(ctx, child, name);
    if (known?.family === 'module' || known?.family === 'functional') return makeLayer(ctx, child, known, name);
    if (known?.family === 'passthrough') return { kind: 'passthrough', line };
    // An unknown module (a custom block): its shape is unknown, but layers written inside its
    // arguments are still layers.
    if (expr) collectNested(ctx, expr);
    return { kind: 'opaque', line };
  };
  for (const arg of site.args) {
    if (arg.star !== '' || arg.keyword !== null) {
      elements.push({ kind: 'opaque', line: lineOf(ctx, arg.start) });
      index++;
      continue;
    }
    const dict = arg.expr?.kind === 'Call' ? orderedDictItems(ctx, arg.expr) : null;
    if (dict) {
      for (const item of dict) elements.push(readElement(item.value, item.value.start.offset, childName(item.key)));
      continue;
    }
    elements.push(readElement(arg.expr, arg.valueStart, childName(String(index))));
    index++;
  }
  return { kind: 'sequential', site, elements, line: lineOf(ctx, site.start) };
}

/** `OrderedDict([('conv1', nn.Conv2d(...)), ...])`: the named items, or null for anything else. */
function orderedDictItems(ctx: Context, call: CallExpr): { key: string; value: Expr }[] | null {
  const callee = dottedName(call.func);
  if (!callee || classify(ctx, callee)?.family !== 'ordered_dict') return null;
  const list = call.args[0];
  if (!list || (list.kind !== 'List' && list.kind !== 'Tuple')) return null;
  const items: { key: string; value: Expr }[] = [];
  for (const elt of list.elts) {
    if (elt.kind !== 'Tuple' || elt.elts.length !== 2) return null;
    const key = literalValue(elt.elts[0]);
    if (typeof key !== 'string') return null;
    items.push({ key, value: elt.elts[1] });
  }
  return items;
}

/** Layers inside an expression that is not itself a layer, found so their hovers still work. */
function collectNested(ctx: Context, expr: Expr): void {
  for (const child of childExpressions(expr)) {
    if (child.kind === 'Call') {
      const callee = dottedName(child.func);
      const known = callee ? classify(ctx, callee) : null;
      if (known?.family === 'module' || known?.family === 'functional') {
        sizeLayer(ctx, makeLayer(ctx, callSiteOfExpr(child, callee!), known, null), null, null);
        continue;
      }
      if (known?.family === 'sequential') {
        sizeChain(ctx, [readSequential(ctx, callSiteOfExpr(child, callee!), null)], null, null);
        continue;
      }
    }
    collectNested(ctx, child);
  }
}

interface Block {
  class: { name: string; index: number } | null;
  def: { name: string; index: number } | null;
}

/** For each statement, the innermost class and def around it, by indentation. */
function enclosingBlocks(statements: readonly ScannedStatement[], text: (s: ScannedStatement) => string): Map<ScannedStatement, Block> {
  const out = new Map<ScannedStatement, Block>();
  const stack: { kind: string; name: string; indent: number; index: number }[] = [];
  statements.forEach((s, index) => {
    while (stack.length && stack[stack.length - 1].indent >= s.indent) stack.pop();
    let cls: Block['class'] = null;
    let def: Block['def'] = null;
    for (let i = stack.length - 1; i >= 0; i--) {
      if (!def && stack[i].kind === 'def') def = { name: stack[i].name, index: stack[i].index };
      if (stack[i].kind === 'class') {
        cls = { name: stack[i].name, index: stack[i].index };
        break;
      }
    }
    // A def directly inside a class is a method; deeper defs do not make __init__ layers.
    out.set(s, { class: cls, def });
    const m = BLOCK.exec(text(s));
    if (m) stack.push({ kind: m[1], name: m[2], indent: s.indent, index });
  });
  return out;
}

// ───────────── sizing ─────────────

interface Flow {
  shape: number[] | null;
  source: 'hint' | null;
}

function sizeRoots(ctx: Context, roots: Root[], statements: readonly ScannedStatement[]): void {
  for (const root of roots) {
    // A hint counts where it is written: on the root's statement or its first line. A hint on an
    // __init__'s class says what forward() receives, not which of these layers sees it first.
    const flow = hintFlow(ctx, [root.statement ? root.statement.line : null, rootLine(root.node)]);
    let container: LayerContainer | null = root.node.kind === 'sequential' ? { kind: 'sequential', line: root.node.line + 1 } : null;
    if (root.initOf !== null) container = { kind: 'init', line: statements[root.initOf].line + 1 };
    sizeChain(ctx, [root.node], flow, container);
  }
}

function rootLine(node: ChainNode): number {
  return node.kind === 'layer' ? node.call.line - 1 : node.line;
}

function hintFlow(ctx: Context, lines: (number | null)[]): Flow | null {
  for (const line of lines) {
    if (line === null) continue;
    const hint = ctx.hints.at(line);
    if (hint) return { shape: hint.shape, source: 'hint' };
  }
  return null;
}

/** Sizes a chain of nodes run one after the other (a Sequential's elements); returns the output flow. */
function sizeChain(ctx: Context, nodes: ChainNode[], flow: Flow | null, container: LayerContainer | null): Flow | null {
  let current = flow;
  let previousLine = -1;
  nodes.forEach((node, i) => {
    const line = rootLine(node);
    // A hint on the line of an element (the first one on that line) restarts the flow there.
    if (line !== previousLine && !(i === 0 && flow?.source === 'hint')) {
      const hint = ctx.hints.at(line);
      if (hint) current = { shape: hint.shape, source: 'hint' };
    }
    previousLine = line;
    switch (node.kind) {
      case 'layer':
        current = sizeLayer(ctx, node, current, container);
        break;
      case 'sequential':
        current = sizeChain(ctx, node.elements, current, { kind: 'sequential', line: node.line + 1 });
        break;
      case 'passthrough':
        break;
      case 'opaque':
        current = null;
        break;
    }
  });
  return current;
}

const ELEMENTWISE = new Set(['nn.ReLU', 'nn.Sigmoid', 'nn.Identity', 'nn.Dropout']);

/** Which axis of the input holds the channels (features) a layer checks. */
function channelAxis(spec: LayerSpec | null, known: KnownCall, input: number[]): number {
  if (known.canonical === 'nn.Linear' || spec?.kind === 'linear') return input.length - 1;
  const dims = spec && 'dims' in spec ? spec.dims : known.dims;
  if (dims !== undefined && input.length === dims + 1) return 0;
  return 1;
}

function sizeLayer(ctx: Context, node: LayerNode, flow: Flow | null, container: LayerContainer | null): Flow | null {
  const { call, known, bound, site } = node;
  call.container = container;
  const input = flow?.shape ?? null;
  const source = flow?.source ?? null;

  // Symbolic channels can be read off a known input.
  const overrides = new Map<string, number>();
  const channelParam = inputChannelParam(known);
  if (input && channelParam !== null && bound.symbolic.includes(channelParam)) {
    overrides.set(channelParam, input[channelAxis(null, known, input)]);
  }
  let spec: LayerSpec | null = null;
  try {
    spec = buildSpec(known, bound, overrides);
  } catch (e) {
    if (!(e instanceof ConvbookError)) throw e;
    addProblem(ctx, call, site, e, 'error');
  }
  for (const [name, value] of overrides) {
    if (!spec) break;
    call.inferred[name] = value;
    call.notes.push(`${name} = ${value}, taken from the input (the argument ${String(call.config[name])} is not a literal)`);
  }
  call.spec = spec;
  call.geometry = spec ?? geometrySpec(known, bound);
  if (spec) {
    const params = paramsOf(spec);
    call.params = params && { ...params };
  }

  call.inputShape = input;
  call.inputSource = input ? source : null;
  if (!input) return null;

  if (!spec) {
    // Shape-preserving layers keep the shape even when an argument (p=dropout) is symbolic.
    if (known.family === 'module' && ELEMENTWISE.has(known.canonical) && call.problems.length === 0) {
      call.params = { weights: 0, bias: 0, total: 0 };
      call.outputShape = [...input];
      return { shape: call.outputShape, source };
    }
    return null;
  }

  const sized = sizeSpec(spec, input);
  call.warnings.push(...sized.axisWarnings);
  if (sized.output) {
    call.outputShape = [...sized.output];
  } else {
    const e = sized.error!;
    const axis = channelAxis(spec, known, input);
    const expected = expectedChannels(spec);
    const isMismatch = expected !== null && input[axis] !== expected && ['in_channels', 'num_features', 'in_features'].includes(e.argument ?? '');
    addProblem(ctx, call, site, e, 'error', '', isMismatch ? e.argument : undefined);
    if (isMismatch) {
      // Go on as if the channels had matched, so one mismatch is not reported again downstream.
      const repaired = [...input];
      repaired[axis] = expected!;
      const again = sizeSpec(spec, repaired);
      if (again.output) {
        call.outputShape = [...again.output];
        call.notes.push(`shapes after this layer assume its input had ${expected} ${spec.kind === 'linear' ? 'features' : 'channels'}`);
      }
    }
  }
  return call.outputShape ? { shape: call.outputShape, source } : null;
}

interface Sized {
  output: number[] | null;
  error: ConvbookError | null;
  /** The output-size formulas' warnings, prefixed with their axis. */
  axisWarnings: string[];
}

/**
 * Output shape (or PyTorch's error) and per-axis warnings of a spec on an input, remembered per
 * spec object: specs come from a memo, so after an edit the unchanged layers are not recomputed.
 */
const SIZED = new WeakMap<LayerSpec, Map<string, Sized>>();

function sizeSpec(spec: LayerSpec, input: number[]): Sized {
  let bySpec = SIZED.get(spec);
  if (!bySpec) SIZED.set(spec, (bySpec = new Map()));
  const key = input.join(',');
  const known = bySpec.get(key);
  if (known) return known;
  const sized: Sized = { output: null, error: null, axisWarnings: [] };
  if (isWindowSpec(spec)) {
    try {
      for (const axis of outputSizeFormulas(spec, input)) {
        for (const w of axis.warnings) if (!/^output size .* is below 1/.test(w)) sized.axisWarnings.push(`${axis.axis}: ${w}`);
      }
    } catch (e) {
      if (!(e instanceof ConvbookError)) throw e;
    }
  }
  try {
    sized.output = outputShape(spec, input);
  } catch (e) {
    if (!(e instanceof ConvbookError)) throw e;
    sized.error = e;
  }
  bySpec.set(key, sized);
  return sized;
}

const PARAMS = new WeakMap<LayerSpec, LayerCall['params']>();

function paramsOf(spec: LayerSpec): LayerCall['params'] {
  if (PARAMS.has(spec)) return PARAMS.get(spec)!;
  let params: LayerCall['params'] = null;
  try {
    const p = paramCount(spec);
    params = { weights: p.weights, bias: p.bias, total: p.total };
  } catch (e) {
    if (!(e instanceof ConvbookError)) throw e;
  }
  PARAMS.set(spec, params);
  return params;
}

function expectedChannels(spec: LayerSpec): number | null {
  switch (spec.kind) {
    case 'conv':
    case 'conv_transpose':
      return spec.inChannels;
    case 'batch_norm':
      return spec.numFeatures;
    case 'linear':
      return spec.inFeatures;
    default:
      return null;
  }
}

/** Records a problem, underlining the argument at fault when it was written, else the callee. */
function addProblem(ctx: Context, call: LayerCall, site: CallSite, error: ConvbookError, severity: LayerProblem['severity'], suffix = '', argument = error.argument): void {
  const message = error.message + suffix;
  call.warnings.push(`${error.pythonName}: ${message}`);
  const range = argumentRange(site, argument, ctx, call);
  const problem: LayerProblem = {
    line: range.line,
    column: range.column,
    endLine: range.endLine,
    endColumn: range.endColumn,
    offset: range.offset,
    endOffset: range.endOffset,
    severity,
    pythonName: error.pythonName,
    message,
  };
  if (argument) problem.argument = argument;
  call.problems.push(problem);
}

function argumentRange(site: CallSite, argument: string | undefined, ctx: Context, call: LayerCall): SourceSpan {
  if (argument) {
    const keyword = site.args.find((a) => a.keyword === argument);
    if (keyword) return span(ctx, keyword.start, keyword.end);
    const names = positionalNames(call.canonical);
    const index = names.indexOf(argument);
    const positional = site.args.filter((a) => a.keyword === null && a.star === '');
    if (index >= 0 && index < positional.length) return span(ctx, positional[index].start, positional[index].end);
  }
  return span(ctx, site.start, site.open);
}

/** The positional parameter order of a call's signature; spec errors name parameters, not positions. */
function positionalNames(canonical: string): string[] {
  const known = classifyCall(canonical);
  const sig = known ? signatureOf(known) : null;
  return sig ? sig.params.filter((p) => (p.kind ?? 'positional') === 'positional').map((p) => p.name) : [];
}
