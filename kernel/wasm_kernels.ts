// Picks and installs the engine's fastest GEMM kernel for this host, at start-up: WebAssembly with
// relaxed SIMD (fused multiply-add) if V8 accepts it, else plain SIMD128, else the engine's own
// TypeScript kernel. The .wasm files are built from wasm/ by scripts/build_wasm.mjs into dist/,
// beside the bundles (dist/worker.js, dist/cli.js); run from source (tests, benchmark) they are
// read from the repository's dist/.

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { blockedGemmKernel, setGemmKernel, type GemmKernel } from '../engine/gemm';
import { wasmGemmKernel, type GemmModuleExports, type WasmGemmKernel } from '../engine/wasm_gemm';
import { gemmHelper } from './gemm_threads';

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
  module: WebAssembly.Module;
}

/** The most the module's shared memory may grow to, in 64 KB pages (scripts/build_wasm.mjs's MAXIMUM_PAGES). */
const MAXIMUM_PAGES = 32768;

/**
 * Below this many flops (2·m·n·k) a GEMM stays on one thread. Handing half to the helper and
 * waiting for it was measured at about 15 µs (m = 64, k = 576, n = 16: 37 µs alone, 51 µs split);
 * from 5 MFLOP (about 150 µs on one thread at 32 GFLOP/s) that is under a tenth of the work.
 */
export const SPLIT_MIN_FLOPS = 5e6;

export interface KernelOptions {
  /** 1 (default) or 2: a helper thread takes half of each large op. */
  threads?: 1 | 2;
  /** Overrides SPLIT_MIN_FLOPS (tests split everything with 0). */
  minFlops?: number;
  /** Start the helper thread now and wait for it, instead of on the first large op (tests, benchmark). */
  eager?: boolean;
}

/** A fresh instance of a WebAssembly variant's module, or the reason this host cannot run it. */
export function instantiateVariant(variant: Exclude<KernelVariant, 'ts'>): KernelInstance | string {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    const path = wasmPath(FILES[variant]);
    if (!existsSync(path)) return `${path} is missing (npm run build makes it)`;
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    // Under Node's permission model a folder outside the granted ones cannot even be looked at.
    return `${FILES[variant]} cannot be read here: ${(e as Error).message}`;
  }
  const valid = variant === 'wasm-relaxed-simd' ? relaxedSimdAccepted(bytes) : WebAssembly.validate(bytes);
  if (!valid) return `this V8 (${process.versions.v8}) does not accept ${variant}`;
  const memory = new WebAssembly.Memory({ initial: 64, maximum: MAXIMUM_PAGES, shared: true });
  try {
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, {
      env: { memory, abort: () => { throw new Error(`${variant}: abort`); } },
    });
    return { exports: instance.exports as unknown as KernelInstance['exports'], memory, module };
  } catch (e) {
    // A host whose V8 validates the module but cannot link or compile it falls back like one that rejects it.
    return `${variant} does not instantiate: ${(e as Error).message}`;
  }
}

/** The kernel for a WebAssembly variant, or the reason this host cannot run it. */
export function loadWasmKernel(variant: Exclude<KernelVariant, 'ts'>, options: KernelOptions = {}): WasmGemmKernel | string {
  const instance = instantiateVariant(variant);
  if (typeof instance === 'string') return instance;
  const helper = options.threads === 2 ? gemmHelper(instance.module, instance.memory, options.minFlops ?? SPLIT_MIN_FLOPS, options.eager) : undefined;
  return wasmGemmKernel(variant, instance.exports, instance.memory, helper);
}

/** The TypeScript kernel has one thread only: asking it for two is the reason string. */
export function kernelFor(variant: KernelVariant, options: KernelOptions = {}): GemmKernel | string {
  if (variant !== 'ts') return loadWasmKernel(variant, options);
  return options.threads === 2 ? 'the TypeScript kernel runs on one thread' : blockedGemmKernel;
}

/** False in a process under Node's permission model without --allow-worker (the confined kernel has it). */
function workersPermitted(): boolean {
  const permission = (process as { permission?: { has(scope: string): boolean } }).permission;
  return permission === undefined || permission.has('worker');
}

/**
 * Installs the fastest variant this host runs, with a helper thread when there is a second core
 * (CONVBOOK_THREADS=1: never), and returns it; `notes` says why faster ones were skipped.
 */
export function installFastestKernel(notes: string[] = []): GemmKernel {
  let threads: 1 | 2 = process.env.CONVBOOK_THREADS === '1' || availableParallelism() < 2 ? 1 : 2;
  if (threads === 2 && !workersPermitted()) {
    threads = 1;
    notes.push('one thread: Node\'s permission model denies this process worker threads');
  }
  // CONVBOOK_KERNEL=ts|wasm-simd|wasm-relaxed-simd pins a variant (it still falls back if unavailable).
  const pinned = KERNEL_VARIANTS.indexOf(process.env.CONVBOOK_KERNEL as KernelVariant);
  for (const variant of KERNEL_VARIANTS.slice(Math.max(0, pinned))) {
    const kernel = kernelFor(variant, { threads: variant === 'ts' ? 1 : threads });
    if (typeof kernel === 'string') {
      notes.push(kernel);
      continue;
    }
    setGemmKernel(kernel);
    return kernel;
  }
  return blockedGemmKernel;
}
