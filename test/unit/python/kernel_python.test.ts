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

  it('has convbook\'s torch: a model class, a shape-only summary, values from the engine, PyTorch\'s errors', async () => {
    const define = [
      'import torch',
      'import torch.nn as nn',
      'import torch.nn.functional as F',
      'class Net(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.conv = nn.Conv2d(3, 8, 3, padding=1)',
      '        self.fc = nn.Linear(8 * 4 * 4, 10)',
      '    def forward(self, x):',
      '        x = F.max_pool2d(F.relu(self.conv(x)), 2)',
      '        return self.fc(torch.flatten(x, 1))',
      'net = Net()',
    ].join('\n');
    assert.equal((await client.execute('torch', define, settings)).error, null);
    assert.equal(plain(await client.execute('torch', "tuple(net(torch.empty(2, 3, 8, 8, device='meta')).shape)", settings)), '(2, 10)');
    const summary = await client.execute('torch', 'from convbook import summary\nsummary(net, input_size=(1, 3, 8, 8))', settings);
    assert.equal(summary.error, null);
    const payload = summary.outputs.flat().map(decodeOutputItem).find((i) => i.mime === MIME.summary)?.value as { total_params: number; total_macs: number } | undefined;
    // conv: 8·3·9 + 8 = 224, fc: 128·10 + 10 = 1,290; MACs: 8·8·8·27 = 13,824 + 128·10 = 1,280.
    assert.deepEqual([payload?.total_params, payload?.total_macs], [1514, 15104]);
    const value = await client.execute('torch', 'F.conv2d(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2)).sum().item()', settings);
    assert.equal(plain(value), '16.0');
    const bad = await client.execute('torch', 'nn.Conv2d(3, 8, 3)(torch.zeros(1, 4, 8, 8))', settings);
    assert.deepEqual([bad.error?.name, bad.error?.line], ['RuntimeError', 1]);
    assert.match(bad.error!.message, /expected input\[1, 4, 8, 8\] to have 3 channels, but got 4 channels instead/);
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
