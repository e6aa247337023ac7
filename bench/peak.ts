// The machine's WebAssembly SIMD peak (GFLOP/s on one core), measured in the benchmark's own run by
// wasm/peak.ts's register-only multiply-add loop, so "% of peak" compares like with like.

import { instantiateVariant, type KernelVariant } from '../kernel/wasm_kernels';

const ITERATIONS = 2_000_000;
const FLOPS_PER_ITERATION = 12 * 4 * 2;

/** Best of `tries` timings (the loop has no memory traffic: slower runs are other processes' load). */
export function measureWasmPeak(variant: Exclude<KernelVariant, 'ts'>, tries = 15): number | string {
  const instance = instantiateVariant(variant);
  if (typeof instance === 'string') return instance;
  let best = Infinity;
  let sink = 0;
  for (let t = 0; t < tries; t++) {
    const t0 = performance.now();
    sink += instance.exports.peakLoop(ITERATIONS, 1 + t * 1e-3);
    best = Math.min(best, performance.now() - t0);
  }
  if (Number.isNaN(sink)) return 'the peak loop produced NaN';
  return (ITERATIONS * FLOPS_PER_ITERATION) / (best / 1e3) / 1e9;
}
