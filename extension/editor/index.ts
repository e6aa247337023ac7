// The editor features on PyTorch code: hovers and inlay shape hints on layer calls in .py files and
// convbook cells, diagnostics on .py files, the hover's commands, and the calculators.
// extension/extension.ts calls registerEditorFeatures once on activation.

import * as vscode from 'vscode';
import { registerCalculators } from '../calculators';
import { registerLayerCommands } from './commands';
import { registerLayerDiagnostics } from './diagnostics';
import { LAYER_SELECTOR, LayerDocuments } from './documents';
import { LayerHoverProvider } from './hover';
import { LayerInlayHintsProvider } from './inlay';
import { affects, SETTINGS } from './settings';

export function registerEditorFeatures(context: vscode.ExtensionContext): void {
  const documents = new LayerDocuments();
  const inlays = new LayerInlayHintsProvider(documents);
  context.subscriptions.push(
    documents,
    inlays,
    vscode.languages.registerHoverProvider(LAYER_SELECTOR, new LayerHoverProvider(documents)),
    vscode.languages.registerInlayHintsProvider(LAYER_SELECTOR, inlays),
    registerLayerDiagnostics(documents),
    registerLayerCommands(documents),
    registerCalculators(context, documents),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, SETTINGS.inlayHints)) inlays.refresh();
    }),
  );
}
