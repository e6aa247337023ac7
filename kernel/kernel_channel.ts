// How the client reaches a kernel: a worker thread (the default: starts fast, output buffers are
// transferred, not copied) or a child process. The process costs a little more to start and copies
// outputs, but isolates completely: V8 cannot refuse one oversized heap allocation gracefully, and
// in a worker thread that aborts the whole host process (in VS Code, the extension host), while a
// child process only takes itself down.

import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from '../contract';

export type KernelIsolation = 'thread' | 'process';

export interface ChannelOptions {
  workerPath: string;
  isolation: KernelIsolation;
  memoryLimitMb: number;
  execArgv?: string[];
  /**
   * Process isolation only: the watchdog kills a kernel whose resident memory passes this many
   * MB (read when checked, so it follows the settings). Tensor data is outside the heap limit;
   * the live-data budget bounds it in the kernel, and this bounds it from outside.
   */
  rssLimitMb?: () => number;
}

export interface ChannelExit {
  /** The kernel hit its heap limit. */
  outOfMemory: boolean;
  /** What the kernel said last (error message or stderr line), when anything. */
  detail?: string;
  /** The watchdog stopped it: its resident memory, in MB, when it was killed. */
  overRssMb?: number;
}

export interface ChannelEvents {
  message(message: WorkerResponse): void;
  exit(exit: ChannelExit): void;
}

export interface KernelChannel {
  post(message: WorkerRequest): void;
  /** Stops the kernel at once, whatever it is doing; resolves when it is gone. */
  terminate(): Promise<void>;
}

export function openChannel(options: ChannelOptions, events: ChannelEvents): KernelChannel {
  return options.isolation === 'process' ? openProcess(options, events) : openThread(options, events);
}

function openThread(options: ChannelOptions, events: ChannelEvents): KernelChannel {
  const worker = new Worker(options.workerPath, {
    resourceLimits: { maxOldGenerationSizeMb: options.memoryLimitMb },
    execArgv: options.execArgv,
  });
  let error: (Error & { code?: unknown }) | undefined;
  worker.on('message', (message: WorkerResponse) => events.message(message));
  worker.on('error', (err) => (error = err));
  worker.on('exit', () => events.exit({ outOfMemory: error?.code === 'ERR_WORKER_OUT_OF_MEMORY', detail: error?.message }));
  return {
    post: (message) => worker.postMessage(message),
    terminate: () => worker.terminate().then(() => undefined),
  };
}

const STDERR_TAIL = 4096;
const WATCHDOG_INTERVAL_MS = 250;

/** Resident memory of a process in MB, where the platform shows it (Linux's /proc); else undefined. */
export function residentMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function openProcess(options: ChannelOptions, events: ChannelEvents): KernelChannel {
  const child: ChildProcess = fork(options.workerPath, [], {
    execArgv: [...(options.execArgv ?? []), `--max-old-space-size=${options.memoryLimitMb}`],
    // Structured clone, so Uint8Array outputs arrive as Uint8Array (copied: processes share no memory).
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  let spawnError: Error | undefined;
  let exited = false;
  let markGone: () => void = () => undefined;
  const gone = new Promise<void>((resolve) => (markGone = resolve));
  child.stderr?.setEncoding('utf8');
  // Kept, not echoed: a V8 fatal error prints a native stack trace nobody needs; the last line
  // explains the crash in the cell's error.
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });
  let overRssMb: number | undefined;
  const watchdog = options.rssLimitMb
    ? setInterval(() => {
        const rss = child.pid === undefined ? undefined : residentMb(child.pid);
        if (rss !== undefined && rss > options.rssLimitMb!() && !exited) {
          overRssMb = rss;
          child.kill('SIGKILL');
        }
      }, WATCHDOG_INTERVAL_MS)
    : undefined;
  watchdog?.unref();
  child.on('message', (message) => events.message(message as WorkerResponse));
  child.on('error', (err) => {
    spawnError = err;
    // A process that never started emits no 'exit'.
    if (child.pid === undefined && !exited) {
      exited = true;
      markGone();
      events.exit({ outOfMemory: false, detail: err.message });
    }
  });
  child.on('exit', (code, signal) => {
    clearInterval(watchdog);
    if (exited) return;
    exited = true;
    markGone();
    const outOfMemory = overRssMb !== undefined || /heap out of memory|Allocation failed/i.test(stderr);
    const detail = spawnError?.message ?? explainStderr(stderr) ?? (signal ? `killed by ${signal}` : `exit code ${code}`);
    events.exit({ outOfMemory, detail, ...(overRssMb !== undefined ? { overRssMb } : {}) });
  });
  return {
    post: (message) => {
      if (!exited && child.connected) child.send(message);
    },
    terminate: () => {
      clearInterval(watchdog);
      if (!exited) child.kill('SIGKILL');
      return gone;
    },
  };
}

/** The line of a dead process's stderr that says what went wrong: its last error line, if any. */
function explainStderr(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const errors = lines.filter((l) => /^(FATAL ERROR|[A-Za-z]*Error\b)/.test(l));
  return errors.pop() ?? lines.filter((l) => !l.startsWith('at ') && !/^Node\.js v/.test(l)).pop();
}
