// What the sweep shows at each frame, without any drawing: the three boards (input side, kernel,
// output side) with their cells, the trace of the current frame (asked of the engine for that one
// frame only), the output values filled so far, and the hover mapping between the boards.
//
// Modes: 'direct' for conv and pooling (a frame per output cell); for conv_transpose 'scatter'
// (a frame per input cell, each stamping its weighted kernel onto the output) and 'gather' (the
// equivalent stride-1 conv over the zero-stuffed, padded input with the kernel flipped).

import type { ScatterTrace, SweepPayload, WindowConfig, WindowTrace } from '../../contract';
import { sourceIndex } from '../../engine/padding';
import { poolDroppedWindow } from '../../engine/shapes';
import { inputsReadBy, outputsReading, uncoveredCells } from '../../engine/trace/mapping';
import { directConvEquivalent, stuffedSource, traceScatter } from '../../engine/trace/transposed';
import { traceWindow } from '../../engine/trace/window';
import type { DirectConvEquivalent } from '../../contract';
import { boardOf, frameToCell, from2, to2, type Board } from './geometry';

export type SweepMode = 'direct' | 'scatter' | 'gather';

/** What a cell of the input-side board is. */
export type CellKind =
  /** A real input value. */
  | 'real'
  /** Padding; value per padding mode (0, a copied cell, or −∞ for max pooling). */
  | 'padding'
  /** A zero inserted between inputs (transposed conv as direct conv). */
  | 'zero'
  /** A real cell no window reads because negative padding crops it, or an output cell cropped away. */
  | 'cropped'
  /** Beyond the padding: only a ceil_mode window overhangs here, and those cells are ignored. */
  | 'outside'
  /** A kernel position between dilated taps. */
  | 'hole';

export interface Cell {
  kind: CellKind;
  value?: number;
  /** For padding that copies a real cell (reflect/replicate/circular) and stuffed inputs: the real cell [r, c]. */
  source?: [number, number];
  /** A real input cell that no output reads. */
  uncovered?: boolean;
  /** For kernel cells: the tap index [r, c] (flipped kernel in 'gather' mode is still indexed as drawn). */
  tap?: [number, number];
}

export interface BoardSpec {
  id: 'input' | 'kernel' | 'output';
  title: string;
  detail: string;
  /** Drawn logical range, [start, end) per axis; may start below 0 (padding, cropped borders). */
  rows: [number, number];
  cols: [number, number];
  cell(r: number, c: number): Cell;
  /** Value range for tinting. */
  range?: [number, number];
}

export interface TapMark {
  /** Position on the input-side board. */
  at: [number, number];
  /** Position on the kernel board. */
  kernelAt: [number, number];
  value?: number;
  weight?: number;
  product?: number;
  inPadding: boolean;
  winner?: boolean;
}

export interface FrameInfo {
  frame: number;
  /** The cell the frame is about: an output cell (direct/gather) or an input cell (scatter). */
  focus: [number, number];
  /** Marks on the input-side board (taps of the selected channel), or for scatter the single input cell. */
  taps: TapMark[];
  /** Output cells written this frame (the current one, or the stamps of a scatter). */
  outputs: { at: [number, number]; tap?: [number, number]; weight?: number; product?: number }[];
  windowTrace?: WindowTrace;
  scatter?: ScatterTrace[];
  /** The value of the focused output cell (direct/gather), when data was given. */
  result?: number;
}

export interface DroppedWindow {
  /** The window ceil_mode would have added but PyTorch drops (it starts inside the right padding). */
  rows: [number, number];
  cols: [number, number];
}

function productOf(sizes: readonly number[]): number {
  return sizes.reduce((a, b) => a * b, 1);
}

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

export class SweepModel {
  readonly config: WindowConfig;
  readonly board: Board;
  readonly mode: SweepMode;
  readonly channels: number;
  readonly hasData: boolean;
  readonly hasWeights: boolean;
  readonly frames: number;
  readonly input: BoardSpec;
  readonly kernel: BoardSpec | null;
  readonly output: BoardSpec;
  readonly dropped: DroppedWindow | null;
  readonly equivalent: DirectConvEquivalent | null;
  /** The config whose geometry the input-side board follows (the direct-conv equivalent in gather mode). */
  readonly drawnConfig: WindowConfig;
  private readonly uncoveredRows: Set<number>;
  private readonly uncoveredCols: Set<number>;
  /** Scatter accumulation: bias + every stamp of frames ≤ accumulatedTo. */
  private accum: Float64Array | null = null;
  private touched: Uint8Array | null = null;
  private accumulatedTo = -1;

  constructor(readonly payload: SweepPayload, mode: SweepMode, public channel = 0) {
    this.config = payload.config;
    const dims = this.config.inputSize.length;
    if (dims !== 1 && dims !== 2) throw new Error(`the sweep draws 1-D and 2-D ops; this one has ${dims} spatial axes`);
    this.board = boardOf(this.config);
    this.mode = this.config.kind === 'conv_transpose' ? (mode === 'gather' ? 'gather' : 'scatter') : 'direct';
    this.hasData = Array.isArray(payload.inputPlanes) && payload.inputPlanes.length > 0;
    this.hasWeights = Array.isArray(payload.weightPlanes) && payload.weightPlanes.length > 0;
    this.channels = this.hasData ? payload.inputPlanes!.length : 1;
    if (this.channel >= this.channels) this.channel = 0;
    this.equivalent = this.config.kind === 'conv_transpose' ? directConvEquivalent(this.config) : null;
    this.drawnConfig = this.mode === 'gather' && this.equivalent ? this.equivalent.config : this.config;
    const c2 = this.board.config2;
    this.frames = this.mode === 'scatter' ? productOf(c2.inputSize) : productOf(c2.outputSize);

    const uncovered = this.mode === 'direct' ? uncoveredCells(this.config) : this.mode === 'scatter' ? uncoveredCells(this.config) : [[], []];
    const unc2 = this.board.dims === 1 ? [[], uncovered[0] ?? []] : uncovered;
    this.uncoveredRows = new Set(unc2[0]);
    this.uncoveredCols = new Set(unc2[1]);
    this.dropped = this.findDroppedWindow();
    this.input = this.inputBoard();
    this.kernel = this.config.kind === 'conv' || this.config.kind === 'conv_transpose' ? this.kernelBoard() : null;
    this.output = this.outputBoard();
  }

  // ───────────── boards ─────────────

  private inputPlane(): number[] | undefined {
    return this.hasData ? this.payload.inputPlanes![this.channel] : undefined;
  }

  private weightPlane(): number[] | undefined {
    return this.hasWeights ? this.payload.weightPlanes![this.channel] : undefined;
  }

  /** Extent of the windows on the drawn input board, from the first and last frames' traces. */
  private windowReach(): { rows: [number, number]; cols: [number, number] } {
    const cfg = this.drawnConfig;
    const out2 = this.board.config2.outputSize;
    const reach = { rows: [Infinity, -Infinity] as [number, number], cols: [Infinity, -Infinity] as [number, number] };
    if (this.mode === 'scatter' || out2[0] < 1 || out2[1] < 1) return reach;
    for (const o of [[0, 0], [out2[0] - 1, out2[1] - 1]]) {
      const trace = traceWindow(cfg, from2(this.board, o));
      for (const t of trace.taps) {
        const [r, c] = to2(this.board, t.position);
        reach.rows = [Math.min(reach.rows[0], r), Math.max(reach.rows[1], r + 1)];
        reach.cols = [Math.min(reach.cols[0], c), Math.max(reach.cols[1], c + 1)];
      }
    }
    return reach;
  }

  private findDroppedWindow(): DroppedWindow | null {
    const c = this.config;
    if ((c.kind !== 'max_pool' && c.kind !== 'avg_pool') || !c.ceilMode) return null;
    const axes = c.inputSize.map((size, a) => poolDroppedWindow(size, c.kernelSize[a], c.stride[a], c.padBefore[a], c.dilation[a]));
    const a = axes.findIndex(Boolean);
    if (a < 0) return null;
    // Ask the window trace where one more window along that axis would sit.
    const bumped: WindowConfig = { ...c, outputSize: c.outputSize.map((o, i) => (i === a ? o + 1 : o)) };
    const index = c.outputSize.map((o, i) => (i === a ? o : 0));
    const trace = traceWindow(bumped, index);
    const ps = trace.taps.map((t) => to2(this.board, t.position));
    const rows: [number, number] = [Math.min(...ps.map((p) => p[0])), Math.max(...ps.map((p) => p[0])) + 1];
    const cols: [number, number] = [Math.min(...ps.map((p) => p[1])), Math.max(...ps.map((p) => p[1])) + 1];
    // Along the other axis the ghost spans the whole board height/width of the first window only.
    return { rows, cols };
  }

  private inputBoard(): BoardSpec {
    const cfg2 = this.mode === 'gather' ? boardOf(this.drawnConfig).config2 : this.board.config2;
    const size = cfg2.inputSize;
    const pb = this.mode === 'scatter' ? [0, 0] : cfg2.padBefore;
    const pa = this.mode === 'scatter' ? [0, 0] : cfg2.padAfter;
    const reach = this.windowReach();
    const span = (a: number): [number, number] => {
      const ends = [0, size[a], -pb[a], size[a] + pa[a]];
      const rr = a === 0 ? reach.rows : reach.cols;
      if (Number.isFinite(rr[0])) ends.push(rr[0], rr[1]);
      if (this.dropped) ends.push(...(a === 0 ? this.dropped.rows : this.dropped.cols));
      return [Math.min(...ends), Math.max(...ends)];
    };
    const plane = this.inputPlane();
    const realSize = this.board.config2.inputSize;
    const kind = this.config.kind;
    const isTransposedGather = this.mode === 'gather';
    const cell = (r: number, c: number): Cell => {
      const insideReal = r >= 0 && r < size[0] && c >= 0 && c < size[1];
      const insidePadded = r >= -pb[0] && r < size[0] + pa[0] && c >= -pb[1] && c < size[1] + pa[1];
      if (isTransposedGather) {
        if (!insidePadded) return { kind: insideReal ? 'cropped' : 'outside' };
        if (!insideReal) return { kind: 'padding', value: 0 };
        const src = stuffedSource(this.config, from2(this.board, [r, c]));
        if (!src) return { kind: 'zero', value: 0 };
        const s2 = to2(this.board, src);
        return { kind: 'real', value: plane?.[s2[0] * realSize[1] + s2[1]], source: s2 };
      }
      if (insideReal) {
        const uncovered = this.uncoveredRows.has(r) || this.uncoveredCols.has(c);
        return { kind: 'real', value: plane?.[r * size[1] + c], uncovered };
      }
      if (!insidePadded) return { kind: 'outside' };
      if (kind === 'max_pool') return { kind: 'padding', value: -Infinity };
      if (kind === 'avg_pool' || this.config.paddingMode === 'zeros') return { kind: 'padding', value: 0 };
      const sr = this.board.dims === 1 ? 0 : sourceIndex(r, size[0], this.config.paddingMode);
      const sc = sourceIndex(c, size[1], this.config.paddingMode);
      if (sr === null || sc === null) return { kind: 'padding', value: 0 };
      return { kind: 'padding', value: plane?.[sr * size[1] + sc], source: [sr, sc] };
    };
    const [H, W] = realSize;
    let title: string;
    let detail: string;
    const padText = (p: readonly number[], q: readonly number[]) => {
      const parts = this.board.dims === 1 ? [`${p[1]}|${q[1]}`] : [`${p[0]}|${q[0]}`, `${p[1]}|${q[1]}`];
      return parts.every((x) => x === '0|0') ? 'no padding' : `padding ${parts.join(', ')} (before|after)`;
    };
    const sizeText = this.board.dims === 1 ? `${W}` : `${H}×${W}`;
    if (this.mode === 'gather' && this.equivalent) {
      const eq = this.equivalent;
      title = 'INPUT x, zero-stuffed and padded';
      const stuffed = this.board.dims === 1 ? `${eq.stuffedSize[0]}` : eq.stuffedSize.join('×');
      detail = `${sizeText} → ${stuffed} with zeros; padding ${eq.padBefore.join(',')} | ${eq.padAfter.join(',')}`;
    } else if (this.mode === 'scatter') {
      title = 'INPUT x';
      detail = sizeText;
    } else {
      title = 'INPUT x';
      const mode = kind === 'conv' ? this.config.paddingMode : kind === 'max_pool' ? 'implicit −∞' : 'zeros';
      detail = `${sizeText}; ${padText(this.board.config2.padBefore, this.board.config2.padAfter)}${kind === 'conv' || kind === 'max_pool' || kind === 'avg_pool' ? `, ${mode}` : ''}`;
    }
    if (this.channels > 1) title += ` · channel ${this.channel}`;
    return { id: 'input', title, detail, rows: span(0), cols: span(1), cell, range: rangeOf(plane) };
  }

  private kernelBoard(): BoardSpec {
    const c2 = this.board.config2;
    const [kh, kw] = c2.kernelSize;
    const [dh, dw] = c2.dilation;
    const weights = this.weightPlane();
    const flipped = this.mode === 'gather';
    const cell = (r: number, c: number): Cell => {
      if (r % dh !== 0 || c % dw !== 0) return { kind: 'hole' };
      const tap: [number, number] = [r / dh, c / dw];
      // The gather view draws the flipped kernel: drawn tap t holds W[k−1−t].
      const src = flipped ? [kh - 1 - tap[0], kw - 1 - tap[1]] : tap;
      return { kind: 'real', value: weights?.[src[0] * kw + src[1]], tap };
    };
    const sizeText = this.board.dims === 1 ? `${kw}` : `${kh}×${kw}`;
    const dil = this.board.dims === 1 ? dw : `${dh}, ${dw}`;
    const dilated = dh > 1 || dw > 1;
    return {
      id: 'kernel',
      title: flipped ? 'KERNEL w, flipped 180°' : 'KERNEL w',
      detail: `${sizeText}${dilated ? `; dilation ${dil}` : ''}${this.channels > 1 ? ` · channel ${this.channel}` : ''}`,
      rows: [0, (kh - 1) * dh + 1],
      cols: [0, (kw - 1) * dw + 1],
      cell,
      range: rangeOf(weights),
    };
  }

  private outputBoard(): BoardSpec {
    const c2 = this.board.config2;
    const [H, W] = c2.outputSize;
    let rows: [number, number] = [0, H];
    let cols: [number, number] = [0, W];
    const detail = this.board.dims === 1 ? `${W}` : `${H}×${W}`;
    if (this.mode === 'scatter') {
      // The cropped border: stamps of input i cover i·s − p + t·d; PyTorch keeps [0, out).
      const full = (a: number) => (c2.inputSize[a] - 1) * c2.stride[a] - c2.padBefore[a] + c2.dilation[a] * (c2.kernelSize[a] - 1) + 1;
      rows = [Math.min(0, -c2.padBefore[0]), Math.max(H, full(0))];
      cols = [Math.min(0, -c2.padBefore[1]), Math.max(W, full(1))];
    }
    const out = this.payload.output;
    const cell = (r: number, c: number): Cell => {
      if (r < 0 || c < 0 || r >= H || c >= W) return { kind: 'cropped' };
      return { kind: 'real', value: out?.[r * W + c] };
    };
    const kindWord = this.config.kind === 'max_pool' ? 'max' : this.config.kind === 'avg_pool' ? 'mean' : 'y';
    return { id: 'output', title: `OUTPUT ${kindWord === 'y' ? 'y' : `y = ${kindWord}`}`, detail, rows, cols, cell, range: rangeOf(out) };
  }

  // ───────────── frames ─────────────

  /** The [row, col] a frame is about. */
  focusOf(frame: number): [number, number] {
    const c2 = this.board.config2;
    const cols = this.mode === 'scatter' ? c2.inputSize[1] : c2.outputSize[1];
    return frameToCell(frame, cols);
  }

  frameOf(rc: readonly number[]): number {
    const c2 = this.board.config2;
    const cols = this.mode === 'scatter' ? c2.inputSize[1] : c2.outputSize[1];
    return rc[0] * cols + rc[1];
  }

  private data() {
    if (!this.hasData) return undefined;
    return { inputPlanes: this.payload.inputPlanes!, weightPlanes: this.hasWeights ? this.payload.weightPlanes : undefined, bias: this.payload.bias };
  }

  /** Traces ONE frame. */
  frameInfo(frame: number): FrameInfo {
    const focus = this.focusOf(frame);
    if (this.mode === 'scatter') return this.scatterFrame(frame, focus);
    const trace = traceWindow(this.config, from2(this.board, focus), this.data());
    const c2 = boardOf(this.drawnConfig).config2;
    const taps: TapMark[] = [];
    trace.taps.forEach((t, i) => {
      if (t.channel !== this.channel) return;
      const tap2 = to2(this.board, t.tap);
      taps.push({
        at: to2(this.board, t.position),
        kernelAt: [tap2[0] * c2.dilation[0], tap2[1] * c2.dilation[1]],
        value: t.value,
        weight: t.weight,
        product: t.product,
        inPadding: t.inPadding,
        winner: trace.winner === i,
      });
    });
    return { frame, focus, taps, outputs: [{ at: focus }], windowTrace: trace, result: trace.result };
  }

  private scatterFrame(frame: number, focus: [number, number]): FrameInfo {
    const input = from2(this.board, focus);
    const traces: ScatterTrace[] = [];
    if (this.hasData) {
      for (let ch = 0; ch < this.channels; ch++) traces.push(traceScatter(this.config, input, { inputPlanes: this.payload.inputPlanes!, weightPlanes: this.payload.weightPlanes, channel: ch }));
    } else traces.push(traceScatter(this.config, input));
    const shown = traces[this.hasData ? this.channel : 0];
    const plane = this.inputPlane();
    const [, W] = this.board.config2.inputSize;
    const value = plane?.[focus[0] * W + focus[1]];
    const c2 = this.board.config2;
    const outputs = shown.stamps.map((s) => {
      const tap2 = to2(this.board, s.tap);
      return { at: to2(this.board, s.output), tap: [tap2[0] * c2.dilation[0], tap2[1] * c2.dilation[1]] as [number, number], weight: s.weight, product: s.product };
    });
    return { frame, focus, taps: [{ at: focus, kernelAt: [0, 0], value, inPadding: false }], outputs, scatter: traces };
  }

  /**
   * Output value shown at (r, c) after `frame`: direct/gather modes fill cells up to the current
   * one; scatter shows the running sum (bias plus every stamp so far). undefined: not yet written.
   */
  outputValue(frame: number, r: number, c: number): number | undefined | null {
    const [H, W] = this.board.config2.outputSize;
    if (r < 0 || c < 0 || r >= H || c >= W) return undefined;
    if (this.mode !== 'scatter') {
      if (r * W + c > frame) return undefined;
      return this.payload.output?.[r * W + c] ?? null;
    }
    this.accumulate(frame);
    const i = r * W + c;
    const last = frame >= this.frames - 1;
    if (!this.touched![i] && !last) return undefined;
    return this.hasData ? this.accum![i] : null;
  }

  /** Output cells whose shown value changes when going from frame a to frame b > a (scatter: stamped cells). */
  changedOutputs(a: number, b: number): [number, number][] | 'all' {
    if (b < a || this.mode !== 'scatter') return 'all';
    if (b === this.frames - 1) return 'all';
    const cells: [number, number][] = [];
    for (let f = a + 1; f <= b; f++) for (const o of this.frameInfo(f).outputs) cells.push(o.at);
    return cells;
  }

  private accumulate(frame: number): void {
    const [H, W] = this.board.config2.outputSize;
    if (!this.accum || frame < this.accumulatedTo) {
      this.accum = new Float64Array(H * W).fill(this.payload.bias ?? 0);
      this.touched = new Uint8Array(H * W);
      this.accumulatedTo = -1;
    }
    for (let f = this.accumulatedTo + 1; f <= frame && f < this.frames; f++) {
      const info = this.frameInfo(f);
      for (const t of info.scatter ?? []) {
        for (const s of t.stamps) {
          const [r, c] = to2(this.board, s.output);
          this.touched![r * W + c] = 1;
          if (s.product !== undefined) this.accum[r * W + c] += s.product;
        }
      }
    }
    this.accumulatedTo = Math.max(this.accumulatedTo, Math.min(frame, this.frames - 1));
  }

  // ───────────── hover mapping ─────────────

  /** Input-side board cell → output cells it feeds (with the padding cell's source resolved). */
  outputsFedBy(r: number, c: number): [number, number][] {
    const cell = this.input.cell(r, c);
    let real: [number, number] | undefined;
    if (this.mode === 'gather') real = cell.kind === 'real' ? cell.source : undefined;
    else if (cell.kind === 'real') real = [r, c];
    else if (cell.kind === 'padding' && cell.source) real = cell.source;
    if (!real) return [];
    return outputsReading(this.config, from2(this.board, real)).map((o) => to2(this.board, o));
  }

  /** Output cell → the real input cells it reads, as positions on the input-side board. */
  inputsFeeding(r: number, c: number): [number, number][] {
    const [H, W] = this.board.config2.outputSize;
    if (r < 0 || c < 0 || r >= H || c >= W) return [];
    const cells = inputsReadBy(this.config, from2(this.board, [r, c])).map((i) => to2(this.board, i));
    if (this.mode !== 'gather') return cells;
    // Real input i sits at i·s in the zero-stuffed board.
    const s = this.board.config2.stride;
    return cells.map(([a, b]) => [a * s[0], b * s[1]]);
  }

  /** Notes under the boards: what the special cells mean for this op, and what is never read. */
  legend(): string[] {
    const lines = this.uncoveredSummary();
    const c2 = this.board.config2;
    const axes = (v: readonly number[]) => (this.board.dims === 1 ? String(v[1]) : v[0] === v[1] ? String(v[0]) : `(${v.join(', ')})`);
    const k = this.config.kind;
    if (this.mode === 'direct' && c2.padBefore.concat(c2.padAfter).some((x) => x > 0)) {
      if (k === 'max_pool') lines.push('Dashed cells: padding. Max pooling pads with −∞, so padding never wins.');
      else if (k === 'avg_pool') lines.push(`Dashed cells: zero padding; ${this.config.countIncludePad ? 'counted in the divisor (count_include_pad=True)' : 'left out of the divisor (count_include_pad=False)'}.`);
      else if (this.config.paddingMode === 'zeros') lines.push('Dashed cells: zero padding.');
      else lines.push(`Dashed cells: ${this.config.paddingMode} padding, each a copy of the input cell it names (hover to see which).`);
    }
    const overhang = this.input.cols[1] > c2.inputSize[1] + c2.padAfter[1] || this.input.rows[1] > c2.inputSize[0] + c2.padAfter[0];
    if (this.mode === 'direct' && overhang) {
      if (k === 'max_pool' || k === 'avg_pool') lines.push('Yellow-hatched cells: past the padding. ceil_mode lets the last window hang over the edge; those cells are ignored.');
    }
    if (this.dropped) lines.push('Dashed red window: the extra window ceil_mode would add, dropped by PyTorch because it would start inside the right padding.');
    if (this.mode === 'gather' && this.equivalent) {
      const eq = this.equivalent;
      const zeros = this.board.dims === 1 ? [0, ...eq.insertedZeros] : eq.insertedZeros;
      const parts: string[] = [];
      if (eq.insertedZeros.some((z) => z > 0)) parts.push(`Blue-hatched cells: the s−1 = ${axes(zeros)} zero${eq.insertedZeros.every((z) => z === 1) ? '' : 's'} inserted between neighbouring inputs.`);
      parts.push('Dashed cells: padding by d(k−1)−p (+ output_padding after). The kernel is flipped 180°; the stride is 1.');
      lines.push(parts.join(' '));
      if (eq.padBefore.some((x) => x < 0)) lines.push('Grey-hatched cells: cropped, because the padding d(k−1)−p is negative.');
    }
    if (this.mode === 'scatter') {
      if (c2.padBefore.some((x) => x > 0)) lines.push(`Grey-hatched border: stamps there are cropped away by padding=${axes(c2.padBefore)}.`);
      if (c2.outputPadding.some((x) => x > 0)) {
        const unit = this.board.dims === 1 ? 'position' : 'row/column';
        lines.push(`output_padding=${axes(c2.outputPadding)} keeps ${axes(c2.outputPadding)} more ${unit}${c2.outputPadding.some((x) => x > 1) ? 's' : ''} at the end (bias only unless a stamp reaches it).`);
      }
      lines.push('Output cells show the running sum: bias plus every stamp so far.');
    }
    return lines;
  }

  uncoveredSummary(): string[] {
    const lines: string[] = [];
    const fmt = (xs: number[]) => (xs.length > 6 ? `${xs.slice(0, 3).join(', ')} … ${xs.at(-1)}` : xs.join(', '));
    const rows = [...this.uncoveredRows].sort((a, b) => a - b);
    const cols = [...this.uncoveredCols].sort((a, b) => a - b);
    if (this.board.dims === 2 && rows.length) lines.push(`input row${rows.length > 1 ? 's' : ''} ${fmt(rows)} never read`);
    if (cols.length) lines.push(`input ${this.board.dims === 1 ? 'position' : 'column'}${cols.length > 1 ? 's' : ''} ${fmt(cols)} never read`);
    return lines;
  }
}
