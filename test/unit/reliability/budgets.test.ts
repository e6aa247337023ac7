// Memory and work budgets, attacked the way a hostile cell would: every refusal is a clear
// error before the memory or the work is spent, and the process stays within its bounds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_KERNEL_SETTINGS } from '../../../contract';
import { LiveDataBudget, MEASURED_MACS_PER_SECOND } from '../../../engine/budget';
import { readKernelConfig } from '../../../extension/kernel_settings';
import { runInChild } from './support';

/** The child's own footprint (Node, tsx, CPython in WebAssembly, the torch package) before any cell allocates: about 300 MB here. */
const BASELINE_MB = 330;

test('defaults: 4 GB of live data and about 30 s of work (6·10¹¹ MACs) on the SIMD kernels; both are settings', () => {
  assert.equal(DEFAULT_KERNEL_SETTINGS.liveDataMb, 4096);
  assert.equal(DEFAULT_KERNEL_SETTINGS.workBudgetMacs, 6e11);
  const seconds = DEFAULT_KERNEL_SETTINGS.workBudgetMacs / MEASURED_MACS_PER_SECOND;
  assert.ok(seconds > 20 && seconds < 45, `${seconds} s`);
  const config = readKernelConfig((key) => ({ 'kernel.liveDataMb': 512, 'kernel.workBudgetMacs': 1e9 })[key], {});
  assert.equal(config.settings.liveDataMb, 512);
  assert.equal(config.settings.workBudgetMacs, 1e9);
  assert.match(readKernelConfig((key) => (key === 'kernel.liveDataMb' ? -1 : undefined), {}).ignored.join(), /liveDataMb/);
});

test('60 cells of torch.ones(1, 10, 200, 2000): refused at the session budget, naming the largest variables and del; RSS stays under it', () => {
  const cells = ['import torch', ...Array.from({ length: 60 }, (_, i) => `x${i} = torch.ones(1, 10, 200, 2000)`)];
  const run = runInChild(cells, { liveDataMb: 256 });
  const refused = run.results.filter((r) => r.error);
  // 15.3 MB each: 16 fit in 256 MB, the rest are refused.
  assert.equal(run.results.slice(1, 17).filter((r) => r.error).length, 0);
  assert.equal(refused.length, 60 - 16);
  for (const r of refused) {
    assert.equal(r.error!.name, 'MemoryError');
    assert.match(r.error!.message, /refusing to allocate 15\.3 MB for a tensor of shape \[1, 10, 200, 2000\]/);
    assert.match(r.error!.message, /the largest are x0 \(15\.3 MB\)/);
    assert.match(r.error!.message, /`del name`.*convbook\.kernel\.liveDataMb/);
    assert.ok(r.ms < 1000, `refusal took ${r.ms} ms`);
  }
  assert.ok(run.maxRssMb < BASELINE_MB + 256 + 64, `peak RSS ${run.maxRssMb} MB`);
});

test('del frees a variable for the budget; so does rebinding, once the statement has finished', () => {
  const run = runInChild(
    [
      'import torch',
      'a = torch.ones(1, 10, 200, 2000)',
      'b = torch.ones(1, 10, 200, 2000)',
      'c = torch.ones(1, 10, 200, 2000)', // over 40 MB
      'del a',
      'c = torch.ones(1, 10, 200, 2000)',
      // As in Python, the old b is alive until the new value is bound: both do not fit.
      'b = torch.zeros(1, 10, 200, 2000)',
      'b = None',
      'b = torch.zeros(1, 10, 200, 2000)',
      'del nothing_here',
    ],
    { liveDataMb: 40 },
  );
  assert.deepEqual(
    run.results.map((r) => r.error?.name ?? 'ok'),
    ['ok', 'ok', 'ok', 'MemoryError', 'ok', 'ok', 'MemoryError', 'ok', 'ok', 'NameError'],
  );
  assert.equal(run.results[9].error!.line, 1);
});

test('torch.tensor of nested lists is checked before anything is built', () => {
  const run = runInChild(['import torch', 'x = torch.tensor([[[[0]*1000]*1000]*10]*30)', 'y = torch.tensor([[[0]*1000]*1000]*10)'], { liveDataMb: 32 });
  assert.match(run.results[1].error!.message, /shape \[30, 10, 1000, 1000\] \(300,000,000 elements\): over convbook's element budget/);
  assert.equal(run.results[2].error!.name, 'MemoryError');
  assert.match(run.results[2].error!.message, /38\.1 MB for a tensor of shape \[10, 1000, 1000\].*budget is 32\.0 MB/);
  assert.ok(run.results[1].ms < 1000 && run.results[2].ms < 1000, `${run.results[1].ms}, ${run.results[2].ms} ms`);
  assert.ok(run.maxRssMb < BASELINE_MB + 64, `peak RSS ${run.maxRssMb} MB`);
});

test('many lists end in a MemoryError in the cell, not an abort: Python’s heap shares the session budget', () => {
  // A million list slots are 4 MB in WebAssembly's 32-bit heap: about 32 fit in 128 MB.
  const cells = [...Array.from({ length: 40 }, (_, i) => `a${i} = [0] * 999999`), 'del a0, a1, a2\nb = [0] * 999999', 'len(b)'];
  const run = runInChild(cells, { liveDataMb: 128 });
  const firstRefused = run.results.findIndex((r) => r.error);
  assert.ok(firstRefused >= 25 && firstRefused <= 36, `first refused: cell ${firstRefused}`);
  for (const r of run.results.slice(firstRefused, 40)) {
    assert.equal(r.error!.name, 'MemoryError');
    assert.match(r.error!.message, /Python heap to [\d.]+ MB, over the [\d.]+ MB .*Free what you no longer need with `del name`, or raise the setting convbook\.kernel\.liveDataMb/);
    assert.equal(r.error!.line, 1);
  }
  // The interpreter lived on: deleting lists makes room again.
  assert.equal(run.results[40].error, null);
  assert.ok(run.maxRssMb < BASELINE_MB + 128 + 64, `peak RSS ${run.maxRssMb} MB`);
});

test('MAC bombs are refused at once, with the count, the time it would take and the setting', (t) => {
  const run = runInChild([
    'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F',
    'x = torch.ones(1, 512, 300, 300)',
    'nn.Conv2d(512, 512, 7)(x)',
    // A small output but 3.4e12 MACs: a 64×64 kernel slid over a 512×512 plane.
    'a = torch.ones(1, 64, 512, 512)\nw = torch.ones(64, 64, 64, 64)\nxs = x[:, :, :200, :200]\nwt = torch.ones(512, 512, 9, 9)',
    'F.conv2d(a, w)',
    'F.conv_transpose2d(xs, wt)',
    'b = torch.ones(1, 16, 1024, 1024)\nF.max_pool2d(b, 256, stride=1)',
  ]);
  const [, , conv, , functional, transposed, pool] = run.results;
  assert.match(conv.error!.message, /refusing to run conv2d of input \[1, 512, 300, 300\] and weight \[512, 512, 7, 7\]: 1\.11e12 multiply-accumulates would take about 56 s here, over the work budget of 600,000,000,000 \(about 30 s; setting convbook\.kernel\.workBudgetMacs\)/);
  assert.equal(conv.error!.line, 1);
  assert.match(functional.error!.message, /conv2d of input \[1, 64, 512, 512\] and weight \[64, 64, 64, 64\]: 3\.38e12 multiply-accumulates/);
  assert.match(transposed.error!.message, /849,346,560,000 multiply-accumulates would take about 42 s/);
  // 16 planes of 769×769 windows of 256×256: 6.2e11, just over.
  assert.match(pool.error!.message, /620,086,951,936 multiply-accumulates would take about 31 s/);
  t.diagnostic(`refused in ${[conv, functional, transposed, pool].map((r) => r.ms.toFixed(2)).join(', ')} ms`);
  // Bounded, not timed to the millisecond: a Python error's traceback costs more on a loaded machine.
  for (const r of [conv, functional, transposed, pool]) assert.ok(r.ms < 1000, `refused in ${r.ms} ms`);
});

test('tracked data is released by its owner once, or by the garbage collector', () => {
  const budget = new LiveDataBudget({ limitBytes: () => 1000, remedy: 'free it' });
  const data = new Float32Array(100);
  budget.charge(data.byteLength, 'a');
  budget.track(data);
  assert.equal(budget.liveBytes, 400);
  assert.throws(() => budget.charge(800, 'b'), /refusing to allocate 800 bytes for b: 400 bytes is already live.*budget is 1000 bytes\. free it/);
  budget.release(data);
  budget.release(data);
  assert.equal(budget.liveBytes, 0);
  budget.charge(800, 'b');
  assert.equal(budget.liveBytes, 800);
});

test('del is a statement of names, with Python\'s errors', () => {
  const run = runInChild(['x = 1', 'del x', 'x', 'del x[0]']);
  assert.equal(run.results[1].error, null);
  assert.match(run.results[2].error!.message, /name 'x' is not defined/);
  assert.equal(run.results[3].error!.name, 'NameError');
});
