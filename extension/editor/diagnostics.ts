// Diagnostics on .py files: layer configurations PyTorch would reject and channel mismatches
// between consecutive layers, with PyTorch's own messages. Recomputed shortly after typing stops.

import * as vscode from 'vscode';
import type { LayerDocuments } from './documents';
import { layerDiagnostics } from './diagnostics_text';
import { affects, diagnosticsEnabled, SETTINGS } from './settings';

const DELAY_MS = 300;

export function registerLayerDiagnostics(documents: LayerDocuments): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('convbook-layers');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const update = (document: vscode.TextDocument): void => {
    if (document.languageId !== 'python') return;
    if (!diagnosticsEnabled(document)) {
      collection.delete(document.uri);
      return;
    }
    const found = layerDiagnostics(documents.calls(document));
    collection.set(
      document.uri,
      found.map((d) => {
        const diagnostic = new vscode.Diagnostic(
          new vscode.Range(d.line, d.character, d.endLine, d.endCharacter),
          d.message,
          d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        diagnostic.source = 'convbook';
        diagnostic.code = d.code;
        return diagnostic;
      }),
    );
  };
  const schedule = (document: vscode.TextDocument): void => {
    if (document.languageId !== 'python') return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      update(document);
    }, DELAY_MS));
  };

  vscode.workspace.textDocuments.forEach(update);
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(update),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      clearTimeout(timers.get(d.uri.toString()));
      timers.delete(d.uri.toString());
      collection.delete(d.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, SETTINGS.diagnostics) || affects(e, SETTINGS.defaultInputSize)) vscode.workspace.textDocuments.forEach(update);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}
