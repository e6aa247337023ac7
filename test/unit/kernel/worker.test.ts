// The real kernel worker (kernel/worker.ts bundled by esbuild exactly as dist/worker.js is) driven
// through KernelClient over worker_threads: cells, state, sessions, errors, the element budget,
// images from the workspace, interrupting a long computation, and surviving an out-of-memory crash.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { KernelClient, type KernelRunResult } from '../../../kernel/kernel_client';
import type { KernelIsolation } from '../../../kernel/kernel_channel';
import { DEFAULT_KERNEL_SETTINGS, MIME, decodeOutputItem, type KernelSettings, type TensorPayload } from '../../../contract';
import { bundleWorker } from './bundle';

// A failed assertion must not leave a kernel (a child process or thread) keeping the test run alive.
const openClients: KernelClient[] = [];
function track(client: KernelClient): KernelClient {
  openClients.push(client);
  return client;
}
afterEach(() => Promise.all(openClients.splice(0).map((c) => c.dispose())));

const settings: KernelSettings = DEFAULT_KERNEL_SETTINGS;
const IMPORTS = 'import torch\nimport torch.nn.functional as F\nfrom convbook import image';

function item(result: KernelRunResult, mime: string): unknown {
  for (const output of result.outputs) {
    const found = output.find((i) => i.mime === mime);
    if (found) return decodeOutputItem(found).value;
  }
  return undefined;
}

describe('kernel worker (real Session)', () => {
  let workerPath: string;
  let client: KernelClient;
  before(async () => {
    workerPath = await bundleWorker('kernel/worker.ts');
    client = new KernelClient({ workerPath, memoryLimitMb: 512 });
    // Cells are Python: each notebook (session key) imports what it uses, once.
    for (const session of ['nb', 'budget', 'img']) await client.execute(session, IMPORTS, settings);
  });
  after(() => client.dispose());

  it('runs cells and keeps variables between them', async () => {
    assert.equal((await client.execute('nb', 'a = 3\nb = a * 2', settings)).error, null);
    assert.equal(item(await client.execute('nb', 'a + b', settings), MIME.plain), '9');
  });

  it('announces the GEMM kernel its engine picked once it is ready', async () => {
    assert.equal((await client.execute('nb', '1', settings)).error, null);
    assert.match(client.engineKernel ?? '(none)', /^wasm-relaxed-simd( ×2 threads)?$/);
  });

  it('returns tensor payloads with their markdown fallback', async () => {
    const r = await client.execute('nb', 'x = torch.ones(1, 2, 3, 4)\ny = F.conv2d(x, torch.ones(5, 2, 3, 3), padding=1)\ny', settings);
    assert.equal(r.error, null);
    const payload = item(r, MIME.tensor) as TensorPayload;
    assert.deepEqual(payload.shape, [1, 5, 3, 4]);
    // Interior outputs see all 2·3·3 = 18 ones; the corner sees 2·2·2 = 8.
    assert.equal(payload.max, 18);
    assert.equal(payload.min, 8);
    assert.equal(typeof item(r, MIME.markdown), 'string');
  });

  it('keeps notebooks apart: one session per key', async () => {
    await client.execute('first', 'only_here = 1', settings);
    const r = await client.execute('second', 'only_here', settings);
    assert.equal(r.error?.name, 'NameError');
    client.disposeSession('first');
    assert.equal((await client.execute('first', 'only_here', settings)).error?.name, 'NameError');
  });

  it('positions syntax errors with a caret', async () => {
    const r = await client.execute('nb', 'y = F.conv2d(x, , 1)', settings);
    assert.equal(r.error?.name, 'SyntaxError');
    assert.equal(r.error?.line, 1);
    assert.equal(typeof r.error?.column, 'number');
    assert.match(r.error!.caret!, /\^/);
  });

  it('refuses a tensor over the element budget before allocating, and stays usable', async () => {
    const small = { ...settings, elementBudget: 1000 };
    const r = await client.execute('budget', 'torch.zeros(10, 10, 11)', small);
    assert.equal(r.error?.name, 'MemoryError');
    assert.match(r.error!.message, /1,?100 elements.*budget/);
    assert.equal(item(await client.execute('budget', 'kept = 2 + 2\nkept', small), MIME.plain), '4');
    // A raised budget applies to the same session on its next cell, variables intact.
    const raised = await client.execute('budget', 't = torch.zeros(10, 10, 11)\nkept', { ...settings, elementBudget: 2000 });
    assert.equal(raised.error, null);
    assert.equal(item(raised, MIME.plain), '4');
  });

  it('reads images from the workspace only', async () => {
    const root = join(realpathSync(mkdtempSync(join(tmpdir(), 'convbook-ws-'))), 'ws');
    mkdirSync(join(root, 'nb'), { recursive: true });
    const png = new PNG({ width: 3, height: 2 });
    png.data.fill(255);
    writeFileSync(join(root, 'pic.png'), PNG.sync.write(png));
    const withRoot = { ...settings, workspaceRoot: root, notebookDir: join(root, 'nb') };
    const ok = await client.execute('img', 'im = image("../pic.png", gray=True)\nim.shape', withRoot);
    assert.equal(ok.error, null, JSON.stringify(ok.error));
    assert.equal(item(ok, MIME.plain), 'torch.Size([1, 1, 2, 3])');
    const escape = await client.execute('img', 'image("../../etc/passwd")', withRoot);
    assert.match(escape.error?.message ?? '', /outside the workspace folder/);
  });
});

describe('kernel worker: interrupt and crashes', () => {
  let workerPath: string;
  before(async () => {
    workerPath = await bundleWorker('kernel/worker.ts');
  });

  // A thread kernel raises KeyboardInterrupt between engine calls, or is replaced after the 2 s
  // grace period when one call runs on; a process kernel (no shared flag) is replaced at once.
  for (const isolation of ['thread', 'process'] as KernelIsolation[]) it(`interrupts a long convolution by stopping the kernel (${isolation}), then runs again`, async (t) => {
    const client = track(new KernelClient({ workerPath, memoryLimitMb: 512, isolation }));
    await client.execute('nb', `${IMPORTS}\nkept = 1`, settings);
    let started = false;
    // ~87 G multiply-adds: minutes of work if not stopped.
    const long = client.execute('nb', 'y = F.conv2d(torch.randn(1, 64, 512, 512), torch.randn(64, 64, 9, 9), padding=4)', { ...settings, workBudgetMacs: 1e15 }, {
      onStart: () => (started = true),
    });
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(started);
    const t0 = performance.now();
    const [result] = await Promise.all([long, client.interrupt()]);
    const latency = performance.now() - t0;
    t.diagnostic(`interrupt latency ${latency.toFixed(1)} ms`);
    assert.ok(latency < (isolation === 'thread' ? 3000 : 1000), `interrupt took ${latency.toFixed(0)} ms`);
    const after = await client.execute('nb', 'kept', settings);
    if (result.error?.name === 'KeyboardInterrupt') {
      // Caught between two engine calls (a thread kernel shares the flag): the state survives.
      assert.equal(isolation, 'thread');
      assert.equal(item(after, MIME.plain), '1');
    } else {
      assert.equal(result.error?.name, 'KernelRestarted');
      assert.equal(after.error?.name, 'NameError', 'state is gone after the restart');
    }
    assert.equal(item(await client.execute('nb', '1 + 1', settings), MIME.plain), '2');
    await client.dispose();
  });

  // Python's objects live in WebAssembly memory, capped by the live-data budget (less what tensors
  // hold): the cell gets CPython's MemoryError and the kernel, variables and all, lives on.
  for (const isolation of ['thread', 'process'] as KernelIsolation[]) it(`Python objects past the session budget are a MemoryError in the cell, and the kernel keeps its state (${isolation})`, async () => {
    const client = track(new KernelClient({ workerPath, memoryLimitMb: 256, isolation }));
    const small = { ...settings, liveDataMb: 96 };
    await client.execute('nb', `${IMPORTS}\nbefore = 1\nt = torch.ones(1, 10, 200, 2000)`, small);
    const r = await client.execute('nb', manyLists(40), small);
    assert.equal(r.error?.name, 'MemoryError');
    assert.match(r.error!.message, /Python heap to [\d.]+ MB.*convbook\.kernel\.liveDataMb/);
    assert.equal(item(await client.execute('nb', 'before', small), MIME.plain), '1');
    assert.equal(item(await client.execute('nb', 'rows0 = None\nlen([0] * 1000)', small), MIME.plain), '1000');
    await client.dispose();
  });
});

/** A cell keeping `count` distinct million-item Python lists alive (4 MB each in WebAssembly's heap). */
function manyLists(count: number): string {
  return Array.from({ length: count }, (_, i) => `rows${i} = [${i}.5] * 1_000_000`).join('\n');
}
