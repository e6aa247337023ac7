// What crosses between the Python torch package and the engine: a tensor reference that always has
// a shape and has data only when values flow (a shape-only tensor, like PyTorch's meta device).
// Python holds these as JsProxy objects; the Float32Array inside is never copied across.

import type { KernelSettings } from '../../contract';
import { ConvbookError } from '../../engine/errors';
import { formatShape, numel, type Tensor } from '../../engine/tensor';
import { textNumber } from '../../engine/arithmetic/format';
import type { WindowProvenance } from '../../lang/runtime';

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

/** The result of an op: its shape always, its values only when every input had values. */
export function result(settings: KernelSettings, shape: readonly number[], withValues: boolean, compute: () => Float32Array | Tensor): TensorRef {
  if (!withValues) return meta(shape);
  checkBudget(settings, shape);
  const out = compute();
  const data = out instanceof Float32Array ? out : out.data;
  return { shape: [...shape], data };
}
