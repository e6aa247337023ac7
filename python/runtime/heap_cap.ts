// A cap on CPython's memory. Python's objects live in Pyodide's WebAssembly heap, which Emscripten
// grows from JavaScript (Memory.prototype.grow) when CPython's allocator runs out. Refusing the
// growth there makes that allocation fail inside CPython: the cell gets a MemoryError and the
// interpreter, with every variable, lives on; without a cap the heap grows to 4 GB and the process
// (or the extension host, for a thread kernel) runs out first.

export interface HeapCap {
  /**
   * The most bytes the heap may grow by past its size once the interpreter was ready (CPython,
   * the standard library and the torch package are not the notebook's), read at every growth so a
   * settings change applies at once.
   */
  limitBytes(): number;
  /** The heap's size when the cap was set; filled in by capHeap. */
  baselineBytes?: number;
  /** The last growth refused: the heap size asked for and the limit then. */
  refused?: { requestedBytes: number; limitBytes: number };
}

const caps = new WeakMap<WebAssembly.Memory, HeapCap>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const grow = WebAssembly.Memory.prototype.grow;
  Object.defineProperty(WebAssembly.Memory.prototype, 'grow', {
    configurable: true,
    writable: true,
    value: function cappedGrow(this: WebAssembly.Memory, delta: number): number {
      const cap = caps.get(this);
      if (cap) {
        const requestedBytes = this.buffer.byteLength + delta * 65536;
        const limitBytes = (cap.baselineBytes ?? 0) + cap.limitBytes();
        if (requestedBytes > limitBytes) {
          cap.refused = { requestedBytes, limitBytes };
          // What a failed grow throws; Emscripten then reports the allocation as failed.
          throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
        }
      }
      return grow.call(this, delta);
    },
  });
}

/** Caps `memory` (Pyodide's heap, `pyodide._module.memory`); other memories grow as before. */
export function capHeap(memory: WebAssembly.Memory, cap: HeapCap): void {
  install();
  cap.baselineBytes = memory.buffer.byteLength;
  caps.set(memory, cap);
}
