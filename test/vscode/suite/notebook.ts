// Notebooks in a real VS Code: cells run in the convbook kernel, outputs carry the contract's MIME
// types and PyTorch's values, and the renderer really draws them in the notebook's webview.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bridge } from './bridge';
import { test } from './harness';
import {
  activateConvbook, closeAllEditors, codeCells, describeCell, executeCells, mimesOf, openNotebook, outputItems, workspaceFile,
  type DecodedItem,
} from './workbench';

const TENSOR_MIME = 'application/vnd.convbook.tensor+json';
const CONVBOOK_MIMES = [
  TENSOR_MIME,
  'application/vnd.convbook.sweep+json',
  'application/vnd.convbook.deform+json',
  'application/vnd.convbook.formula+json',
  'application/vnd.convbook.summary+json',
  'application/vnd.convbook.receptive-field+json',
  'application/vnd.convbook.comparison+json',
];
const TEXT_MIMES = ['text/plain', 'text/markdown'];

/** The 5×5 input and 3×3 kernel of the reference post, stride 1, no padding. */
const FIVE_BY_FIVE_OUTPUT = [12, 12, 17, 10, 17, 19, 9, 6, 14];

interface TensorJson { shape: number[]; planes: { height: number; width: number; data: number[] }[] }

function tensorItems(cell: vscode.NotebookCell): TensorJson[] {
  return outputItems(cell).flat().filter((i) => i.mime === TENSOR_MIME).map((i) => i.json as TensorJson);
}

function isFiveByFiveResult(t: TensorJson): boolean {
  const plane = t.planes?.[0];
  return t.shape?.join(',') === '1,1,3,3' && plane?.height === 3 && plane.width === 3
    && plane.data.length === 9 && plane.data.every((v, i) => v === FIVE_BY_FIVE_OUTPUT[i]);
}

/** Every output item must be one the renderer or VS Code can show, and every convbook JSON must parse. */
function assertKnownOutputs(cell: vscode.NotebookCell): void {
  for (const items of outputItems(cell)) {
    assert.ok(items.length > 0, `an empty output in ${describeCell(cell)}`);
    for (const item of items) {
      assert.ok([...CONVBOOK_MIMES, ...TEXT_MIMES].includes(item.mime), `unexpected MIME ${item.mime} in ${describeCell(cell)}`);
      if (item.mime.endsWith('+json')) assert.ok(item.json !== undefined, `${item.mime} is not JSON in ${describeCell(cell)}`);
    }
    // A rich output always carries a plain-text fallback for readers outside VS Code.
    const mimes = items.map((i: DecodedItem) => i.mime);
    if (mimes.some((m) => CONVBOOK_MIMES.includes(m))) {
      assert.ok(mimes.some((m) => TEXT_MIMES.includes(m)), `no text fallback beside ${mimes.join(', ')} in ${describeCell(cell)}`);
    }
  }
}

/**
 * Scrolls every cell with rich outputs into view (the notebook list renders lazily), waits until
 * the webview has drawn that many outputs, and screenshots each (`<name>-cell-<index>.png`).
 */
async function revealRichOutputs(editor: vscode.NotebookEditor, name: string): Promise<number> {
  let rich = 0;
  for (const cell of codeCells(editor.notebook)) {
    const n = cell.outputs.filter((o) => o.items.some((i) => CONVBOOK_MIMES.includes(i.mime))).length;
    if (n === 0) continue;
    rich += n;
    editor.revealRange(new vscode.NotebookRange(cell.index, cell.index + 1), vscode.NotebookEditorRevealType.AtTop);
    await bridge.webview({ selectors: { '.cb-host': rich }, timeoutMs: 5000 });
    await bridge.screenshot(`${name}-cell-${String(cell.index).padStart(2, '0')}`);
  }
  return rich;
}

/** Runs a notebook from the workspace: every code cell must succeed with known outputs, all drawn. */
async function runWholeNotebook(uri: vscode.Uri, name: string): Promise<vscode.NotebookCell[]> {
  const editor = await openNotebook(uri);
  const cells = await executeCells(editor, undefined, 120_000);
  assert.ok(cells.length > 0, `${name} has no code cells`);
  const failures = cells.filter((c) => c.executionSummary?.success !== true);
  assert.deepEqual(failures.map(describeCell), [], `cells of ${name} that failed`);
  for (const cell of cells) assertKnownOutputs(cell);
  if (bridge.available) {
    const rich = await revealRichOutputs(editor, name);
    const seen = await bridge.webview({ selectors: { '.cb-host': rich }, timeoutMs: 20_000 });
    assert.ok(seen?.satisfied, `the webview drew ${seen?.counts['.cb-host']} of ${rich} rich outputs of ${name}`);
    const broken = await bridge.webview({ selectors: { '.cb-error': 1 }, timeoutMs: 0 });
    assert.equal(broken?.counts['.cb-error'], 0, `the renderer reported errors in ${name}: ${broken?.text.slice(0, 1500)}`);
  }
  return cells;
}

test('the 5×5 example computes [[12,12,17],[10,17,19],[9,6,14]] and the renderer draws the grid', async () => {
  await activateConvbook();
  await closeAllEditors();
  const editor = await openNotebook(workspaceFile('arithmetic.convnb'));
  const cells = await executeCells(editor);
  for (const cell of cells) assert.equal(cell.executionSummary?.success, true, describeCell(cell));
  const result = cells[cells.length - 1];
  assert.ok(mimesOf(result).includes(TENSOR_MIME), describeCell(result));
  const tensors = tensorItems(result);
  assert.ok(tensors.some(isFiveByFiveResult), `no 1×1×3×3 tensor with ${FIVE_BY_FIVE_OUTPUT} in ${describeCell(result)}`);
  assertKnownOutputs(result);

  if (bridge.available) {
    const grid = FIVE_BY_FIVE_OUTPUT.join(' ');
    const seen = await bridge.webview({ texts: [grid], selectors: { '.cb-host': 1 }, timeoutMs: 20_000 });
    assert.ok(seen?.satisfied, `the webview does not show the grid "${grid}"; it shows: ${seen?.text.slice(0, 1000)}`);
    assert.ok(!seen.text.includes('could not draw'), `the renderer reported an error: ${seen.text.slice(0, 1000)}`);
    await bridge.screenshot('arithmetic-notebook');
  }
}, { timeout: 90_000, groups: ['dev', 'installed'] });

test('examples/seed.convnb runs every cell with known output types, including the 5×5 example, all drawn', async () => {
  await activateConvbook();
  await closeAllEditors();
  const uri = workspaceFile('examples', 'seed.convnb');
  await vscode.workspace.fs.stat(uri).then(undefined, () => assert.fail('examples/seed.convnb does not exist yet'));
  const cells = await runWholeNotebook(uri, 'seed');
  const richKinds = new Set(cells.flatMap(mimesOf).filter((m) => CONVBOOK_MIMES.includes(m)));
  assert.ok(richKinds.size >= 2, `the seed shows only ${[...richKinds].join(', ') || 'no rich outputs'}`);
  assert.ok(cells.some((c) => tensorItems(c).some(isFiveByFiveResult)), 'no cell of the seed computes the 5×5 example');
}, { timeout: 240_000 });

test('every other example notebook (examples/*.convnb) runs without a failing cell, all drawn', async () => {
  await activateConvbook();
  const entries = await vscode.workspace.fs.readDirectory(workspaceFile('examples'));
  const notebooks = entries.map(([name]) => name).filter((n) => n.endsWith('.convnb') && n !== 'seed.convnb').sort();
  assert.ok(notebooks.length > 0, 'no example notebooks besides the seed');
  for (const name of notebooks) {
    await closeAllEditors();
    await runWholeNotebook(workspaceFile('examples', name), name.replace(/\.convnb$/, ''));
  }
}, { timeout: 300_000 });
