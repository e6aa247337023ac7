// The deformable-conv picture as a scene: the input board with the regular grid, the deformed
// samples and their arrows (mask as opacity), the adaptive receptive field against the regular
// one, the bilinear neighbours of the lit tap with their weights; and the offset field over the
// whole output as a quiver plot.

import { cssColorOf } from '../../colormap';
import { formatCell } from '../../format';
import { newScene, type Prim, type Scene } from '../../scene/scene';
import { mix, readableOn, withAlpha, type Palette } from '../../theme';
import { LABEL, PAD, SAMPLE_NOTE, adaptiveLegend, centre, clampToBoard, type DeformLayout, type TextMeasure } from './layout';
import type { DeformState } from './state';

/** Offsets shorter than this (in input cells) are float32 noise, drawn as no arrow. */
const NEGLIGIBLE_OFFSET = 1e-4;
/** Smallest input cell that holds a neighbour's weight above its value. */
const WEIGHT_LABEL_MIN_CELL = 30;

/** Cells the samples read: bilinear neighbours inside the image with weight > 0, of taps whose mask is not 0. */
export function cellsRead(s: DeformState): Set<string> {
  const read = new Set<string>();
  for (const t of s.trace.taps) if (t.mask !== 0) for (const n of t.neighbours) if (n.inside && n.weight > 0) read.add(`${n.position[0]},${n.position[1]}`);
  return read;
}

function inputCells(out: Prim[], s: DeformState, L: DeformLayout, p: Palette, measure: TextMeasure, adaptive: Set<string>): void {
  const { config, payload } = s;
  const [H, W] = config.inputSize;
  const cell = L.cell;
  const showText = cell >= 26 && payload.input !== undefined;
  for (let r = L.rows[0]; r < L.rows[1]; r++) {
    for (let c = L.cols[0]; c < L.cols[1]; c++) {
      const x = L.ix + (c - L.cols[0]) * cell;
      const y = L.iy + (r - L.rows[0]) * cell;
      const inside = r >= 0 && r < H && c >= 0 && c < W;
      if (!inside) {
        const padded = r >= -config.padBefore[0] && r < H + config.padAfter[0] && c >= -config.padBefore[1] && c < W + config.padAfter[1];
        out.push({ t: 'rect', x, y, w: cell, h: cell, fill: p.widget, stroke: withAlpha(p.padding, padded ? 0.9 : 0.4), dash: [3, 2] });
        continue;
      }
      const v = payload.input?.[r * W + c];
      const key = `${r},${c}`;
      // Values as text on a neutral ground (a heatmap only when cells are too small for text);
      // the adaptive receptive field is the one coloured thing on the board.
      let fill = v !== undefined && s.inputScale && !showText ? mix(p.background, cssColorOf(s.inputScale, v), 0.45) : p.background;
      if (adaptive.has(key)) fill = mix(fill, p.filled, p.highContrast ? 0 : 0.3);
      out.push({ t: 'rect', x, y, w: cell, h: cell, fill, stroke: p.border });
      const label = showText && v !== undefined ? measure.fitMono([formatCell(v), formatCell(v, 2)], cell - 4, Math.max(8, Math.floor(cell * 0.26))) : null;
      if (label) out.push({ t: 'text', x: x + cell / 2, y: y + cell - 3, text: label.text, color: readableOn(fill, p.muted), size: label.size, align: 'center', baseline: 'bottom', mono: true });
      if (adaptive.has(key)) out.push({ t: 'rect', x: x + 1, y: y + 1, w: cell - 2, h: cell - 2, stroke: withAlpha(p.filled, 0.9), lineWidth: p.highContrast ? 2 : 1 });
    }
  }
}

function samplePrims(out: Prim[], s: DeformState, L: DeformLayout, p: Palette, measure: TextMeasure): void {
  const cell = L.cell;
  // Regular receptive field: the box around the regular taps.
  const rr = s.trace.taps.map((t) => t.regular);
  const r0 = Math.min(...rr.map((q) => q[0]));
  const r1 = Math.max(...rr.map((q) => q[0]));
  const c0 = Math.min(...rr.map((q) => q[1]));
  const c1 = Math.max(...rr.map((q) => q[1]));
  const a = centre(L, r0, c0);
  out.push({ t: 'rect', x: a.x - cell / 2, y: a.y - cell / 2, w: (c1 - c0 + 1) * cell, h: (r1 - r0 + 1) * cell, stroke: p.window, lineWidth: 2, dash: [6, 3] });
  // Arrows regular → sample; points.
  const lit = s.litTap();
  s.trace.taps.forEach((t, i) => {
    const from = centre(L, t.regular[0], t.regular[1]);
    const to = clampToBoard(L, centre(L, t.sample[0], t.sample[1]));
    const alpha = Math.max(0.12, Math.min(1, t.mask));
    const isLit = i === lit;
    out.push({ t: 'circle', cx: from.x, cy: from.y, r: Math.max(3, cell * 0.14), stroke: p.window, lineWidth: 1.5 });
    if (Math.hypot(to.x - from.x, to.y - from.y) > 2) out.push({ t: 'line', x1: from.x, y1: from.y, x2: to.x, y2: to.y, stroke: withAlpha(isLit ? p.hover : p.foreground, alpha * 0.85), lineWidth: isLit ? 2.5 : 1.5, head: Math.max(5, cell * 0.2) });
    out.push({ t: 'circle', cx: to.x, cy: to.y, r: Math.max(3.5, cell * 0.16), fill: withAlpha(isLit ? p.hover : p.accent, alpha), stroke: isLit ? p.hover : p.accent, lineWidth: 1 });
  });
  if (lit < 0) return;
  for (const n of s.trace.taps[lit].neighbours) {
    const ctr = centre(L, n.position[0], n.position[1]);
    const inBoard = n.position[0] >= L.rows[0] && n.position[0] < L.rows[1] && n.position[1] >= L.cols[0] && n.position[1] < L.cols[1];
    if (!inBoard) continue;
    out.push({ t: 'rect', x: ctr.x - cell / 2, y: ctr.y - cell / 2, w: cell, h: cell, stroke: p.hover, lineWidth: 2.5 });
    // Each weight stays inside its own cell, on an opaque chip over the arrows; cells too small
    // for that leave the weights to the neighbour table.
    const w = cell >= WEIGHT_LABEL_MIN_CELL ? measure.fitMono([formatCell(n.weight, 3), formatCell(n.weight, 2)], cell - 6, Math.max(9, Math.floor(cell * 0.24)), true) : null;
    if (!w) continue;
    const chipW = measure.width(w.text, w.size, true, true) + 4;
    out.push({ t: 'rect', x: ctr.x - chipW / 2, y: ctr.y - cell / 2 + 2, w: chipW, h: w.size + 3, fill: p.background });
    out.push({ t: 'text', x: ctr.x, y: ctr.y - cell / 2 + 3, text: w.text, color: p.hover, size: w.size, align: 'center', baseline: 'top', bold: true, mono: true });
  }
}

function quiverPrims(out: Prim[], s: DeformState, L: DeformLayout, p: Palette): void {
  const { oh, ow, taps, quiverTap, selected, hoverOutput } = s;
  out.push({ t: 'text', x: L.qx, y: L.qy - LABEL, text: `OFFSET FIELD over the output ${oh}×${ow}`, color: p.foreground, size: 12, bold: true, baseline: 'top' });
  out.push({ t: 'text', x: L.qx, y: L.qy - LABEL + 15, text: quiverTap < 0 ? 'mean offset of the taps; click to select' : `offset of tap ${quiverTap}; click to select`, color: p.muted, size: 11, baseline: 'top' });
  let longest = 0;
  const vectors: [number, number][] = [];
  for (let pidx = 0; pidx < s.plane; pidx++) {
    let dy = 0;
    let dx = 0;
    if (quiverTap >= 0) [dy, dx] = s.offsetAt(quiverTap, pidx);
    else {
      for (let t = 0; t < taps; t++) {
        const [a1, b1] = s.offsetAt(t, pidx);
        dy += a1 / taps;
        dx += b1 / taps;
      }
    }
    vectors.push([dy, dx]);
    longest = Math.max(longest, Math.hypot(dy, dx));
  }
  // Offsets are float32: a field that is zero in exact arithmetic (the mean offset of a rotation)
  // leaves ~1e-8 of noise, which scaling to the longest arrow would blow up to full-length arrows.
  if (longest < NEGLIGIBLE_OFFSET) longest = 0;
  const scale = longest > 0 ? (0.45 * L.q) / longest : 0;
  for (let r = 0; r < oh; r++)
    for (let c = 0; c < ow; c++) {
      const x = L.qx + c * L.q;
      const y = L.qy + r * L.q;
      const isSel = r === selected[0] && c === selected[1];
      const isHover = hoverOutput !== null && r === hoverOutput[0] && c === hoverOutput[1];
      out.push({ t: 'rect', x, y, w: L.q, h: L.q, fill: isSel ? mix(p.background, p.current, 0.3) : p.background, stroke: isSel ? p.current : isHover ? p.hover : p.border, lineWidth: isSel || isHover ? 2 : 1 });
      const [dy, dx] = vectors[r * ow + c];
      const cx = x + L.q / 2;
      const cy = y + L.q / 2;
      out.push({ t: 'circle', cx, cy, r: 1.5, fill: p.muted });
      if (Math.hypot(dy, dx) * scale > 1) out.push({ t: 'line', x1: cx, y1: cy, x2: cx + dx * scale, y2: cy + dy * scale, stroke: p.foreground, lineWidth: 1.5, head: Math.max(4, L.q * 0.18) });
    }
  const longestText = longest > 0 ? `longest arrow: ${formatCell(longest, 3)} input cells` : quiverTap < 0 ? 'the taps’ offsets cancel out: pick a tap above' : 'this tap is not moved';
  out.push({ t: 'text', x: L.qx, y: L.qy + oh * L.q + 6, text: longestText, color: p.muted, size: 11, baseline: 'top' });
}

export function deformScene(s: DeformState, L: DeformLayout, p: Palette, measure: TextMeasure): Scene {
  const scene = newScene(L.width, L.height, p.background, p.fontFamily, p.monoFamily);
  const out = scene.prims;
  const [sy, sx] = s.selected;
  out.push({ t: 'text', x: L.ix, y: PAD, text: `INPUT x — sampling for output (${sy}, ${sx})`, color: p.foreground, size: 12, bold: true, baseline: 'top' });
  out.push({ t: 'text', x: L.ix, y: PAD + 15, text: SAMPLE_NOTE, color: p.muted, size: 11, baseline: 'top' });
  const adaptive = cellsRead(s);
  inputCells(out, s, L, p, measure, adaptive);
  samplePrims(out, s, L, p, measure);
  quiverPrims(out, s, L, p);
  const legendY = L.iy + (L.rows[1] - L.rows[0]) * L.cell + 8;
  out.push({ t: 'text', x: L.ix, y: legendY, text: 'dashed box: regular receptive field', color: p.muted, size: 11, baseline: 'top' });
  out.push({ t: 'text', x: L.ix, y: legendY + 14, text: adaptiveLegend(adaptive.size), color: p.muted, size: 11, baseline: 'top' });
  return scene;
}
