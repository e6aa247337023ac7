// The kernel child process under Node's permission model: Pyodide loads (through the
// process.binding shim) and cells run and import workspace files; the same flags deny Node
// itself and its worker threads writing files, starting processes and reading outside the granted
// folders, while large convs still get the engine's second thread; the kernel
// reads and writes its own snapshot cache.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_KERNEL_SETTINGS, MIME, decodeOutputItem, type KernelSettings } from '../../../contract';
import { KernelClient } from '../../../kernel/kernel_client';
import { kernelPermissionFlags } from '../../../python/runtime/permissions';
import { bundlePythonWorker, repoRoot } from './python_worker';

describe('kernel process under the permission model', () => {
  let client: KernelClient;
  let workspaceRoot: string;
  let flags: string[];
  before(async () => {
    const workerPath = await bundlePythonWorker();
    workspaceRoot = realpathSync(mkdtempSync(join(tmpdir(), 'convbook-perm-ws-')));
    writeFileSync(join(workspaceRoot, 'helper.py'), 'ANSWER = 42\n');
    flags = kernelPermissionFlags({
      readable: [dirname(workerPath), join(repoRoot, 'node_modules', 'pyodide'), join(repoRoot, 'python')],
      workspaceRoots: [workspaceRoot],
    });
    client = new KernelClient({ workerPath, memoryLimitMb: 1024, isolation: 'process', execArgv: flags });
  });
  after(() => client.dispose());

  it('loads CPython and runs cells, with workspace imports', async () => {
    const settings: KernelSettings = { ...DEFAULT_KERNEL_SETTINGS, runtime: 'python', workspaceRoot };
    const result = await client.execute('nb', 'import helper\nhelper.ANSWER', settings);
    assert.equal(result.error, null, JSON.stringify(result.error));
    assert.equal(decodeOutputItem(result.outputs[0][0]).value, '42');
    assert.equal(result.outputs[0][0].mime, MIME.plain);
  });

  it('runs a conv large enough for the engine\'s second thread on two threads', async () => {
    const settings: KernelSettings = { ...DEFAULT_KERNEL_SETTINGS, runtime: 'python', workspaceRoot };
    const source = 'import torch\nimport torch.nn.functional as F\ny = F.conv2d(torch.ones(1, 64, 56, 56), torch.ones(64, 64, 3, 3), padding=1)\n(tuple(y.shape), y[0, 0, 0, 0].item(), y[0, 0, 5, 5].item())';
    const result = await client.execute('nb', source, settings);
    assert.equal(result.error, null, JSON.stringify(result.error));
    // A corner sees 2×2 taps of 64 channels, an inner output all 3×3.
    assert.equal(decodeOutputItem(result.outputs[0][0]).value, '((1, 64, 56, 56), 256.0, 576.0)');
    if (availableParallelism() >= 2 && process.env.CONVBOOK_THREADS !== '1') assert.match(client.engineKernel ?? '', /×2 threads/);
  });

  it('with a snapshot cache not made yet: the first kernel saves CPython\'s memory there, the next starts from it', async () => {
    // Not there yet, as the extension's global storage before its first use.
    const cacheDir = join(realpathSync(mkdtempSync(join(tmpdir(), 'convbook-perm-cache-'))), 'globalStorage', 'convbook');
    const workerPath = await bundlePythonWorker();
    const cached = kernelPermissionFlags({
      readable: [dirname(workerPath), join(repoRoot, 'node_modules', 'pyodide'), join(repoRoot, 'python')],
      workspaceRoots: [workspaceRoot],
      cacheDir,
    });
    const settings: KernelSettings = { ...DEFAULT_KERNEL_SETTINGS, runtime: 'python', workspaceRoot, cacheDir };
    for (const boot of ['cold', 'from the snapshot']) {
      const kernel = new KernelClient({ workerPath, memoryLimitMb: 1024, isolation: 'process', execArgv: cached });
      try {
        const result = await kernel.execute('nb', '6 * 7', settings);
        assert.equal(result.error, null, `${boot}: ${JSON.stringify(result.error)}`);
        assert.equal(decodeOutputItem(result.outputs[0][0]).value, '42');
        // A large conv too, in a kernel started from the snapshot as in a cold one.
        const conv = await kernel.execute('nb', 'import torch\nimport torch.nn.functional as F\nF.conv2d(torch.ones(1, 64, 112, 112), torch.ones(64, 64, 3, 3), padding=1)[0, 0, 1, 1].item()', settings);
        assert.equal(conv.error, null, `${boot}: ${JSON.stringify(conv.error)}`);
        assert.equal(decodeOutputItem(conv.outputs[0][0]).value, '576.0');
      } finally {
        await kernel.dispose();
      }
      assert.equal(readdirSync(cacheDir).filter((f) => f.endsWith('.snapshot')).length, 1, `${boot}: the cache holds one snapshot`);
    }
  });

  it('denies Node itself, and a worker thread it starts, writing, spawning and reading outside the granted folders', () => {
    const probe = [
      'const fs = require("node:fs"); const cp = require("node:child_process"); const out = {};',
      `try { fs.writeFileSync(${JSON.stringify(join(workspaceRoot, 'x.txt'))}, "x"); out.write = "allowed"; } catch (e) { out.write = e.code; }`,
      'try { cp.spawnSync("ls"); out.spawn = "allowed"; } catch (e) { out.spawn = e.code; }',
      'try { fs.readFileSync("/etc/hostname"); out.read = "allowed"; } catch (e) { out.read = e.code; }',
      `out.workspace = fs.readFileSync(${JSON.stringify(join(workspaceRoot, 'helper.py'))}, "utf8").trim();`,
      'console.log(JSON.stringify(out));',
    ].join('\n');
    const denied = { write: 'ERR_ACCESS_DENIED', spawn: 'ERR_ACCESS_DENIED', read: 'ERR_ACCESS_DENIED', workspace: 'ANSWER = 42' };
    const r = spawnSync(process.execPath, [...flags, '-e', probe], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!), denied);
    // The same probe in a worker thread the process starts (as the engine's GEMM helper is): the
    // worker is held by the process's permissions, not freed of them.
    const inWorker = `const { Worker } = require("node:worker_threads"); new Worker(${JSON.stringify(probe)}, { eval: true });`;
    const w = spawnSync(process.execPath, [...flags, '-e', inWorker], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(w.stdout.trim().split('\n').pop()!), denied, w.stderr);
  });
});
