// The sweep model's vocabulary: the modes, the cells of the three boards, and what one frame marks.

import type { DirectConvEquivalent, ScatterTrace, SweepPayload, WindowConfig, WindowTrace } from '../../../contract';
import type { Board } from './geometry';

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

/** What the boards and the legend are built from: the model's facts before its boards exist. */
export interface SweepFacts {
  readonly payload: SweepPayload;
  readonly config: WindowConfig;
  readonly board: Board;
  readonly mode: SweepMode;
  readonly channels: number;
  readonly channel: number;
  /** The config whose geometry the input-side board follows (the direct-conv equivalent in gather mode). */
  readonly drawnConfig: WindowConfig;
  readonly equivalent: DirectConvEquivalent | null;
  readonly dropped: DroppedWindow | null;
  readonly uncoveredRows: ReadonlySet<number>;
  readonly uncoveredCols: ReadonlySet<number>;
  inputPlane(): number[] | undefined;
  weightPlane(): number[] | undefined;
}
