// Model files traced in the Python kernel, as a user meets them: the ResNet fixture (its hint
// names resnet18(); the code lens picks resnet50() instead), its hovers and inlay hints; the LeNet with
// a planted shape bug, whose one diagnostic is PyTorch's error at the forward line; the code lens's
// notebook, whose summary has the totals the lens shows. The fixtures are test/fixtures/models,
// copied into the workspace's models/ folder.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import { bridge } from './bridge';
import { activateConvbook, closeAllEditors, describeCell, outputItems, waitFor, workspaceFile } from './workbench';

/** Pyodide starts in a fresh kernel process for the first trace: allow for a loaded machine. */
const FIRST_TRACE_MS = 120_000;

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

function lineWith(doc: vscode.TextDocument, needle: string): number {
  const line = doc.getText().split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `"${needle}" not in ${doc.uri.fsPath}`);
  return line;
}

async function lenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? [];
}

async function runLens(lens: vscode.CodeLens): Promise<unknown> {
  assert.ok(lens.command, 'the lens has no command');
  return vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
}

async function hoverAt(doc: vscode.TextDocument, position: vscode.Position): Promise<string> {
  return hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position)) ?? []);
}

const labelOf = (h: vscode.InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));

/** Opens the ResNet fixture, traced as its `model = resnet18()  # input: (1, 3, 224, 224)` line names it. */
async function tracedResnet(): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  await activateConvbook();
  await closeAllEditors();
  const doc = await vscode.workspace.openTextDocument(workspaceFile('models', 'resnet.py'));
  const editor = await vscode.window.showTextDocument(doc);
  await waitFor('the code lens with resnet18()\'s totals', async () => (await lenses(doc)).find((l) => /^convbook: \(1, 3, 224, 224\) → /.test(l.command?.title ?? '')), FIRST_TRACE_MS);
  return { doc, editor };
}

test('the hover on conv3x3\'s return line in the ResNet fixture lists the calls it made, grouped by shape', async () => {
  const { doc } = await tracedResnet();
  const at = new vscode.Position(lineWith(doc, 'return nn.Conv2d('), 12);
  const text = await waitFor('a traced hover on conv3x3', async () => {
    const t = await hoverAt(doc, at);
    return /called 16 times/.test(t) ? t : undefined;
  }, FIRST_TRACE_MS).catch(async (e: Error) => assert.fail(`${e.message}; the hover says:\n${(await hoverAt(doc, at)) || '(nothing)'}`));
  assert.match(text, /\| 4 \| `\(1, 64, 56, 56\)` → `\(1, 64, 56, 56\)` \| 147,456 \| 115,605,504 \|/, text);
  assert.match(text, /`\(1, 64, 56, 56\)` → `\(1, 128, 28, 28\)`/, text);
  assert.match(text, /traced `resnet18\(\)` on \(1, 3, 224, 224\) from the `# input:` hint/);
  assert.match(text, /Visualize `layer1\.0\.conv1` on \(1, 64, 56, 56\)/);
}, { timeout: FIRST_TRACE_MS + 60_000 });

test('inlay hints appear on forward lines of the traced ResNet, with the shapes each statement produced', async () => {
  const { doc, editor } = await tracedResnet();
  const forward: [string, string][] = [
    ['x = self.maxpool(self.relu(self.bn1(self.conv1(x))))', '→ (1, 64, 56, 56)'],
    ['x = stage(x)', '→ 4 shapes'],
    ['features = torch.flatten(self.avgpool(x), 1)', '→ (1, 512)'],
    ['return self.fc(features)', '→ (1, 1000)'],
  ];
  const range = new vscode.Range(0, 0, doc.lineCount, 0);
  const hints = await waitFor('traced inlay hints on forward lines', async () => {
    const found = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, range)) ?? [];
    return found.some((h) => h.position.line === lineWith(doc, 'x = stage(x)')) ? found : undefined;
  }, FIRST_TRACE_MS);
  const described = hints.map((h) => `line ${h.position.line + 1}: ${labelOf(h)}`).join('\n');
  for (const [statement, label] of forward) {
    const line = lineWith(doc, statement);
    assert.deepEqual(hints.filter((h) => h.position.line === line).map(labelOf), [label], `${statement}; all hints:\n${described}`);
  }
  if (bridge.available) {
    // conv3x3 and the BasicBlock below it: the hover lists the helper's 16 convs, the hints sit
    // after its call, the block's __init__ lines and its forward lines.
    const line = lineWith(doc, 'return nn.Conv2d(');
    const column = doc.lineAt(line).text.indexOf('Conv2d') + 2;
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line, column, line, column), preserveFocus: false });
    editor.revealRange(new vscode.Range(line - 4, 0, line + 40, 0), vscode.TextEditorRevealType.AtTop);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise((r) => setTimeout(r, 2000));
    await bridge.screenshot('trace-hover-and-inlay-hints');
  }
}, { timeout: FIRST_TRACE_MS + 60_000 });

test('a planted shape bug (a Linear with the wrong in_features) gives exactly one diagnostic, at the forward line, with PyTorch\'s message', async () => {
  await activateConvbook();
  await closeAllEditors();
  const doc = await vscode.workspace.openTextDocument(workspaceFile('models', 'lenet_bug.py'));
  await vscode.window.showTextDocument(doc);
  const ours = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source?.startsWith('convbook'));
  await waitFor('the trace\'s diagnostic', () => ours().some((d) => d.source === 'convbook trace'), FIRST_TRACE_MS);
  const diagnostics = ours();
  assert.equal(diagnostics.length, 1, diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('\n'));
  const [d] = diagnostics;
  assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  assert.equal(d.range.start.line, lineWith(doc, 'x = F.relu(self.fc1(x))'));
  assert.equal(doc.getText(d.range), 'self.fc1(x)');
  assert.match(d.message, /^RuntimeError: mat1 and mat2 shapes cannot be multiplied \(1x400 and 576x120\)/);
}, { timeout: FIRST_TRACE_MS + 30_000 });

test('the code lens over the traced ResNet opens a notebook whose summary has the lens\'s totals', async () => {
  const { doc } = await tracedResnet();
  const lens = await waitFor('the lens with resnet18()\'s totals', async () => (await lenses(doc)).find((l) => /^convbook: \(1, 3, 224, 224\)/.test(l.command?.title ?? '')), FIRST_TRACE_MS);
  assert.equal(lens.command?.title, 'convbook: (1, 3, 224, 224) → (1, 1000) · 11.7M params · 1.81 GMACs');
  {
    const uri = await runLens(lens);
    assert.ok(uri instanceof vscode.Uri, 'the lens opened no notebook');
    const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri.toString());
    assert.ok(notebook, `no open notebook ${uri.toString()}`);
    const cells = notebook.getCells();
    assert.match(cells[0].document.getText(), /from models\.resnet import resnet18\n[\s\S]*model = resnet18\(\)/);
    await waitFor('the notebook\'s cells to run', () => cells.every((c) => c.executionSummary?.success !== undefined), FIRST_TRACE_MS);
    for (const cell of cells) assert.equal(cell.executionSummary?.success, true, describeCell(cell));
    const summary = outputItems(cells[1]).flat().map((i) => i.text).join('\n');
    // 11.7M and 1.81G to three significant digits, exactly as PyTorch counts them.
    assert.match(summary, /total params: 11,689,512/, describeCell(cells[1]));
    assert.match(summary, /total MACs: 1,814,073,344/, describeCell(cells[1]));
  }
}, { timeout: 2 * FIRST_TRACE_MS + 60_000 });

test('fixing the planted bug in the editor, unsaved, traces the edited text again and the diagnostic goes away', async () => {
  await activateConvbook();
  await closeAllEditors();
  const doc = await vscode.workspace.openTextDocument(workspaceFile('models', 'lenet_bug.py'));
  const editor = await vscode.window.showTextDocument(doc);
  const traceErrors = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'convbook trace');
  await waitFor('the trace\'s diagnostic', () => traceErrors().length === 1, FIRST_TRACE_MS);
  const line = lineWith(doc, 'self.fc1 = nn.Linear(16 * 6 * 6, 120)');
  const start = doc.lineAt(line).text.indexOf('16 * 6 * 6');
  // Two edits in quick succession: the first (still wrong) is superseded by the second.
  await editor.edit((e) => e.replace(new vscode.Range(line, start, line, start + 10), '16 * 6 * 5'));
  await editor.edit((e) => e.replace(new vscode.Range(line, start, line, start + 10), '16 * 5 * 5'));
  assert.ok(doc.isDirty);
  await waitFor('the diagnostic to go once the edited text is traced', () => traceErrors().length === 0, 60_000);
  const lens = await waitFor('the lens with the fixed model\'s totals', async () => (await lenses(doc)).find((l) => /^convbook: \(1, 1, 32, 32\) → \(1, 10\)/.test(l.command?.title ?? '')), 60_000);
  // LeNet-5's 61,706 parameters, as in lenet.py.
  assert.match(lens.command?.title ?? '', /· 61\.7K params ·/);
}, { timeout: FIRST_TRACE_MS + 90_000 });

test('the lens "trace resnet50()" traces the other model of the file on the default input, said to be assumed', async () => {
  const { doc } = await tracedResnet();
  const offer = await waitFor('the lens offering resnet50()', async () => (await lenses(doc)).find((l) => l.command?.title === 'convbook: trace resnet50()'), FIRST_TRACE_MS);
  await runLens(offer);
  try {
    const lens = await waitFor('the lens with resnet50()\'s totals', async () => (await lenses(doc)).find((l) => /25\.6M params/.test(l.command?.title ?? '')), FIRST_TRACE_MS);
    assert.equal(lens.command?.title, 'convbook: (1, 3, 224, 224) (assumed input) → (1, 1000) · 25.6M params · 4.09 GMACs');
    const at = new vscode.Position(lineWith(doc, 'return nn.Conv2d('), 12);
    const text = await waitFor('the hover from resnet50()\'s trace', async () => {
      const t = await hoverAt(doc, at);
      return /assumed input/.test(t) ? t : undefined;
    }, 30_000);
    assert.match(text, /traced `resnet50\(\)` on an assumed input \(1, 3, 224, 224\)/);
  } finally {
    await vscode.commands.executeCommand('convbook.traceModel', doc.uri, null);
  }
}, { timeout: 2 * FIRST_TRACE_MS + 30_000 });
