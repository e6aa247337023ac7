// Inlay hints `→ (1, 64, 112, 112)` after each layer whose input a `# input:` hint makes known.

import * as vscode from 'vscode';
import type { LayerDocuments } from './documents';
import { layerInlayHints } from './inlay_text';
import { inlayHintsEnabled } from './settings';

export class LayerInlayHintsProvider implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly documents: LayerDocuments) {}

  /** Ask VS Code to request hints again (a setting changed). */
  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!inlayHintsEnabled(document)) return [];
    const hints = layerInlayHints(document.getText(), this.documents.calls(document));
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
    this.changed.dispose();
  }
}
