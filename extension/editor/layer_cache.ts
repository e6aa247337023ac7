// Layer calls of each open document, computed once per document version, so hovers, inlay hints
// and diagnostics on the same version share one extraction. No vscode import.

import { findLayerCalls, type LayerCall } from '../../lang/pyfile/python_layers';

interface Entry {
  version: number;
  calls: LayerCall[];
}

export class LayerCallCache {
  private readonly entries = new Map<string, Entry>();

  /** The calls of document `key` at `version`; `text` is read only when they must be computed. */
  get(key: string, version: number, text: () => string): LayerCall[] {
    const entry = this.entries.get(key);
    if (entry && entry.version === version) return entry.calls;
    const calls = findLayerCalls(text());
    this.entries.set(key, { version, calls });
    return calls;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The innermost call whose range holds the offset (calls are sorted by start). */
export function callAtOffset(calls: readonly LayerCall[], offset: number): LayerCall | null {
  let best: LayerCall | null = null;
  // Binary search for the last call starting at or before the offset, then walk back over the
  // calls that may still enclose it (a Sequential's layers never overlap, nested ones are rare).
  let lo = 0;
  let hi = calls.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (calls[mid].offset <= offset) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = last; i >= 0 && i >= last - 8; i--) {
    const c = calls[i];
    if (c.offset <= offset && offset < c.endOffset && (!best || c.endOffset - c.offset < best.endOffset - best.offset)) best = c;
  }
  return best;
}

/** The calls whose ranges intersect [start, end). */
export function callsInRange(calls: readonly LayerCall[], start: number, end: number): LayerCall[] {
  return calls.filter((c) => c.offset < end && c.endOffset > start);
}
