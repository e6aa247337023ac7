// A .convnb convbook cannot read opens as an explanation and is never overwritten: the bytes on
// disk are identical after opening it, editing it and trying to save.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bridge } from './bridge';
import { test } from './harness';
import { activateConvbook, assertSameBytes, closeAllEditors, stopwatch, workspaceFile } from './workbench';

test('a corrupt .convnb shows an error and stays byte-for-byte untouched after open, edit and save', async () => {
  await activateConvbook();
  await closeAllEditors();
  const lap = stopwatch('corrupt');
  const uri = workspaceFile('corrupt.convnb');
  const before = await vscode.workspace.fs.readFile(uri);
  lap('read');

  const doc = await vscode.workspace.openNotebookDocument(uri);
  lap('openNotebookDocument');
  const editor = await vscode.window.showNotebookDocument(doc);
  lap('showNotebookDocument');
  const shown = doc.getCells().map((c) => c.document.getText()).join('\n');
  assert.match(shown, /could not|cannot|not valid/i, `the notebook does not explain the problem:\n${shown}`);
  assert.match(shown, /line \d+/, `the explanation does not say where:\n${shown}`);

  // Make the notebook dirty, then save: convbook must refuse rather than write the explanation.
  const edit = new vscode.WorkspaceEdit();
  edit.set(uri, [vscode.NotebookEdit.insertCells(doc.cellCount, [
    new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'x = torch.zeros(2)', 'convbook'),
  ])]);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
  assert.equal(doc.isDirty, true);
  lap('opened and edited');
  const saved = await doc.save().then((ok) => ok, () => false);
  lap('doc.save()');
  assert.equal(saved, false, 'saving the unreadable notebook reported success');
  assertSameBytes(await vscode.workspace.fs.readFile(uri), before, 'corrupt.convnb after save');

  // The same through the command a user runs.
  await vscode.window.showNotebookDocument(doc, { viewColumn: editor.viewColumn });
  await vscode.commands.executeCommand('workbench.action.files.save').then(undefined, () => undefined);
  lap('File: Save');
  assertSameBytes(await vscode.workspace.fs.readFile(uri), before, 'corrupt.convnb after File: Save');

  if (bridge.available) {
    const notes = await bridge.notifications('will not save', 10_000);
    assert.ok(notes?.texts.some((t) => /will not save|could not|unchanged/i.test(t)), `no error notification; notifications: ${JSON.stringify(notes?.texts)}`);
    lap('notification');
    await bridge.screenshot('corrupt-notebook');
  }
  await closeAllEditors();
  assertSameBytes(await vscode.workspace.fs.readFile(uri), before, 'corrupt.convnb after closing');
}, { timeout: 60_000 });
