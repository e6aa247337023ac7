// `npm run bench`: times convbook's engine against TensorFlow.js (CPU) and ONNX Runtime (wasm and
// native), single-threaded, on typical layer shapes. Every peer's output is first compared with the
// engine's, so a wrong answer is never timed. Prints a table and writes bench/results.json.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getGemmKernel } from '../engine/gemm';
import { CASES, makeCaseData } from './cases';
import { engine, ortNode, ortWeb, tfjsCpu, type Implementation, type Prepared } from './implementations';

const WARMUP_RUNS = 2;
const MIN_RUNS = 5;
const MAX_RUNS = 15;
/** Keep sampling (up to MAX_RUNS) until this much time has been spent on one measurement. */
const MIN_TOTAL_MS = 1500;

interface Result {
  case: string;
  impl: string;
  ms_median: number;
  gflops: number;
}

async function medianMs(p: Prepared): Promise<number> {
  for (let i = 0; i < WARMUP_RUNS; i++) await p.run();
  const times: number[] = [];
  let total = 0;
  while (times.length < MIN_RUNS || (total < MIN_TOTAL_MS && times.length < MAX_RUNS)) {
    const t0 = performance.now();
    await p.run();
    const dt = performance.now() - t0;
    times.push(dt);
    total += dt;
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

async function main(): Promise<void> {
  const peers: Implementation[] = [tfjsCpu, ortWeb, ortNode];
  const results: Result[] = [];
  const rows: string[][] = [];
  const notes: string[] = [];
  console.log(`node ${process.version}, GEMM kernel: ${getGemmKernel().name}; single-threaded; median of ≥${MIN_RUNS} runs after ${WARMUP_RUNS} warm-ups\n`);

  for (const [index, c] of CASES.entries()) {
    const d = makeCaseData(c, 1000 + 10 * index);
    const gflop = (2 * d.macs) / 1e9;
    const ours = (await engine.prepare(c, d)) as Prepared;
    const reference = await ours.output();
    const scale = reference.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
    const engineMs = await medianMs(ours);
    results.push({ case: c.name, impl: engine.name, ms_median: engineMs, gflops: gflop / (engineMs / 1e3) });
    rows.push([c.name, engine.name, engineMs.toFixed(2), (gflop / (engineMs / 1e3)).toFixed(2), '1.00', '-']);
    console.log(`${c.name} / ${engine.name}: ${engineMs.toFixed(2)} ms`);

    for (const impl of peers) {
      const p = await impl.prepare(c, d);
      if (typeof p === 'string') {
        notes.push(`${c.name} / ${impl.name}: ${p}`);
        rows.push([c.name, impl.name, 'n/a', '', '', '']);
        continue;
      }
      const diff = maxAbsDiff(await p.output(), reference);
      if (!(diff <= 1e-3 * scale)) {
        notes.push(`${c.name} / ${impl.name}: output disagrees with the engine (max |diff| = ${diff}); not timed`);
        rows.push([c.name, impl.name, 'WRONG', '', '', diff.toExponential(1)]);
        p.dispose();
        continue;
      }
      const ms = await medianMs(p);
      p.dispose();
      results.push({ case: c.name, impl: impl.name, ms_median: ms, gflops: gflop / (ms / 1e3) });
      rows.push([c.name, impl.name, ms.toFixed(2), (gflop / (ms / 1e3)).toFixed(2), (ms / engineMs).toFixed(2), diff.toExponential(1)]);
      console.log(`${c.name} / ${impl.name}: ${ms.toFixed(2)} ms`);
    }
  }

  const header = ['case', 'impl', 'ms_median', 'GFLOP/s', 'peer/engine time', 'max|diff|'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((v, i) => pad(v, widths[i], i >= 2)).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
  console.log('\npeer/engine time > 1 means the engine is that many times faster.');
  for (const n of notes) console.log(`note: ${n}`);

  const out = join(__dirname, 'results.json');
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwrote ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
