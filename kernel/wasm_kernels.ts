// Picks and installs the engine's fastest GEMM kernel for this host, at start-up: WebAssembly with
// relaxed SIMD (fused multiply-add) if V8 accepts it, else plain SIMD128, else the engine's own
// TypeScript kernel. The .wasm files are built from wasm/ by scripts/build_wasm.mjs into dist/,
// beside the bundles (dist/worker.js, dist/cli.js); run from source (tests, benchmark) they are
// read from the repository's dist/.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockedGemmKernel, setGemmKernel, type GemmKernel } from '../engine/gemm';
import { wasmGemmKernel, type GemmModuleExports, type WasmGemmKernel } from '../engine/wasm_gemm';

export type KernelVariant = 'wasm-relaxed-simd' | 'wasm-simd' | 'ts';

/** Fastest first. */
export const KERNEL_VARIANTS: readonly KernelVariant[] = ['wasm-relaxed-simd', 'wasm-simd', 'ts'];

const FILES: Record<Exclude<KernelVariant, 'ts'>, string> = {
  'wasm-relaxed-simd': 'kernels-relaxed-simd.wasm',
  'wasm-simd': 'kernels-simd.wasm',
};

function wasmPath(file: string): string {
  const beside = join(__dirname, file);
  return existsSync(beside) ? beside : join(__dirname, '..', 'dist', file);
}

/**
 * Node 20's V8 (11.3) has relaxed SIMD behind --experimental-wasm-relaxed-simd; it became default
 * in V8 11.4 (Node 22, Electron ≥ 25). The flag only lets the validator accept the relaxed opcodes,
 * so it is switched on for this process when the relaxed module does not validate without it.
 */
function relaxedSimdAccepted(bytes: Uint8Array<ArrayBuffer>): boolean {
  if (WebAssembly.validate(bytes)) return true;
  if (process.versions.electron) return false;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return WebAssembly.validate(bytes);
}

export interface KernelInstance {
  exports: GemmModuleExports & { peakLoop(iterations: number, seed: number): number };
  memory: WebAssembly.Memory;
}

/** A fresh instance of a WebAssembly variant's module, or the reason this host cannot run it. */
export function instantiateVariant(variant: Exclude<KernelVariant, 'ts'>): KernelInstance | string {
  const path = wasmPath(FILES[variant]);
  if (!existsSync(path)) return `${path} is missing (npm run build makes it)`;
  const bytes = new Uint8Array(readFileSync(path));
  const valid = variant === 'wasm-relaxed-simd' ? relaxedSimdAccepted(bytes) : WebAssembly.validate(bytes);
  if (!valid) return `this V8 (${process.versions.v8}) does not accept ${variant}`;
  const memory = new WebAssembly.Memory({ initial: 64 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    env: { memory, abort: () => { throw new Error(`${variant}: abort`); } },
  });
  return { exports: instance.exports as unknown as KernelInstance['exports'], memory };
}

/** The kernel for a WebAssembly variant, or the reason this host cannot run it. */
export function loadWasmKernel(variant: Exclude<KernelVariant, 'ts'>): WasmGemmKernel | string {
  const instance = instantiateVariant(variant);
  return typeof instance === 'string' ? instance : wasmGemmKernel(variant, instance.exports, instance.memory);
}

export function kernelFor(variant: KernelVariant): GemmKernel | string {
  return variant === 'ts' ? blockedGemmKernel : loadWasmKernel(variant);
}

/** Installs the fastest variant this host runs and returns it; `notes` says why faster ones were skipped. */
export function installFastestKernel(notes: string[] = []): GemmKernel {
  for (const variant of KERNEL_VARIANTS) {
    const kernel = kernelFor(variant);
    if (typeof kernel === 'string') {
      notes.push(kernel);
      continue;
    }
    setGemmKernel(kernel);
    return kernel;
  }
  return blockedGemmKernel;
}
