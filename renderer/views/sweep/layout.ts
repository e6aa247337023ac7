// Where the sweep's boards go: three boards side by side (input side, kernel, output side) for
// 2-D ops, one under the other for 1-D ones, each with a two-line label and index ticks, the cell
// size fitted to the width; and which board cell a point of the canvas falls on.

import { scaleFor, type ColorScale } from '../../colormap';
import type { BoardSpec, SweepModel } from './model';

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

/** Margin around the boards. */
export const PAD = 12;
const GAP = 36;
/** Heights of a board's title, detail and tick lines. */
export const TITLE = 15;
export const DETAIL = 14;
export const TICK = 13;

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
