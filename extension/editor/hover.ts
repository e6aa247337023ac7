// Hovers on PyTorch layer calls in .py files and convbook cells. On a traced model file: the calls
// each line's layers made, grouped by shape, or what a forward statement produced, above the
// layer's configuration, formulas and warnings. Otherwise the static reading (a number only from
// literals and `# input:` hints), under one line saying why the file is not traced.

import * as vscode from 'vscode';
import { callAtOffset } from './layer_cache';
import type { LayerDocuments } from './documents';
import { COPY_FORMULA_COMMAND, layerHoverMarkdown, VISUALIZE_COMMAND } from './hover_text';
import { defaultInputSize } from './settings';
import { tracedHoverMarkdown } from './trace_hover_text';
import type { TraceService } from './trace_service';
import { untracedHoverLine } from './trace_status_text';

export class LayerHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly documents: LayerDocuments,
    private readonly traces: TraceService,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const calls = this.documents.calls(document);
    const call = callAtOffset(calls, document.offsetAt(position));
    const covering = this.traces.covering(document);
    const parts: string[] = [];
    if (covering?.shifted) {
      // Lines moved since the trace: its line numbers no longer point at the same code.
      if (call) parts.push('*Lines were added or removed since the last trace; tracing again.*');
    } else if (covering && covering.traced.outcome.status === 'traced') {
      const origin = { input: covering.traced.outcome.input_source };
      const traced = tracedHoverMarkdown(covering.index, covering.file, position.line + 1, position.character, origin, true);
      if (traced) parts.push(covering.stale ? `${traced}\n\n*Traced before the last edit; tracing again.*` : traced);
      else if (call && !call.functional) parts.push(`*Not called when \`${covering.index.trace.build}\` was traced, so it has no shapes here.*`);
    } else if (call) {
      const state = this.traces.state(document);
      const why = state ? untracedHoverLine(state) : null;
      if (why) parts.push(why);
    }
    if (call) parts.push(layerHoverMarkdown(call, { defaultInputSize: defaultInputSize(document), commandLinks: true, traced: covering !== undefined && !covering.shifted }));
    if (parts.length === 0) return undefined;
    const markdown = new vscode.MarkdownString(parts.join('\n\n---\n\n'));
    // Only our two commands may run from the hover's links.
    markdown.isTrusted = { enabledCommands: [VISUALIZE_COMMAND, COPY_FORMULA_COMMAND] };
    const range = call ? new vscode.Range(call.line - 1, call.column - 1, call.endLine - 1, call.endColumn - 1) : document.lineAt(position.line).range;
    return new vscode.Hover(markdown, range);
  }
}
