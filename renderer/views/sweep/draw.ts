// Drawing the sweep's boards as scene primitives, in two layers: the static one (the boards as they
// never change: cells, labels, ticks, the dropped ceil_mode window, the notes) and the output cells
// (filled as the sweep goes), so the live canvas repaints only what moves (overlay.ts draws the rest).

import { cssColorOf } from '../../colormap';
import { formatCell } from '../../format';
import type { Prim } from '../../scene/scene';
import { mix, readableOn, withAlpha, type Palette } from '../../theme';
import { DETAIL, PAD, TICK, TITLE, cellRect, type BoardLayout, type Measure, type SweepLayout } from './layout';
import type { Cell, SweepModel } from './model';

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
