// The second thread of the engine's two-thread GEMM: a worker_thread that instantiates the same
// WebAssembly module on the same shared memory and computes the columns of C it is handed, while
// the calling thread computes the rest (engine/wasm_gemm.ts splits; this file only hosts).
//
// Hand-off is through a small SharedArrayBuffer with Atomics.wait/notify (the calling thread
// blocks until the helper is done, which is what a synchronous engine op needs). The worker is
// unref'd and is a child of the thread that made it: terminating the kernel's worker (Interrupt)
// tears it down, and it never keeps a CLI process alive.

import { Worker } from 'node:worker_threads';
import { GEMM_JOB, type GemmHelper } from '../engine/wasm_gemm';

/**
 * Control words: 0 = job number posted (−1: stop), 1 = job number done (−1: failed), 2 = 1 once the
 * helper's module is instantiated, 3.. = job (op code, arguments).
 */
const POSTED = 0;
const DONE = 1;
const READY = 2;
const JOB = 3;
const JOB_WORDS = 16;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const control = new Int32Array(workerData.control);
let seen = 0;
try {
  const instance = new WebAssembly.Instance(workerData.module, {
    env: { memory: workerData.memory, abort() { throw new Error('abort in the WebAssembly kernel'); } },
  });
  const { gemm, im2col } = instance.exports;
  Atomics.store(control, ${READY}, 1);
  Atomics.notify(control, ${READY});
  for (;;) {
    Atomics.wait(control, ${POSTED}, seen);
    seen = Atomics.load(control, ${POSTED});
    if (seen < 0) break;
    const j = control.subarray(${JOB}, ${JOB + JOB_WORDS});
    if (j[0] === ${GEMM_JOB}) gemm(j[1], j[2], j[3], j[4], j[5], j[6], j[7], j[8], j[9], j[10], j[11], j[12], j[13], j[14], j[15]);
    else im2col(j[1], j[2], j[3], j[4], j[5], j[6]);
    Atomics.store(control, ${DONE}, seen);
    Atomics.notify(control, ${DONE});
  }
} catch (e) {
  Atomics.store(control, ${DONE}, -1);
  Atomics.notify(control, ${DONE});
}
`;

/**
 * The helper, started on first use: until its thread is up, available() says no and ops run on
 * the calling thread, so short sessions (a CLI run of small cells) never pay for starting it.
 * minFlops: products smaller than this (2·m·n·k) stay on the calling thread, where waking a second
 * one costs more than it saves. eager: start now and wait (up to 10 s) until it is up.
 */
export function gemmHelper(module: WebAssembly.Module, memory: WebAssembly.Memory, minFlops: number, eager = false): GemmHelper {
  const control = new Int32Array(new SharedArrayBuffer(4 * (JOB + JOB_WORDS)));
  let worker: Worker | null = null;
  /** A host that may not start threads (Node's permission model without --allow-worker): one thread. */
  let refused = false;
  let posted = 0;
  const startThread = (): void => {
    if (refused) return;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control: control.buffer } });
      worker.unref();
    } catch {
      refused = true;
    }
  };
  if (eager) {
    startThread();
    if (worker) Atomics.wait(control, READY, 0, 10_000);
  }
  return {
    minFlops,
    available(): boolean {
      if (!worker) startThread();
      if (!worker) return false;
      return Atomics.load(control, READY) === 1 && Atomics.load(control, DONE) >= 0;
    },
    start(job: readonly number[]): void {
      for (let i = 0; i < JOB_WORDS; i++) control[JOB + i] = job[i];
      posted++;
      Atomics.store(control, POSTED, posted);
      Atomics.notify(control, POSTED);
    },
    finish(): void {
      for (;;) {
        const done = Atomics.load(control, DONE);
        if (done === posted) return;
        if (done < 0) throw new Error('the GEMM helper thread failed');
        Atomics.wait(control, DONE, done);
      }
    },
    stop(): void {
      Atomics.store(control, POSTED, -1);
      Atomics.notify(control, POSTED);
      void worker?.terminate();
    },
  };
}
