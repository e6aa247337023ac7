// What the sweep shows at each frame, without any drawing: the three boards (input side, kernel,
// output side) with their cells, the trace of the current frame (asked of the engine for that one
// frame only), the output values filled so far, and the hover mapping between the boards.
//
// Modes: 'direct' for conv and pooling (a frame per output cell); for conv_transpose 'scatter'
// (a frame per input cell, each stamping its weighted kernel onto the output) and 'gather' (the
// equivalent stride-1 conv over the zero-stuffed, padded input with the kernel flipped).

import type { DirectConvEquivalent, ScatterTrace, SweepPayload, WindowConfig } from '../../../contract';
import { inputsReadBy, outputsReading, uncoveredCells } from '../../../engine/trace/mapping';
import { directConvEquivalent, traceScatter } from '../../../engine/trace/transposed';
import { traceWindow } from '../../../engine/trace/window';
import { findDroppedWindow, inputBoard, kernelBoard, outputBoard } from './boards';
import { boardOf, frameToCell, from2, to2, type Board } from './geometry';
import { sweepLegend } from './legend';
import type { BoardSpec, DroppedWindow, FrameInfo, SweepFacts, SweepMode, TapMark } from './types';

export type { BoardSpec, Cell, CellKind, DroppedWindow, FrameInfo, SweepMode, TapMark } from './types';

function productOf(sizes: readonly number[]): number {
  return sizes.reduce((a, b) => a * b, 1);
}

export class SweepModel implements SweepFacts {
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
  readonly uncoveredRows: Set<number>;
  readonly uncoveredCols: Set<number>;
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
    this.dropped = findDroppedWindow(this);
    this.input = inputBoard(this);
    this.kernel = this.config.kind === 'conv' || this.config.kind === 'conv_transpose' ? kernelBoard(this) : null;
    this.output = outputBoard(this);
  }

  // ───────────── boards ─────────────

  inputPlane(): number[] | undefined {
    return this.hasData ? this.payload.inputPlanes![this.channel] : undefined;
  }

  weightPlane(): number[] | undefined {
    return this.hasWeights ? this.payload.weightPlanes![this.channel] : undefined;
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
    return sweepLegend(this);
  }
}
