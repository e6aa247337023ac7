// A model trace (contract/trace.ts) indexed by source line, for the editor: which module calls a
// line built, what each statement of a forward produced, and where the forward failed. Portable:
// no vscode, no node, no DOM, so hovers, inlay hints, diagnostics and `convbook inspect` share it.

import type { ModelTrace, Shape, TraceFrame, TraceSpan, TracedCall, TracedFunctional } from '../contract/trace';

/** Calls that agree on their shapes, listed once. */
export interface CallGroup {
  inputShapes: Shape[];
  outputShape: Shape | null;
  /** The module paths of the calls, in call order (a module called twice appears twice). */
  paths: string[];
  classes: string[];
  /** Own parameters of each distinct module, summed. */
  params: number;
  /** MACs of one call (null when the calls' MACs differ or one was interrupted). */
  macsEach: number | null;
  macsTotal: number | null;
}

/** What one statement produced, each time it ran: the shapes of its outermost traced call. */
export interface StatementResult {
  /** The span of the outermost traced expression of the statement. */
  span: TraceSpan;
  /** Distinct output shapes, in the order they first appeared. */
  shapes: Shape[];
  /** How many times the statement ran. */
  runs: number;
}

/** The span holds the line, and the 0-based column on it when one is given. */
function covers(frame: TraceSpan, file: string, line: number, column?: number): boolean {
  if (frame.file !== file || line < frame.line || line > frame.end_line) return false;
  if (column === undefined) return true;
  return (line > frame.line || column >= frame.column) && (line < frame.end_line || column < frame.end_column);
}

function sameSpan(a: TraceSpan, b: TraceSpan): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column && a.end_line === b.end_line && a.end_column === b.end_column;
}

/** a encloses b (or is the same span). */
function encloses(a: TraceSpan, b: TraceSpan): boolean {
  const startsBefore = a.line < b.line || (a.line === b.line && a.column <= b.column);
  const endsAfter = a.end_line > b.end_line || (a.end_line === b.end_line && a.end_column >= b.end_column);
  return a.file === b.file && startsBefore && endsAfter;
}

function shapeKey(shapes: readonly (Shape | null)[]): string {
  return shapes.map((s) => (s ? s.join('x') : '?')).join('|');
}

/** Groups calls by their input and output shapes, in order of first appearance. */
export function groupCalls(calls: readonly TracedCall[], paramsOf: (path: string) => number): CallGroup[] {
  const groups = new Map<string, CallGroup & { seen: Set<string> }>();
  for (const call of calls) {
    const key = `${shapeKey(call.input_shapes)}→${shapeKey([call.output_shape])}`;
    let g = groups.get(key);
    if (!g) {
      g = { inputShapes: call.input_shapes, outputShape: call.output_shape, paths: [], classes: [], params: 0, macsEach: call.macs, macsTotal: 0, seen: new Set() };
      groups.set(key, g);
    }
    const path = call.path ?? '';
    g.paths.push(path);
    if (!g.classes.includes(call.class)) g.classes.push(call.class);
    if (!g.seen.has(path)) {
      g.seen.add(path);
      g.params += paramsOf(path);
    }
    if (call.macs === null || g.macsEach !== call.macs) g.macsEach = null;
    g.macsTotal = call.macs === null || g.macsTotal === null ? null : g.macsTotal + call.macs;
  }
  return [...groups.values()].map(({ seen: _seen, ...g }) => g);
}

export class TraceIndex {
  private readonly paramsByPath: Map<string, number>;
  private readonly stacks: Map<string, TraceFrame[]>;

  constructor(readonly trace: ModelTrace) {
    this.paramsByPath = new Map(trace.modules.map((m) => [m.path, m.params]));
    this.stacks = new Map(trace.modules.map((m) => [m.path, m.built_stack]));
  }

  /**
   * The calls of the modules a line built: those whose construction passed through the line
   * without first entering another module's constructor. On `self.conv1 = conv3x3(...)` that is
   * every conv1 that helper built; on `block(...)` in a `_make_layer`, the blocks, not their layers.
   * With a column, only the calls written there (one of several layers built on one line).
   */
  callsBuiltAt(file: string, line: number, column?: number): TracedCall[] {
    const built = new Map<string, TraceFrame>();
    for (const [path, stack] of this.stacks) {
      for (const frame of stack) {
        if (covers(frame, file, line, column)) {
          built.set(path, frame);
          break;
        }
        if (frame.function === '__init__') break;
      }
    }
    if (column !== undefined) {
      // At a position, the innermost call written there: `nn.ConvTranspose2d(...)` on its line
      // inside a multi-line `nn.Sequential(...)`, not the Sequential that encloses it.
      const sites = [...built.values()];
      for (const [path, frame] of built) if (sites.some((other) => encloses(frame, other) && !sameSpan(frame, other))) built.delete(path);
    }
    return this.trace.calls.filter((c) => c.path !== null && built.has(c.path));
  }

  /** The shape-changing functional calls (F.max_pool2d, x.view, torch.cat) written starting at a position. */
  functionalAt(file: string, line: number, column: number): TracedFunctional[] {
    return this.trace.functional.filter((f) => f.file === file && f.line === line && f.column === column);
  }

  /** The frame of a built module's stack that lies on the line (where a hover shows it). */
  siteOn(file: string, line: number, call: TracedCall): TraceFrame | null {
    return this.stacks.get(call.path ?? '')?.find((f) => covers(f, file, line)) ?? null;
  }

  groups(calls: readonly TracedCall[]): CallGroup[] {
    return groupCalls(calls, (path) => this.paramsByPath.get(path) ?? 0);
  }

  /**
   * What each statement of the file produced, by the line its outermost traced expression starts
   * on: the module call at the smallest depth (a Sequential, not its children, which share its
   * call site), or the shape-changing functional call that encloses the others.
   */
  statementResults(file: string): Map<number, StatementResult> {
    interface Site {
      span: TraceSpan;
      depth: number;
      outputs: Shape[];
    }
    const sites: Site[] = [];
    const add = (span: TraceSpan, depth: number, output: Shape | null) => {
      let site = sites.find((s) => sameSpan(s.span, span));
      if (!site) sites.push((site = { span, depth, outputs: [] }));
      if (depth < site.depth) {
        site.depth = depth;
        site.outputs = [];
      }
      if (depth === site.depth && output) site.outputs.push(output);
    };
    for (const call of this.trace.calls) if (call.called_at?.file === file) add(call.called_at, call.depth, call.output_shape);
    for (const f of this.trace.functional as TracedFunctional[]) if (f.file === file) add(f, -1, f.output_shapes[0] ?? null);

    const out = new Map<number, StatementResult>();
    for (const site of sites) {
      const enclosed = sites.some((other) => other !== site && encloses(other.span, site.span) && !sameSpan(other.span, site.span));
      if (enclosed || site.outputs.length === 0) continue;
      const previous = out.get(site.span.line);
      // Two unrelated expressions starting on one line: keep the one that starts first.
      if (previous && previous.span.column <= site.span.column) continue;
      const distinct: Shape[] = [];
      for (const s of site.outputs) if (!distinct.some((d) => shapeKey([d]) === shapeKey([s]))) distinct.push(s);
      out.set(site.span.line, { span: site.span, shapes: distinct, runs: site.outputs.length });
    }
    return out;
  }
}
