// Checks a PNG before pngjs decodes it. pngjs allocates its pixel buffer uninitialised and fills
// only the rows the data holds, so a file whose pixel data ends early decodes "successfully" with
// process memory in the missing rows (or zeros), and it inflates whatever the data expands to.
// Here the chunks are walked, the declared size is held against the element budget before
// anything is inflated, and the pixel data is inflated with the exact size the header implies as
// the limit: short data, excess data and damaged chunks are errors naming the file.

import { inflateSync } from 'node:zlib';
import { valueError } from '../engine/errors';

/** Samples per pixel by PNG colour type: gray, RGB, palette, gray+alpha, RGBA. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const ALLOWED_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
/** Adam7's passes: [x0, y0, dx, dy]. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
}

/** Bytes the pixel data inflates to: each row of each pass is a filter byte plus its packed samples. */
export function inflatedSize(h: PngHeader): number {
  const rowBytes = (width: number) => 1 + Math.ceil((width * CHANNELS[h.colorType] * h.bitDepth) / 8);
  if (!h.interlaced) return h.height * rowBytes(h.width);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = Math.ceil((h.width - x0) / dx);
    const rows = Math.ceil((h.height - y0) / dy);
    if (w > 0 && rows > 0) total += rows * rowBytes(w);
  }
  return total;
}

/**
 * Throws a ValueError naming `shown` unless the PNG's chunks are whole, its header is valid, its
 * size fits `budget` elements (3 per pixel), and its pixel data inflates to exactly the size the
 * header declares. Inflating never produces more than that size plus one byte.
 */
export function validatePng(bytes: Uint8Array, shown: string, budget: number): PngHeader {
  const bad = (why: string) => valueError(`image("${shown}"): the PNG is damaged: ${why}`, 'path');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: PngHeader | undefined;
  const data: Uint8Array[] = [];
  let offset = 8;
  let ended = false;
  while (offset < bytes.length && !ended) {
    if (offset + 12 > bytes.length) throw bad(`a chunk header at byte ${offset} is cut off`);
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (offset + 12 + length > bytes.length) throw bad(`the ${type} chunk at byte ${offset} declares ${length} bytes but the file ends first`);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      if (length !== 13) throw bad('IHDR is not 13 bytes');
      header = { width: view.getUint32(offset + 8), height: view.getUint32(offset + 12), bitDepth: body[8], colorType: body[9], interlaced: body[12] === 1 };
      if (!(body[9] in CHANNELS) || !ALLOWED_DEPTHS[body[9]].includes(body[8])) throw bad(`bit depth ${body[8]} with colour type ${body[9]} is not a valid PNG format`);
      if (header.width === 0 || header.height === 0) throw valueError(`image("${shown}"): the image has no pixels (${header.height}×${header.width})`, 'path');
      if (3 * header.width * header.height > budget) {
        throw valueError(`image("${shown}") is ${header.height}×${header.width}, which decodes to ${3 * header.height * header.width} values, more than the element budget ${budget} (setting convbook.kernel.elementBudget)`, 'path');
      }
    } else if (type === 'IDAT') {
      if (!header) throw bad('pixel data comes before the header');
      data.push(body);
    } else if (type === 'IEND') {
      ended = true;
    }
    offset += 12 + length;
  }
  if (!header) throw bad('it has no IHDR header');
  if (data.length === 0) throw bad('it has no pixel data (IDAT)');
  const expected = inflatedSize(header);
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(data), { maxOutputLength: expected + 1 });
  } catch (err) {
    const message = (err as Error).message;
    if (err instanceof RangeError || /larger than|maxOutputLength/i.test(message)) throw bad(`its pixel data inflates to more than the ${expected} bytes a ${header.height}×${header.width} image holds`);
    throw bad(`its pixel data ends early or is corrupt (${message}); a ${header.height}×${header.width} image needs ${expected} bytes`);
  }
  if (pixels.length < expected) throw bad(`its pixel data ends early: ${pixels.length} of the ${expected} bytes a ${header.height}×${header.width} image needs`);
  if (pixels.length > expected) throw bad(`its pixel data inflates to more than the ${expected} bytes a ${header.height}×${header.width} image holds`);
  return header;
}
