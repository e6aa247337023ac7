// How a tensor shows in a cell: its feature-map planes (capped and block-averaged for display),
// plus the sweep of the op that made it when it is small, each with markdown and plain-text
// fallbacks. The Python package's bridge (python/bridge/values.ts) builds its displays from these.

import { MIME, type CellOutput, type KernelSettings, type OutputItem, type TensorPayload, type TensorPlane } from '../../contract';
import { numel, type Tensor } from '../../engine/tensor';
import { deformMarkdown, deformText, formatCount, sweepMarkdown, sweepText } from './markdown';
import { tensorRepr } from './repr';
import { sweepForResult, wantsAutoSweep, type WindowProvenance } from './sweep_payload';

/** Tensors with at most this many elements carry their full data in the payload. */
export const FULL_DATA_LIMIT = 4096;
/** Even with includeFullData, larger tensors are not serialised whole (the JSON would be gigabytes). */
export const FULL_DATA_HARD_LIMIT = 4_194_304;

/** The block size k so that ⌈H/k⌉·⌈W/k⌉ fits in maxValues. */
export function downsampleFactor(height: number, width: number, maxValues: number): number {
  if (height * width <= maxValues) return 1;
  let k = Math.max(1, Math.floor(Math.sqrt((height * width) / Math.max(1, maxValues))));
  while (Math.ceil(height / k) * Math.ceil(width / k) > maxValues) k++;
  return k;
}

function blockAverage(data: Float32Array, offset: number, height: number, width: number, k: number): { height: number; width: number; data: number[] } {
  const h = Math.ceil(height / k);
  const w = Math.ceil(width / k);
  const out = new Array<number>(h * w);
  for (let by = 0; by < h; by++) {
    for (let bx = 0; bx < w; bx++) {
      let sum = 0;
      let count = 0;
      for (let y = by * k; y < Math.min(height, (by + 1) * k); y++) {
        for (let x = bx * k; x < Math.min(width, (bx + 1) * k); x++) {
          sum += data[offset + y * width + x];
          count++;
        }
      }
      out[by * w + bx] = sum / count;
    }
  }
  return { height: h, width: w, data: out };
}

function leadingIndex(flat: number, dims: readonly number[]): number[] {
  const index = new Array<number>(dims.length);
  for (let d = dims.length - 1; d >= 0; d--) {
    index[d] = flat % dims[d];
    flat = Math.floor(flat / dims[d]);
  }
  return index;
}

/** The renderer's view of a tensor: its planes (trailing two axes), capped and downsampled. */
export function tensorPayload(t: Tensor, name: string | undefined, notes: readonly string[], settings: KernelSettings): TensorPayload {
  const shape = [...t.shape];
  const rank = shape.length;
  const height = rank >= 2 ? shape[rank - 2] : 1;
  const width = rank >= 1 ? shape[rank - 1] : 1;
  const leading = rank >= 2 ? shape.slice(0, rank - 2) : [];
  const planesTotal = numel(leading);
  const kept = Math.min(planesTotal, Math.max(0, settings.maxDisplayPlanes));
  const k = downsampleFactor(height, width, settings.maxDisplayValues);
  const planeSize = height * width;
  const planes: TensorPlane[] = [];
  for (let p = 0; p < kept; p++) {
    const block = blockAverage(t.data, p * planeSize, height, width, k);
    planes.push({ index: leadingIndex(p, leading), height: block.height, width: block.width, data: block.data });
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < t.data.length; i++) {
    const v = t.data[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) min = max = 0;
  const allNotes = [...notes];
  if (kept < planesTotal) allNotes.push(`showing the first ${kept} of ${planesTotal} planes (display cap maxDisplayPlanes = ${settings.maxDisplayPlanes})`);
  if (k > 1) allNotes.push(`each displayed value averages a ${k}×${k} block of the ${height}×${width} plane (display cap maxDisplayValues = ${settings.maxDisplayValues})`);
  const payload: TensorPayload = { shape, planes, downsample: k, planesTotal, min, max, notes: allNotes };
  if (name) payload.name = name;
  if (t.data.length <= FULL_DATA_LIMIT || (settings.includeFullData && t.data.length <= FULL_DATA_HARD_LIMIT)) payload.data = Array.from(t.data);
  else if (settings.includeFullData) allNotes.push(`full data omitted: ${formatCount(t.data.length)} values is over the ${formatCount(FULL_DATA_HARD_LIMIT)} that convbook serialises`);
  return payload;
}

export function tensorMarkdown(t: Tensor, name: string | undefined, notes: readonly string[]): string {
  const title = name ? `**${name}**: ` : '';
  const lines = [`${title}tensor of shape \`[${t.shape.join(', ')}]\` (${formatCount(t.data.length)} values)`, '', '```', tensorRepr(t), '```'];
  if (notes.length) lines.push('', ...notes.map((n) => `> ${n}`));
  return lines.join('\n');
}

function textItems(markdown: string | null, text: string): OutputItem[] {
  const items: OutputItem[] = [];
  if (markdown !== null) items.push({ mime: MIME.markdown, value: markdown });
  items.push({ mime: MIME.plain, value: text });
  return items;
}

/** The animation of a small conv/pool result (a sweep, or the deform view), or null when it is too big to animate unasked. */
export function autoSweepOutput(value: Tensor, provenance: WindowProvenance, settings: KernelSettings): CellOutput | null {
  if (!wantsAutoSweep(provenance)) return null;
  const sweep = sweepForResult(value, provenance, { channel: 0, batch: 0 }, settings);
  return 'offset' in sweep
    ? { items: [{ mime: MIME.deform, value: sweep }, ...textItems(deformMarkdown(sweep), deformText(sweep))] }
    : { items: [{ mime: MIME.sweep, value: sweep }, ...textItems(sweepMarkdown(sweep), sweepText(sweep))] };
}
