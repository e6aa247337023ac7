// The kernel's window onto the file system, for image("..."): reads a PNG or JPEG from inside the
// workspace folder and nowhere else, and turns it into a (1, C, H, W) float tensor in [0, 1].
//
// Sandbox: the path is resolved against the root and must stay inside it both as written and
// after every symlink is followed (realpath), so neither ../ nor a link pointing out escapes.
//
// Resizing, per axis: an axis that shrinks is averaged over the input cells each output cell
// covers, exactly F.interpolate(mode='area') (adaptive average pooling); an axis that grows is
// interpolated linearly, exactly F.interpolate(mode='bilinear', align_corners=False). When both
// axes shrink, or both grow, the result is therefore that single PyTorch call. Pixel values are
// v / 255 (v / 65535 for 16-bit PNG), as torchvision's ToTensor does; alpha is dropped, as
// PIL's convert('RGB') does. Gray is ITU-R BT.601 luma 0.299 R + 0.587 G + 0.114 B (torchvision's
// rgb_to_grayscale uses 0.2989 for R, so its gray differs in the fourth decimal). JPEG is decoded
// by jpeg-js, whose IDCT and chroma upsampling may differ from libjpeg by a grey level or so.

import { closeSync, openSync, readSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { PNG } from 'pngjs';
import * as jpeg from 'jpeg-js';
import { ConvbookError, valueError } from '../engine/errors';
import { makeTensor, type Tensor } from '../engine/tensor';
import type { ImageOptions, KernelHost } from '../python/runtime/host';
import { validatePng } from './png_validate';

export interface NodeHostOptions {
  /** Folder image() may read from; absent means no file access at all. */
  workspaceRoot?: string;
  /** Folder relative paths start from (the notebook's folder); defaults to workspaceRoot. */
  baseDir?: string;
  /** Largest tensor (elements) an image may decode to or be resized to. */
  elementBudget?: number;
}

/** Largest image file read, in bytes; decoding a bigger file is refused before reading it. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

export class NodeKernelHost implements KernelHost {
  constructor(private readonly options: NodeHostOptions) {}

  /** (channels, height, width) from the file header alone, so budgets apply before decoding. */
  imageShape(path: string, options: ImageOptions = {}): [number, number, number] {
    const channels = options.gray ? 1 : 3;
    if (options.size !== undefined) {
      const [h, w] = targetSize(options.size, 1, 1);
      this.resolveInsideRoot(path);
      return [channels, h, w];
    }
    const file = this.resolveInsideRoot(path);
    const [h, w] = headerSize(readImageBytes(file, path), path);
    return [channels, h, w];
  }

  readImage(path: string, options: ImageOptions = {}): Tensor {
    const file = this.resolveInsideRoot(path);
    const bytes = readImageBytes(file, path);
    const budget = this.options.elementBudget ?? Number.POSITIVE_INFINITY;
    const image = decodeImage(bytes, path, budget);
    const target = targetSize(options.size, image.height, image.width);
    const channels = options.gray ? 1 : 3;
    const total = channels * target[0] * target[1];
    if (total > budget) {
      throw valueError(`image("${path}") would make a tensor of ${total} elements, more than the element budget ${budget} (setting convbook.kernel.elementBudget)`, 'size');
    }
    const planes = options.gray ? [luma(image)] : image.planes;
    const out = new Float32Array(total);
    planes.forEach((plane, c) => {
      out.set(resizePlane(plane, image.height, image.width, target[0], target[1]), c * target[0] * target[1]);
    });
    return makeTensor([1, channels, target[0], target[1]], out);
  }

  /** The real path of `path` if it lies inside the root, else a clear refusal. */
  resolveInsideRoot(path: string): string {
    // Python's own check and message, instead of Node's internal error from the file system.
    if (path.includes('\0')) throw valueError('embedded null byte', 'path');
    const root = this.options.workspaceRoot;
    if (!root) {
      throw permissionError(`image("${path}"): file access needs a workspace folder, and this notebook is not inside one`);
    }
    const realRoot = realpathSync(root);
    const base = this.options.baseDir ?? root;
    const lexical = resolve(base, path);
    if (!isInside(realRoot, lexical) && !isInside(resolve(root), lexical)) {
      throw permissionError(`image("${path}"): the path lies outside the workspace folder ${root}; only files inside it can be read`);
    }
    let real: string;
    try {
      real = realpathSync(lexical);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ConvbookError('ValueError', `image("${path}"): no such file in the workspace folder`, 'path');
      throw err;
    }
    if (!isInside(realRoot, real)) {
      throw permissionError(`image("${path}"): the path leads (through a symbolic link) to ${real}, outside the workspace folder ${root}; only files inside it can be read`);
    }
    return real;
  }
}

/** The host the CLI and the worker hand to a Session. */
export function createNodeHost(workspaceRoot: string | undefined, extra: Omit<NodeHostOptions, 'workspaceRoot'> = {}): NodeKernelHost {
  return new NodeKernelHost({ ...extra, workspaceRoot });
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

function permissionError(message: string): ConvbookError {
  // Python would raise PermissionError; the engine's error names stop at ValueError for arguments.
  return new ConvbookError('ValueError', message, 'path');
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function readImageBytes(file: string, shown: string): Buffer {
  const stat = statSync(file);
  if (!stat.isFile()) throw valueError(`image("${shown}"): not a file`, 'path');
  if (stat.size > MAX_FILE_BYTES) throw valueError(`image("${shown}"): the file is ${stat.size} bytes, more than the ${MAX_FILE_BYTES} convbook reads`, 'path');
  // Check the signature before reading everything, so a large non-image is refused cheaply.
  const head = Buffer.alloc(8);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  if (!isPng(head) && !isJpeg(head)) {
    throw valueError(`image("${shown}"): not a PNG or JPEG image (the file does not start with either signature)`, 'path');
  }
  return readFileSync(file);
}

function isPng(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** [height, width] read from a PNG's IHDR or a JPEG's start-of-frame marker, without decoding. */
function headerSize(bytes: Buffer, shown: string): [number, number] {
  if (isPng(bytes)) {
    if (bytes.length >= 24) return [bytes.readUInt32BE(20), bytes.readUInt32BE(16)];
  } else {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) {
        i++;
        continue;
      }
      const marker = bytes[i + 1];
      // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return [bytes.readUInt16BE(i + 5), bytes.readUInt16BE(i + 7)];
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0xff) {
        i += marker === 0xff ? 1 : 2;
        continue;
      }
      i += 2 + bytes.readUInt16BE(i + 2);
    }
  }
  throw valueError(`image("${shown}"): the image header is truncated or damaged`, 'path');
}

interface DecodedImage {
  height: number;
  width: number;
  /** R, G, B planes, row-major, in [0, 1]. */
  planes: Float32Array[];
}

function decodeImage(bytes: Buffer, shown: string, budget: number): DecodedImage {
  if (isPng(bytes)) {
    // Size against the budget, whole chunks and exactly the declared pixel data, before pngjs
    // (which would fill missing rows with whatever its uninitialised buffer held).
    validatePng(bytes, shown, budget);
    // 16-bit samples are kept whole (pngjs would round them to 8 bits); every other depth,
    // palettes included, is expanded by pngjs to 8-bit RGBA.
    const sixteenBit = bytes.length >= 25 && bytes[24] === 16;
    let png: PNG;
    try {
      png = PNG.sync.read(bytes, { skipRescale: sixteenBit });
    } catch (err) {
      throw valueError(`image("${shown}"): the PNG could not be decoded: ${(err as Error).message}`, 'path');
    }
    return splitPlanes(png.data as unknown as ArrayLike<number>, png.width, png.height, 4, sixteenBit ? 65535 : 255);
  }
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: Math.max(1, Math.ceil(Math.min(budget / 3, 1e9) / 1e6)),
      maxMemoryUsageInMB: 1024,
    });
  } catch (err) {
    throw valueError(`image("${shown}"): the JPEG could not be decoded: ${(err as Error).message}`, 'path');
  }
  checkDecodedSize(decoded.height, decoded.width, shown, budget);
  return splitPlanes(decoded.data, decoded.width, decoded.height, 3, 255);
}

function checkDecodedSize(height: number, width: number, shown: string, budget: number): void {
  if (height <= 0 || width <= 0) throw valueError(`image("${shown}"): the image has no pixels (${height}×${width})`, 'path');
  if (3 * height * width > budget) {
    throw valueError(`image("${shown}") is ${height}×${width}, which decodes to ${3 * height * width} values, more than the element budget ${budget} (setting convbook.kernel.elementBudget)`, 'path');
  }
}

function splitPlanes(data: ArrayLike<number>, width: number, height: number, stride: number, scale: number): DecodedImage {
  const n = width * height;
  const planes = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) planes[c][i] = data[i * stride + c] / scale;
  }
  return { height, width, planes };
}

function luma(image: DecodedImage): Float32Array {
  const [r, g, b] = image.planes;
  const out = new Float32Array(r.length);
  for (let i = 0; i < r.length; i++) out[i] = 0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i];
  return out;
}

function targetSize(size: ImageOptions['size'], height: number, width: number): [number, number] {
  if (size === undefined) return [height, width];
  const pair = typeof size === 'number' ? [size, size] : [...size];
  if (pair.length !== 2 || !pair.every((s) => Number.isInteger(s) && s > 0)) {
    throw valueError(`image(size=...) must be a positive integer or a pair (height, width) of positive integers, got ${JSON.stringify(size)}`, 'size');
  }
  return [pair[0], pair[1]];
}

/** Resizes one plane, rows then columns, each axis by area averaging (shrink) or linear interpolation (grow). */
export function resizePlane(plane: Float32Array, inH: number, inW: number, outH: number, outW: number): Float32Array {
  if (inH === outH && inW === outW) return plane;
  const colWeights = axisWeights(inW, outW);
  const rowWeights = axisWeights(inH, outH);
  const wide = new Float32Array(inH * outW);
  for (let y = 0; y < inH; y++) {
    for (let x = 0; x < outW; x++) {
      let acc = 0;
      for (const [i, w] of colWeights[x]) acc += w * plane[y * inW + i];
      wide[y * outW + x] = acc;
    }
  }
  const out = new Float32Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      let acc = 0;
      for (const [i, w] of rowWeights[y]) acc += w * wide[i * outW + x];
      out[y * outW + x] = acc;
    }
  }
  return out;
}

/** For each output index, the input indices it reads and their weights. */
export function axisWeights(inSize: number, outSize: number): [number, number][][] {
  const weights: [number, number][][] = [];
  if (outSize <= inSize) {
    // adaptive_avg_pool: window [floor(o·in/out), ceil((o+1)·in/out)).
    for (let o = 0; o < outSize; o++) {
      const start = Math.floor((o * inSize) / outSize);
      const end = Math.ceil(((o + 1) * inSize) / outSize);
      const w = 1 / (end - start);
      const taps: [number, number][] = [];
      for (let i = start; i < end; i++) taps.push([i, w]);
      weights.push(taps);
    }
    return weights;
  }
  // bilinear, align_corners=False: source = (o + 0.5)·in/out − 0.5, clamped below at 0.
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const src = Math.max(0, (o + 0.5) * scale - 0.5);
    const i0 = Math.min(Math.floor(src), inSize - 1);
    const i1 = Math.min(i0 + 1, inSize - 1);
    const t = src - i0;
    weights.push(i0 === i1 ? [[i0, 1]] : [[i0, 1 - t], [i1, t]]);
  }
  return weights;
}
