// `npm run bench`: times convbook's engine (one and two threads) against TensorFlow.js (CPU) and
// ONNX Runtime (wasm with one thread, native with one and two), on typical layer shapes. Every peer's output is first compared with the
// engine's, so a wrong answer is never timed. Prints a table and writes bench/results.json.

import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { blockedGemmKernel, type GemmKernel } from '../engine/gemm';
import { installFastestKernel, loadWasmKernel } from '../kernel/wasm_kernels';
import { CASES, makeCaseData } from './cases';
import { ENGINE_1T, ENGINE_2T, engineWith, ortNode, ortNode2, ortWeb, tfjsCpu, type Implementation, type Prepared } from './implementations';
import { measureWasmPeak } from './peak';

const WARMUP_ROUNDS = 2;
const MIN_ROUNDS = 7;
const MAX_ROUNDS = 21;
/** Keep adding rounds (up to MAX_ROUNDS) until one case has taken this long. */
const MIN_CASE_MS = 4000;

interface Result {
  case: string;
  impl: string;
  ms_median: number;
  /** Process CPU time per run (all threads). */
  cpu_ms_median: number;
  gflops: number;
  /** GFLOP/s as a percentage of one core's WebAssembly SIMD peak, measured in this run. */
  pct_of_wasm_simd_peak: number;
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/**
 * Times several implementations in interleaved rounds (each runs once per round), so a burst of
 * load from other processes hits all of them alike and the ratios stay fair. Returns median wall
 * ms and median process CPU ms per run: on a loaded machine wall time mostly measures waiting for a
 * core, while the CPU time a one-thread run consumes does not (for a two-thread run it is the sum
 * over both threads, so only its wall time says how fast it is).
 */
async function interleavedMedians(prepared: Prepared[]): Promise<{ wall: number[]; cpu: number[] }> {
  for (let r = 0; r < WARMUP_ROUNDS; r++) for (const p of prepared) await p.run();
  const wall = prepared.map(() => [] as number[]);
  const cpu = prepared.map(() => [] as number[]);
  const start = performance.now();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (round >= MIN_ROUNDS && performance.now() - start > MIN_CASE_MS) break;
    for (const [i, p] of prepared.entries()) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await p.run();
      wall[i].push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[i].push((c.user + c.system) / 1e3);
    }
  }
  return { wall: wall.map(median), cpu: cpu.map(median) };
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

/** The engine/peer comparisons the targets are stated in: peer time ÷ engine time, > 1 = engine faster. */
const RATIOS: [string, string, string][] = [
  [ENGINE_1T, ortWeb.name, 'engine 1t vs ort-web 1t'],
  [ENGINE_1T, tfjsCpu.name, 'engine 1t vs tfjs-cpu'],
  [ENGINE_1T, ortNode.name, 'engine 1t vs ort-node 1t'],
  [ENGINE_1T, ortNode2.name, 'engine 1t vs ort-node 2t'],
  [ENGINE_2T, ENGINE_1T, 'engine 2t vs engine 1t'],
  [ENGINE_2T, ortNode2.name, 'engine 2t vs ort-node 2t'],
];

function ratioTable(results: Result[]): string[][] {
  const row = (c: string, impl: string): Result | undefined => results.find((r) => r.case === c && r.impl === impl);
  return [...new Set(results.map((r) => r.case))].map((c) => [
    c,
    ...RATIOS.map(([ours, peer]) => {
      const a = row(c, ours);
      const b = row(c, peer);
      if (!a || !b) return '-';
      const wall = `${(b.ms_median / a.ms_median).toFixed(2)}×`;
      // CPU time compares only one-thread runs: a two-thread run's CPU time is the sum of both.
      const oneThread = ![ours, peer].some((name) => name.includes('2 threads'));
      return oneThread ? `${wall} (cpu ${(b.cpu_ms_median / a.cpu_ms_median).toFixed(2)}×)` : wall;
    }),
  ]);
}

function printTable(header: string[], rows: string[][], leftColumns: number): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((v, i) => pad(v, widths[i], i >= leftColumns)).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  const notes: string[] = [];
  const kernel = installFastestKernel(notes).name;
  const variant = kernel.startsWith('wasm-relaxed-simd') ? 'wasm-relaxed-simd' : 'wasm-simd';
  // The peak is the best of measurements before every case: under load, one burst can miss it.
  let peak = 0;
  const measurePeak = (): void => {
    const p = measureWasmPeak(variant);
    if (typeof p === 'string') throw new Error(`cannot measure the WebAssembly SIMD peak: ${p}`);
    peak = Math.max(peak, p);
  };
  measurePeak();
  const oneThread = loadWasmKernel(variant);
  const twoThreads = loadWasmKernel(variant, { threads: 2, eager: true });
  const engine = engineWith(ENGINE_1T, typeof oneThread === 'string' ? blockedGemmKernel : oneThread);
  const peers: Implementation[] = [tfjsCpu, ortWeb, ortNode, ortNode2];
  if (typeof twoThreads === 'string') notes.push(`${ENGINE_2T}: ${twoThreads}`);
  else peers.unshift(engineWith(ENGINE_2T, twoThreads as GemmKernel));
  const results: Result[] = [];
  const rows: string[][] = [];
  console.log(`node ${process.version}, GEMM kernel: ${kernel}; per case, implementations run in interleaved rounds (≥${MIN_ROUNDS} after ${WARMUP_ROUNDS} warm-up rounds); median ms\n`);

  for (const [index, c] of CASES.entries()) {
    measurePeak();
    const d = makeCaseData(c, 1000 + 10 * index);
    const gflop = (2 * d.macs) / 1e9;
    const ours = (await engine.prepare(c, d)) as Prepared;
    const reference = await ours.output();
    const scale = reference.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
    const timed: { name: string; prepared: Prepared; diff: string }[] = [{ name: engine.name, prepared: ours, diff: '-' }];
    const skipped: string[][] = [];
    for (const impl of peers) {
      const p = await impl.prepare(c, d);
      if (typeof p === 'string') {
        notes.push(`${c.name} / ${impl.name}: ${p}`);
        skipped.push([c.name, impl.name, 'n/a', '', '', '', '', '']);
        continue;
      }
      const diff = maxAbsDiff(await p.output(), reference);
      if (!(diff <= 1e-3 * scale)) {
        notes.push(`${c.name} / ${impl.name}: output disagrees with the engine (max |diff| = ${diff}); not timed`);
        skipped.push([c.name, impl.name, 'WRONG', '', '', '', '', diff.toExponential(1)]);
        p.dispose();
        continue;
      }
      timed.push({ name: impl.name, prepared: p, diff: diff.toExponential(1) });
    }
    const medians = await interleavedMedians(timed.map((t) => t.prepared));
    const engineMs = medians.wall[0];
    for (const [i, t] of timed.entries()) {
      const ms = medians.wall[i];
      const cpuMs = medians.cpu[i];
      t.prepared.dispose();
      const gflops = gflop / (ms / 1e3);
      // % of peak is filled in once the peak is known, after the last case.
      results.push({ case: c.name, impl: t.name, ms_median: ms, cpu_ms_median: cpuMs, gflops, pct_of_wasm_simd_peak: 0 });
      rows.push([c.name, t.name, ms.toFixed(2), cpuMs.toFixed(2), gflops.toFixed(2), String(results.length - 1), (ms / engineMs).toFixed(2), t.diff]);
      console.log(`${c.name} / ${t.name}: ${ms.toFixed(2)} ms`);
    }
    rows.push(...skipped);
  }

  for (const r of results) r.pct_of_wasm_simd_peak = (100 * r.gflops) / peak;
  for (const row of rows) if (row[5] !== '') row[5] = results[Number(row[5])].pct_of_wasm_simd_peak.toFixed(0);
  console.log(`\n${variant} peak: ${peak.toFixed(1)} GFLOP/s on one core (register-only loop, best of the measurements before each case)`);
  printTable(['case', 'impl', 'ms_median', 'cpu_ms', 'GFLOP/s', '% peak', 'time/engine 1t', 'max|diff|'], rows, 2);
  console.log('\n% peak: of one core\'s WebAssembly SIMD peak; above 100 only with more than one thread or native code.');
  printTable(['case', ...RATIOS.map(([, , label]) => label)], ratioTable(results), 1);
  console.log('\nratio = peer time / engine time: > 1 means the engine is that many times faster. Wall-clock medians;');
  console.log('in brackets the same ratio of process CPU time, which waiting for a core on a loaded machine does not inflate.');
  for (const n of notes) console.log(`note: ${n}`);

  const out = join(__dirname, 'results.json');
  const meta = { node: process.version, gemm_kernel: kernel, wasm_simd_peak_gflops: peak, cpus: availableParallelism() };
  writeFileSync(out, JSON.stringify({ meta, rows: results }, null, 2) + '\n');
  console.log(`\nwrote ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
