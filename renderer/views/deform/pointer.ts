// The pointer and keys over the deformable-conv board: hovering a sample lights its tap and writes
// its arithmetic in the readout, hovering the quiver reads an output's mean offset; clicking the
// quiver, or the arrow keys on the focused board, select an output location.

import { formatCell, formatValue } from '../../format';
import type { ViewContext } from '../../view';
import { centre, clampToBoard, quiverCell, type DeformLayout } from './layout';
import type { DeformState } from './state';

export interface DeformSurface {
  canvas: HTMLCanvasElement;
  wrap: HTMLElement;
  readout: HTMLElement;
  layout(): DeformLayout;
  /** Repaints after a hover change (with the neighbour table). */
  hovered(): void;
  /** Redoes everything after another output is selected. */
  selectedMoved(): void;
}

/** The sample nearest (x, y) within reach, or −1. */
function tapAt(s: DeformState, L: DeformLayout, x: number, y: number): number {
  let tap = -1;
  let best = Math.max(8, L.cell * 0.35);
  s.trace.taps.forEach((t, i) => {
    const p = clampToBoard(L, centre(L, t.sample[0], t.sample[1]));
    const d = Math.hypot(p.x - x, p.y - y);
    if (d < best) {
      best = d;
      tap = i;
    }
  });
  return tap;
}

function tapText(s: DeformState, tap: number): string {
  const t = s.trace.taps[tap];
  const ns = t.neighbours.map((n) => `(${n.position.map((v) => formatCell(v)).join(', ')}) w=${formatCell(n.weight, 4)}${n.inside ? (n.value !== undefined ? ` x=${formatCell(n.value, 4)}` : '') : ' outside: 0'}`).join('; ');
  return `tap (${t.tap.join(', ')}): regular (${t.regular.map((v) => formatCell(v)).join(', ')}) + offset (${t.offset.map((v) => formatCell(v, 4)).join(', ')}) = sample (${t.sample.map((v) => formatCell(v, 4)).join(', ')}); mask ${formatCell(t.mask, 4)}; neighbours ${ns}${t.value !== undefined ? `; value ${formatValue(t.value)}` : ''}`;
}

function outputText(s: DeformState, q: [number, number]): string {
  const pidx = q[0] * s.ow + q[1];
  const parts = Array.from({ length: s.taps }, (_, t) => s.offsetAt(t, pidx));
  const m = parts.reduce((acc, v) => [acc[0] + v[0] / s.taps, acc[1] + v[1] / s.taps], [0, 0]);
  const mask = s.payload.mask ? `, mean mask ${formatCell(parts.reduce((sum, _, t) => sum + s.maskAt(t, pidx) / s.taps, 0), 4)}` : '';
  return `output (${q[0]}, ${q[1]}): mean offset (${formatCell(m[0], 4)}, ${formatCell(m[1], 4)})${mask}`;
}

export function listenDeformInput(ctx: ViewContext, s: DeformState, v: DeformSurface): void {
  const point = (e: MouseEvent) => {
    const r = v.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const select = (r: number, c: number) => {
    if (!s.select(r, c)) return;
    ctx.state.set('selected', s.selected);
    v.selectedMoved();
  };
  ctx.disposables.listen(v.canvas, 'pointermove', (e: PointerEvent) => {
    const { x, y } = point(e);
    const L = v.layout();
    const tap = tapAt(s, L, x, y);
    const q = quiverCell(L, s, x, y);
    const changed = tap !== s.hoverTap || JSON.stringify(q) !== JSON.stringify(s.hoverOutput);
    s.hoverTap = tap;
    s.hoverOutput = q;
    v.readout.textContent = tap >= 0 ? tapText(s, tap) : q ? outputText(s, q) : '\u00a0';
    if (changed) v.hovered();
  });
  ctx.disposables.listen(v.canvas, 'pointerleave', () => {
    s.hoverTap = -1;
    s.hoverOutput = null;
    v.readout.textContent = '\u00a0';
    v.hovered();
  });
  ctx.disposables.listen(v.canvas, 'click', (e: MouseEvent) => {
    const { x, y } = point(e);
    const q = quiverCell(v.layout(), s, x, y);
    if (q) select(q[0], q[1]);
  });
  ctx.disposables.listen(v.wrap, 'keydown', (e: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const m = Object.hasOwn(moves, e.key) ? moves[e.key] : undefined;
    if (!m) return;
    e.preventDefault();
    select(s.selected[0] + m[0], s.selected[1] + m[1]);
  });
}
