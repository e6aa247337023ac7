// What a session still holds: a census over its globals for the live-data budget
// (engine/budget.ts). It counts each tensor buffer once however many names, views or sweep
// provenances share it, and each list's slots once however often it is referenced.

import type { Census } from '../engine/budget';
import { LIST_SLOT_BYTES } from '../engine/budget';
import type { Tensor } from '../engine/tensor';
import type { Runtime } from './runtime';
import { BoundMethod, isTensorValue, LayerModule, SequentialModule, type PyValue } from './values';

export interface SessionCensus extends Census {
  /** List slots reachable, for the heap-bound list limit. */
  listSlots: number;
}

export function takeCensus(globals: ReadonlyMap<string, PyValue>, runtime: Runtime): SessionCensus {
  const buffers = new Set<ArrayBufferLike>();
  const seen = new Set<object>();
  let listSlots = 0;
  let bytes = 0;

  const visitTensor = (t: Tensor): number => {
    let found = 0;
    if (!buffers.has(t.data.buffer)) {
      buffers.add(t.data.buffer);
      found += t.data.buffer.byteLength;
    }
    const provenance = runtime.infoOf(t)?.provenance;
    if (provenance) {
      for (const other of [provenance.input, provenance.weight, provenance.bias, provenance.offset, provenance.mask]) {
        if (other) found += visit(other);
      }
    }
    return found;
  };

  // Iterative over lists (a list can hold a million items), recursive only through objects.
  const visit = (value: PyValue): number => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return 0;
    seen.add(value);
    if (isTensorValue(value)) return visitTensor(value);
    if (Array.isArray(value)) {
      listSlots += value.length;
      let found = value.length * LIST_SLOT_BYTES;
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (typeof item === 'object' && item !== null) found += visit(item);
      }
      return found;
    }
    if (value instanceof LayerModule) return value.heldTensors.reduce((sum, t) => sum + visit(t), 0);
    if (value instanceof SequentialModule) return value.layers.reduce((sum, layer) => sum + visit(layer), 0);
    if (value instanceof BoundMethod) return visit(value.receiver);
    return 0;
  };

  const holders: Census['holders'] = [];
  for (const [name, value] of globals) {
    const found = visit(value);
    bytes += found;
    if (found > 0) holders.push({ name, bytes: found });
  }
  return { bytes, holders, listSlots };
}
