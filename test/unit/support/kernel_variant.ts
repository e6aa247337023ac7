// Preloaded (node --import) into the engine and audit test files by scripts/test.mjs, once per
// kernel variant: installs the GEMM kernel CONVBOOK_KERNEL names (with CONVBOOK_THREADS threads), so the same golden, audit and
// property tests check every variant. A variant this host cannot run fails the run, never skips.

import { setGemmKernel } from '../../../engine/gemm';
import type { WasmGemmKernel } from '../../../engine/wasm_gemm';
import { KERNEL_VARIANTS, kernelFor, type KernelVariant } from '../../../kernel/wasm_kernels';

/** The variant this test process runs with: CONVBOOK_KERNEL, or the engine's default (TypeScript). */
export function requestedVariant(): KernelVariant {
  const wanted = process.env.CONVBOOK_KERNEL ?? 'ts';
  if (!(KERNEL_VARIANTS as readonly string[]).includes(wanted)) {
    throw new Error(`CONVBOOK_KERNEL=${wanted}: expected one of ${KERNEL_VARIANTS.join(', ')}`);
  }
  return wanted as KernelVariant;
}

/** CONVBOOK_THREADS=2 adds the helper thread, splitting every op however small so each split path runs. */
const threads = process.env.CONVBOOK_THREADS === '2' ? 2 : 1;
const kernel = kernelFor(requestedVariant(), { threads, minFlops: 0, eager: true });
if (typeof kernel === 'string') throw new Error(`CONVBOOK_KERNEL=${requestedVariant()} CONVBOOK_THREADS=${threads}: ${kernel}`);
if (threads === 2 && !(kernel as WasmGemmKernel).splitting()) throw new Error('CONVBOOK_THREADS=2: the helper thread did not come up');
setGemmKernel(kernel);
