// The editor's trace path without VS Code: a trace request sent as the trace service sends it, to
// a Python kernel in a child process under Node's permission model, configured by
// applyKernelConfig with a snapshot cache folder that does not exist yet (the extension's storage
// on first use). The kernel must create, write and read back its cache and answer the request.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeOutputItem } from '../../../contract';
import { KernelClient } from '../../../kernel/kernel_client';
import { applyKernelConfig, readKernelConfig } from '../../../extension/kernel_settings';
import { outcomeFromOutputs, traceCellSource } from '../../../reader/trace_request';
import { bundlePythonWorker, repoRoot } from '../python/python_worker';

test('a trace in a permission-confined kernel process, with a fresh cache folder, twice', { timeout: 180_000 }, async () => {
  const workerPath = await bundlePythonWorker();
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'convbook-trace-kernel-')));
  const workspaceRoot = join(tmp, 'ws');
  cpSync(join(repoRoot, 'test', 'fixtures', 'models', 'lenet_bug.py'), join(workspaceRoot, 'models', 'lenet_bug.py'));
  const cacheDir = join(tmp, 'storage', 'cache');
  const config = readKernelConfig(() => undefined, { workspaceRoot, cacheDir });
  assert.equal(config.isolation, 'process');
  // The test's worker bundle links Pyodide and the Python assets from the repository; the
  // packaged extension has them inside dist/, which applyKernelConfig grants.
  const links = [join(repoRoot, 'node_modules', 'pyodide'), join(repoRoot, 'python')].map((p) => `--allow-fs-read=${realpathSync(p)}`);
  const client = new KernelClient({ workerPath, memoryLimitMb: config.memoryLimitMb, isolation: 'thread', execArgv: links });
  applyKernelConfig(client, config, workerPath);
  try {
    for (const run of [1, 2]) {
      const request = { file: 'models/lenet_bug.py', defaultInput: [1, 3, 224, 224] };
      const result = await client.execute(`trace:${run}`, traceCellSource(request), config.settings);
      client.disposeSession(`trace:${run}`);
      const outcome = outcomeFromOutputs(result.outputs.map((items) => ({ items: items.map(decodeOutputItem) })), result.error);
      assert.equal(outcome.status, 'traced', outcome.status === 'untraced' ? outcome.reason : '');
      if (outcome.status !== 'traced') return;
      assert.equal(outcome.trace.error?.message, 'mat1 and mat2 shapes cannot be multiplied (1x400 and 576x120)');
      assert.equal(outcome.trace.error?.at?.function, 'forward');
      assert.ok(existsSync(cacheDir) && readdirSync(cacheDir).some((f) => f.endsWith('.snapshot')), 'the kernel cached its snapshot');
      // The second run starts a fresh kernel, which reads the snapshot back.
      if (run === 1) await client.restart();
    }
  } finally {
    await client.dispose();
    rmSync(tmp, { recursive: true, force: true });
  }
});
