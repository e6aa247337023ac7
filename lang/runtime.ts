// What every built-in shares while a session runs: the settings, the injected host, the element
// budget, and what convbook knows about each tensor it made (notes for the display, and the op
// that produced it so sweep() and the display can animate it).

import type { CellOutput, KernelSettings } from '../contract';
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

  constructor(
    readonly settings: KernelSettings,
    readonly host: KernelHost | undefined,
  ) {}

  /** Refuses a Python list (or tuple, or string) over both the element budget and the list limit. */
  checkListSize(count: number): void {
    this.checkBudget([count]);
    checkListSize(count);
  }

  /** Refuses, before anything is allocated, a tensor over the element budget. */
  checkBudget(shape: readonly number[], argument?: string): void {
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

export function checkListSize(count: number): void {
  if (count > MAX_LIST_ITEMS) {
    throw new ConvbookError(
      'MemoryError',
      `refusing to build a Python list of ${formatCount(count)} items: convbook keeps lists under ${formatCount(MAX_LIST_ITEMS)} items (tensors can be far larger; keep the values in a tensor)`,
    );
  }
}
