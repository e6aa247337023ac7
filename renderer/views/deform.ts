// Deformable conv for one output location: the regular sampling grid beside the deformed points,
// an arrow from each regular point to where it samples, the mask as opacity, the four bilinear
// neighbours of the sample under the pointer (or the tap picked in the toolbar), and the adaptive
// receptive field (cells the samples touch) against the regular one. Beside it, the offset field
// over the whole output as a quiver plot; clicking (or arrow keys) selects the location. The
// neighbours' weights are listed in a table under the board: on the board they are written only
// when the cells are wide enough to hold them.

import type { DeformPayload, DeformTrace, WindowConfig } from '../../contract';
import { traceDeform } from '../../engine/trace/deform';
import { cssColorOf, scaleFor, type ColorScale } from '../colormap';
import { el, select } from '../dom';
import { sceneToPng, sceneToSvgBlob } from '../export/image';
import { formatCell, formatValue } from '../format';
import { paintToCanvas } from '../scene/paint';
import { newScene, type Scene } from '../scene/scene';
import { mix, readableOn, withAlpha, type Palette } from '../theme';
import { PayloadError, asString, asStrings, isNumberArray, isRecord, type View, type ViewContext } from '../view';
import { notesList, table } from './common';

/** Offsets shorter than this (in input cells) are float32 noise, drawn as no arrow. */
const NEGLIGIBLE_OFFSET = 1e-4;

const PAD = 12;
const SAMPLE_NOTE = 'hollow: regular grid · filled: deformed samples (opacity = mask)';
const LABEL = 34;
/** Smallest input cell that holds a neighbour's weight above its value. */
const WEIGHT_LABEL_MIN_CELL = 30;
/** Height of the two legend lines under the input board. */
const LEGEND = 36;
/** How far past the padded input the board extends to show samples that fly out. */
const MARGIN = 2;

function adaptiveLegend(cells: number): string {
  return `shaded cells: the ${cells} cells the samples read (adaptive receptive field)`;
}

function parseDeform(raw: unknown): DeformPayload {
  if (!isRecord(raw) || !isRecord(raw.config)) throw new PayloadError('the deformable-conv output has no config');
  const config = raw.config as unknown as WindowConfig;
  for (const k of ['inputSize', 'kernelSize', 'stride', 'dilation', 'padBefore', 'padAfter', 'outputSize'] as const) {
    if (!isNumberArray(config[k]) || config[k].length !== 2) throw new PayloadError(`the deformable-conv config needs 2-D ${k}`);
  }
  if (!isNumberArray(raw.offset)) throw new PayloadError('the deformable-conv output has no offsets');
  const [kh, kw] = config.kernelSize;
  const plane = config.outputSize[0] * config.outputSize[1];
  if (raw.offset.length !== 2 * kh * kw * plane) throw new PayloadError(`offsets hold ${raw.offset.length} values, expected 2·${kh}·${kw}·${plane}`);
  const mask = isNumberArray(raw.mask) ? raw.mask : undefined;
  if (mask && mask.length !== kh * kw * plane) throw new PayloadError(`the mask holds ${mask.length} values, expected ${kh}·${kw}·${plane}`);
  const input = isNumberArray(raw.input) && raw.input.length === config.inputSize[0] * config.inputSize[1] ? raw.input : undefined;
  const selected = isNumberArray(raw.selected) && raw.selected.length === 2 ? raw.selected : [0, 0];
  return { title: asString(raw.title, 'deformable conv'), config, input, offset: raw.offset, mask, selected, notes: asStrings(raw.notes) };
}

interface DeformLayout {
  width: number;
  height: number;
  cell: number;
  /** Pixel origin of input cell (rows[0], cols[0]). */
  ix: number;
  iy: number;
  rows: [number, number];
  cols: [number, number];
  q: number;
  qx: number;
  qy: number;
}

export function deformView(ctx: ViewContext, raw: unknown): View {
  const payload = parseDeform(raw);
  const config = payload.config;
  const [H, W] = config.inputSize;
  const [kh, kw] = config.kernelSize;
  const [oh, ow] = config.outputSize;
  const plane = oh * ow;
  const taps = kh * kw;
  let selected: [number, number] = [Math.min(Math.max(0, payload.selected[0]), oh - 1), Math.min(Math.max(0, payload.selected[1]), ow - 1)];
  const stored = ctx.state.get<[number, number]>('selected');
  if (stored && stored[0] < oh && stored[1] < ow) selected = stored;
  let quiverTap = ctx.state.get<number>('quiverTap') ?? -1;
  let hoverTap = -1;
  /** The tap picked in the toolbar (keyboard users cannot hover); the pointer overrides it. */
  let inspectedTap = -1;
  const litTap = () => (hoverTap >= 0 ? hoverTap : inspectedTap);
  let hoverOutput: [number, number] | null = null;
  let trace: DeformTrace = traceDeform(config, payload.offset, payload.mask, selected, payload.input);
  const inputScale: ColorScale | undefined = payload.input ? scaleFor(Math.min(...payload.input), Math.max(...payload.input)) : undefined;

  const offsetAt = (t: number, p: number): [number, number] => [payload.offset[2 * t * plane + p], payload.offset[(2 * t + 1) * plane + p]];
  const maskAt = (t: number, p: number) => (payload.mask ? payload.mask[t * plane + p] : 1);

  // ───── DOM ─────
  const root = ctx.root;
  const canvas = el('canvas', { className: 'cb-canvas', role: 'img' });
  const wrap = el('div', { className: 'cb-canvas-wrap', tabindex: 0, 'aria-label': 'Deformable sampling; arrow keys move the selected output location' }, canvas);
  const readout = el('div', { className: 'cb-readout', 'data-role': 'readout', 'aria-live': 'polite' }, '\u00a0');
  const tapTable = el('div', { className: 'cb-scroll cb-nowrap', 'data-role': 'taps' });
  const neighbourTable = el('div', { className: 'cb-scroll', 'data-role': 'neighbours' });
  const tapChoices = [{ value: '-1', label: 'none (hover a sample)' }, ...Array.from({ length: taps }, (_, t) => ({ value: String(t), label: `tap ${t} (${Math.floor(t / kw)}, ${t % kw})` }))];
  const inspectField = select('neighbours of', tapChoices, '-1', (v) => {
    inspectedTap = Number(v);
    fillNeighbours();
    draw();
  });
  inspectField.querySelector('select')!.dataset.role = 'inspect';
  const toolbar = el(
    'div',
    { className: 'cb-toolbar' },
    select(
      'quiver shows',
      [{ value: '-1', label: 'mean offset of the taps' }, ...Array.from({ length: taps }, (_, t) => ({ value: String(t), label: `tap ${t} (${Math.floor(t / kw)}, ${t % kw})` }))],
      String(quiverTap),
      (v) => {
        quiverTap = Number(v);
        ctx.state.set('quiverTap', quiverTap);
        draw();
      },
    ),
    inspectField,
    el('span', { className: 'cb-field-label', 'data-role': 'selected' }),
  );
  root.setAttribute('role', 'region');
  root.setAttribute('aria-label', payload.title);
  root.append(
    el('div', { className: 'cb-title' }, payload.title),
    el('div', { className: 'cb-subtitle' }, `deformable conv: input ${H}×${W}, kernel ${kh}×${kw}, stride ${config.stride.join('×')}, padding ${config.padBefore.join('×')}, dilation ${config.dilation.join('×')} → output ${oh}×${ow}${payload.mask ? ', modulated (mask)' : ''}`),
    toolbar,
    wrap,
    readout,
    neighbourTable,
    tapTable,
  );
  const notes = notesList(payload.notes);
  if (notes) root.appendChild(notes);

  // ───── layout ─────
  function layout(): DeformLayout {
    const avail = Math.min(1400, Math.max(360, root.clientWidth || 800));
    const samples = trace.taps.map((t) => t.sample);
    const lo = (a: number) => Math.max(-config.padBefore[a] - MARGIN, Math.min(-config.padBefore[a], ...samples.map((s) => Math.floor(s[a]))));
    const hi = (a: number, size: number) => Math.min(size + config.padAfter[a] + MARGIN, Math.max(size + config.padAfter[a], ...samples.map((s) => Math.floor(s[a]) + 2)));
    const rows: [number, number] = [lo(0), hi(0, H)];
    const cols: [number, number] = [lo(1), hi(1, W)];
    const nr = rows[1] - rows[0];
    const nc = cols[1] - cols[0];
    const ix = PAD;
    const iy = PAD + LABEL;
    const inputLabel = Math.max(measure(`INPUT x — sampling for output (${oh - 1}, ${ow - 1})`, 12, true), measure(SAMPLE_NOTE, 11), measure(adaptiveLegend(taps * 4), 11));
    const quiverLabel = Math.max(measure(`OFFSET FIELD over the output ${oh}×${ow}`, 12, true), measure('offset of tap 00; click to select', 11), measure('longest arrow: 0.000 input cells', 11), measure('the taps’ offsets cancel out: pick a tap above', 11));
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

  const measureCtx = document.createElement('canvas').getContext('2d');
  function measure(text: string, size: number, bold = false, mono = false): number {
    if (!measureCtx) return text.length * size * 0.62;
    measureCtx.font = `${bold ? '600 ' : ''}${size}px ${mono ? ctx.palette().monoFamily : ctx.palette().fontFamily}`;
    return measureCtx.measureText(text).width;
  }
  /** The first spelling that fits `width` at a size from `largest` down to 8 px, or null. */
  function fitMono(spellings: string[], width: number, largest: number, bold = false): { text: string; size: number } | null {
    for (const text of spellings) for (let size = largest; size >= 8; size--) if (measure(text, size, bold, true) <= width) return { text, size };
    return null;
  }
  let L = layout();
  const centre = (y: number, x: number) => ({ x: L.ix + (x - L.cols[0] + 0.5) * L.cell, y: L.iy + (y - L.rows[0] + 0.5) * L.cell });
  const clampToBoard = (pt: { x: number; y: number }) => ({
    x: Math.min(Math.max(pt.x, L.ix), L.ix + (L.cols[1] - L.cols[0]) * L.cell),
    y: Math.min(Math.max(pt.y, L.iy), L.iy + (L.rows[1] - L.rows[0]) * L.cell),
  });

  function scene(p: Palette): Scene {
    const s = newScene(L.width, L.height, p.background, p.fontFamily, p.monoFamily);
    const out = s.prims;
    const cell = L.cell;
    const [sy, sx] = selected;
    out.push({ t: 'text', x: L.ix, y: PAD, text: `INPUT x — sampling for output (${sy}, ${sx})`, color: p.foreground, size: 12, bold: true, baseline: 'top' });
    out.push({ t: 'text', x: L.ix, y: PAD + 15, text: SAMPLE_NOTE, color: p.muted, size: 11, baseline: 'top' });
    // Cells touched by the samples (bilinear neighbours inside the image, weight > 0, mask ≠ 0).
    const adaptive = new Set<string>();
    for (const t of trace.taps) if (t.mask !== 0) for (const n of t.neighbours) if (n.inside && n.weight > 0) adaptive.add(`${n.position[0]},${n.position[1]}`);
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
        let fill = v !== undefined && inputScale && !showText ? mix(p.background, cssColorOf(inputScale, v), 0.45) : p.background;
        if (adaptive.has(key)) fill = mix(fill, p.filled, p.highContrast ? 0 : 0.3);
        out.push({ t: 'rect', x, y, w: cell, h: cell, fill, stroke: p.border });
        const label = showText && v !== undefined ? fitMono([formatCell(v), formatCell(v, 2)], cell - 4, Math.max(8, Math.floor(cell * 0.26))) : null;
        if (label) out.push({ t: 'text', x: x + cell / 2, y: y + cell - 3, text: label.text, color: readableOn(fill, p.muted), size: label.size, align: 'center', baseline: 'bottom', mono: true });
        if (adaptive.has(key)) out.push({ t: 'rect', x: x + 1, y: y + 1, w: cell - 2, h: cell - 2, stroke: withAlpha(p.filled, 0.9), lineWidth: p.highContrast ? 2 : 1 });
      }
    }
    // Regular receptive field: the box around the regular taps.
    const rr = trace.taps.map((t) => t.regular);
    const r0 = Math.min(...rr.map((q) => q[0]));
    const r1 = Math.max(...rr.map((q) => q[0]));
    const c0 = Math.min(...rr.map((q) => q[1]));
    const c1 = Math.max(...rr.map((q) => q[1]));
    const a = centre(r0, c0);
    out.push({ t: 'rect', x: a.x - cell / 2, y: a.y - cell / 2, w: (c1 - c0 + 1) * cell, h: (r1 - r0 + 1) * cell, stroke: p.window, lineWidth: 2, dash: [6, 3] });
    // Arrows regular → sample; points.
    const lit = litTap();
    trace.taps.forEach((t, i) => {
      const from = centre(t.regular[0], t.regular[1]);
      const to = clampToBoard(centre(t.sample[0], t.sample[1]));
      const alpha = Math.max(0.12, Math.min(1, t.mask));
      const isLit = i === lit;
      out.push({ t: 'circle', cx: from.x, cy: from.y, r: Math.max(3, cell * 0.14), stroke: p.window, lineWidth: 1.5 });
      if (Math.hypot(to.x - from.x, to.y - from.y) > 2) out.push({ t: 'line', x1: from.x, y1: from.y, x2: to.x, y2: to.y, stroke: withAlpha(isLit ? p.hover : p.foreground, alpha * 0.85), lineWidth: isLit ? 2.5 : 1.5, head: Math.max(5, cell * 0.2) });
      out.push({ t: 'circle', cx: to.x, cy: to.y, r: Math.max(3.5, cell * 0.16), fill: withAlpha(isLit ? p.hover : p.accent, alpha), stroke: isLit ? p.hover : p.accent, lineWidth: 1 });
    });
    if (lit >= 0) {
      const t = trace.taps[lit];
      for (const n of t.neighbours) {
        const ctr = centre(n.position[0], n.position[1]);
        const inBoard = n.position[0] >= L.rows[0] && n.position[0] < L.rows[1] && n.position[1] >= L.cols[0] && n.position[1] < L.cols[1];
        if (!inBoard) continue;
        out.push({ t: 'rect', x: ctr.x - cell / 2, y: ctr.y - cell / 2, w: cell, h: cell, stroke: p.hover, lineWidth: 2.5 });
        // Each weight stays inside its own cell, on an opaque chip over the arrows; cells too small
        // for that leave the weights to the neighbour table.
        const w = cell >= WEIGHT_LABEL_MIN_CELL ? fitMono([formatCell(n.weight, 3), formatCell(n.weight, 2)], cell - 6, Math.max(9, Math.floor(cell * 0.24)), true) : null;
        if (!w) continue;
        const chipW = measure(w.text, w.size, true, true) + 4;
        out.push({ t: 'rect', x: ctr.x - chipW / 2, y: ctr.y - cell / 2 + 2, w: chipW, h: w.size + 3, fill: p.background });
        out.push({ t: 'text', x: ctr.x, y: ctr.y - cell / 2 + 3, text: w.text, color: p.hover, size: w.size, align: 'center', baseline: 'top', bold: true, mono: true });
      }
    }
    // Quiver.
    out.push({ t: 'text', x: L.qx, y: L.qy - LABEL, text: `OFFSET FIELD over the output ${oh}×${ow}`, color: p.foreground, size: 12, bold: true, baseline: 'top' });
    out.push({ t: 'text', x: L.qx, y: L.qy - LABEL + 15, text: quiverTap < 0 ? 'mean offset of the taps; click to select' : `offset of tap ${quiverTap}; click to select`, color: p.muted, size: 11, baseline: 'top' });
    let longest = 0;
    const vectors: [number, number][] = [];
    for (let pidx = 0; pidx < plane; pidx++) {
      let dy = 0;
      let dx = 0;
      if (quiverTap >= 0) [dy, dx] = offsetAt(quiverTap, pidx);
      else {
        for (let t = 0; t < taps; t++) {
          const [a1, b1] = offsetAt(t, pidx);
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
    const legendY = L.iy + (L.rows[1] - L.rows[0]) * cell + 8;
    out.push({ t: 'text', x: L.ix, y: legendY, text: 'dashed box: regular receptive field', color: p.muted, size: 11, baseline: 'top' });
    out.push({ t: 'text', x: L.ix, y: legendY + 14, text: adaptiveLegend(adaptive.size), color: p.muted, size: 11, baseline: 'top' });
    return s;
  }

  function describe(): string {
    const cellsRead = new Set<string>();
    for (const t of trace.taps) if (t.mask !== 0) for (const n of t.neighbours) if (n.inside && n.weight > 0) cellsRead.add(`${n.position}`);
    return `Deformable sampling for output (${selected[0]}, ${selected[1]}): ${taps} taps read ${cellsRead.size} input cells; offsets range up to ${formatCell(Math.max(...trace.taps.map((t) => Math.hypot(t.offset[0], t.offset[1]))), 3)} cells.`;
  }

  function fillTable(): void {
    const v2 = (a: readonly number[]) => `(${a.map((x) => formatCell(x, 4)).join(', ')})`;
    const headers = ['tap', 'regular (y, x)', 'offset (Δy, Δx)', 'sample (y, x)', 'mask'];
    if (payload.input) headers.push('bilinear value');
    const rows = trace.taps.map((t) => {
      const row = [`${t.tap.join(', ')}`, v2(t.regular), v2(t.offset), v2(t.sample), formatCell(t.mask, 4)];
      if (payload.input) row.push(t.value === undefined ? '' : formatValue(t.value));
      return row;
    });
    tapTable.replaceChildren(table(headers, rows, { caption: describe() }));
  }

  function fillNeighbours(): void {
    const tap = litTap();
    const t = tap >= 0 ? trace.taps[tap] : undefined;
    const withValues = payload.input !== undefined;
    const headers = ['neighbour (y, x)', 'weight', ...(withValues ? ['x', 'weight · x'] : ['inside'])];
    // Four rows always, so the page does not jump while the pointer moves over the board.
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
    neighbourTable.replaceChildren(el('div', { className: 'cb-subtitle' }, caption), tableEl);
  }

  function draw(): void {
    paintToCanvas(canvas, scene(ctx.palette()));
    canvas.setAttribute('aria-label', describe());
    canvas.dataset.layout = JSON.stringify({ cell: L.cell, ix: L.ix, iy: L.iy, rows: L.rows, cols: L.cols, q: L.q, qx: L.qx, qy: L.qy });
    (toolbar.querySelector('[data-role=selected]') as HTMLElement).textContent = `selected output (${selected[0]}, ${selected[1]})`;
  }

  function select2(r: number, c: number): void {
    const next: [number, number] = [Math.min(Math.max(0, r), oh - 1), Math.min(Math.max(0, c), ow - 1)];
    if (next[0] === selected[0] && next[1] === selected[1]) return;
    selected = next;
    ctx.state.set('selected', selected);
    trace = traceDeform(config, payload.offset, payload.mask, selected, payload.input);
    hoverTap = -1;
    L = layout();
    fillTable();
    fillNeighbours();
    draw();
  }

  const point = (e: MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const quiverCell = (x: number, y: number): [number, number] | null => {
    const c = Math.floor((x - L.qx) / L.q);
    const r = Math.floor((y - L.qy) / L.q);
    return r >= 0 && c >= 0 && r < oh && c < ow ? [r, c] : null;
  };

  ctx.disposables.listen(canvas, 'pointermove', (e: PointerEvent) => {
    const { x, y } = point(e);
    let tap = -1;
    let best = Math.max(8, L.cell * 0.35);
    trace.taps.forEach((t, i) => {
      const s = clampToBoard(centre(t.sample[0], t.sample[1]));
      const d = Math.hypot(s.x - x, s.y - y);
      if (d < best) {
        best = d;
        tap = i;
      }
    });
    const q = quiverCell(x, y);
    const changed = tap !== hoverTap || JSON.stringify(q) !== JSON.stringify(hoverOutput);
    hoverTap = tap;
    hoverOutput = q;
    if (tap >= 0) {
      const t = trace.taps[tap];
      const ns = t.neighbours.map((n) => `(${n.position.map((v) => formatCell(v)).join(', ')}) w=${formatCell(n.weight, 4)}${n.inside ? (n.value !== undefined ? ` x=${formatCell(n.value, 4)}` : '') : ' outside: 0'}`).join('; ');
      readout.textContent = `tap (${t.tap.join(', ')}): regular (${t.regular.map((v) => formatCell(v)).join(', ')}) + offset (${t.offset.map((v) => formatCell(v, 4)).join(', ')}) = sample (${t.sample.map((v) => formatCell(v, 4)).join(', ')}); mask ${formatCell(t.mask, 4)}; neighbours ${ns}${t.value !== undefined ? `; value ${formatValue(t.value)}` : ''}`;
    } else if (q) {
      const pidx = q[0] * ow + q[1];
      const parts = Array.from({ length: taps }, (_, t) => offsetAt(t, pidx));
      const m = parts.reduce((acc, v) => [acc[0] + v[0] / taps, acc[1] + v[1] / taps], [0, 0]);
      readout.textContent = `output (${q[0]}, ${q[1]}): mean offset (${formatCell(m[0], 4)}, ${formatCell(m[1], 4)})${payload.mask ? `, mean mask ${formatCell(parts.reduce((s, _, t) => s + maskAt(t, pidx) / taps, 0), 4)}` : ''}`;
    } else readout.textContent = '\u00a0';
    if (changed) {
      fillNeighbours();
      draw();
    }
  });
  ctx.disposables.listen(canvas, 'pointerleave', () => {
    hoverTap = -1;
    hoverOutput = null;
    readout.textContent = '\u00a0';
    fillNeighbours();
    draw();
  });
  ctx.disposables.listen(canvas, 'click', (e: MouseEvent) => {
    const { x, y } = point(e);
    const q = quiverCell(x, y);
    if (q) select2(q[0], q[1]);
  });
  ctx.disposables.listen(wrap, 'keydown', (e: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    select2(selected[0] + m[0], selected[1] + m[1]);
  });
  ctx.onThemeChange(draw);

  fillTable();
  fillNeighbours();
  draw();
  ctx.rendered('deform');
  const sceneNow = () => scene(ctx.palette());
  return {
    title: payload.title,
    exporters: [
      { format: 'png', label: 'PNG', make: () => sceneToPng(sceneNow()) },
      { format: 'svg', label: 'SVG', make: async () => sceneToSvgBlob(sceneNow(), `${payload.title}: output (${selected.join(', ')})`) },
    ],
  };
}

