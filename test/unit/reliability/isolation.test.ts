// Where the kernel runs, measured. With the kernel in a worker thread the extension host holds
// every tensor the notebook makes (and V8 aborts the host on one oversized heap allocation); in a
// child process the host stays small and a watchdog caps the kernel's resident memory. So the
// default isolation is 'process'.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_KERNEL_SETTINGS, decodeOutputItem } from '../../../contract';
import { readKernelConfig } from '../../../extension/kernel_settings';
import { KernelClient } from '../../../kernel/kernel_client';
import { bundleWorker } from '../kernel/bundle';

const clients: KernelClient[] = [];
afterEach(() => Promise.all(clients.splice(0).map((c) => c.dispose())));

test('the default isolation is a child process', () => {
  assert.equal(readKernelConfig(() => undefined, {}).isolation, 'process');
  assert.equal(readKernelConfig((key) => (key === 'kernel.isolation' ? 'thread' : undefined), {}).isolation, 'thread');
});

test('the watchdog stops a process kernel whose memory outside the heap passes the cap; the next cell gets a fresh one', async () => {
  const workerPath = await bundleWorker('test/unit/kernel/fixtures/fake_worker.ts');
  const client = new KernelClient({ workerPath, memoryLimitMb: 256, isolation: 'process', rssHeadroomMb: 64 });
  clients.push(client);
  const settings = { ...DEFAULT_KERNEL_SETTINGS, liveDataMb: 64 };
  const started = performance.now();
  // 256 + 64 + 64 = 384 MB allowed; 1 GB of buffers is stopped on the way.
  const r = await client.execute('nb', 'buffers 1024', settings);
  assert.equal(r.error?.name, 'MemoryError');
  assert.match(r.error!.message, /the kernel's memory reached \d+ MB, past its heap limit plus its live-data budget .* restarted; every variable defined so far is lost/);
  assert.ok(performance.now() - started < 10_000);
  const next = await client.execute('nb', 'count', settings);
  assert.deepEqual(next.outputs.map((o) => decodeOutputItem(o[0]).value), ['1']);
});

interface HostRun {
  results: { error: string | null; ms: number }[];
  maxRssMb: number;
}

function attackHost(isolation: 'thread' | 'process', workerPath: string): HostRun {
  const cells = ['import torch', ...Array.from({ length: 40 }, (_, i) => `x${i} = torch.ones(1, 10, 200, 2000)`)];
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'probes', 'host_probe.ts'), workerPath, isolation, '1024', '384', ...cells], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as HostRun;
}

test('the worst memory attack: the host holds the tensors with a thread kernel, not with a process kernel', async (t) => {
  const workerPath = await bundleWorker('kernel/worker.ts');
  const thread = attackHost('thread', workerPath);
  const child = attackHost('process', workerPath);
  t.diagnostic(`host peak RSS with 384 MB of live tensors: thread ${thread.maxRssMb.toFixed(0)} MB, process ${child.maxRssMb.toFixed(0)} MB`);
  for (const run of [thread, child]) {
    // 15.3 MB each: 25 fit in 384 MB, the other 15 are refused with the budget's message.
    assert.equal(run.results.filter((r) => r.error?.startsWith('MemoryError: refusing to allocate 15.3 MB')).length, 15);
  }
  assert.ok(thread.maxRssMb > 384, 'a thread kernel keeps its tensors in the host process');
  assert.ok(child.maxRssMb < 200, `the host of a process kernel stays small: ${child.maxRssMb} MB`);
});
