// What every built-in shares while a session runs: the settings, the injected host, the element
// budget, and what convbook knows about each tensor it made (notes for the display, and the op
// that produced it so sweep() and the display can animate it).

import type { CellOutput, KernelSettings } from '../contract';
import { checkWork, FLOAT32_BYTES, LIST_SLOT_BYTES, LiveDataBudget, type Census } from '../engine/budget';
import { ConvbookError } from '../engine/errors';
import type { WindowSpec } from '../engine/layer';
import { formatShape, numel, type Tensor } from '../engine/tensor';
import type { Position } from './ast';
import type { KernelHost } from './host';
import type { Namespace } from './values';

/** How a tensor was produced by a sliding-window op: enough to redraw the sweep with data. */
export interface WindowProvenance {
  /** The op as a weight-free spec (functional calls get one built from the tensors' shapes). */
  spec: WindowSpec;
  /** The input as the op saw it (after any 2-D → 1×1×H×W promotion), batched. */
  input: Tensor;
  /** conv/conv_transpose/deform: the weight; pooling: null. */
  weight: Tensor | null;
  bias: Tensor | null;
  /** deform_conv2d only. */
  offset?: Tensor;
  mask?: Tensor | null;
  /** How the call was written, for the title. */
  title: string;
}

export interface TensorInfo {
  notes: string[];
  provenance?: WindowProvenance;
}

/** A Python-level error with the place in the cell it belongs to. */
export class CellRuntimeError extends Error {
  constructor(
    readonly pythonName: string,
    message: string,
    public start?: Position,
    public end?: Position,
  ) {
    super(message);
    this.name = pythonName;
  }
}

/** A Python error not yet placed in the cell; the interpreter positions it at the expression that raised it. */
export function pyError(pythonName: string, message: string): CellRuntimeError {
  return new CellRuntimeError(pythonName, message);
}

export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export class Runtime {
  private readonly info = new WeakMap<Tensor, TensorInfo>();
  /** The cell being executed, for titles taken from the source. */
  source = '';
  /** Importable modules by dotted path (torch, torch.nn, ...), filled in by the session. */
  readonly modules = new Map<string, Namespace>();
  /** Outputs emitted while the cell runs (print), in order. */
  outputs: CellOutput[] = [];

  /** Starts a new cell: fresh outputs, its source for titles. */
  beginCell(source: string): void {
    this.source = source;
    this.outputs = [];
    this.printOutput = null;
  }

  /** Everything live in the session: tensor data and list slots. */
  readonly liveData: LiveDataBudget;
  /** List slots alone, which live on the JavaScript heap (see MAX_LIVE_LIST_SLOTS). */
  readonly listHeap: LiveDataBudget;
  private census: (() => Census & { listSlots: number }) | null = null;

  constructor(
    readonly settings: KernelSettings,
    readonly host: KernelHost | undefined,
  ) {
    this.liveData = new LiveDataBudget({
      limitBytes: () => settings.liveDataMb * 1024 * 1024,
      remedy: 'Free data with `del name` (or by rebinding the name), or raise the setting convbook.kernel.liveDataMb',
      census: () => this.census?.() ?? { bytes: 0, holders: [] },
    });
    this.listHeap = new LiveDataBudget({
      limitBytes: () => MAX_LIVE_LIST_SLOTS * LIST_SLOT_BYTES,
      name: "the lists' share of the kernel heap",
      remedy: 'Free lists with `del name`, or keep large data in tensors',
      census: () => {
        const found = this.census?.() ?? { listSlots: 0 };
        return { bytes: found.listSlots * LIST_SLOT_BYTES, holders: [] };
      },
    });
  }

  /** The session's census of what its globals hold, for releasing dropped data. */
  setCensus(census: () => Census & { listSlots: number }): void {
    this.census = census;
  }

  /** A statement starts: the previous statement's temporaries are bound or dropped. */
  beginStatement(): void {
    this.liveData.beginStatement();
    this.listHeap.beginStatement();
  }

  /** Refuses a Python list (or tuple, or string) over the element budget, the list limit, or the session's budgets. */
  checkListSize(count: number): void {
    this.checkElementBudget([count]);
    checkListSize(count);
    const what = `a list of ${formatCount(count)} items`;
    this.listHeap.charge(count * LIST_SLOT_BYTES, what);
    this.liveData.charge(count * LIST_SLOT_BYTES, what);
  }

  /** Refuses, before it runs, an op of more multiply-accumulates than the work budget. */
  checkWork(macs: number, what: string): void {
    checkWork(macs, this.settings.workBudgetMacs, what, 'convbook.kernel.workBudgetMacs');
  }

  /**
   * Refuses, before anything is allocated, a tensor over the element budget or one that would
   * take the session's live data over its budget.
   */
  checkBudget(shape: readonly number[], argument?: string): void {
    this.checkElementBudget(shape, argument);
    this.liveData.charge(numel(shape) * FLOAT32_BYTES, `a tensor of shape ${formatShape(shape)}`);
  }

  private checkElementBudget(shape: readonly number[], argument?: string): void {
    const n = numel(shape);
    const budget = this.settings.elementBudget;
    if (n > budget) {
      throw new ConvbookError(
        'MemoryError',
        `refusing to allocate a tensor of shape ${formatShape(shape)} (${formatCount(n)} elements): over convbook's element budget of ${formatCount(budget)} (setting convbook.kernel.elementBudget)`,
        argument,
      );
    }
  }

  /** The source text of a node of the current cell, on one line. */
  sourceOf(node: { start: Position; end: Position } | null | undefined): string {
    if (!node) return '';
    return this.source.slice(node.start.offset, node.end.offset).replace(/\s*\n\s*/g, ' ');
  }

  emit(output: CellOutput): void {
    this.outputs.push(output);
  }

  /** print(): consecutive prints share one text output, like a notebook's stdout stream. */
  print(text: string): void {
    const last = this.outputs[this.outputs.length - 1];
    if (last && last === this.printOutput) {
      last.items[0].value = String(last.items[0].value) + text;
      return;
    }
    this.printOutput = { items: [{ mime: 'text/plain', value: text }] };
    this.outputs.push(this.printOutput);
  }

  private printOutput: CellOutput | null = null;

  infoOf(t: Tensor): TensorInfo | undefined {
    return this.info.get(t);
  }

  /** Attaches notes (and optionally how it was made) to a tensor for its display. */
  annotate(t: Tensor, notes: readonly string[], provenance?: WindowProvenance): Tensor {
    const existing = this.info.get(t);
    const merged: TensorInfo = { notes: [...(existing?.notes ?? []), ...notes], provenance: provenance ?? existing?.provenance };
    this.info.set(t, merged);
    return t;
  }
}

/**
 * Python lists live on the worker's JavaScript heap, unlike tensor data, and one allocation that
 * jumps past the worker's heap limit aborts the whole process hosting it (VS Code's extension host
 * when the kernel is a thread). Lists are therefore capped far below the tensor budget.
 */
export const MAX_LIST_ITEMS = 1_000_000;
/** All list slots live in a session at once: 160 MB of slots, well inside the smallest heap limit (256 MB) with their boxed numbers. */
export const MAX_LIVE_LIST_SLOTS = 20_000_000;

export function checkListSize(count: number): void {
  if (count > MAX_LIST_ITEMS) {
    throw new ConvbookError(
      'MemoryError',
      `refusing to build a Python list of ${formatCount(count)} items: convbook keeps lists under ${formatCount(MAX_LIST_ITEMS)} items (tensors can be far larger; keep the values in a tensor)`,
    );
  }
}
