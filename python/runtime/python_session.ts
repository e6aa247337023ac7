// A notebook's kernel session running real CPython (Pyodide): one interpreter per notebook with
// persistent globals. Each cell runs as CPython runs it (convbook_cells.py); its print() text and
// displays come back in order as notebook outputs, and an error as the contract's CellError with
// the caret line under the span CPython reports.

import type { CellError, CellOutput, KernelSettings } from '../../contract';
import { MIME } from '../../contract';
import type { ExecuteResult, KernelSession } from '../../kernel/worker_server';
import { caretFor } from '../../lang/syntax/caret';
import type { PyProxy } from 'pyodide/ffi';
import { locateAssets, type RuntimeAssets } from './assets';
import type { HeapCap } from './heap_cap';
import { createInterpreter, type BootKind, type PackageInstaller, type PythonInterpreter } from './interpreter';

export interface PythonSessionOptions {
  /** Live settings: workspaceRoot and notebookDir are read at every import. */
  settings: KernelSettings;
  assets?: RuntimeAssets;
  installer?: PackageInstaller;
  interruptBuffer?: Int32Array;
  /**
   * Bytes of the session budget (convbook.kernel.liveDataMb) that CPython's heap may use; the
   * kernel leaves out what tensors hold. Default: the whole budget.
   */
  heapLimitBytes?: () => number;
}

interface RawError {
  name: string;
  message: string;
  line?: number;
  column?: number;
  end_line?: number;
  end_column?: number;
}

interface RawRun {
  outputs: { kind: 'stdout' | 'stderr' | 'display'; value: unknown }[];
  error: RawError | null;
}

export class PythonSession implements KernelSession {
  private readonly interpreter: Promise<PythonInterpreter>;
  private namespace: PyProxy | undefined;
  private readonly interruptBuffer: Int32Array | undefined;
  private readonly heapCap: HeapCap;

  constructor(options: PythonSessionOptions) {
    const settings = options.settings;
    this.interruptBuffer = options.interruptBuffer;
    this.heapCap = { limitBytes: options.heapLimitBytes ?? (() => settings.liveDataMb * 2 ** 20) };
    this.interpreter = createInterpreter({
      assets: options.assets ?? locateAssets(),
      roots: () => ({ workspaceRoot: settings.workspaceRoot, notebookDir: settings.notebookDir }),
      installer: options.installer,
      interruptBuffer: options.interruptBuffer,
      // Read once: the snapshot cache is a property of the host, not of a cell.
      cacheDir: settings.cacheDir,
      heapCap: this.heapCap,
    });
  }

  /** Resolves once the interpreter is loaded (a preload: the first cell then starts at once). */
  async ready(): Promise<BootKind> {
    return (await this.interpreter).boot;
  }

  async execute(source: string): Promise<ExecuteResult> {
    const interpreter = await this.interpreter;
    // An interrupt that arrived after the previous cell ended must not stop this one.
    if (this.interruptBuffer) Atomics.store(this.interruptBuffer, 0, 0);
    this.namespace ??= interpreter.newNamespace();
    this.heapCap.refused = undefined;
    const result = interpreter.runCell(source, this.namespace);
    let raw: RawRun;
    try {
      raw = result.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false }) as RawRun;
    } finally {
      result.destroy();
    }
    const error = raw.error ? toCellError(raw.error, source) : null;
    if (error?.name === 'MemoryError' && !error.message && this.heapCap.refused) error.message = heapMessage(this.heapCap.refused);
    return { outputs: raw.outputs.flatMap(toCellOutputs), error };
  }
}

function toCellOutputs(output: RawRun['outputs'][number]): CellOutput[] {
  if (output.kind === 'stdout' || output.kind === 'stderr') return [{ items: [{ mime: MIME.plain, value: output.value as string }] }];
  return (output.value as CellOutput[]).map((o) => ({ items: o.items.map((item) => ({ mime: item.mime, value: item.value })) }));
}

function toCellError(raw: RawError, source: string): CellError {
  const error: CellError = { name: raw.name, message: raw.message };
  if (raw.line !== undefined && raw.column !== undefined) {
    error.line = raw.line;
    error.column = raw.column;
    error.caret = caretFor(source, raw.line, raw.column, raw.end_line, raw.end_column);
  }
  return error;
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/** CPython's bare MemoryError, when the heap cap refused it, says what ran out and what to do. */
function heapMessage(refused: NonNullable<HeapCap['refused']>): string {
  return (
    `Python objects (lists, dicts, numbers...) would grow the notebook's Python heap to ${megabytes(refused.requestedBytes)}, ` +
    `over the ${megabytes(Math.max(0, refused.limitBytes))} that the interpreter and the session budget's share beside its tensors allow. ` +
    'Free what you no longer need with `del name`, or raise the setting convbook.kernel.liveDataMb.'
  );
}
