// `node --import tsx bench/python_runtime.ts`: the Python runtime's start-up and latency figures.
// Each start is measured in a fresh Node process (a warm module cache would flatter it):
// - cold: CPython booted from scratch (Pyodide's wasm, the stdlib, the runtime, warm modules);
// - cold + save: the same, then the memory snapshot written to the cache;
// - snapshot: started from that snapshot, as every later kernel is;
// and in each, the first cell, a warm trivial cell and a warm 5×5 convolution written in plain
// Python (medians of 50), the process's RSS once the kernel is ready (Node itself included) and
// what a second notebook's interpreter adds to it. Then, through the built worker (dist/worker.js,
// `node scripts/build.mjs` first) and KernelClient as the extension drives it: Run → output, and
// `convbook.summary` of ResNet-50 (test/fixtures/models/resnet.py, a shape-only trace).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { DEFAULT_KERNEL_SETTINGS, MIME, decodeOutputItem } from '../contract';
import { KernelClient } from '../kernel/kernel_client';
import { PythonSession } from '../python/runtime/python_session';

const CONV_5X5 = [
  'x = [[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]]',
  'k = [[0, 1, 2], [2, 2, 0], [0, 1, 2]]',
  '[[sum(x[i + a][j + b] * k[a][b] for a in range(3) for b in range(3)) for j in range(3)] for i in range(3)]',
].join('\n');

interface Figures {
  boot: string;
  readyMs: number;
  firstCellMs: number;
  trivialCellMs: number;
  conv5x5CellMs: number;
  rssMb: number;
  /** What one more notebook's interpreter adds to the process's RSS. */
  secondKernelMb: number;
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  return v[v.length >> 1];
}

async function timeCell(session: PythonSession, source: string, rounds: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const result = await session.execute(source);
    times.push(performance.now() - t);
    if (result.error) throw new Error(`${source}: ${result.error.name}: ${result.error.message}`);
  }
  return median(times);
}

async function measureOnce(cacheDir: string | undefined): Promise<Figures> {
  const started = performance.now();
  const session = new PythonSession({ settings: { ...DEFAULT_KERNEL_SETTINGS, ...(cacheDir ? { cacheDir } : {}) } });
  const boot = await session.ready();
  const readyMs = performance.now() - started;
  const rssMb = process.memoryUsage().rss / 1048576;
  const firstCellMs = await timeCell(session, '1 + 1', 1);
  const trivialCellMs = await timeCell(session, 'x = 1 + 1\nx', 50);
  const conv5x5CellMs = await timeCell(session, CONV_5X5, 50);
  const second = new PythonSession({ settings: { ...DEFAULT_KERNEL_SETTINGS, ...(cacheDir ? { cacheDir } : {}) } });
  await second.ready();
  await timeCell(second, '1 + 1', 1);
  const secondKernelMb = process.memoryUsage().rss / 1048576 - rssMb;
  return { boot, readyMs, firstCellMs, trivialCellMs, conv5x5CellMs, rssMb, secondKernelMb };
}

function inFreshProcess(cacheDir: string | undefined): Figures {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', cacheDir ?? ''], { encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`measurement failed: ${r.stderr}`);
  return JSON.parse(line) as Figures;
}

/** Median Run → output of warm cells through a worker thread, as the extension sees it. */
async function throughWorker(cacheDir: string, source: string): Promise<{ firstMs: number; warmMs: number }> {
  const workerPath = join(__dirname, '..', 'dist', 'worker.js');
  const client = new KernelClient({ workerPath, memoryLimitMb: 2048 });
  const settings = { ...DEFAULT_KERNEL_SETTINGS, runtime: 'python' as const, cacheDir };
  try {
    let t = performance.now();
    await client.execute('bench', '1 + 1', settings);
    const firstMs = performance.now() - t;
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      t = performance.now();
      const r = await client.execute('bench', source, settings);
      times.push(performance.now() - t);
      if (r.error) throw new Error(r.error.message);
    }
    return { firstMs, warmMs: median(times) };
  } finally {
    await client.dispose();
  }
}

/** Building ResNet-50 from its model file and summarising it in the kernel, warm (medians of 5). */
async function resnet50Summary(cacheDir: string): Promise<{ buildMs: number; summaryMs: number; totals: string }> {
  const workerPath = join(__dirname, '..', 'dist', 'worker.js');
  const fixtures = join(__dirname, '..', 'test', 'fixtures', 'models');
  const client = new KernelClient({ workerPath, memoryLimitMb: 2048 });
  const settings = { ...DEFAULT_KERNEL_SETTINGS, runtime: 'python' as const, cacheDir, workspaceRoot: fixtures, notebookDir: fixtures };
  const cell = async (source: string): Promise<number> => {
    const t = performance.now();
    const r = await client.execute('bench-resnet', source, settings);
    if (r.error) throw new Error(`${source}: ${r.error.name}: ${r.error.message}`);
    return performance.now() - t;
  };
  try {
    await cell('import convbook\nfrom resnet import resnet50');
    const builds: number[] = [];
    const summaries: number[] = [];
    for (let i = 0; i < 5; i++) {
      builds.push(await cell('model = resnet50()'));
      summaries.push(await cell('s = convbook.summary(model, input_size=(1, 3, 224, 224))'));
    }
    const totals = await client.execute('bench-resnet', 'print(f"{s.total_params:,} params, {s.total_macs:,} MACs, {len(s.rows)} calls")', settings);
    const text = totals.outputs.flat().map(decodeOutputItem).filter((i) => i.mime === MIME.plain).map((i) => String(i.value)).join('').trim();
    return { buildMs: median(builds), summaryMs: median(summaries), totals: text };
  } finally {
    await client.dispose();
  }
}

async function main(): Promise<void> {
  const child = process.argv.indexOf('--child');
  if (child >= 0) {
    console.log(JSON.stringify(await measureOnce(process.argv[child + 1] || undefined)));
    return;
  }
  const cacheDir = mkdtempSync(join(tmpdir(), 'convbook-bench-snapshot-'));
  try {
    const rows = [inFreshProcess(undefined), inFreshProcess(cacheDir), inFreshProcess(cacheDir), inFreshProcess(cacheDir)];
    console.log('start               ready ms  first cell ms  trivial cell ms  5x5 cell ms  RSS MB  +1 kernel MB');
    for (const r of rows) {
      console.log(
        `${r.boot.padEnd(20)}${r.readyMs.toFixed(0).padStart(8)}${r.firstCellMs.toFixed(1).padStart(15)}${r.trivialCellMs.toFixed(2).padStart(17)}${r.conv5x5CellMs.toFixed(2).padStart(13)}${r.rssMb.toFixed(0).padStart(8)}${r.secondKernelMb.toFixed(0).padStart(14)}`,
      );
    }
    if (existsSync(join(__dirname, '..', 'dist', 'worker.js'))) {
      const worker = await throughWorker(cacheDir, CONV_5X5);
      console.log(`worker thread, snapshot cached: first cell (spawn + start) ${worker.firstMs.toFixed(0)} ms, warm 5x5 cell Run → output ${worker.warmMs.toFixed(2)} ms`);
      const resnet = await resnet50Summary(cacheDir);
      console.log(`ResNet-50 in the kernel: build ${resnet.buildMs.toFixed(0)} ms, summary (shape-only trace) ${resnet.summaryMs.toFixed(0)} ms, Run → output — ${resnet.totals}`);
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

void main();
