// The CLI runs cells in the same kernel worker the extension uses, not in its own thread: a
// cell over --timeout is interrupted (or its worker terminated, when it sits inside one long engine
// call), and a cell that exhausts the worker's heap fails alone instead of aborting the CLI with
// every output lost.

import { decodeOutputItem, type CellError, type CellOutput, type KernelSettings } from '../contract';
import { KERNEL_CRASHED, KERNEL_RESTARTED, KernelClient } from '../kernel/kernel_client';
import type { CellExecutor } from './run_cells';

export const TIMEOUT_ERROR = 'TimeoutError';
/** Same as the extension's default heap limit for its kernel (convbook.kernel.memoryLimitMb). */
export const CLI_MEMORY_LIMIT_MB = 2048;

export interface KernelCellsOptions {
  workerPath: string;
  settings: KernelSettings;
  /** Per cell, in milliseconds. */
  timeoutMs: number;
  /** Extra node flags for the worker (tests load a TypeScript loader). */
  execArgv?: string[];
}

export class KernelCells implements CellExecutor {
  private readonly client: KernelClient;
  /** Cells over the timeout end the run: the kernel that held their variables is gone. */
  stoppedByTimeout = false;

  constructor(private readonly options: KernelCellsOptions) {
    this.client = new KernelClient({ workerPath: options.workerPath, memoryLimitMb: CLI_MEMORY_LIMIT_MB, execArgv: options.execArgv });
  }

  private warmedUp = false;

  async execute(source: string): Promise<{ outputs: CellOutput[]; error: CellError | null }> {
    // The kernel's start-up is not the cell's time: an empty cell starts it first, untimed.
    if (!this.warmedUp) {
      this.warmedUp = true;
      await this.client.execute('cli', '', this.options.settings);
    }
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const running = this.client.execute('cli', source, this.options.settings, {
      onStart: () => {
        if (!(this.options.timeoutMs > 0 && Number.isFinite(this.options.timeoutMs))) return;
        timer = setTimeout(() => {
          timedOut = true;
          void this.client.interrupt();
        }, this.options.timeoutMs);
      },
    });
    const result = await running;
    clearTimeout(timer);
    // Python stops with KeyboardInterrupt (its state kept), or the worker is replaced when the cell
    // sits in one long engine call; either way the run ends here.
    if (timedOut && (result.error?.name === KERNEL_RESTARTED || result.error?.name === 'KeyboardInterrupt')) {
      this.stoppedByTimeout = true;
      const seconds = this.options.timeoutMs / 1000;
      return {
        outputs: [],
        error: {
          name: TIMEOUT_ERROR,
          message: `the cell ran longer than the ${seconds} s timeout and was stopped (--timeout SECONDS raises it; 0 means none)`,
          line: 1,
          column: 1,
          caret: `${source.split(/\r?\n/)[0]}\n^`,
        },
      };
    }
    return { outputs: result.outputs.map((items) => ({ items: items.map(decodeOutputItem) })), error: result.error };
  }

  /** True for an error after which the kernel's variables are gone, so later cells cannot run as written. */
  static endsRun(error: CellError): boolean {
    return error.name === TIMEOUT_ERROR || error.name === KERNEL_CRASHED || error.name === KERNEL_RESTARTED || (error.name === 'MemoryError' && /was restarted/.test(error.message));
  }

  dispose(): Promise<void> {
    return this.client.dispose();
  }
}
