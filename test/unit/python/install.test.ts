// The package in a memory snapshot: prepareTorchPackage imports torch with no JavaScript object
// reachable, so Pyodide can snapshot it; after a restore installTorchPackage registers the bridge
// and the package works.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_KERNEL_SETTINGS } from '../../../contract';
import { installTorchPackage, prepareTorchPackage, torchPackageInstaller, torchPackageKey } from '../../../python/install_package';
import { REPO } from './support';

const INDEX_URL = path.join(REPO, 'node_modules/pyodide') + '/';
const PACKAGE_DIR = path.join(REPO, 'python/pkg');

test('torch imported before a memory snapshot works after the restore, once the bridge is installed', async () => {
  const { loadPyodide } = await import('pyodide');
  const first = await loadPyodide({ indexURL: INDEX_URL, _makeSnapshot: true } as Parameters<typeof loadPyodide>[0]);
  prepareTorchPackage(first, PACKAGE_DIR);
  assert.equal(first.runPython('import sys; "_convbook_engine" in sys.modules'), false);
  const snapshot = (first as unknown as { makeMemorySnapshot(): Uint8Array }).makeMemorySnapshot();
  const restored = await loadPyodide({ indexURL: INDEX_URL, _loadSnapshot: snapshot } as Parameters<typeof loadPyodide>[0]);
  assert.equal(restored.runPython('import sys; "torch" in sys.modules'), true);
  installTorchPackage(restored, { packageDir: PACKAGE_DIR, settings: { ...DEFAULT_KERNEL_SETTINGS } });
  const out = restored.runPython('import torch, torch.nn as nn\nstr(list(nn.Conv2d(3, 8, 3, stride=2)(torch.ones(1, 3, 9, 9)).shape))');
  assert.equal(out, '[1, 8, 4, 4]');
});

test('the package key changes with the package files and only with them', () => {
  const key = torchPackageKey(PACKAGE_DIR);
  assert.match(key, /^[0-9a-f]{16}$/);
  assert.equal(torchPackageKey(PACKAGE_DIR), key);
  assert.notEqual(torchPackageKey(path.join(PACKAGE_DIR, 'torchvision')), key);
});

test('the installer for the runtime: its key is the package key, its JS module the bridge', () => {
  const installer = torchPackageInstaller({ packageDir: PACKAGE_DIR, settings: { ...DEFAULT_KERNEL_SETTINGS } });
  assert.equal(installer.key, torchPackageKey(PACKAGE_DIR));
  assert.deepEqual(installer.jsModules, ['_convbook_engine']);
});
