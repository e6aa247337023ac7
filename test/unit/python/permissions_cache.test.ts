// A process kernel under Node's permission model with the snapshot cache, as the extension starts it
// by default: the first kernel writes the memory snapshot, the next one reads it back, and both run
// cells (the cache folder must be readable as well as writable), large convolutions included (the
// GEMM's helper thread is refused there, so they run on one thread).

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_KERNEL_SETTINGS, decodeOutputItem } from '../../../contract';
import { KernelClient } from '../../../kernel/kernel_client';
import { kernelPermissionFlags } from '../../../python/runtime/permissions';
import { bundlePythonWorker, repoRoot } from './python_worker';

test('a confined kernel saves its snapshot, and the next confined kernel loads it', async () => {
  const workerPath = await bundlePythonWorker();
  const workspaceRoot = realpathSync(mkdtempSync(join(tmpdir(), 'convbook-perm-ws-')));
  const cacheDir = join(realpathSync(mkdtempSync(join(tmpdir(), 'convbook-perm-cache-'))), 'convbook');
  const flags = kernelPermissionFlags({ readable: [dirname(workerPath), join(repoRoot, 'node_modules', 'pyodide'), join(repoRoot, 'python')], workspaceRoots: [workspaceRoot], cacheDir });
  const settings = { ...DEFAULT_KERNEL_SETTINGS, workspaceRoot, cacheDir };
  for (const round of ['saves', 'loads']) {
    const client = new KernelClient({ workerPath, memoryLimitMb: 1024, isolation: 'process', execArgv: flags });
    try {
      const r = await client.execute('nb', '6 * 7', settings);
      assert.equal(r.error, null, `${round}: ${JSON.stringify(r.error)}`);
      assert.equal(decodeOutputItem(r.outputs[0][0]).value, '42');
      const conv = await client.execute('nb', 'import torch\nimport torch.nn.functional as F\nF.conv2d(torch.ones(1, 64, 112, 112), torch.ones(64, 64, 3, 3), padding=1)[0, 0, 1, 1].item()', settings);
      assert.equal(conv.error, null, `${round}: ${JSON.stringify(conv.error)}`);
      assert.equal(decodeOutputItem(conv.outputs[0][0]).value, '576.0');
    } finally {
      await client.dispose();
    }
    assert.ok(existsSync(cacheDir) && readdirSync(cacheDir).some((f) => f.endsWith('.snapshot')), `${round}: no snapshot in ${cacheDir}`);
  }
});
