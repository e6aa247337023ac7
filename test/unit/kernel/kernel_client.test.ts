// The kernel client against a real worker thread running a scripted session: ordering, state,
// transfer of output buffers, interrupt by terminate-and-respawn, and recovery from crashes.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KernelClient, type KernelState } from '../../../kernel/kernel_client';
import type { KernelIsolation } from '../../../kernel/kernel_channel';
import { DEFAULT_KERNEL_SETTINGS, decodeOutputItem } from '../../../contract';
import { bundleWorker } from './bundle';

// A failed assertion must not leave a kernel (a child process or thread) keeping the test run alive.
const openClients: KernelClient[] = [];
function track(client: KernelClient): KernelClient {
  openClients.push(client);
  return client;
}
afterEach(() => Promise.all(openClients.splice(0).map((c) => c.dispose())));

const settings = DEFAULT_KERNEL_SETTINGS;

function text(result: { outputs: { mime: string; bytes: Uint8Array }[][] }): string[] {
  return result.outputs.map((o) => String(decodeOutputItem(o.find((i) => i.mime === 'text/plain')!).value));
}

for (const isolation of ['thread', 'process'] as KernelIsolation[]) describe(`KernelClient with a scripted kernel (${isolation})`, () => {
  let workerPath: string;
  before(async () => {
    workerPath = await bundleWorker('test/unit/kernel/fixtures/fake_worker.ts');
  });

  it('runs requests one at a time in the order they were asked for', async () => {
    const client = track(new KernelClient({ workerPath, memoryLimitMb: 256, isolation }));
    const started: string[] = [];
    const runs = ['echo a', 'count', 'echo b', 'count', 'count'].map((src) =>
      client.execute('nb', src, settings, { onStart: () => started.push(src) }),
    );
    const results = await Promise.all(runs);
    assert.deepEqual(results.map(text), [['a'], ['1'], ['b'], ['2'], ['3']]);
    assert.deepEqual(started, ['echo a', 'count', 'echo b', 'count', 'count']);
    await client.dispose();
  });

  it('decodes JSON payloads and reports user errors without losing state', async () => {
    const client = track(new KernelClient({ workerPath, memoryLimitMb: 256, isolation }));
    const json = await client.execute('nb', 'json 7', settings);
    assert.equal(json.outputs[0].length, 2);
    assert.deepEqual(decodeOutputItem(json.outputs[0][0]).value, { n: 7 });
    const err = await client.execute('nb', 'nope', settings);
    assert.equal(err.error?.name, 'NameError');
    const thrown = await client.execute('nb', 'throw kaput', settings);
    assert.equal(thrown.error?.name, 'InternalError');
    assert.match(thrown.error!.message, /kaput/);
    assert.deepEqual(text(await client.execute('nb', 'count', settings)), ['1']);
    await client.dispose();
  });

  it('reports starting, busy and idle states', async () => {
    const states: KernelState[] = [];
    const client = track(new KernelClient({ workerPath, memoryLimitMb: 256, isolation, onStateChange: (s) => states.push(s) }));
    await client.execute('nb', 'echo x', settings);
    assert.deepEqual(states.slice(0, 2), ['starting', 'busy']);
    assert.equal(client.kernelState === 'idle' || client.kernelState === 'busy', true);
    await client.dispose();
    assert.equal(states.at(-1), 'stopped');
  });

  it('stops a Python cell that watches the interrupt buffer without replacing the worker (threads share it)', { skip: isolation === 'process' }, async () => {
    const python = settings;
    const client = track(new KernelClient({ workerPath, memoryLimitMb: 256, isolation, interruptGraceMs: 300 }));
    await client.execute('nb', 'count', python);
    const running = client.execute('nb', 'interruptible', python);
    await new Promise((r) => setTimeout(r, 100));
    await client.interrupt();
    assert.equal((await running).error?.name, 'KeyboardInterrupt');
    // The same worker: its count went on.
    assert.deepEqual(text(await client.execute('nb', 'count', python)), ['2']);
    await client.dispose();
  });

  it('replaces a worker whose Python cell ignores the interrupt buffer past the grace period', async () => {
    const python = settings;
    const client = track(new KernelClient({ workerPath, memoryLimitMb: 256, isolation, interruptGraceMs: 300 }));
    const count = await client.execute('nb', 'count', python);
    assert.deepEqual(text(count), ['1']);
    // A child process shares no memory, so it has no buffer: only a worker thread gets one.
    const buffer = await client.execute('nb', isolation === 'process' ? 'interruptible' : 'echo skip', python);
    if (isolation === 'process') assert.equal(buffer.error?.message, 'no interrupt buffer');
    const stubborn = client.execute('nb', 'spin', python);
    await new Promise((r) => setTimeout(r, 100));
    await client.interrupt();
    assert.equal((await stubborn).error?.name, 'KernelRestarted');
    assert.deepEqual(text(await client.execute('nb', 'count', python)), ['1']);
    await client.dispose();
  });

  it('interrupts an endless computation by restarting the worker, well under a second', async () => {
    // 'spin' never looks at the interrupt flag: the short grace period is all a thread waits.
    const client = track(new KernelClient({ workerPath, memoryLimitMb: 256, isolation, interruptGraceMs: 100 }));
    assert.deepEqual(text(await client.execute('nb', 'count', settings)), ['1']);
    let startedAt = 0;
    const spinning = client.execute('nb', 'spin', settings, { onStart: () => (startedAt = performance.now()) });
    const queued = client.execute('nb', 'echo never', settings);
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(startedAt > 0);
    const t0 = performance.now();
    const interrupted = client.interrupt();
    const result = await spinning;
    await interrupted;
    const latency = performance.now() - t0;
    assert.equal(result.error?.name, 'KernelRestarted');
    assert.match(result.error!.message, /lost/);
    assert.equal((await queued).cancelled, true);
    assert.ok(latency < 1000, `interrupt took ${latency.toFixed(0)} ms`);
    // The fresh worker has no state left.
    assert.deepEqual(text(await client.execute('nb', 'count', settings)), ['1']);
    await client.dispose();
  });

  it('recovers from running out of heap: the cell gets a MemoryError, the next runs on a fresh worker', async () => {
    const client = track(new KernelClient({ workerPath, memoryLimitMb: 16, isolation }));
    await client.execute('nb', 'count', settings);
    const queuedAfter = client.execute('nb', 'count', settings);
    const oom = await client.execute('nb', 'heap', settings).catch((e) => assert.fail(e));
    // 'count' was queued before 'heap' and ran first; ask again after the crash.
    assert.deepEqual(text(await queuedAfter), ['2']);
    assert.equal(oom.error?.name, 'MemoryError');
    assert.match(oom.error!.message, /16 MB/);
    assert.deepEqual(text(await client.execute('nb', 'count', settings)), ['1']);
    await client.dispose();
  });

  it('recovers from the worker exiting mid-cell', async () => {
    const client = track(new KernelClient({ workerPath, memoryLimitMb: 256, isolation }));
    const exited = await client.execute('nb', 'exit 5', settings);
    assert.equal(exited.error?.name, 'KernelCrashed');
    assert.deepEqual(text(await client.execute('nb', 'echo alive', settings)), ['alive']);
    await client.dispose();
  });

  it('fails the cell, not the client, when the worker file is missing', async () => {
    const client = track(new KernelClient({ workerPath: workerPath + '.missing.js', memoryLimitMb: 256, isolation }));
    const result = await client.execute('nb', 'echo x', settings);
    assert.equal(result.error?.name, 'KernelCrashed');
    assert.match(result.error!.message, /Cannot find module|not be started/);
    await client.dispose();
  });

  it('returns cancelled for work asked after dispose', async () => {
    const client = track(new KernelClient({ workerPath, memoryLimitMb: 256, isolation }));
    await client.dispose();
    assert.equal((await client.execute('nb', 'echo x', settings)).cancelled, true);
  });

  if (isolation === 'process') {
    it('survives one huge allocation past the heap limit, which would abort a worker thread\'s whole process', async () => {
      const client = track(new KernelClient({ workerPath, memoryLimitMb: 64, isolation }));
      await client.execute('nb', 'count', settings);
      const result = await client.execute('nb', 'bigarray', settings);
      assert.equal(result.error?.name, 'MemoryError');
      assert.deepEqual(text(await client.execute('nb', 'count', settings)), ['1']);
      await client.dispose();
    });
  }

  after(() => undefined);
});
