// The hover a trace gives on a line: on a line that built modules, the calls they made grouped by
// shape (trace_text.ts) with "Visualize in notebook" on each distinct input of a sweepable layer;
// on a forward statement, what it produced each time it ran. No vscode import.

import { shapeTuple } from '../../engine/arithmetic/format';
import type { TraceIndex } from '../../reader/trace_index';
import { commandUri, VISUALIZE_COMMAND } from './hover_text';
import { tracedLayerCell } from './trace_notebook_text';
import { statementLabel, statementTooltip, traceHoverMarkdown, type TraceOrigin } from './trace_text';

const MAX_LINKS = 4;

/** "Visualize in notebook" links, one per distinct input of the sweepable layers the line built. */
function visualizeLinks(index: TraceIndex, file: string, line: number, column: number | undefined): string | null {
  const calls = index.callsBuiltAt(file, line, column);
  const links: string[] = [];
  for (const group of index.groups(calls)) {
    const input = group.inputShapes[0];
    const module = index.trace.modules.find((m) => m.path === group.paths[0]);
    if (!module || !input || group.inputShapes.length !== 1) continue;
    const cell = tracedLayerCell(index.trace, module, input);
    if (cell) links.push(`[Visualize \`${module.path}\` on ${shapeTuple(input)}](${commandUri(VISUALIZE_COMMAND, { source: cell })})`);
  }
  if (links.length === 0) return null;
  return links.length > MAX_LINKS ? `${links.slice(0, MAX_LINKS).join(' · ')} · …` : links.join(' · ');
}

/**
 * The traced hover at a 1-based line and 0-based column of `file` (a path as the trace names
 * files), or null when the trace saw nothing there. Layers written at the column come first; on
 * the rest of the line, every layer the line built.
 */
export function tracedHoverMarkdown(index: TraceIndex, file: string, line: number, column: number, origin: TraceOrigin, links: boolean): string | null {
  const at = index.callsBuiltAt(file, line, column).length > 0 ? column : undefined;
  const built = traceHoverMarkdown(index, file, line, origin, at);
  if (built) {
    const visualize = links ? visualizeLinks(index, file, line, at) : null;
    return visualize ? `${built}\n\n${visualize}` : built;
  }
  const result = index.statementResults(file).get(line);
  if (!result) return null;
  return `**${statementLabel(result)}**\n\n${statementTooltip(result, origin, index.trace)}`;
}
