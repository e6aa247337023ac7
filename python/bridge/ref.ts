// What crosses between the Python torch package and the engine: a tensor reference that always has
// a shape and has data only when values flow (a shape-only tensor, like PyTorch's meta device).
// Python holds these as JsProxy objects; the Float32Array inside is never copied across.

import type { KernelSettings } from '../../contract';
import { checkWork, FLOAT32_BYTES, LiveDataBudget } from '../../engine/budget';
import { ConvbookError } from '../../engine/errors';
import { formatShape, numel, type Tensor } from '../../engine/tensor';
import { textNumber } from '../../engine/arithmetic/format';
import type { WindowProvenance } from '../../lang/outputs/sweep_payload';

export interface TensorRef {
  shape: readonly number[];
  data: Float32Array | null;
  /** Set on the result of a conv or pooling call with data: what its sweep animation needs. */
  provenance?: WindowProvenance;
}

/** A JS value that came from Python: a JsProxy unwraps to its object; undefined is Python's None. */
export type Maybe<T> = T | null | undefined;

export function meta(shape: readonly number[]): TensorRef {
  return { shape: [...shape], data: null };
}

export function hasData(t: TensorRef): t is Tensor {
  return t.data !== null;
}

/** Every tensor argument has data: only then does an op compute values. */
export function allData(...ts: Maybe<TensorRef>[]): boolean {
  return ts.every((t) => t === null || t === undefined || t.data !== null);
}

/** Options travel as a JSON string: Python's tuples, lists and None arrive as arrays and null. */
export function parseOptions<T = Record<string, unknown>>(json: Maybe<string>): T {
  return (json ? JSON.parse(json) : {}) as T;
}

/** The element budget guards data, never shapes: refused before anything is allocated. */
export function checkBudget(settings: KernelSettings, shape: readonly number[]): void {
  const n = numel(shape);
  if (n > settings.elementBudget) {
    throw new ConvbookError(
      'MemoryError',
      `refusing to allocate a tensor of shape ${formatShape(shape)} (${textNumber(n)} elements): over convbook's element budget of ${textNumber(settings.elementBudget)} (setting convbook.kernel.elementBudget)`,
    );
  }
}

/**
 * The session's live-data budget (convbook.kernel.liveDataMb), one per bridge's settings: every
 * tensor buffer is charged before it is allocated and released when the last Python tensor
 * holding it is freed (hold/drop below), or when the garbage collector takes it.
 */
const liveBudgets = new WeakMap<KernelSettings, { budget: LiveDataBudget; holders: Map<Float32Array, number> }>();

function live(settings: KernelSettings): { budget: LiveDataBudget; holders: Map<Float32Array, number> } {
  let entry = liveBudgets.get(settings);
  if (!entry) {
    const budget = new LiveDataBudget({
      limitBytes: () => settings.liveDataMb * 2 ** 20,
      remedy: 'Free tensors you no longer need with `del name` (or by rebinding the name), or raise the setting convbook.kernel.liveDataMb.',
    });
    entry = { budget, holders: new Map() };
    liveBudgets.set(settings, entry);
  }
  return entry;
}

/** Charges the live-data budget for a tensor of `shape`, then allocates with `make`, then tracks it. */
export function allocateData<T extends Float32Array>(settings: KernelSettings, shape: readonly number[], make: () => T): T {
  checkBudget(settings, shape);
  const { budget } = live(settings);
  budget.charge(numel(shape) * FLOAT32_BYTES, `a tensor of shape ${formatShape(shape)}`);
  const data = make();
  budget.track(data);
  return data;
}

/** Refuses, before any of it is built, data of `shape` over the element budget or the live-data budget. */
export function checkAllocation(settings: KernelSettings, shape: readonly number[]): void {
  checkBudget(settings, shape);
  live(settings).budget.check(numel(shape) * FLOAT32_BYTES, `a tensor of shape ${formatShape(shape)}`);
}

/** A Python tensor now holds t's buffer (several tensors may share one: views). */
export function holdData(settings: KernelSettings, t: TensorRef): void {
  if (!t.data) return;
  const { holders } = live(settings);
  holders.set(t.data, (holders.get(t.data) ?? 0) + 1);
}

/** A Python tensor holding t's buffer was freed; the last one releases it from the budget. */
export function dropData(settings: KernelSettings, t: TensorRef): void {
  if (!t.data) return;
  const { holders, budget } = live(settings);
  const left = (holders.get(t.data) ?? 0) - 1;
  if (left > 0) holders.set(t.data, left);
  else {
    holders.delete(t.data);
    budget.release(t.data);
  }
}

/** Bytes of tensor data the session holds. */
export function liveBytes(settings: KernelSettings): number {
  return live(settings).budget.liveBytes;
}

/** Refuses, before it runs, an op on values over the work budget (convbook.kernel.workBudgetMacs). */
export function checkOpWork(settings: KernelSettings, macs: number, op: string, input: TensorRef, weight?: TensorRef): void {
  const what = `${op} of input ${formatShape(input.shape)}${weight ? ` and weight ${formatShape(weight.shape)}` : ''}`;
  checkWork(macs, settings.workBudgetMacs, what, 'convbook.kernel.workBudgetMacs');
}

/** The result of an op: its shape always, its values only when every input had values. */
export function result(settings: KernelSettings, shape: readonly number[], withValues: boolean, compute: () => Float32Array | Tensor): TensorRef {
  if (!withValues) return meta(shape);
  const data = allocateData(settings, shape, () => {
    const out = compute();
    return out instanceof Float32Array ? out : out.data;
  });
  return { shape: [...shape], data };
}
