// Reading values off the heatmap: the value under the pointer, and for the keyboard a cursor the
// arrow keys move over the focused plane and on into the neighbouring plane past its left or
// right edge, as across one wide grid; Page Down and Page Up jump a plane. The focused plane holds
// the heatmap's one Tab stop.

import type { TensorPlane } from '../../../contract';
import { formatValue } from '../../format';
import type { ViewContext } from '../../view';
import { planeLabel } from './payload';
import type { TensorState } from './state';

const MOVES: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
const JUMPS: Record<string, number> = { PageDown: 1, PageUp: -1 };

export function listenPlanes(ctx: ViewContext, s: TensorState, body: HTMLElement, readout: HTMLElement): void {
  function showValueAt(plane: TensorPlane, y: number, x: number): void {
    const v = plane.data[y * plane.width + x];
    const k = s.payload.downsample;
    const where = k > 1 ? `rows ${y * k}–${y * k + k - 1}, cols ${x * k}–${x * k + k - 1} (mean of ${k}×${k})` : `[${[...plane.index, y, x].join(', ')}]`;
    readout.textContent = `${s.title}${where.startsWith('[') ? where : ` ${planeLabel(plane)} ${where}`} = ${formatValue(v)}`;
  }

  // One delegated listener, so redrawing the tiles never piles up handlers.
  ctx.disposables.listen(body, 'pointermove', (e: PointerEvent) => {
    const tile = s.tiles.find((t) => t.canvas === e.target);
    if (!tile) return;
    const rect = tile.canvas.getBoundingClientRect();
    const x = Math.floor((e.clientX - rect.left) / s.drawnZoom);
    const y = Math.floor((e.clientY - rect.top) / s.drawnZoom);
    if (x < 0 || y < 0 || x >= tile.plane.width || y >= tile.plane.height) return;
    showValueAt(tile.plane, y, x);
  });
  ctx.disposables.listen(body, 'pointerleave', () => (readout.textContent = '\u00a0'));

  const cursors = new WeakMap<HTMLCanvasElement, [number, number]>();
  function moveToPlane(index: number, y: number, x: number): void {
    if (index < 0 || index >= s.tiles.length) return;
    const tile = s.tiles[index];
    for (const t of s.tiles) t.canvas.tabIndex = t === tile ? 0 : -1;
    s.focusedPlane = index;
    const cy = Math.min(tile.plane.height - 1, y);
    const cx = Math.min(tile.plane.width - 1, x);
    cursors.set(tile.canvas, [cy, cx]);
    tile.canvas.focus();
    showValueAt(tile.plane, cy, cx);
  }

  ctx.disposables.listen(body, 'keydown', (e: KeyboardEvent) => {
    const at = s.tiles.findIndex((t) => t.canvas === e.target);
    if (at < 0) return;
    const tile = s.tiles[at];
    if (Object.hasOwn(JUMPS, e.key)) {
      e.preventDefault();
      const [y, x] = cursors.get(tile.canvas) ?? [0, 0];
      moveToPlane(at + JUMPS[e.key], y, x);
      return;
    }
    const move = Object.hasOwn(MOVES, e.key) ? MOVES[e.key] : undefined;
    if (!move) return;
    e.preventDefault();
    const [y0, x0] = cursors.get(tile.canvas) ?? [0, -1];
    const y = Math.min(tile.plane.height - 1, Math.max(0, y0 + move[0]));
    const x1 = x0 + move[1];
    if (x1 >= tile.plane.width && at + 1 < s.tiles.length) return moveToPlane(at + 1, y, 0);
    if (x1 < 0 && x0 >= 0 && at > 0) return moveToPlane(at - 1, y, s.tiles[at - 1].plane.width - 1);
    const x = Math.min(tile.plane.width - 1, Math.max(0, x1));
    cursors.set(tile.canvas, [y, x]);
    showValueAt(tile.plane, y, x);
  });
}
