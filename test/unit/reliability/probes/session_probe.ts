// Runs cells in one Python session inside this (child) process, as the kernel runs them, and prints
// what each did, with the process's RSS after each cell and its peak: the reliability tests measure
// memory here, away from the test runner's own heap. Input: a JSON file { settings?, cells } as argv[2].
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_KERNEL_SETTINGS } from '../../../../contract';
import { liveBytes } from '../../../../python/bridge/ref';
import { torchPackageInstaller } from '../../../../python/install_package';
import { PythonSession } from '../../../../python/runtime/python_session';
import { peakRssMb } from './peak_rss';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8')) as { settings?: object; cells: string[] };
const settings = { ...DEFAULT_KERNEL_SETTINGS, ...input.settings };
const installer = torchPackageInstaller({ packageDir: join(__dirname, '../../../../python/pkg'), settings });
// As kernel/worker.ts: tensors and Python objects share the live-data budget.
const session = new PythonSession({ settings, installer, heapLimitBytes: () => settings.liveDataMb * 2 ** 20 - liveBytes(settings) });
void (async () => {
  await session.ready();
  const results = [];
  for (const source of input.cells) {
    const started = performance.now();
    const { error } = await session.execute(source);
    results.push({ error: error && { name: error.name, message: error.message, line: error.line }, ms: performance.now() - started, rssMb: process.memoryUsage().rss / 2 ** 20 });
  }
  process.stdout.write(JSON.stringify({ results, maxRssMb: peakRssMb() }));
  process.exit(0);
})();
