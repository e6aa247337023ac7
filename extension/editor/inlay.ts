// Inlay hints: on a traced model file, what each forward statement and each building line produced
// in the trace; elsewhere `→ (1, 64, 112, 112)` after each layer whose input a `# input:` hint
// makes known. Static hints stay on lines the trace says nothing about.

import * as vscode from 'vscode';
import type { LayerDocuments } from './documents';
import { layerInlayHints, type InlayHintText } from './inlay_text';
import { inlayHintsEnabled } from './settings';
import { tracedInlayHints } from './trace_inlay_text';
import type { TraceService } from './trace_service';

export class LayerInlayHintsProvider implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;
  private readonly traceChanges: vscode.Disposable;

  constructor(
    private readonly documents: LayerDocuments,
    private readonly traces: TraceService,
  ) {
    this.traceChanges = traces.onDidChange(() => this.changed.fire());
  }

  /** Ask VS Code to request hints again (a setting changed). */
  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!inlayHintsEnabled(document)) return [];
    const hints: InlayHintText[] = [];
    const covering = this.traces.covering(document);
    // Hints traced before the last edit would sit on the wrong lines once lines moved.
    if (covering && !covering.shifted && covering.traced.outcome.status === 'traced') {
      const origin = { input: covering.traced.outcome.input_source };
      hints.push(...tracedInlayHints(covering.index, covering.file, origin, (line) => (line < document.lineCount ? document.lineAt(line).text.length : 0)));
    }
    const traced = new Set(hints.map((h) => h.line));
    hints.push(...layerInlayHints(document.getText(), this.documents.calls(document)).filter((h) => !traced.has(h.line)));
    const out: vscode.InlayHint[] = [];
    for (const h of hints) {
      const position = new vscode.Position(h.line, h.character);
      if (!range.contains(position)) continue;
      const hint = new vscode.InlayHint(position, h.label, vscode.InlayHintKind.Type);
      hint.paddingLeft = true;
      hint.tooltip = h.tooltip;
      out.push(hint);
    }
    return out;
  }

  dispose(): void {
    this.traceChanges.dispose();
    this.changed.dispose();
  }
}
