// What a deformable-conv output remembers: the selected output location and its sampling trace
// (asked of the engine), the quiver's tap, the tap under the pointer or picked in the toolbar,
// and the output cell under the pointer.

import type { DeformPayload, DeformTrace, WindowConfig } from '../../../contract';
import { traceDeform } from '../../../engine/trace/deform';
import { scaleFor, type ColorScale } from '../../colormap';
import type { ViewState } from '../../view';

export class DeformState {
  readonly config: WindowConfig;
  /** Output height and width, and their product. */
  readonly oh: number;
  readonly ow: number;
  readonly plane: number;
  readonly kw: number;
  readonly taps: number;
  readonly inputScale: ColorScale | undefined;
  selected: [number, number];
  trace: DeformTrace;
  /** The tap the quiver draws; −1: the taps' mean. */
  quiverTap: number;
  hoverTap = -1;
  /** The tap picked in the toolbar (keyboard users cannot hover); the pointer overrides it. */
  inspectedTap = -1;
  hoverOutput: [number, number] | null = null;

  constructor(readonly payload: DeformPayload, stored: ViewState) {
    const config = (this.config = payload.config);
    [this.oh, this.ow] = config.outputSize;
    this.plane = this.oh * this.ow;
    this.kw = config.kernelSize[1];
    this.taps = config.kernelSize[0] * this.kw;
    this.selected = [Math.min(Math.max(0, payload.selected[0]), this.oh - 1), Math.min(Math.max(0, payload.selected[1]), this.ow - 1)];
    const kept = stored.get<[number, number]>('selected');
    if (kept && kept[0] < this.oh && kept[1] < this.ow) this.selected = kept;
    this.quiverTap = stored.get<number>('quiverTap') ?? -1;
    this.trace = this.traceSelected();
    this.inputScale = payload.input ? scaleFor(Math.min(...payload.input), Math.max(...payload.input)) : undefined;
  }

  traceSelected(): DeformTrace {
    const p = this.payload;
    return traceDeform(this.config, p.offset, p.mask, this.selected, p.input);
  }

  /** The tap whose neighbours are shown: the hovered one, else the one picked in the toolbar. */
  litTap(): number {
    return this.hoverTap >= 0 ? this.hoverTap : this.inspectedTap;
  }

  /** Offset (Δy, Δx) of tap t at output position p (row-major). */
  offsetAt(t: number, p: number): [number, number] {
    const o = this.payload.offset;
    return [o[2 * t * this.plane + p], o[(2 * t + 1) * this.plane + p]];
  }

  maskAt(t: number, p: number): number {
    return this.payload.mask ? this.payload.mask[t * this.plane + p] : 1;
  }

  tapName(t: number): string {
    return `tap ${t} (${Math.floor(t / this.kw)}, ${t % this.kw})`;
  }

  /** Selects output (r, c), clamped to the output; false when it was already selected. */
  select(r: number, c: number): boolean {
    const next: [number, number] = [Math.min(Math.max(0, r), this.oh - 1), Math.min(Math.max(0, c), this.ow - 1)];
    if (next[0] === this.selected[0] && next[1] === this.selected[1]) return false;
    this.selected = next;
    this.trace = this.traceSelected();
    this.hoverTap = -1;
    return true;
  }
}
