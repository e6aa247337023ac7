// The kernel worker running Python cells through KernelClient, as the extension drives it:
// state across cells, notebooks apart, and interrupting — in a worker thread a KeyboardInterrupt
// that keeps every variable; in a child process (no shared memory) a restart.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_KERNEL_SETTINGS, MIME, decodeOutputItem, type KernelSettings } from '../../../contract';
import { KernelClient, type KernelRunResult } from '../../../kernel/kernel_client';
import { bundlePythonWorker } from './python_worker';

const settings: KernelSettings = { ...DEFAULT_KERNEL_SETTINGS, runtime: 'python' };

function plain(result: KernelRunResult): string {
  return result.outputs.flatMap((o) => o.filter((i) => i.mime === MIME.plain).map((i) => decodeOutputItem(i).value as string)).join('');
}

const LOOP = 'spins = 0\nwhile True:\n    spins += 1';

describe('kernel worker with the Python runtime', () => {
  let client: KernelClient;
  before(async () => {
    client = new KernelClient({ workerPath: await bundlePythonWorker(), memoryLimitMb: 1024 });
  });
  after(() => client.dispose());

  it('runs CPython cells, keeps state, and keeps notebooks apart', async () => {
    assert.equal((await client.execute('nb', 'import sys\nkept = 41', settings)).error, null);
    assert.equal(plain(await client.execute('nb', 'kept + 1, sys.version_info[0]', settings)), '(42, 3)');
    const other = await client.execute('other', 'kept', settings);
    assert.equal(other.error?.name, 'NameError');
  });

  it('interrupts a runaway loop with KeyboardInterrupt and keeps the variables', async () => {
    const running = client.execute('nb', LOOP, settings);
    await new Promise((r) => setTimeout(r, 500));
    const started = performance.now();
    await client.interrupt();
    const result = await running;
    assert.ok(performance.now() - started < 2000, 'stopped within the grace period');
    assert.equal(result.error?.name, 'KeyboardInterrupt');
    assert.equal(result.error?.line, 3);
    assert.equal(plain(await client.execute('nb', 'kept, spins > 0', settings)), '(41, True)');
    // The interrupt does not leak into the next cell.
    assert.equal((await client.execute('nb', 'sum(range(100000))', settings)).error, null);
  });

  it('interrupts time.sleep too, which Pyodide would wait out in C', async () => {
    const running = client.execute('nb', 'import time\ntime.sleep(30)', settings);
    await new Promise((r) => setTimeout(r, 500));
    await client.interrupt();
    assert.equal((await running).error?.name, 'KeyboardInterrupt');
    assert.equal(plain(await client.execute('nb', 'kept', settings)), '41');
    const bad = await client.execute('nb', 'time.sleep(-1)', settings);
    assert.deepEqual([bad.error?.name, bad.error?.message], ['ValueError', 'sleep length must be non-negative']);
  });
});

describe('Python kernel in a child process', () => {
  let client: KernelClient;
  before(async () => {
    client = new KernelClient({ workerPath: await bundlePythonWorker(), memoryLimitMb: 1024, isolation: 'process' });
  });
  after(() => client.dispose());

  it('interrupts by restarting, since a process shares no interrupt buffer', async () => {
    assert.equal((await client.execute('nb', 'kept = 1', settings)).error, null);
    const running = client.execute('nb', LOOP, settings);
    await new Promise((r) => setTimeout(r, 300));
    await client.interrupt();
    assert.equal((await running).error?.name, 'KernelRestarted');
    assert.equal((await client.execute('nb', 'kept', settings)).error?.name, 'NameError');
  });
});
