// Where the deformable-conv picture goes: the input board (padded, and wide enough for samples that
// fly out) and the offset field beside it when both fit, under it otherwise; text measuring for
// the labels; and the pixel centre of an input cell.

import type { ViewContext } from '../../view';
import type { DeformState } from './state';

export const PAD = 12;
export const SAMPLE_NOTE = 'hollow: regular grid · filled: deformed samples (opacity = mask)';
export const LABEL = 34;
/** Height of the two legend lines under the input board. */
const LEGEND = 36;
/** How far past the padded input the board extends to show samples that fly out. */
const MARGIN = 2;

export function adaptiveLegend(cells: number): string {
  return `shaded cells: the ${cells} cells the samples read (adaptive receptive field)`;
}

export interface DeformLayout {
  width: number;
  height: number;
  cell: number;
  /** Pixel origin of input cell (rows[0], cols[0]). */
  ix: number;
  iy: number;
  rows: [number, number];
  cols: [number, number];
  /** The quiver's cell size and origin. */
  q: number;
  qx: number;
  qy: number;
}

/** Text widths in the view's fonts. */
export class TextMeasure {
  private readonly measureCtx = document.createElement('canvas').getContext('2d');

  constructor(private readonly ctx: ViewContext) {}

  width(text: string, size: number, bold = false, mono = false): number {
    if (!this.measureCtx) return text.length * size * 0.62;
    this.measureCtx.font = `${bold ? '600 ' : ''}${size}px ${mono ? this.ctx.palette().monoFamily : this.ctx.palette().fontFamily}`;
    return this.measureCtx.measureText(text).width;
  }

  /** The first spelling that fits `width` at a size from `largest` down to 8 px, or null. */
  fitMono(spellings: string[], width: number, largest: number, bold = false): { text: string; size: number } | null {
    for (const text of spellings) for (let size = largest; size >= 8; size--) if (this.width(text, size, bold, true) <= width) return { text, size };
    return null;
  }
}

export function layoutDeform(s: DeformState, availableWidth: number, measure: TextMeasure): DeformLayout {
  const { config, oh, ow, taps } = s;
  const [H, W] = config.inputSize;
  const avail = Math.min(1400, Math.max(360, availableWidth));
  const samples = s.trace.taps.map((t) => t.sample);
  const lo = (a: number) => Math.max(-config.padBefore[a] - MARGIN, Math.min(-config.padBefore[a], ...samples.map((p) => Math.floor(p[a]))));
  const hi = (a: number, size: number) => Math.min(size + config.padAfter[a] + MARGIN, Math.max(size + config.padAfter[a], ...samples.map((p) => Math.floor(p[a]) + 2)));
  const rows: [number, number] = [lo(0), hi(0, H)];
  const cols: [number, number] = [lo(1), hi(1, W)];
  const nr = rows[1] - rows[0];
  const nc = cols[1] - cols[0];
  const ix = PAD;
  const iy = PAD + LABEL;
  const m = (text: string, size: number, bold = false) => measure.width(text, size, bold);
  const inputLabel = Math.max(m(`INPUT x — sampling for output (${oh - 1}, ${ow - 1})`, 12, true), m(SAMPLE_NOTE, 11), m(adaptiveLegend(taps * 4), 11));
  const quiverLabel = Math.max(m(`OFFSET FIELD over the output ${oh}×${ow}`, 12, true), m('offset of tap 00; click to select', 11), m('longest arrow: 0.000 input cells', 11), m('the taps’ offsets cancel out: pick a tap above', 11));
  // Side by side when both fit; otherwise the quiver goes under the board (and its legend), each
  // with the full width, so a narrow output never hides the quiver past the right edge.
  const cell = Math.max(10, Math.min(48, Math.floor(Math.min((avail * 0.58 - 2 * PAD) / nc, 440 / nr))));
  const q = Math.max(10, Math.min(44, Math.floor(Math.min((avail * 0.38 - PAD) / ow, 360 / oh))));
  const qx = ix + Math.max(nc * cell, inputLabel) + 40;
  const width = Math.ceil(qx + Math.max(ow * q, quiverLabel) + PAD);
  if (width <= avail) return { width, height: Math.ceil(iy + Math.max(nr * cell, oh * q + 30) + PAD + 34), cell, ix, iy, rows, cols, q, qx, qy: iy };
  const cellS = Math.max(10, Math.min(48, Math.floor(Math.min((avail - 2 * PAD) / nc, 440 / nr))));
  const qS = Math.max(10, Math.min(44, Math.floor(Math.min((avail - 2 * PAD) / ow, 360 / oh))));
  const qyS = iy + nr * cellS + LEGEND + 16 + LABEL;
  return {
    width: Math.ceil(ix + Math.max(nc * cellS, inputLabel, ow * qS, quiverLabel) + PAD),
    height: Math.ceil(qyS + oh * qS + 30 + PAD),
    cell: cellS, ix, iy, rows, cols, q: qS, qx: ix, qy: qyS,
  };
}

/** Pixel centre of input cell (y, x). */
export function centre(L: DeformLayout, y: number, x: number): { x: number; y: number } {
  return { x: L.ix + (x - L.cols[0] + 0.5) * L.cell, y: L.iy + (y - L.rows[0] + 0.5) * L.cell };
}

/** A point pulled onto the board's edge when it lies past it. */
export function clampToBoard(L: DeformLayout, pt: { x: number; y: number }): { x: number; y: number } {
  return {
    x: Math.min(Math.max(pt.x, L.ix), L.ix + (L.cols[1] - L.cols[0]) * L.cell),
    y: Math.min(Math.max(pt.y, L.iy), L.iy + (L.rows[1] - L.rows[0]) * L.cell),
  };
}

/** The quiver cell under (x, y), or null. */
export function quiverCell(L: DeformLayout, s: DeformState, x: number, y: number): [number, number] | null {
  const c = Math.floor((x - L.qx) / L.q);
  const r = Math.floor((y - L.qy) / L.q);
  return r >= 0 && c >= 0 && r < s.oh && c < s.ow ? [r, c] : null;
}
