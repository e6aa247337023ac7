// Diagnostics from traces, only for what really happened: the error the traced forward raised, at
// the innermost line of the user's code where it raised (in whichever workspace file that is),
// with PyTorch's message and the call chain as related information; and warnings where layers
// were built whose windows, on the inputs they really had, left input rows or columns unread.

import * as vscode from 'vscode';
import { join } from 'node:path';
import type { TraceFrame } from '../../contract/trace';
import { diagnosticsEnabled } from './settings';
import { traceDiagnostic } from './trace_text';
import { traceWarnings } from './trace_warnings_text';
import type { TraceService } from './trace_service';

function frameUri(folder: string, frame: { file: string }): vscode.Uri {
  return vscode.Uri.file(join(folder, ...frame.file.split('/')));
}

function frameRange(frame: TraceFrame): vscode.Range {
  return new vscode.Range(frame.line - 1, frame.column, frame.end_line - 1, frame.end_column);
}

export function registerTraceDiagnostics(traces: TraceService): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('convbook-trace');
  /** Which URIs each traced document put diagnostics on, so a new outcome clears the old ones. */
  const placed = new Map<string, vscode.Uri[]>();

  const update = (uri: vscode.Uri): void => {
    const key = uri.toString();
    for (const old of placed.get(key) ?? []) collection.delete(old);
    placed.delete(key);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    const traced = document && traces.outcome(document);
    if (!document || !traced || traced.outcome.status !== 'traced' || !diagnosticsEnabled(document)) return;
    if (traces.state(document)?.kind === 'off') return;
    const byUri = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    const add = (uri: vscode.Uri, diagnostic: vscode.Diagnostic) => {
      diagnostic.source = 'convbook trace';
      const entry = byUri.get(uri.toString()) ?? { uri, diagnostics: [] };
      entry.diagnostics.push(diagnostic);
      byUri.set(uri.toString(), entry);
    };
    const trace = traced.outcome.trace;
    const found = traceDiagnostic(trace);
    if (found) {
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(found.line, found.character, found.endLine, found.endCharacter),
        `${found.message} (while tracing ${trace.build})`,
        vscode.DiagnosticSeverity.Error,
      );
      diagnostic.code = 'trace-error';
      diagnostic.relatedInformation = found.chain.map(
        (frame) => new vscode.DiagnosticRelatedInformation(new vscode.Location(frameUri(traced.folder, frame), frameRange(frame)), `called from ${frame.function}`),
      );
      add(frameUri(traced.folder, found), diagnostic);
    }
    for (const warning of traced.index ? traceWarnings(traced.index) : []) {
      const diagnostic = new vscode.Diagnostic(frameRange(warning.at), warning.message, vscode.DiagnosticSeverity.Warning);
      diagnostic.code = 'trace-unread-input';
      add(frameUri(traced.folder, warning.at), diagnostic);
    }
    for (const { uri, diagnostics } of byUri.values()) collection.set(uri, diagnostics);
    placed.set(key, [...byUri.values()].map((e) => e.uri));
  };

  return vscode.Disposable.from(
    collection,
    traces.onDidChange(update),
    vscode.workspace.onDidCloseTextDocument((d) => {
      for (const old of placed.get(d.uri.toString()) ?? []) collection.delete(old);
      placed.delete(d.uri.toString());
    }),
  );
}
