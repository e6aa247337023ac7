// What a tensor output shows and remembers: numbers or heatmap, shared or per-plane colour scale,
// the batch and channel picked, the zoom; which planes that leaves visible; and the heatmap tiles
// drawn for them, one of which holds the single Tab stop.

import type { TensorPayload, TensorPlane } from '../../../contract';
import { scaleFor, type ColorScale } from '../../colormap';
import { asString, type ViewState } from '../../view';
import { planeRange } from './payload';

export const ZOOMS = [0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32];
/** Planes up to this many columns and cells are offered as number grids. */
const NUMBER_GRID_MAX_COLS = 16;
const NUMBER_GRID_MAX_CELLS = 256;

export interface TensorSettings {
  mode: 'numbers' | 'heatmap';
  perPlane: boolean;
  /** −1: all. */
  batch: number;
  channel: number;
  zoom: number;
}

export interface Tile {
  plane: TensorPlane;
  canvas: HTMLCanvasElement;
  scale: ColorScale;
}

const channelOf = (p: TensorPlane) => (p.index.length >= 2 ? p.index[1] : p.index[0]);

function bestZoom(side: number, target: number): number {
  let best = ZOOMS[0];
  for (const z of ZOOMS) if (side * z <= target) best = z;
  return best;
}

export class TensorState {
  readonly title: string;
  readonly canNumbers: boolean;
  readonly batches: number[];
  readonly channels: number[];
  readonly sharedScale: ColorScale;
  readonly settings: TensorSettings;
  tiles: Tile[] = [];
  /** The tile that holds the heatmap's one Tab stop. */
  focusedPlane = 0;
  /** The zoom the tiles were drawn at (a lone picked channel may be drawn larger). */
  drawnZoom: number;
  private readonly ranges = new Map<TensorPlane, [number, number]>();

  constructor(readonly payload: TensorPayload, stored: ViewState) {
    this.title = asString(payload.name, 'tensor');
    const planes = payload.planes;
    this.canNumbers = payload.downsample === 1 && planes.every((p) => p.width <= NUMBER_GRID_MAX_COLS && p.width * p.height <= NUMBER_GRID_MAX_CELLS);
    this.settings = {
      mode: stored.get<'numbers' | 'heatmap'>('mode') ?? (this.canNumbers && planes.length <= 16 ? 'numbers' : 'heatmap'),
      perPlane: stored.get<boolean>('perPlane') ?? false,
      batch: stored.get<number>('batch') ?? -1,
      channel: stored.get<number>('channel') ?? -1,
      zoom: stored.get<number>('zoom') ?? 0,
    };
    if (!this.canNumbers) this.settings.mode = 'heatmap';
    const maxSide = Math.max(1, ...planes.map((p) => Math.max(p.width, p.height)));
    if (!ZOOMS.includes(this.settings.zoom)) this.settings.zoom = bestZoom(maxSide, planes.length === 1 ? 320 : 128);
    this.drawnZoom = this.settings.zoom;
    this.batches = [...new Set(planes.filter((p) => p.index.length >= 2).map((p) => p.index[0]))];
    this.channels = [...new Set(planes.map(channelOf).filter((c): c is number => c !== undefined))];
    this.sharedScale = scaleFor(payload.min, payload.max);
  }

  rangeOf(p: TensorPlane): [number, number] {
    let r = this.ranges.get(p);
    if (!r) this.ranges.set(p, (r = planeRange(p)));
    return r;
  }

  scaleOf(p: TensorPlane): ColorScale {
    return this.settings.perPlane ? scaleFor(...this.rangeOf(p)) : this.sharedScale;
  }

  /** The planes the batch and channel pickers leave. */
  visible(): TensorPlane[] {
    const { batch, channel } = this.settings;
    return this.payload.planes.filter((p) => (batch < 0 || p.index.length < 2 || p.index[0] === batch) && (channel < 0 || channelOf(p) === channel));
  }

  /** The zoom to draw `planes` at: a single picked channel is drawn up to 420 px. */
  zoomFor(planes: TensorPlane[]): number {
    const z = this.settings.zoom;
    if (this.settings.channel < 0 || planes.length !== 1) return z;
    return Math.max(z, bestZoom(Math.max(planes[0].width, planes[0].height), 420));
  }
}
