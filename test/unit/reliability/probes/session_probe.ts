// Runs cells in one language session inside this (child) process and prints what each did, with
// the process's RSS after each cell and its peak: the reliability tests measure memory here, away
// from the test runner's own heap. Input: a JSON file { settings?, cells, gcEvery? } as argv[2].
import { readFileSync } from 'node:fs';
import { DEFAULT_KERNEL_SETTINGS } from '../../../../contract';
import { Session } from '../../../../lang/session';
import { peakRssMb } from './peak_rss';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8')) as { settings?: object; cells: string[] };
const session = new Session({ settings: { ...DEFAULT_KERNEL_SETTINGS, ...input.settings } });
const results = input.cells.map((source) => {
  const started = performance.now();
  const { error } = session.execute(source);
  return { error: error && { name: error.name, message: error.message, line: error.line }, ms: performance.now() - started, rssMb: process.memoryUsage().rss / 2 ** 20 };
});
process.stdout.write(JSON.stringify({ results, maxRssMb: peakRssMb() }));
