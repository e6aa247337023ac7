// The editor features on PyTorch code: hovers and inlay shape hints on layer calls in .py files and
// convbook cells, diagnostics on .py files, model traces with their code lenses and status, the
// hover's commands, and the calculators. extension/extension.ts calls registerEditorFeatures once
// on activation.

import * as vscode from 'vscode';
import { registerCalculators } from '../calculators';
import { registerLayerCommands } from './commands';
import { registerLayerDiagnostics } from './diagnostics';
import { LAYER_SELECTOR, LayerDocuments } from './documents';
import { LayerHoverProvider } from './hover';
import { LayerInlayHintsProvider } from './inlay';
import { affects, SETTINGS } from './settings';
import { registerTraceDiagnostics } from './trace_diagnostics';
import { registerTraceLenses } from './trace_lens';
import { TraceService } from './trace_service';

export function registerEditorFeatures(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const documents = new LayerDocuments();
  const traces = new TraceService(context.asAbsolutePath('dist/worker.js'), log, context.workspaceState, context.globalStorageUri.fsPath);
  const inlays = new LayerInlayHintsProvider(documents, traces);
  context.subscriptions.push(
    documents,
    traces,
    inlays,
    vscode.languages.registerHoverProvider(LAYER_SELECTOR, new LayerHoverProvider(documents, traces)),
    vscode.languages.registerInlayHintsProvider(LAYER_SELECTOR, inlays),
    registerLayerDiagnostics(documents),
    registerTraceDiagnostics(traces),
    registerTraceLenses(traces, log),
    registerLayerCommands(documents),
    registerCalculators(context, documents),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, SETTINGS.inlayHints)) inlays.refresh();
    }),
  );
}
