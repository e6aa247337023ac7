// Writes a JSON document in pieces, so a report of many large tensors never becomes one string
// (V8 refuses strings past about 512 MB). Long arrays go out in slices; nothing is held back.

/** Array items written per piece: large enough to keep writes few, small enough to keep pieces short. */
const SLICE = 8192;

/** `write` receives consecutive pieces of JSON.stringify(value) (same text, same key order). */
export function streamJson(value: unknown, write: (piece: string) => void): void {
  if (Array.isArray(value)) {
    write('[');
    for (let start = 0; start < value.length; start += SLICE) {
      if (start > 0) write(',');
      const slice = value.slice(start, start + SLICE);
      if (slice.every((v) => v === null || typeof v !== 'object')) {
        write(JSON.stringify(slice).slice(1, -1));
        continue;
      }
      slice.forEach((item, i) => {
        if (i > 0) write(',');
        if (item === undefined || typeof item === 'function') write('null');
        else streamJson(item, write);
      });
    }
    write(']');
    return;
  }
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    write('{');
    let first = true;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === 'function') continue;
      write(`${first ? '' : ','}${JSON.stringify(key)}:`);
      first = false;
      streamJson(item, write);
    }
    write('}');
    return;
  }
  write(JSON.stringify(value) ?? 'null');
}

/** Gathers small pieces into writes of about `size` characters; call flush() at the end. */
export function batchedWriter(write: (text: string) => void, size = 1 << 20): { write: (piece: string) => void; flush: () => void } {
  let pending = '';
  return {
    write: (piece) => {
      pending += piece;
      if (pending.length >= size) {
        write(pending);
        pending = '';
      }
    },
    flush: () => {
      if (pending) write(pending);
      pending = '';
    },
  };
}
