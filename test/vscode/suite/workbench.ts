// Helpers for driving VS Code from the suite: the extension, the workspace, notebooks and their
// executions, editors. Everything waits by polling a condition with a deadline, never by sleeping
// a fixed time and hoping.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bridge } from './bridge';

export const EXTENSION_NAME = 'convbook';
export const NOTEBOOK_TYPE = 'convbook';
export const CONTROLLER_ID = 'convbook-kernel';

export function convbookExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === EXTENSION_NAME && e.packageJSON?.publisher === 'convbook');
  assert.ok(ext, `the convbook extension is not loaded; loaded: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
  return ext;
}

export async function activateConvbook(): Promise<vscode.Extension<unknown>> {
  const ext = convbookExtension();
  if (!ext.isActive) await ext.activate();
  return ext;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder.uri;
}

export function workspaceFile(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it returns something other than undefined/false, or fails with `what`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await sleep(everyMs);
  }
}

/** Closes every editor without saving (reverting first, so no "save changes?" dialog can block). */
export async function closeAllEditors(): Promise<void> {
  const count = () => vscode.window.tabGroups.all.reduce((n, g) => n + g.tabs.length, 0);
  if (count() === 0) return;
  // A notebook closed while its webview still loads a renderer stalls the next webview for 30 s.
  await bridge.settle();
  const t0 = Date.now();
  const tabs0 = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => `${t.label}${t.isDirty ? '*' : ''}`)).join(', ');
  for (let i = 0; i < 50 && count() > 0; i++) {
    const before = count();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const closed = await waitFor('the active editor to close', () => count() < before, 3000).catch(() => false);
    if (closed) continue;
    // No active editor (focus elsewhere): close a tab directly.
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    await vscode.window.tabGroups.close(tabs[tabs.length - 1], true).then(undefined, () => undefined);
  }
  console.log(`[convbook-suite] closeAllEditors: ${Date.now() - t0} ms for ${tabs0}`);
}

export async function openNotebook(uri: vscode.Uri): Promise<vscode.NotebookEditor> {
  const doc = await vscode.workspace.openNotebookDocument(uri);
  return showNotebook(doc);
}

/** An untitled convbook notebook with the given code cells, shown in an editor. */
export async function newNotebook(cells: string[]): Promise<vscode.NotebookEditor> {
  const data = new vscode.NotebookData(cells.map((src) => new vscode.NotebookCellData(vscode.NotebookCellKind.Code, src, 'convbook')));
  const doc = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, data);
  return showNotebook(doc);
}

async function showNotebook(doc: vscode.NotebookDocument): Promise<vscode.NotebookEditor> {
  const editor = await vscode.window.showNotebookDocument(doc);
  await selectConvbookKernel(editor);
  return editor;
}

export async function selectConvbookKernel(editor: vscode.NotebookEditor): Promise<void> {
  const ext = convbookExtension();
  await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, id: CONTROLLER_ID, extension: ext.id });
}

export function codeCells(doc: vscode.NotebookDocument): vscode.NotebookCell[] {
  return doc.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
}

/** When each cell last finished executing (0 if never); a new end time marks a new execution. */
function endTimes(cells: vscode.NotebookCell[]): number[] {
  return cells.map((c) => c.executionSummary?.timing?.endTime ?? 0);
}

/**
 * Executes the given cells (all code cells when omitted) and waits until each has finished a new
 * execution. Returns the cells.
 */
export async function executeCells(editor: vscode.NotebookEditor, cells = codeCells(editor.notebook), timeoutMs = 60_000): Promise<vscode.NotebookCell[]> {
  const before = endTimes(cells);
  const ranges = cells.map((c) => ({ start: c.index, end: c.index + 1 }));
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges, document: editor.notebook.uri });
  await waitFor(`${cells.length} cell(s) to finish executing`, () => {
    const now = endTimes(cells);
    return now.every((t, i) => t > before[i] && cells[i].executionSummary?.success !== undefined);
  }, timeoutMs);
  return cells;
}

/**
 * Starts executing one cell without waiting for it (the execute command itself resolves only when
 * the execution ends).
 */
export function startCell(editor: vscode.NotebookEditor, cell: vscode.NotebookCell): void {
  void Promise.resolve(
    vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: editor.notebook.uri }),
  ).catch((err: unknown) => console.log(`[convbook-suite] executing cell ${cell.index} failed: ${String(err)}`));
}

export interface DecodedItem {
  mime: string;
  text: string;
  json?: unknown;
}

export function outputItems(cell: vscode.NotebookCell): DecodedItem[][] {
  const decoder = new TextDecoder();
  return cell.outputs.map((o) => o.items.map((item) => {
    const text = decoder.decode(item.data);
    const decoded: DecodedItem = { mime: item.mime, text };
    if (item.mime.endsWith('json')) {
      try { decoded.json = JSON.parse(text); } catch { /* left as text */ }
    }
    return decoded;
  }));
}

export function mimesOf(cell: vscode.NotebookCell): string[] {
  return cell.outputs.flatMap((o) => o.items.map((i) => i.mime));
}

export function describeCell(cell: vscode.NotebookCell): string {
  const outputs = outputItems(cell).map((items) => items.map((i) => `${i.mime}: ${i.text.slice(0, 300)}`).join(' | ')).join('\n    ');
  return `cell ${cell.index} (success=${cell.executionSummary?.success}):\n    ${cell.document.getText().split('\n').join('\n    ')}\n  outputs:\n    ${outputs}`;
}

/** Same bytes, as a readable difference when not. */
export function assertSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} bytes now, ${expected.length} before`);
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) assert.fail(`${what}: byte ${i} changed from ${expected[i]} to ${actual[i]}`);
  }
}

/** Logs how long each step of a test took (to the workbench log), to find slow steps. */
export function stopwatch(what: string): (step: string) => void {
  let last = Date.now();
  return (step) => {
    const now = Date.now();
    console.log(`[convbook-suite] ${what}: ${step} after ${now - last} ms`);
    last = now;
  };
}
