// The code lenses over model classes and factories, their two commands (open the traced model's
// notebook; trace another model of the file), and the status bar item saying what the active
// file's trace is doing.

import * as vscode from 'vscode';
import { relative, sep } from 'node:path';
import { openNotebookWithCells } from './notebook_cells';
import { PYTHON_SELECTOR } from './documents';
import { lensText, modelDefinitions } from './trace_lens_text';
import { modelNotebookCells, workspacePathOf } from './trace_notebook_text';
import type { TraceService } from './trace_service';
import { traceStatus } from './trace_status_text';

export const OPEN_MODEL_NOTEBOOK_COMMAND = 'convbook.openModelNotebook';
export const TRACE_MODEL_COMMAND = 'convbook.traceModel';
export const SHOW_TRACE_LOG_COMMAND = 'convbook.showTraceLog';

class ModelLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly listening: vscode.Disposable;

  constructor(private readonly traces: TraceService) {
    this.listening = traces.onDidChange(() => this.changed.fire());
  }

  dispose(): void {
    this.listening.dispose();
    this.changed.dispose();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const state = this.traces.state(document);
    // Before the first outcome it is not known which model the file names: no offers yet.
    if (!state || state.kind !== 'outcome') return [];
    const outcome = state.outcome;
    const trace = outcome?.status === 'traced' ? outcome.trace : null;
    const origin = outcome?.status === 'traced' ? { input: outcome.input_source } : null;
    const lenses: vscode.CodeLens[] = [];
    for (const definition of modelDefinitions(document.getText())) {
      const text = lensText(definition, trace, origin);
      if (!text) continue;
      const range = document.lineAt(definition.line).range;
      const command: vscode.Command = text.action === 'notebook'
        ? { title: text.title, tooltip: text.tooltip, command: OPEN_MODEL_NOTEBOOK_COMMAND, arguments: [document.uri] }
        : { title: text.title, tooltip: text.tooltip, command: TRACE_MODEL_COMMAND, arguments: [document.uri, text.expr] };
      lenses.push(new vscode.CodeLens(range, command));
    }
    return lenses;
  }
}

function documentFor(uri: unknown): vscode.TextDocument | undefined {
  if (uri instanceof vscode.Uri) return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return vscode.window.activeTextEditor?.document;
}

export function registerTraceLenses(traces: TraceService, log: vscode.LogOutputChannel): vscode.Disposable {
  const status = vscode.window.createStatusBarItem('convbook.trace', vscode.StatusBarAlignment.Left, 50);
  status.name = 'convbook trace';
  status.command = SHOW_TRACE_LOG_COMMAND;
  const showStatus = () => {
    const document = vscode.window.activeTextEditor?.document;
    const state = document && traces.state(document);
    if (!document || !state) {
      status.hide();
      return;
    }
    const text = traceStatus(state, vscode.workspace.asRelativePath(document.uri));
    status.text = text.text;
    status.tooltip = text.tooltip;
    status.backgroundColor = text.severity === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : text.severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    status.show();
  };
  showStatus();

  const lenses = new ModelLensProvider(traces);
  return vscode.Disposable.from(
    status,
    lenses,
    vscode.languages.registerCodeLensProvider(PYTHON_SELECTOR, lenses),
    traces.onDidChange(showStatus),
    vscode.window.onDidChangeActiveTextEditor(showStatus),
    vscode.commands.registerCommand(OPEN_MODEL_NOTEBOOK_COMMAND, async (uri?: unknown) => {
      const document = documentFor(uri);
      const traced = document && traces.outcome(document);
      const folder = document && vscode.workspace.getWorkspaceFolder(document.uri);
      if (!traced || traced.outcome.status !== 'traced' || !folder) {
        void vscode.window.showInformationMessage('convbook: this file has no traced model yet; pick one with the code lens above its class or factory.');
        return undefined;
      }
      const tracedFolder = relative(folder.uri.fsPath, traced.folder).split(sep).join('/');
      const cells = modelNotebookCells(traced.outcome.trace, workspacePathOf(tracedFolder, traced.outcome.trace.file));
      const notebook = await openNotebookWithCells(cells, true);
      return notebook.uri;
    }),
    // expr null: forget the pick, and trace what the file itself names again.
    vscode.commands.registerCommand(TRACE_MODEL_COMMAND, async (uri?: unknown, expr?: unknown) => {
      const document = documentFor(uri);
      if (!document || (typeof expr !== 'string' && expr !== null)) return false;
      await traces.pickModel(document, expr ?? undefined);
      return true;
    }),
    vscode.commands.registerCommand(SHOW_TRACE_LOG_COMMAND, () => log.show(true)),
  );
}
