// The kernel as a user meets it: errors point at the place in the cell, a long computation can be
// interrupted and the kernel recovers, a restart forgets variables.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import {
  activateConvbook, closeAllEditors, codeCells, describeCell, executeCells, newNotebook, outputItems, sleep, startCell, stopwatch, waitFor,
} from './workbench';

const ERROR_MIME = 'application/vnd.code.notebook.error';

interface NotebookError { name: string; message: string; stack?: string }

function errorOf(cell: vscode.NotebookCell): NotebookError {
  const item = outputItems(cell).flat().find((i) => i.mime === ERROR_MIME);
  assert.ok(item, `no error output in ${describeCell(cell)}`);
  return JSON.parse(item.text) as NotebookError;
}

test('a syntax error is reported at its line and column', async () => {
  await activateConvbook();
  await closeAllEditors();
  const editor = await newNotebook(['x = torch.zeros(1, 1, 4, 4)\ny = F.conv2d(x, , 3)']);
  const [cell] = await executeCells(editor);
  assert.equal(cell.executionSummary?.success, false, describeCell(cell));
  const error = errorOf(cell);
  assert.equal(error.name, 'SyntaxError', describeCell(cell));
  assert.match(error.message, /line 2, column 1[67]\b/, `position of the stray comma: ${error.message}`);
  assert.ok(error.stack?.includes('^'), `no caret under the error: ${error.stack}`);
}, { timeout: 60_000 });

test('a bad argument names the argument and points at the call', async () => {
  await activateConvbook();
  await closeAllEditors();
  const lap = stopwatch('bad argument');
  const editor = await newNotebook(['import torch; import torch.nn.functional as F; x = torch.zeros(1, 3, 8, 8)\nw = torch.zeros(4, 3, 3, 3)\ny = F.conv2d(x, w, stride=0)']);
  lap('notebook open');
  const [cell] = await executeCells(editor);
  lap('executed');
  assert.equal(cell.executionSummary?.success, false, describeCell(cell));
  const error = errorOf(cell);
  assert.ok(['ValueError', 'RuntimeError'].includes(error.name), `error name ${error.name}: ${error.message}`);
  assert.match(error.message, /stride/, `the message names the argument: ${error.message}`);
  assert.match(error.message, /line 3, column \d+/, `the error is positioned: ${error.message}`);
}, { timeout: 60_000 });

/** A cell that computes for far longer than the test waits: many full 3×3 convolutions of a 32×128×128 map. */
function longCell(statements = 3000): string {
  const lines = ['import torch', 'import torch.nn.functional as F', 'x = torch.randn(1, 32, 128, 128)', 'w = torch.randn(32, 32, 3, 3)'];
  for (let i = 0; i < statements; i++) lines.push('y = F.conv2d(x, w, padding=1)');
  return lines.join('\n');
}

test('interrupting a long computation ends the cell, and the kernel runs the next cell', async () => {
  await activateConvbook();
  await closeAllEditors();
  const lap = stopwatch('interrupt');
  const editor = await newNotebook([longCell(), 'import torch\nz = torch.ones(2, 3)\nz.shape']);
  lap('notebook open');
  const [long, next] = codeCells(editor.notebook);
  const started = Date.now();
  startCell(editor, long);
  // The API shows an execution's timing only once it ends; its execution order is set when it starts.
  await waitFor('the long cell to start running', () => long.executionSummary?.executionOrder !== undefined, 30_000);
  lap('long cell started');
  await sleep(1500);
  assert.equal(long.executionSummary?.timing?.endTime, undefined, `the long cell already finished after ${Date.now() - started} ms; make it longer`);
  await vscode.commands.executeCommand('notebook.cancelExecution', { start: 0, end: editor.notebook.cellCount, document: editor.notebook.uri });
  lap('cancel command returned');
  await waitFor('the interrupted cell to end', () => long.executionSummary?.timing?.endTime !== undefined || long.executionSummary?.success === false, 20_000);
  lap('long cell ended');
  assert.notEqual(long.executionSummary?.success, true, describeCell(long));
  const [ran] = await executeCells(editor, [next], 60_000);
  lap('next cell ran');
  assert.equal(ran.executionSummary?.success, true, describeCell(ran));
  const text = outputItems(ran).flat().map((i) => i.text).join('\n');
  assert.match(text, /2,\s*3/, `z.shape after recovery: ${text}`);
}, { timeout: 120_000 });

test('convbook.restartKernel forgets the notebook\'s variables', async () => {
  await activateConvbook();
  await closeAllEditors();
  const editor = await newNotebook(['import torch\na = torch.ones(2)', 'a']);
  const [define, use] = codeCells(editor.notebook);
  await executeCells(editor, [define, use]);
  assert.equal(use.executionSummary?.success, true, describeCell(use));
  const restarted = await vscode.commands.executeCommand('convbook.restartKernel', editor.notebook.uri);
  assert.equal(restarted, true);
  await executeCells(editor, [use]);
  assert.equal(use.executionSummary?.success, false, describeCell(use));
  assert.equal(errorOf(use).name, 'NameError', describeCell(use));
}, { timeout: 90_000 });
