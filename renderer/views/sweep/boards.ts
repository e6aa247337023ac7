// The three boards of a sweep as cell functions: the input side (real cells, padding by mode,
// zeros stuffed in by a transposed conv's gather view, cells only a ceil_mode window reaches), the
// kernel (dilation holes, flipped for the gather view) and the output (with a scatter's cropped border).

import type { WindowConfig } from '../../../contract';
import { sourceIndex } from '../../../engine/padding';
import { poolDroppedWindow } from '../../../engine/shapes';
import { stuffedSource } from '../../../engine/trace/transposed';
import { traceWindow } from '../../../engine/trace/window';
import { boardOf, from2, to2 } from './geometry';
import type { BoardSpec, Cell, DroppedWindow, SweepFacts } from './types';

function rangeOf(values: readonly number[] | undefined): [number, number] | undefined {
  if (!values || values.length === 0) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Extent of the windows on the drawn input board, from the first and last frames' traces. */
function windowReach(m: SweepFacts): { rows: [number, number]; cols: [number, number] } {
  const cfg = m.drawnConfig;
  const out2 = m.board.config2.outputSize;
  const reach = { rows: [Infinity, -Infinity] as [number, number], cols: [Infinity, -Infinity] as [number, number] };
  if (m.mode === 'scatter' || out2[0] < 1 || out2[1] < 1) return reach;
  for (const o of [[0, 0], [out2[0] - 1, out2[1] - 1]]) {
    const trace = traceWindow(cfg, from2(m.board, o));
    for (const t of trace.taps) {
      const [r, c] = to2(m.board, t.position);
      reach.rows = [Math.min(reach.rows[0], r), Math.max(reach.rows[1], r + 1)];
      reach.cols = [Math.min(reach.cols[0], c), Math.max(reach.cols[1], c + 1)];
    }
  }
  return reach;
}

export function findDroppedWindow(m: SweepFacts): DroppedWindow | null {
  const c = m.config;
  if ((c.kind !== 'max_pool' && c.kind !== 'avg_pool') || !c.ceilMode) return null;
  const axes = c.inputSize.map((size, a) => poolDroppedWindow(size, c.kernelSize[a], c.stride[a], c.padBefore[a], c.dilation[a]));
  const a = axes.findIndex(Boolean);
  if (a < 0) return null;
  // Ask the window trace where one more window along that axis would sit.
  const bumped: WindowConfig = { ...c, outputSize: c.outputSize.map((o, i) => (i === a ? o + 1 : o)) };
  const index = c.outputSize.map((o, i) => (i === a ? o : 0));
  const trace = traceWindow(bumped, index);
  const ps = trace.taps.map((t) => to2(m.board, t.position));
  const rows: [number, number] = [Math.min(...ps.map((p) => p[0])), Math.max(...ps.map((p) => p[0])) + 1];
  const cols: [number, number] = [Math.min(...ps.map((p) => p[1])), Math.max(...ps.map((p) => p[1])) + 1];
  // Along the other axis the ghost spans the whole board height/width of the first window only.
  return { rows, cols };
}

export function inputBoard(m: SweepFacts): BoardSpec {
  const cfg2 = m.mode === 'gather' ? boardOf(m.drawnConfig).config2 : m.board.config2;
  const size = cfg2.inputSize;
  const pb = m.mode === 'scatter' ? [0, 0] : cfg2.padBefore;
  const pa = m.mode === 'scatter' ? [0, 0] : cfg2.padAfter;
  const reach = windowReach(m);
  const span = (a: number): [number, number] => {
    const ends = [0, size[a], -pb[a], size[a] + pa[a]];
    const rr = a === 0 ? reach.rows : reach.cols;
    if (Number.isFinite(rr[0])) ends.push(rr[0], rr[1]);
    if (m.dropped) ends.push(...(a === 0 ? m.dropped.rows : m.dropped.cols));
    return [Math.min(...ends), Math.max(...ends)];
  };
  const plane = m.inputPlane();
  const realSize = m.board.config2.inputSize;
  const kind = m.config.kind;
  const isTransposedGather = m.mode === 'gather';
  const cell = (r: number, c: number): Cell => {
    const insideReal = r >= 0 && r < size[0] && c >= 0 && c < size[1];
    const insidePadded = r >= -pb[0] && r < size[0] + pa[0] && c >= -pb[1] && c < size[1] + pa[1];
    if (isTransposedGather) {
      if (!insidePadded) return { kind: insideReal ? 'cropped' : 'outside' };
      if (!insideReal) return { kind: 'padding', value: 0 };
      const src = stuffedSource(m.config, from2(m.board, [r, c]));
      if (!src) return { kind: 'zero', value: 0 };
      const s2 = to2(m.board, src);
      return { kind: 'real', value: plane?.[s2[0] * realSize[1] + s2[1]], source: s2 };
    }
    if (insideReal) {
      const uncovered = m.uncoveredRows.has(r) || m.uncoveredCols.has(c);
      return { kind: 'real', value: plane?.[r * size[1] + c], uncovered };
    }
    if (!insidePadded) return { kind: 'outside' };
    if (kind === 'max_pool') return { kind: 'padding', value: -Infinity };
    if (kind === 'avg_pool' || m.config.paddingMode === 'zeros') return { kind: 'padding', value: 0 };
    const sr = m.board.dims === 1 ? 0 : sourceIndex(r, size[0], m.config.paddingMode);
    const sc = sourceIndex(c, size[1], m.config.paddingMode);
    if (sr === null || sc === null) return { kind: 'padding', value: 0 };
    return { kind: 'padding', value: plane?.[sr * size[1] + sc], source: [sr, sc] };
  };
  const [H, W] = realSize;
  let title: string;
  let detail: string;
  const padText = (p: readonly number[], q: readonly number[]) => {
    const parts = m.board.dims === 1 ? [`${p[1]}|${q[1]}`] : [`${p[0]}|${q[0]}`, `${p[1]}|${q[1]}`];
    return parts.every((x) => x === '0|0') ? 'no padding' : `padding ${parts.join(', ')} (before|after)`;
  };
  const sizeText = m.board.dims === 1 ? `${W}` : `${H}×${W}`;
  if (m.mode === 'gather' && m.equivalent) {
    const eq = m.equivalent;
    title = 'INPUT x, zero-stuffed and padded';
    const stuffed = m.board.dims === 1 ? `${eq.stuffedSize[0]}` : eq.stuffedSize.join('×');
    detail = `${sizeText} → ${stuffed} with zeros; padding ${eq.padBefore.join(',')} | ${eq.padAfter.join(',')}`;
  } else if (m.mode === 'scatter') {
    title = 'INPUT x';
    detail = sizeText;
  } else {
    title = 'INPUT x';
    const mode = kind === 'conv' ? m.config.paddingMode : kind === 'max_pool' ? 'implicit −∞' : 'zeros';
    detail = `${sizeText}; ${padText(m.board.config2.padBefore, m.board.config2.padAfter)}${kind === 'conv' || kind === 'max_pool' || kind === 'avg_pool' ? `, ${mode}` : ''}`;
  }
  if (m.channels > 1) title += ` · channel ${m.channel}`;
  return { id: 'input', title, detail, rows: span(0), cols: span(1), cell, range: rangeOf(plane) };
}

export function kernelBoard(m: SweepFacts): BoardSpec {
  const c2 = m.board.config2;
  const [kh, kw] = c2.kernelSize;
  const [dh, dw] = c2.dilation;
  const weights = m.weightPlane();
  const flipped = m.mode === 'gather';
  const cell = (r: number, c: number): Cell => {
    if (r % dh !== 0 || c % dw !== 0) return { kind: 'hole' };
    const tap: [number, number] = [r / dh, c / dw];
    // The gather view draws the flipped kernel: drawn tap t holds W[k−1−t].
    const src = flipped ? [kh - 1 - tap[0], kw - 1 - tap[1]] : tap;
    return { kind: 'real', value: weights?.[src[0] * kw + src[1]], tap };
  };
  const sizeText = m.board.dims === 1 ? `${kw}` : `${kh}×${kw}`;
  const dil = m.board.dims === 1 ? dw : `${dh}, ${dw}`;
  const dilated = dh > 1 || dw > 1;
  return {
    id: 'kernel',
    title: flipped ? 'KERNEL w, flipped 180°' : 'KERNEL w',
    detail: `${sizeText}${dilated ? `; dilation ${dil}` : ''}${m.channels > 1 ? ` · channel ${m.channel}` : ''}`,
    rows: [0, (kh - 1) * dh + 1],
    cols: [0, (kw - 1) * dw + 1],
    cell,
    range: rangeOf(weights),
  };
}

export function outputBoard(m: SweepFacts): BoardSpec {
  const c2 = m.board.config2;
  const [H, W] = c2.outputSize;
  let rows: [number, number] = [0, H];
  let cols: [number, number] = [0, W];
  const detail = m.board.dims === 1 ? `${W}` : `${H}×${W}`;
  if (m.mode === 'scatter') {
    // The cropped border: stamps of input i cover i·s − p + t·d; PyTorch keeps [0, out).
    const full = (a: number) => (c2.inputSize[a] - 1) * c2.stride[a] - c2.padBefore[a] + c2.dilation[a] * (c2.kernelSize[a] - 1) + 1;
    rows = [Math.min(0, -c2.padBefore[0]), Math.max(H, full(0))];
    cols = [Math.min(0, -c2.padBefore[1]), Math.max(W, full(1))];
  }
  const out = m.payload.output;
  const cell = (r: number, c: number): Cell => {
    if (r < 0 || c < 0 || r >= H || c >= W) return { kind: 'cropped' };
    return { kind: 'real', value: out?.[r * W + c] };
  };
  const kindWord = m.config.kind === 'max_pool' ? 'max' : m.config.kind === 'avg_pool' ? 'mean' : 'y';
  return { id: 'output', title: `OUTPUT ${kindWord === 'y' ? 'y' : `y = ${kindWord}`}`, detail, rows, cols, cell, range: rangeOf(out) };
}
