// Layout and drawing primitives of the sweep: three boards side by side (input side, kernel,
// output side), each with a two-line label and index ticks. Split into a static layer (the boards
// as they never change), the output cells (filled as the sweep goes), and a per-frame overlay
// (window, taps, current cell, hover), so the live canvas repaints only what moves.

import { cssColorOf, scaleFor, type ColorScale } from '../colormap';
import { formatCell } from '../format';
import type { Prim } from '../scene/scene';
import { mix, readableOn, withAlpha, type Palette } from '../theme';
import type { BoardSpec, Cell, FrameInfo, SweepModel } from './model';

export interface BoardLayout {
  spec: BoardSpec;
  /** Pixel position of logical cell (rows[0], cols[0]). */
  x: number;
  y: number;
  width: number;
  height: number;
  scale?: ColorScale;
}

export interface SweepLayout {
  width: number;
  height: number;
  cell: number;
  boards: BoardLayout[];
  input: BoardLayout;
  kernel: BoardLayout | null;
  output: BoardLayout;
  showText: boolean;
  fontSize: number;
  ticks: boolean;
  footerY: number;
  /** Notes under the boards, wrapped to the canvas width. */
  footer: string[];
}

const PAD = 12;
const GAP = 36;
const TITLE = 15;
const DETAIL = 14;
const TICK = 13;

export type Measure = (text: string, size: number, bold?: boolean) => number;

/** Splits `text` into lines no wider than `width`. */
export function wrapText(text: string, width: number, size: number, measure: Measure): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const candidate = line ? `${line} ${w}` : w;
    if (line && measure(candidate, size) > width) {
      lines.push(line);
      line = w;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * 2-D ops: the boards side by side. 1-D ops: one board per row (a signal reads left to right, and
 * the cells can be large). The cell size fits the available width.
 */
function placeBoards(specs: BoardSpec[], cell: number, vertical: boolean, measure: Measure): { boards: BoardLayout[]; right: number; bottom: number } {
  const ticks = cell >= 14;
  const tickW = 18;
  const labelH = TITLE + DETAIL + 6 + (ticks ? TICK : 0);
  const boards: BoardLayout[] = [];
  let x = PAD;
  let y = PAD + labelH;
  let right = 0;
  let bottom = 0;
  for (const spec of specs) {
    const gridW = (spec.cols[1] - spec.cols[0]) * cell;
    const gridH = (spec.rows[1] - spec.rows[0]) * cell;
    const labelW = Math.max(measure(spec.title, 12, true), measure(spec.detail, 11));
    const scale = spec.range ? scaleFor(spec.range[0], spec.range[1]) : undefined;
    const gx = x + (ticks ? tickW : 0);
    boards.push({ spec, x: gx, y, width: gridW, height: gridH, scale });
    right = Math.max(right, gx + gridW, x + labelW);
    bottom = Math.max(bottom, y + gridH);
    if (vertical) y += gridH + 14 + labelH;
    else x = Math.max(gx + gridW, x + labelW) + GAP;
  }
  return { boards, right, bottom };
}

export function layoutSweep(model: SweepModel, availableWidth: number, measure: Measure, notes: string[]): SweepLayout {
  const specs = [model.input, model.kernel, model.output].filter((b): b is BoardSpec => b !== null);
  const vertical = model.board.dims === 1;
  const colsOf = (b: BoardSpec) => b.cols[1] - b.cols[0];
  const rowsOf = (b: BoardSpec) => b.rows[1] - b.rows[0];
  const width = Math.max(280, availableWidth);
  const tickW = 18;
  let cell: number;
  if (vertical) cell = Math.floor((width - 2 * PAD - tickW) / Math.max(...specs.map(colsOf)));
  else {
    const cols = specs.reduce((n, b) => n + colsOf(b), 0);
    cell = Math.floor((width - 2 * PAD - GAP * (specs.length - 1) - specs.length * tickW) / Math.max(1, cols));
    cell = Math.min(cell, Math.floor(460 / Math.max(1, ...specs.map(rowsOf))));
  }
  cell = Math.max(4, Math.min(cell, 44));
  // Labels can be wider than their grids; shrink the cells until the row of boards fits.
  let placed = placeBoards(specs, cell, vertical, measure);
  while (!vertical && placed.right + PAD > width && cell > 4) {
    cell--;
    placed = placeBoards(specs, cell, vertical, measure);
  }
  const { boards, right, bottom } = placed;
  const ticks = cell >= 14;
  const showText = cell >= 18;
  const fontSize = Math.max(8, Math.min(14, Math.floor(cell * 0.36)));
  const canvasWidth = Math.ceil(Math.max(right + PAD, Math.min(width, 520)));
  const footer = notes.flatMap((n) => wrapText(n, canvasWidth - 2 * PAD, 11, measure));
  const footerY = bottom + 10;
  const byId = (id: string) => boards.find((b) => b.spec.id === id) ?? null;
  return {
    width: canvasWidth,
    height: Math.ceil(footerY + footer.length * 15 + PAD),
    cell,
    boards,
    input: byId('input')!,
    kernel: byId('kernel'),
    output: byId('output')!,
    showText,
    fontSize,
    ticks,
    footerY,
    footer,
  };
}

export function cellRect(b: BoardLayout, cell: number, r: number, c: number): { x: number; y: number; w: number; h: number } {
  return { x: b.x + (c - b.spec.cols[0]) * cell, y: b.y + (r - b.spec.rows[0]) * cell, w: cell, h: cell };
}

export function hitTest(layout: SweepLayout, px: number, py: number): { board: BoardLayout; r: number; c: number } | null {
  for (const b of layout.boards) {
    if (px < b.x || py < b.y || px >= b.x + b.width || py >= b.y + b.height) continue;
    const c = Math.floor((px - b.x) / layout.cell) + b.spec.cols[0];
    const r = Math.floor((py - b.y) / layout.cell) + b.spec.rows[0];
    return { board: b, r, c };
  }
  return null;
}

function fitText(text: string, cell: number, size: number, measure: Measure): number {
  let s = size;
  while (s >= 8 && measure(text, s) > cell - 3) s--;
  return s >= 8 ? s : 0;
}

/**
 * Cell background for a value. With numbers written in the cells, a light wash of one hue per sign
 * (blue below zero, red above; one hue for all-non-negative data) keeps the text readable in every
 * theme; without numbers (small cells) the full heatmap colour carries the value.
 */
function tint(p: Palette, b: BoardLayout, v: number | undefined, showText: boolean): string | undefined {
  if (v === undefined || !b.scale || !Number.isFinite(v)) return undefined;
  if (!showText) return cssColorOf(b.scale, v);
  if (p.highContrast) return undefined;
  const s = b.scale;
  if (s.kind === 'diverging') {
    const t = Math.min(1, Math.abs(v) / Math.max(Math.abs(s.min), Math.abs(s.max), 1e-30));
    return v === 0 ? undefined : mix(p.background, v < 0 ? p.accent : p.error, 0.06 + 0.34 * t);
  }
  const span = s.max - s.min;
  const t = span > 0 ? (v - s.min) / span : 0.5;
  return mix(p.background, p.accent, 0.04 + 0.32 * t);
}

/** One cell of a board: background, border, value. */
export function cellPrims(out: Prim[], layout: SweepLayout, b: BoardLayout, p: Palette, r: number, c: number, cell: Cell, measure: Measure, value?: number | null): void {
  const { x, y, w, h } = cellRect(b, layout.cell, r, c);
  const lw = p.highContrast ? 1.5 : 1;
  const v = value === undefined ? cell.value : value === null ? undefined : value;
  const text = (s: string, color: string, shorter?: string) => {
    if (!layout.showText) return;
    for (const candidate of shorter && shorter !== s ? [s, shorter] : [s]) {
      const size = fitText(candidate, layout.cell, layout.fontSize, measure);
      if (size) {
        out.push({ t: 'text', x: x + w / 2, y: y + h / 2 + 0.5, text: candidate, color, size, align: 'center', mono: true });
        return;
      }
    }
  };
  switch (cell.kind) {
    case 'real': {
      const fill = cell.uncovered ? mix(p.background, p.error, 0.16) : (tint(p, b, v, layout.showText) ?? p.background);
      out.push({ t: 'rect', x, y, w, h, fill, stroke: p.border, lineWidth: lw, hatch: cell.uncovered ? withAlpha(p.error, 0.5) : undefined });
      if (v !== undefined) text(formatCell(v), readableOn(fill, p.foreground), formatCell(v, 2));
      break;
    }
    case 'padding':
      out.push({ t: 'rect', x, y, w, h, fill: p.widget, stroke: p.padding, lineWidth: lw, dash: [3, 2] });
      if (v !== undefined) text(formatCell(v), readableOn(p.widget, p.muted), formatCell(v, 2));
      break;
    case 'zero':
      out.push({ t: 'rect', x, y, w, h, fill: p.widget, stroke: p.border, lineWidth: lw, hatch: withAlpha(p.accent, 0.35) });
      text('0', readableOn(p.widget, p.muted));
      break;
    case 'cropped':
      out.push({ t: 'rect', x, y, w, h, fill: p.background, stroke: withAlpha(p.muted, 0.6), lineWidth: lw, dash: [2, 2], hatch: withAlpha(p.muted, 0.45) });
      break;
    case 'outside':
      out.push({ t: 'rect', x, y, w, h, fill: p.background, stroke: withAlpha(p.warning, 0.8), lineWidth: lw, dash: [2, 3], hatch: withAlpha(p.warning, 0.45) });
      break;
    case 'hole':
      out.push({ t: 'rect', x, y, w, h, fill: p.background, stroke: withAlpha(p.muted, 0.5), lineWidth: lw, dash: [1, 3] });
      break;
  }
}

function boardLabel(out: Prim[], layout: SweepLayout, b: BoardLayout, p: Palette): void {
  const top = b.y - (layout.ticks ? TICK : 0) - 6 - DETAIL - TITLE;
  out.push({ t: 'text', x: b.x, y: top, text: b.spec.title, color: p.foreground, size: 12, bold: true, baseline: 'top' });
  out.push({ t: 'text', x: b.x, y: top + TITLE, text: b.spec.detail, color: p.muted, size: 11, baseline: 'top' });
}

function ticks(out: Prim[], layout: SweepLayout, b: BoardLayout, p: Palette, rowsToo: boolean): void {
  if (!layout.ticks) return;
  const cell = layout.cell;
  const every = cell >= 22 ? 1 : 2;
  for (let c = b.spec.cols[0]; c < b.spec.cols[1]; c++) {
    if (c % every !== 0) continue;
    const { x } = cellRect(b, cell, b.spec.rows[0], c);
    out.push({ t: 'text', x: x + cell / 2, y: b.y - 6, text: String(c).replace('-', '−'), color: p.muted, size: 9, align: 'center', baseline: 'middle', mono: true });
  }
  if (!rowsToo) return;
  for (let r = b.spec.rows[0]; r < b.spec.rows[1]; r++) {
    if (r % every !== 0) continue;
    const { y } = cellRect(b, cell, r, b.spec.cols[0]);
    out.push({ t: 'text', x: b.x - 4, y: y + cell / 2, text: String(r).replace('-', '−'), color: p.muted, size: 9, align: 'right', baseline: 'middle', mono: true });
  }
}

/** Everything that never changes while the sweep plays. */
export function staticPrims(model: SweepModel, layout: SweepLayout, p: Palette, measure: Measure): Prim[] {
  const out: Prim[] = [];
  const rowsToo = model.board.dims === 2;
  for (const b of layout.boards) {
    boardLabel(out, layout, b, p);
    ticks(out, layout, b, p, rowsToo && b.spec.id !== 'kernel');
    for (let r = b.spec.rows[0]; r < b.spec.rows[1]; r++)
      for (let c = b.spec.cols[0]; c < b.spec.cols[1]; c++) {
        const cell = b.spec.cell(r, c);
        // Output cells start empty; their values arrive with the sweep.
        if (b.spec.id === 'output' && cell.kind === 'real') out.push(cellRectPrim(layout, b, r, c, p.background, p.border));
        else cellPrims(out, layout, b, p, r, c, cell, measure);
      }
  }
  if (model.dropped) {
    const d = model.dropped;
    const a = cellRect(layout.input, layout.cell, d.rows[0], d.cols[0]);
    const z = cellRect(layout.input, layout.cell, d.rows[1] - 1, d.cols[1] - 1);
    out.push({ t: 'rect', x: a.x, y: a.y, w: z.x + z.w - a.x, h: z.y + z.h - a.y, stroke: p.error, lineWidth: 2, dash: [6, 4] });
    out.push({ t: 'text', x: a.x + 3, y: a.y + 3, text: 'dropped', color: p.error, size: 10, baseline: 'top', bold: true });
  }
  layout.footer.forEach((line, i) => out.push({ t: 'text', x: PAD, y: layout.footerY + i * 15, text: line, color: line.includes('never read') ? p.error : p.muted, size: 11, baseline: 'top' }));
  return out;
}

function cellRectPrim(layout: SweepLayout, b: BoardLayout, r: number, c: number, fill: string, stroke: string): Prim {
  const { x, y, w, h } = cellRect(b, layout.cell, r, c);
  return { t: 'rect', x, y, w, h, fill, stroke, lineWidth: 1 };
}

/** An output cell as shown after `frame` (empty, a value, or "visited" without data). */
export function outputCellPrims(out: Prim[], model: SweepModel, layout: SweepLayout, p: Palette, measure: Measure, frame: number, r: number, c: number): void {
  const b = layout.output;
  const cell = b.spec.cell(r, c);
  if (cell.kind !== 'real') {
    cellPrims(out, layout, b, p, r, c, cell, measure);
    return;
  }
  const v = model.outputValue(frame, r, c);
  if (v === undefined) {
    out.push(cellRectPrim(layout, b, r, c, p.background, p.border));
    return;
  }
  if (v === null) {
    out.push(cellRectPrim(layout, b, r, c, mix(p.background, p.filled, 0.35), p.border));
    return;
  }
  cellPrims(out, layout, b, p, r, c, { kind: 'real', value: v }, measure, v);
}

export function allOutputPrims(model: SweepModel, layout: SweepLayout, p: Palette, measure: Measure, frame: number): Prim[] {
  const out: Prim[] = [];
  const s = layout.output.spec;
  for (let r = Math.max(0, s.rows[0]); r < s.rows[1]; r++) for (let c = Math.max(0, s.cols[0]); c < s.cols[1]; c++) outputCellPrims(out, model, layout, p, measure, frame, r, c);
  return out;
}

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
