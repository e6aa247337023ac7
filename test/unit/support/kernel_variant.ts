// Preloaded (node --import) into the engine and audit test files by scripts/test.mjs, once per
// kernel variant: installs the GEMM kernel CONVBOOK_KERNEL names, so the same golden, audit and
// property tests check every variant. A variant this host cannot run fails the run, never skips.

import { setGemmKernel } from '../../../engine/gemm';
import { KERNEL_VARIANTS, kernelFor, type KernelVariant } from '../../../kernel/wasm_kernels';

/** The variant this test process runs with: CONVBOOK_KERNEL, or the engine's default (TypeScript). */
export function requestedVariant(): KernelVariant {
  const wanted = process.env.CONVBOOK_KERNEL ?? 'ts';
  if (!(KERNEL_VARIANTS as readonly string[]).includes(wanted)) {
    throw new Error(`CONVBOOK_KERNEL=${wanted}: expected one of ${KERNEL_VARIANTS.join(', ')}`);
  }
  return wanted as KernelVariant;
}

const kernel = kernelFor(requestedVariant());
if (typeof kernel === 'string') throw new Error(`CONVBOOK_KERNEL=${requestedVariant()}: ${kernel}`);
setGemmKernel(kernel);
