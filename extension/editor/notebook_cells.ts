// Putting a cell into a convbook notebook from outside one: a fresh untitled notebook (Visualize in
// notebook), or the end of the convbook notebook in view (the calculators' "Insert as a cell").

import * as vscode from 'vscode';
import { LANGUAGE_ID, NOTEBOOK_TYPE } from '../../contract';

const KERNEL = { id: 'convbook-kernel', extension: 'convbook.convbook' };

/** Opens an untitled convbook notebook holding these cells; runs them when `run` is set. */
export async function openNotebookWithCells(sources: string[], run: boolean): Promise<vscode.NotebookDocument> {
  const data = new vscode.NotebookData(sources.map((s) => new vscode.NotebookCellData(vscode.NotebookCellKind.Code, s, LANGUAGE_ID)));
  const document = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, data);
  const editor = await vscode.window.showNotebookDocument(document);
  if (run) await runAll(editor);
  return document;
}

async function runAll(editor: vscode.NotebookEditor): Promise<void> {
  try {
    // convbook's controller is the only one for its notebook type; selecting it explicitly keeps
    // VS Code from asking which kernel to use.
    await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, ...KERNEL });
  } catch {
    // Older hosts: the preferred controller is picked on its own.
  }
  await vscode.commands.executeCommand('notebook.execute', editor.notebook.uri);
}

/** The convbook notebook the user is looking at (or last looked at), if any. */
function visibleConvbookNotebook(): vscode.NotebookEditor | undefined {
  const active = vscode.window.activeNotebookEditor;
  if (active?.notebook.notebookType === NOTEBOOK_TYPE) return active;
  return vscode.window.visibleNotebookEditors.find((e) => e.notebook.notebookType === NOTEBOOK_TYPE);
}

/** Appends a code cell to the convbook notebook in view, or opens a new one with it. */
export async function insertConvbookCell(source: string): Promise<{ notebook: vscode.Uri; index: number }> {
  const editor = visibleConvbookNotebook();
  if (!editor) {
    const document = await openNotebookWithCells([source], false);
    return { notebook: document.uri, index: 0 };
  }
  const notebook = editor.notebook;
  const index = notebook.cellCount;
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(index, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, source, LANGUAGE_ID)])]);
  await vscode.workspace.applyEdit(edit);
  const shown = await vscode.window.showNotebookDocument(notebook, { viewColumn: editor.viewColumn });
  const range = new vscode.NotebookRange(index, index + 1);
  shown.revealRange(range);
  shown.selections = [range];
  return { notebook: notebook.uri, index };
}
