// Compiles the AssemblyScript kernels (wasm/kernels.ts) into dist/, in two variants: with relaxed
// SIMD (fused multiply-add where the host's V8 has it) and with plain SIMD128. The host picks one
// at start-up (kernel/wasm_kernels.ts); nothing compiled is committed.
import asc from 'assemblyscript/asc';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** 2 GB of 64 KB pages: the most the host may grow the module's shared memory to. */
export const MAXIMUM_PAGES = 32768;

export const WASM_VARIANTS = {
  'wasm-relaxed-simd': { file: 'kernels-relaxed-simd.wasm', features: ['simd', 'relaxed-simd'] },
  'wasm-simd': { file: 'kernels-simd.wasm', features: ['simd'] },
};

/** Builds every variant into outDir; throws with the compiler's output on an error. */
export async function buildWasm(root, outDir = join(root, 'dist')) {
  mkdirSync(outDir, { recursive: true });
  for (const { file, features } of Object.values(WASM_VARIANTS)) {
    const args = [
      join(root, 'wasm', 'kernels.ts'),
      '-O3', '--noAssert', '--runtime', 'stub',
      // Shared memory, so a second thread (kernel/gemm_threads.ts) can work on the same operands.
      '--importMemory', '--sharedMemory', '--maximumMemory', String(MAXIMUM_PAGES), '--enable', 'threads',
      ...features.flatMap((f) => ['--enable', f]),
      '-o', join(outDir, file),
    ];
    let stderr = '';
    const { error } = await asc.main(args, { stderr: { write: (s) => { stderr += s; } } });
    if (error) throw new Error(`asc ${file}: ${error.message}\n${stderr}`);
    if (stderr.trim()) console.warn(stderr.trim());
  }
}
