// Hovers and inlay hints on PyTorch code in ordinary .py files, asked for through VS Code's own
// provider commands exactly as the editor asks, and the hover's two commands.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import { bridge } from './bridge';
import { activateConvbook, closeAllEditors, describeCell, mimesOf, waitFor, workspaceFile } from './workbench';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

/** Positions VS Code would hover at: the middle of the first occurrence of `needle`. */
function positionOf(doc: vscode.TextDocument, needle: string): vscode.Position {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" not in ${doc.uri.fsPath}`);
  return doc.positionAt(offset + Math.floor(needle.length / 2));
}

test('hover on nn.Conv2d(64, 128, 3, stride=2, padding=1) with "# input: (1, 64, 56, 56)" gives 73,856 params and (1, 128, 28, 28)', async () => {
  await activateConvbook();
  await closeAllEditors();
  const doc = await vscode.workspace.openTextDocument(workspaceFile('hover.py'));
  await vscode.window.showTextDocument(doc);
  const at = positionOf(doc, 'Conv2d');
  const text = await waitFor('a convbook hover on Conv2d', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
    const t = hoverText(hovers ?? []);
    return /73[,\u202f\u00a0 ]?856/.test(t) ? t : undefined;
  }, 15_000).catch(async (e: Error) => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
    assert.fail(`${e.message}; hovers say:\n${hoverText(hovers ?? []) || '(nothing)'}`);
  });
  assert.match(text, /\(1,\s*128,\s*28,\s*28\)/, `output shape in the hover:\n${text}`);
}, { timeout: 30_000 });

test('inlay hints on an nn.Sequential show each layer\'s output shape', async () => {
  await activateConvbook();
  await closeAllEditors();
  const doc = await vscode.workspace.openTextDocument(workspaceFile('sequential.py'));
  await vscode.window.showTextDocument(doc);
  const range = new vscode.Range(0, 0, doc.lineCount, 0);
  const labelOf = (h: vscode.InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
  const expected: [string, RegExp][] = [
    ['nn.Conv2d(3, 64, 7', /\(1,\s*64,\s*112,\s*112\)/],
    ['nn.MaxPool2d(3', /\(1,\s*64,\s*56,\s*56\)/],
    ['nn.Conv2d(64, 128', /\(1,\s*128,\s*56,\s*56\)/],
  ];
  const hints = await waitFor('convbook inlay hints', async () => {
    const found = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, range);
    return found && found.length >= expected.length ? found : undefined;
  }, 15_000).catch(() => [] as vscode.InlayHint[]);
  const described = hints.map((h) => `line ${h.position.line + 1}: ${labelOf(h)}`).join('\n');
  for (const [layer, shape] of expected) {
    const line = doc.getText().split('\n').findIndex((l) => l.includes(layer));
    assert.ok(line >= 0, layer);
    const onLine = hints.filter((h) => h.position.line === line).map(labelOf).join(' ');
    assert.match(onLine, shape, `hint for ${layer} on line ${line + 1}; all hints:\n${described || '(none)'}`);
  }
}, { timeout: 30_000 });

test('"Visualize in notebook" on the Conv2d in a .py file opens a notebook that runs and draws the layer', async () => {
  await activateConvbook();
  await closeAllEditors();
  const doc = await vscode.workspace.openTextDocument(workspaceFile('hover.py'));
  const editor = await vscode.window.showTextDocument(doc);
  const at = positionOf(doc, 'Conv2d');
  editor.selection = new vscode.Selection(at, at);
  const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('convbook.visualizeLayer');
  assert.ok(uri, 'the command opened no notebook');
  const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri.toString());
  assert.ok(notebook, `no open notebook ${uri.toString()}`);
  const source = notebook.getCells().map((c) => c.document.getText()).join('\n');
  assert.match(source, /Conv2d\(64, 128, 3, stride=2, padding=1\)|conv2d/, `the cell does not use the layer:\n${source}`);
  const cells = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
  await waitFor('the visualization cell to run', () => cells.every((c) => c.executionSummary?.success !== undefined), 60_000);
  for (const cell of cells) assert.equal(cell.executionSummary?.success, true, describeCell(cell));
  const mimes = cells.flatMap(mimesOf);
  assert.ok(mimes.some((m) => m.startsWith('application/vnd.convbook.')), `no convbook output: ${mimes.join(', ')}`);
  if (bridge.available) {
    const seen = await bridge.webview({ selectors: { '.cb-host': 1 }, timeoutMs: 20_000 });
    assert.ok(seen?.satisfied, 'the visualization was not drawn');
    assert.ok(!seen.text.includes('could not draw'), seen.text.slice(0, 1000));
    await bridge.screenshot('visualize-layer');
  }
}, { timeout: 90_000 });

test('"Copy formula" on the Conv2d puts its output-size formula on the clipboard', async () => {
  await activateConvbook();
  await closeAllEditors();
  const doc = await vscode.workspace.openTextDocument(workspaceFile('hover.py'));
  const editor = await vscode.window.showTextDocument(doc);
  const at = positionOf(doc, 'Conv2d');
  editor.selection = new vscode.Selection(at, at);
  const text = await vscode.commands.executeCommand<string | undefined>('convbook.copyFormula');
  assert.ok(text, 'the command copied nothing');
  // ⌊(56 + 2·1 − 1·(3 − 1) − 1)/2⌋ + 1 = 28, in whatever spelling: the result must be there.
  assert.match(text, /28/, text);
  assert.equal(await vscode.env.clipboard.readText(), text);
}, { timeout: 30_000 });
