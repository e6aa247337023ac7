// The deformable-conv view's text: the table of every tap (regular position, offset, sample, mask,
// bilinear value), the table of the lit tap's four bilinear neighbours, and the one-line summary
// that names the canvas.

import { el } from '../../dom';
import { formatCell, formatValue } from '../../format';
import { table } from '../common';
import { cellsRead } from './scene';
import type { DeformState } from './state';

export function describeSampling(s: DeformState): string {
  const farthest = Math.max(...s.trace.taps.map((t) => Math.hypot(t.offset[0], t.offset[1])));
  return `Deformable sampling for output (${s.selected[0]}, ${s.selected[1]}): ${s.taps} taps read ${cellsRead(s).size} input cells; offsets range up to ${formatCell(farthest, 3)} cells.`;
}

export function tapTable(s: DeformState): HTMLTableElement {
  const withValues = s.payload.input !== undefined;
  const v2 = (a: readonly number[]) => `(${a.map((x) => formatCell(x, 4)).join(', ')})`;
  const headers = ['tap', 'regular (y, x)', 'offset (Δy, Δx)', 'sample (y, x)', 'mask'];
  if (withValues) headers.push('bilinear value');
  const rows = s.trace.taps.map((t) => {
    const row = [`${t.tap.join(', ')}`, v2(t.regular), v2(t.offset), v2(t.sample), formatCell(t.mask, 4)];
    if (withValues) row.push(t.value === undefined ? '' : formatValue(t.value));
    return row;
  });
  return table(headers, rows, { caption: describeSampling(s) });
}

/** The lit tap's neighbours with a caption above them; four rows always, so the page does not jump while the pointer moves. */
export function neighbourTable(s: DeformState): HTMLElement[] {
  const tap = s.litTap();
  const t = tap >= 0 ? s.trace.taps[tap] : undefined;
  const withValues = s.payload.input !== undefined;
  const headers = ['neighbour (y, x)', 'weight', ...(withValues ? ['x', 'weight · x'] : ['inside'])];
  const rows = [0, 1, 2, 3].map((k) => {
    const n = t?.neighbours[k];
    if (!n) return ['—', '', ...(withValues ? ['', ''] : [''])];
    const where = `(${n.position.map((v) => formatCell(v)).join(', ')})`;
    if (!withValues) return [where, formatCell(n.weight, 4), n.inside ? 'yes' : 'no: reads 0'];
    const x = n.inside ? (n.value ?? 0) : 0;
    return [where, formatCell(n.weight, 4), n.inside ? formatCell(x, 4) : '0 (outside)', formatCell(n.weight * x, 4)];
  });
  if (withValues) rows.push(['bilinear value', '', '', t?.value === undefined ? '' : formatValue(t.value)]);
  const caption = t
    ? `Bilinear neighbours of tap (${t.tap.join(', ')}), sample (${t.sample.map((v) => formatCell(v, 4)).join(', ')})`
    : 'Bilinear neighbours: hover a sample point or pick a tap';
  const tableEl = table(headers, rows, { caption });
  tableEl.classList.add('cb-neighbours');
  return [el('div', { className: 'cb-subtitle' }, caption), tableEl];
}
