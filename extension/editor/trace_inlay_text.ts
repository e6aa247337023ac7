// Inlay hints from a trace: after each forward statement, what it produced
// (`x = self.layer1(x)  → (1, 64, 56, 56)`), and after each line of __init__ or a Sequential that
// built layers, what those layers output when called. No vscode import.

import { shapeTuple } from '../../engine/arithmetic/format';
import type { Shape } from '../../contract/trace';
import type { TraceIndex } from '../../reader/trace_index';
import type { InlayHintText } from './inlay_text';
import { statementLabel, statementTooltip, type TraceOrigin } from './trace_text';

function distinctShapes(shapes: readonly (Shape | null)[]): Shape[] {
  const out: Shape[] = [];
  for (const s of shapes) if (s && !out.some((o) => o.join() === s.join())) out.push(s);
  return out;
}

/**
 * The hints for `file` (a path as the trace names it), each at the end of its statement's last
 * line; `lineLength(line)` gives a 0-based line's length. Forward statements first; a building
 * line gets a hint only when no statement hint sits on it.
 */
export function tracedInlayHints(index: TraceIndex, file: string, origin: TraceOrigin, lineLength: (line: number) => number): InlayHintText[] {
  const out: InlayHintText[] = [];
  const taken = new Set<number>();
  for (const result of index.statementResults(file).values()) {
    const line = result.span.end_line - 1;
    taken.add(line);
    out.push({ line, character: lineLength(line), label: statementLabel(result), tooltip: statementTooltip(result, origin, index.trace) });
  }
  const building = new Set<number>();
  for (const module of index.trace.modules) {
    for (const frame of module.built_stack) {
      if (frame.file === file) building.add(frame.line);
      if (frame.function === '__init__') break;
    }
  }
  for (const line of [...building].sort((a, b) => a - b)) {
    const calls = index.callsBuiltAt(file, line);
    if (calls.length === 0) continue;
    const frame = index.siteOn(file, line, calls[0]);
    const last = (frame?.end_line ?? line) - 1;
    if (taken.has(last)) continue;
    taken.add(last);
    const shapes = distinctShapes(calls.map((c) => c.output_shape));
    if (shapes.length === 0) continue;
    const label = shapes.length === 1 ? `→ ${shapeTuple(shapes[0])}` : `→ ${shapes.length} shapes`;
    const classes = [...new Set(calls.map((c) => c.class))].join(', ');
    const times = calls.length === 1 ? 'called once' : `called ${calls.length} times`;
    out.push({ line: last, character: lineLength(last), label, tooltip: `${classes} ${times}: ${shapes.map(shapeTuple).join(', ')}` });
  }
  return out.sort((a, b) => a.line - b.line);
}
