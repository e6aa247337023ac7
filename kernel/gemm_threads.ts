// The second thread of the engine's two-thread GEMM: a worker_thread that instantiates the same
// WebAssembly module on the same shared memory and computes the columns of C it is handed, while
// the calling thread computes the rest (engine/wasm_gemm.ts splits; this file only hosts).
//
// Hand-off is through a small SharedArrayBuffer with Atomics.wait/notify (the calling thread
// blocks until the helper is done, which is what a synchronous engine op needs). The worker is
// unref'd and is a child of the thread that made it: terminating the kernel's worker (Interrupt)
// tears it down, and it never keeps a CLI process alive.

import { Worker } from 'node:worker_threads';
import { JOB_EXPORTS, type GemmHelper } from '../engine/wasm_gemm';

/**
 * Control words: 0 = job number posted (−1: stop), 1 = job number done (−1: failed), 2 = 1 once the
 * helper's module is instantiated, 3.. = job (op code, arguments).
 */
const POSTED = 0;
const DONE = 1;
const READY = 2;
const JOB = 3;
const JOB_WORDS = 20;

/**
 * How long a thread spins before it sleeps: the helper after a wake-up, for the job that follows;
 * the calling thread, for the helper's half. Waking a sleeping thread took 150 µs (the helper) and
 * 65 µs (the caller) in the benchmark, 5 % of a 4 ms conv on two threads.
 */
const SPIN_MS = 1;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const control = new Int32Array(workerData.control);
let seen = 0;
try {
  const instance = new WebAssembly.Instance(workerData.module, {
    env: { memory: workerData.memory, abort() { throw new Error('abort in the WebAssembly kernel'); } },
  });
  // Per op code, the export and how many arguments it takes.
  const ops = workerData.ops.map((name) => instance.exports[name]);
  Atomics.store(control, ${READY}, 1);
  Atomics.notify(control, ${READY});
  for (;;) {
    Atomics.wait(control, ${POSTED}, seen);
    // Woken ahead of a job (prepare): spin for it rather than fall asleep again before it comes.
    const until = performance.now() + ${SPIN_MS};
    while (Atomics.load(control, ${POSTED}) === seen && performance.now() < until);
    const posted = Atomics.load(control, ${POSTED});
    if (posted === seen) continue;
    seen = posted;
    if (seen < 0) break;
    const op = ops[control[${JOB}]];
    op(...control.subarray(${JOB + 1}, ${JOB + 1} + op.length));
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
  let posted = 0;
  const startThread = (): void => {
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control: control.buffer, ops: JOB_EXPORTS } });
      worker.unref();
    } catch {
      // Not allowed here (Node's permission model) or out of resources: ops stay on this thread.
      Atomics.store(control, DONE, -1);
    }
  };
  if (eager) {
    startThread();
    if (worker) Atomics.wait(control, READY, 0, 10_000);
  }
  return {
    minFlops,
    available(): boolean {
      if (!worker && Atomics.load(control, DONE) >= 0) startThread();
      return Atomics.load(control, READY) === 1 && Atomics.load(control, DONE) >= 0;
    },
    prepare(): void {
      if (Atomics.load(control, READY) === 1) Atomics.notify(control, POSTED);
    },
    start(job: readonly number[]): void {
      for (let i = 0; i < JOB_WORDS; i++) control[JOB + i] = job[i];
      posted++;
      Atomics.store(control, POSTED, posted);
      Atomics.notify(control, POSTED);
    },
    finish(): void {
      const until = performance.now() + SPIN_MS;
      for (;;) {
        const done = Atomics.load(control, DONE);
        if (done === posted) return;
        if (done < 0) throw new Error('the GEMM helper thread failed');
        if (performance.now() >= until) Atomics.wait(control, DONE, done);
      }
    },
    stop(): void {
      Atomics.store(control, POSTED, -1);
      Atomics.notify(control, POSTED);
      void worker?.terminate();
    },
  };
}
