// `convbook inspect` traces a file the way the editor does: as a trace request cell
// (reader/trace_request.ts) run by the Python runtime in the kernel worker, with a timeout that
// stops the worker, so a model that never finishes cannot hang the CLI.

import { basename, dirname } from 'node:path';
import { DEFAULT_KERNEL_SETTINGS, type KernelSettings } from '../contract';
import type { TraceOutcome, TraceRequest } from '../contract/trace';
import { outcomeFromOutputs, traceCellSource } from '../reader/trace_request';
import { KernelCells, TIMEOUT_ERROR } from './kernel_cells';

export interface KernelTraceOptions {
  workerPath: string;
  /** Milliseconds the trace may take (0: no limit). */
  timeoutMs: number;
  /** Extra node flags for the worker (tests). */
  execArgv?: string[];
}

/** Traces `path` (an absolute file): its folder is the workspace the import hook reads. */
export async function traceInKernel(path: string, request: Omit<TraceRequest, 'file'>, options: KernelTraceOptions): Promise<TraceOutcome> {
  const folder = dirname(path);
  const settings: KernelSettings = { ...DEFAULT_KERNEL_SETTINGS, runtime: 'python', workspaceRoot: folder, notebookDir: folder };
  const kernel = new KernelCells({ workerPath: options.workerPath, settings, timeoutMs: options.timeoutMs, execArgv: options.execArgv });
  try {
    const { outputs, error } = await kernel.execute(traceCellSource({ ...request, file: basename(path) }));
    if (error?.name === TIMEOUT_ERROR) {
      return { status: 'untraced', reason: `the trace ran longer than the ${options.timeoutMs / 1000} s timeout and was stopped (--timeout SECONDS raises it)`, at: null, skipped: [] };
    }
    return outcomeFromOutputs(outputs, error);
  } finally {
    await kernel.dispose();
  }
}
