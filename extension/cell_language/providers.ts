// Registers the editor features of convbook cells with vscode: completions, signature help and
// diagnostics while typing. The logic lives in the vscode-free modules beside this one.

import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../../contract';
import { assignedNames, completionsAt, type CompletionEntry, type EntryKind } from './completions';
import { signatureHelpAt } from './signature_help';

/** One problem found without running the cell; 1-based, end exclusive. */
export interface CellProblem {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
}

export type CellChecker = (source: string) => CellProblem[];

const SELECTOR: vscode.DocumentSelector = { language: LANGUAGE_ID };
const DIAGNOSTIC_DELAY_MS = 300;

export function registerCellLanguage(log: vscode.LogOutputChannel, checker?: CellChecker): vscode.Disposable {
  const disposables: vscode.Disposable[] = [
    vscode.languages.registerCompletionItemProvider(SELECTOR, { provideCompletionItems }, '.'),
    vscode.languages.registerSignatureHelpProvider(SELECTOR, { provideSignatureHelp }, { triggerCharacters: ['(', ','], retriggerCharacters: ['='] }),
  ];
  if (checker) disposables.push(registerDiagnostics(checker, log));
  return vscode.Disposable.from(...disposables);
}

function provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
  const entries = completionsAt(document.getText(), document.offsetAt(position), notebookVariables(document));
  return entries.map(toCompletionItem);
}

function toCompletionItem(entry: CompletionEntry): vscode.CompletionItem {
  const item = new vscode.CompletionItem(entry.label, COMPLETION_KINDS[entry.kind]);
  if (entry.detail) item.detail = entry.detail;
  if (entry.documentation) item.documentation = new vscode.MarkdownString().appendText(entry.documentation);
  if (entry.insertText) item.insertText = entry.insertText;
  if (entry.sortText) item.sortText = entry.sortText;
  if (entry.kind === 'argument') item.command = { command: 'editor.action.triggerParameterHints', title: 'parameter hints' };
  return item;
}

const COMPLETION_KINDS: Record<EntryKind, vscode.CompletionItemKind> = {
  class: vscode.CompletionItemKind.Class,
  function: vscode.CompletionItemKind.Function,
  method: vscode.CompletionItemKind.Method,
  namespace: vscode.CompletionItemKind.Module,
  keyword: vscode.CompletionItemKind.Keyword,
  argument: vscode.CompletionItemKind.Property,
  variable: vscode.CompletionItemKind.Variable,
};

function provideSignatureHelp(document: vscode.TextDocument, position: vscode.Position): vscode.SignatureHelp | undefined {
  const info = signatureHelpAt(document.getText(), document.offsetAt(position));
  if (!info) return undefined;
  const signature = new vscode.SignatureInformation(info.label, new vscode.MarkdownString().appendText(info.documentation));
  signature.parameters = info.parameters.map((p) => new vscode.ParameterInformation(p.range, p.documentation));
  const help = new vscode.SignatureHelp();
  help.signatures = [signature];
  help.activeSignature = 0;
  help.activeParameter = info.activeParameter < 0 ? info.parameters.length : info.activeParameter;
  signature.activeParameter = help.activeParameter;
  return help;
}

/** Names assigned anywhere in the notebook that holds this cell. */
function notebookVariables(document: vscode.TextDocument): string[] {
  const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((cell) => cell.document === document));
  const sources = notebook ? notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code).map((c) => c.document.getText()) : [document.getText()];
  return assignedNames(sources);
}

function registerDiagnostics(checker: CellChecker, log: vscode.LogOutputChannel): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(LANGUAGE_ID);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const check = (document: vscode.TextDocument) => {
    try {
      collection.set(document.uri, checker(document.getText()).map(toDiagnostic));
    } catch (err) {
      // A checker bug must not break typing; the cell still runs and reports real errors.
      log.error(`static check failed: ${(err as Error).message}`);
      collection.delete(document.uri);
    }
  };
  const schedule = (document: vscode.TextDocument) => {
    if (document.languageId !== LANGUAGE_ID) return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        check(document);
      }, DIAGNOSTIC_DELAY_MS),
    );
  };

  for (const document of vscode.workspace.textDocuments) schedule(document);
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      clearTimeout(timers.get(document.uri.toString()));
      collection.delete(document.uri);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}

function toDiagnostic(problem: CellProblem): vscode.Diagnostic {
  const start = new vscode.Position(Math.max(0, problem.line - 1), Math.max(0, problem.column - 1));
  let end = new vscode.Position(Math.max(0, problem.endLine - 1), Math.max(0, problem.endColumn - 1));
  if (end.isBeforeOrEqual(start)) end = start.translate(0, 1);
  const severity =
    problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), problem.message, severity);
  diagnostic.source = 'convbook';
  return diagnostic;
}
