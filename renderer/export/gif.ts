// Animated GIF of a sequence of frames, encoded with gifenc. One palette is quantised from a
// sample of frames (the views use few colours), then every frame is mapped onto it. Encoding
// yields to the event loop between frames so the page stays responsive, and stops on abort.

import { GIFEncoder, applyPalette, quantize } from 'gifenc';

export interface GifFrameSource {
  width: number;
  height: number;
  count: number;
  /** Paints frame i and returns its RGBA pixels (width × height × 4). */
  frame(i: number): Uint8ClampedArray;
}

export async function encodeGif(source: GifFrameSource, options: { delayMs: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void }): Promise<Uint8Array> {
  const { width, height, count } = source;
  const sampleIdx = [...new Set([0, Math.floor(count / 3), Math.floor((2 * count) / 3), count - 1])].filter((i) => i >= 0 && i < count);
  const samples = sampleIdx.map((i) => source.frame(i));
  const joined = new Uint8ClampedArray(samples.reduce((n, s) => n + s.length, 0));
  let offset = 0;
  for (const s of samples) {
    joined.set(s, offset);
    offset += s.length;
  }
  const palette = quantize(joined, 256);
  const gif = GIFEncoder();
  for (let i = 0; i < count; i++) {
    if (options.signal?.aborted) throw new DOMException('GIF export cancelled', 'AbortError');
    const rgba = source.frame(i);
    const index = applyPalette(rgba, palette);
    gif.writeFrame(index, width, height, i === 0 ? { palette, delay: options.delayMs, repeat: 0 } : { delay: options.delayMs });
    options.onProgress?.(i + 1, count);
    if (i % 8 === 7) await new Promise((r) => setTimeout(r, 0));
  }
  gif.finish();
  return gif.bytes();
}
