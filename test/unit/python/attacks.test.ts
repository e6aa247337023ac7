// The Python-semantics attacks of the reliability audit, in the default runtime: CPython's own
// answers, every error positioned in the cell, and Python's memory capped by the session budget
// (a MemoryError in the cell, the interpreter and its variables alive).

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { DEFAULT_KERNEL_SETTINGS } from '../../../contract';
import { NodeKernelHost } from '../../../kernel/node_host';
import { torchPackageInstaller } from '../../../python/install_package';
import type { PythonSession } from '../../../python/runtime/python_session';
import { fails, ok, pythonSession, text } from './python_cells';
import { REPO } from './support';

let session: PythonSession;
before(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'convbook-attacks-'));
  const settings = { ...DEFAULT_KERNEL_SETTINGS, liveDataMb: 128, workspaceRoot: dir, notebookDir: dir };
  const host = new NodeKernelHost({ workspaceRoot: dir, baseDir: dir, elementBudget: settings.elementBudget });
  session = pythonSession(settings, { installer: torchPackageInstaller({ packageDir: path.join(REPO, 'python/pkg'), settings, host }) });
  await ok(session, 'import torch\nfrom convbook import image\nkept = 7');
});

test('source that is not valid UTF-8 (a lone surrogate) is a positioned SyntaxError, not a replacement character', async () => {
  const error = await fails(session, 'x = 1\ny = "a\ud800b"');
  assert.equal(error.name, 'SyntaxError');
  assert.equal(error.line, 2);
  assert.ok(error.column! >= 1 && error.caret?.includes('^'));
});

test('integers are exact: a 400-digit integer keeps every digit', async () => {
  assert.equal(await text(session, 'x = 10 ** 400 + 1\n(len(str(x)), str(x)[-3:], x - 10 ** 400)'), "(401, '001', 1)");
  assert.equal(await text(session, '2 ** 64 * 3 // 7'), String((2n ** 64n * 3n) / 7n));
});

test('NaN and infinity behave as in Python', async () => {
  assert.equal(await text(session, "nan = float('nan')\n(nan != nan, min(1, nan), str(min(nan, 1)), float('inf') > 10 ** 400)"), '(True, 1, \'nan\', True)');
  const inf = await fails(session, "n = int(float('inf'))");
  assert.deepEqual([inf.name, inf.message, inf.line, inf.column], ['OverflowError', 'cannot convert float infinity to integer', 1, 5]);
});

test('a self-referencing list prints as Python prints it, and max over 900,000 arguments answers', async () => {
  assert.equal(await text(session, 'a = [1]\na.append(a)\nrepr(a)'), "'[1, [...]]'");
  assert.equal(await text(session, 'max(*[1] * 900000)'), '1');
  const deep = await fails(session, 'def down(n):\n    return down(n + 1)\ndown(0)');
  assert.equal(deep.name, 'RecursionError');
  assert.equal(deep.line, 2);
});

test('a NUL byte in an image() path is ValueError: embedded null byte, at the call', async () => {
  const error = await fails(session, 'x = 1\npicture = image("a\\x00.png")');
  assert.deepEqual([error.name, error.message, error.line, error.column], ['ValueError', 'embedded null byte', 2, 11]);
});

test('Python objects past the session budget are a MemoryError in the cell; the interpreter and its variables live on', async () => {
  const started = performance.now();
  const error = await fails(session, 'lists = []\nfor i in range(200):\n    lists.append([i] * 1_000_000)');
  assert.equal(error.name, 'MemoryError');
  assert.match(error.message, /Python heap to [\d.]+ MB, over the [\d.]+ MB .*`del name`.*convbook\.kernel\.liveDataMb/);
  assert.equal(error.line, 3);
  assert.ok(performance.now() - started < 20_000);
  assert.equal(await text(session, 'kept'), '7');
  // What the loop built is still there until it is deleted; then the memory is Python's again.
  assert.ok(Number(await text(session, 'len(lists)')) > 10);
  assert.equal(await text(session, 'del lists\nbig = [0] * 5_000_000\nlen(big)'), '5000000');
});

test('a Linear layer over many rows is refused by its MACs before its weights are drawn', async () => {
  // 20,000 rows × 1,000 × 50,000 = 1e12 multiply-accumulates; its 50M weights would not even fit the budget.
  const error = await fails(session, 'import torch.nn as nn\nfc = nn.Linear(1000, 50000)\nx = torch.ones(20000, 1000)\ny = fc(x)');
  assert.equal(error.name, 'RuntimeError');
  assert.match(error.message, /refusing to run linear of input \[20000, 1000\] and weight \[50000, 1000\]: 1\.00e12 multiply-accumulates would take about 50 s here, over the work budget of 600,000,000,000/);
  assert.equal(error.line, 4);
});
