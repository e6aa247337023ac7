// The session's live-data budget in Python cells: every tensor buffer is charged before it is
// allocated and released when the last Python tensor holding it is freed (del, rebinding, a
// temporary going out of scope), with CPython's reference counting deciding when.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { DEFAULT_KERNEL_SETTINGS } from '../../../contract';
import { torchPackageInstaller } from '../../../python/install_package';
import type { PythonSession } from '../../../python/runtime/python_session';
import { fails, ok, pythonSession, text } from './python_cells';
import { REPO } from './support';

let session: PythonSession;
before(async () => {
  const settings = { ...DEFAULT_KERNEL_SETTINGS, liveDataMb: 40 };
  session = pythonSession(settings, { installer: torchPackageInstaller({ packageDir: path.join(REPO, 'python/pkg'), settings }) });
  await ok(session, 'import torch\nimport torch.nn as nn');
});

test('tensors over the session budget are refused before allocation, with what is live and how to free it', async () => {
  await ok(session, 'a = torch.ones(1, 10, 200, 2000)\nb = torch.ones(1, 10, 200, 2000)');
  const error = await fails(session, 'c = torch.ones(1, 10, 200, 2000)');
  assert.equal(error.name, 'MemoryError');
  assert.match(error.message, /refusing to allocate 15\.3 MB for a tensor of shape \[1, 10, 200, 2000\]: 30\.5 MB is already live in this session; the largest are a \(15\.3 MB\), b \(15\.3 MB\), and the session budget is 40\.0 MB\. Free tensors .*`del name`.*convbook\.kernel\.liveDataMb/);
  assert.equal(error.line, 1);
});

test('del, rebinding and dropped temporaries free their data; views share one buffer', async () => {
  await ok(session, 'del a\nc = torch.ones(1, 10, 200, 2000)');
  await ok(session, 'for _ in range(20):\n    c = c.view(-1).view(1, 10, 200, 2000)');
  // c, the old t, a temporary and the new t: 38.1 MB at most, however many rounds.
  await ok(session, 'del b\nfor _ in range(20):\n    t = torch.ones(1, 10, 100, 2000) * 2');
  assert.equal(await text(session, 'del t, c\nlist(range(3))'), '[0, 1, 2]');
  await ok(session, 'xs = [torch.ones(1, 10, 200, 2000) for _ in range(2)]');
});

test('a layer’s weights are charged when a forward first needs them', async () => {
  await ok(session, 'del xs');
  const error = await fails(session, 'big = nn.Linear(4000, 4000)\nbig(torch.ones(1, 4000))');
  assert.equal(error.name, 'MemoryError');
  assert.match(error.message, /61\.0 MB for a tensor of shape \[4000, 4000\]/);
  assert.equal(error.line, 2);
});
