// The sweep's per-frame overlay: the window and its taps (gliding from the previous frame while
// playing), the current output or a scatter's stamps, and the cells the pointer links.

import type { Prim } from '../../scene/scene';
import { withAlpha, type Palette } from '../../theme';
import { cellRect, type BoardLayout, type SweepLayout } from './layout';
import type { FrameInfo, SweepModel } from './model';

export interface Hover {
  board: 'input' | 'kernel' | 'output';
  r: number;
  c: number;
  /** Cells lit on the other board. */
  lit: [number, number][];
  litBoard: 'input' | 'output';
}

function boxOf(cells: readonly (readonly number[])[]): [number, number, number, number] | null {
  if (!cells.length) return null;
  let r0 = Infinity;
  let c0 = Infinity;
  let r1 = -Infinity;
  let c1 = -Infinity;
  for (const [r, c] of cells) {
    r0 = Math.min(r0, r);
    c0 = Math.min(c0, c);
    r1 = Math.max(r1, r);
    c1 = Math.max(c1, c);
  }
  return [r0, c0, r1 + 1, c1 + 1];
}

function boxRect(layout: SweepLayout, b: BoardLayout, box: [number, number, number, number]) {
  const a = cellRect(b, layout.cell, box[0], box[1]);
  return { x: a.x, y: a.y, w: (box[3] - box[1]) * layout.cell, h: (box[2] - box[0]) * layout.cell };
}

/** The moving parts: window and taps, the current output (or the stamps), hover links. */
export function overlayPrims(model: SweepModel, layout: SweepLayout, p: Palette, info: FrameInfo, previous: FrameInfo | null, t: number, hover: Hover | null): Prim[] {
  const out: Prim[] = [];
  const cell = layout.cell;
  const hc = p.highContrast;
  const fillA = hc ? 0 : 0.3;
  const line = hc ? 3 : 2.5;
  const inputBoard = layout.input;

  if (model.mode === 'scatter') {
    const focus = info.taps[0].at;
    const r = cellRect(inputBoard, cell, focus[0], focus[1]);
    out.push({ t: 'rect', ...r, fill: withAlpha(p.window, fillA), stroke: p.window, lineWidth: line });
    if (layout.kernel) {
      const k = layout.kernel;
      out.push({ t: 'rect', x: k.x, y: k.y, w: k.width, h: k.height, stroke: p.window, lineWidth: line + 0.5 });
    }
    for (const o of info.outputs) out.push({ t: 'rect', ...cellRect(layout.output, cell, o.at[0], o.at[1]), fill: withAlpha(p.window, fillA), stroke: p.window, lineWidth: 1.5 });
    const box = boxOf(info.outputs.map((o) => o.at));
    if (box) out.push({ t: 'rect', ...boxRect(layout, layout.output, box), stroke: p.window, lineWidth: line });
  } else {
    const taps = info.taps;
    for (const tap of taps) {
      const rect = cellRect(inputBoard, cell, tap.at[0], tap.at[1]);
      out.push({ t: 'rect', ...rect, fill: withAlpha(p.window, fillA), stroke: withAlpha(p.window, 0.9), lineWidth: 1 });
    }
    let box = boxOf(taps.map((x) => x.at));
    const prevBox = previous ? boxOf(previous.taps.map((x) => x.at)) : null;
    if (box && prevBox && t < 1 && previous && previous.focus[0] === info.focus[0]) {
      // Glide from the previous window along the row.
      const e = 1 - (1 - t) * (1 - t);
      box = box.map((v, i) => prevBox[i] + (v - prevBox[i]) * e) as [number, number, number, number];
    }
    if (box) out.push({ t: 'rect', ...boxRect(layout, inputBoard, box), stroke: p.window, lineWidth: line + 0.5 });
    const winner = taps.find((x) => x.winner);
    if (winner) {
      const rect = cellRect(inputBoard, cell, winner.at[0], winner.at[1]);
      out.push({ t: 'rect', x: rect.x + 2, y: rect.y + 2, w: rect.w - 4, h: rect.h - 4, stroke: p.error, lineWidth: 3 });
    }
    // Every tap is used at every step; an outline is enough to tie the kernel to the window.
    if (layout.kernel) {
      const k = layout.kernel;
      out.push({ t: 'rect', x: k.x, y: k.y, w: k.width, h: k.height, stroke: p.window, lineWidth: line + 0.5 });
    }
    const o = cellRect(layout.output, cell, info.focus[0], info.focus[1]);
    out.push({ t: 'rect', ...o, fill: withAlpha(p.current, hc ? 0 : 0.35), stroke: p.current, lineWidth: line + 0.5 });
  }

  if (hover) {
    const own = hover.board === 'input' ? layout.input : hover.board === 'output' ? layout.output : layout.kernel;
    if (own) out.push({ t: 'rect', ...cellRect(own, cell, hover.r, hover.c), stroke: p.hover, lineWidth: 2.5 });
    const target = hover.litBoard === 'input' ? layout.input : layout.output;
    for (const [r, c] of hover.lit) out.push({ t: 'rect', ...cellRect(target, cell, r, c), fill: withAlpha(p.hover, hc ? 0 : 0.35), stroke: p.hover, lineWidth: 2 });
  }
  return out;
}
