// Hovers on PyTorch layer calls in .py files and convbook cells: configuration with defaults,
// parameters, output-size formulas, costs, the output shape when the input is known, warnings.

import * as vscode from 'vscode';
import { callAtOffset } from './layer_cache';
import type { LayerDocuments } from './documents';
import { COPY_FORMULA_COMMAND, layerHoverMarkdown, VISUALIZE_COMMAND } from './hover_text';
import { defaultInputSize } from './settings';

export class LayerHoverProvider implements vscode.HoverProvider {
  constructor(private readonly documents: LayerDocuments) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const calls = this.documents.calls(document);
    const call = callAtOffset(calls, document.offsetAt(position));
    if (!call) return undefined;
    const markdown = new vscode.MarkdownString(layerHoverMarkdown(call, { defaultInputSize: defaultInputSize(document), commandLinks: true }));
    // Only our two commands may run from the hover's links.
    markdown.isTrusted = { enabledCommands: [VISUALIZE_COMMAND, COPY_FORMULA_COMMAND] };
    const range = new vscode.Range(call.line - 1, call.column - 1, call.endLine - 1, call.endColumn - 1);
    return new vscode.Hover(markdown, range);
  }
}
