// The sweep's live canvas: three cached layers (the boards as they never change, the output cells
// filled so far, and the per-frame overlay of window, taps and hover) composited on each frame,
// and the whole frame as one scene for the exports.

import { el } from '../../dom';
import { paintPrim, paintScene } from '../../scene/paint';
import { newScene, type Prim, type Scene } from '../../scene/scene';
import type { Palette } from '../../theme';
import type { ViewContext } from '../../view';
import { allOutputPrims, outputCellPrims, staticPrims } from './draw';
import { layoutSweep, type Measure, type SweepLayout } from './layout';
import { overlayPrims } from './overlay';
import { frameEquation } from './equation';
import type { SweepState } from './state';

const dpr = () => (typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1);

function layer(w: number, h: number, scale: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = Math.ceil(w * scale);
  c.height = Math.ceil(h * scale);
  return c;
}

export class SweepCanvas {
  layout!: SweepLayout;
  private palette: Palette;
  private staticLayer: HTMLCanvasElement | null = null;
  private outputLayer: HTMLCanvasElement | null = null;
  private outputLayerFrame = -1;
  private readonly measureCtx = document.createElement('canvas').getContext('2d');

  constructor(
    private readonly ctx: ViewContext,
    private readonly s: SweepState,
    readonly canvas: HTMLCanvasElement,
    /** The notes drawn under the boards, repeated as a list for screen readers. */
    private readonly legend: HTMLElement,
  ) {
    this.palette = ctx.palette();
  }

  readonly measure: Measure = (text, size, bold) => {
    if (!this.measureCtx) return text.length * size * 0.6;
    this.measureCtx.font = `${bold ? '600 ' : ''}${size}px ${bold ? this.palette.fontFamily : this.palette.monoFamily}`;
    return this.measureCtx.measureText(text).width;
  };

  availableWidth(): number {
    return Math.min(1400, Math.max(320, this.ctx.root.clientWidth || 800));
  }

  /** Lays the boards out for the current width, model and theme, and repaints the static layer. */
  relayout(): void {
    const { model } = this.s;
    this.palette = this.ctx.palette();
    const notes = model.legend();
    this.legend.replaceChildren(...notes.map((n) => el('li', {}, n)));
    const layout = (this.layout = layoutSweep(model, this.availableWidth(), this.measure, notes));
    const scale = dpr();
    this.staticLayer = layer(layout.width, layout.height, scale);
    paintScene(this.staticLayer.getContext('2d')!, { ...this.shell(), prims: staticPrims(model, layout, this.palette, this.measure) }, scale);
    this.outputLayer = layer(layout.width, layout.height, scale);
    this.outputLayerFrame = -1;
    const w = Math.ceil(layout.width * scale);
    const h = Math.ceil(layout.height * scale);
    const canvas = this.canvas;
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    canvas.style.width = `${layout.width}px`;
    canvas.style.height = `${layout.height}px`;
    canvas.dataset.layout = JSON.stringify({
      cell: layout.cell,
      boards: Object.fromEntries(layout.boards.map((b) => [b.spec.id, { x: b.x, y: b.y, rows: b.spec.rows, cols: b.spec.cols }])),
    });
  }

  private shell(): Scene {
    return newScene(this.layout.width, this.layout.height, this.palette.background, this.palette.fontFamily, this.palette.monoFamily);
  }

  /** Brings the output layer to the current frame: for scatter only the stamped cells are repainted going forward. */
  private updateOutputLayer(): void {
    const { model, frame } = this.s;
    const { layout, palette, measure } = this;
    if (!this.outputLayer) return;
    const octx = this.outputLayer.getContext('2d')!;
    const scale = dpr();
    if (model.mode !== 'scatter') {
      if (this.outputLayerFrame >= 0) return;
      // All outputs painted once as filled; the composite reveals those up to the current step.
      octx.setTransform(scale, 0, 0, scale, 0, 0);
      for (const p of allOutputPrims(model, layout, palette, measure, model.frames - 1)) paintPrim(octx, p, this.shell());
      this.outputLayerFrame = model.frames - 1;
      return;
    }
    if (this.outputLayerFrame === frame) return;
    const changed = this.outputLayerFrame < 0 ? 'all' : model.changedOutputs(this.outputLayerFrame, frame);
    octx.setTransform(scale, 0, 0, scale, 0, 0);
    const prims: Prim[] = [];
    if (changed === 'all') {
      octx.clearRect(0, 0, layout.width, layout.height);
      prims.push(...allOutputPrims(model, layout, palette, measure, frame));
    } else {
      const seen = new Set<string>();
      for (const [r, c] of changed) {
        const key = `${r},${c}`;
        if (seen.has(key)) continue;
        seen.add(key);
        outputCellPrims(prims, model, layout, palette, measure, frame, r, c);
      }
    }
    for (const p of prims) paintPrim(octx, p, this.shell());
    this.outputLayerFrame = frame;
  }

  draw(now = performance.now()): void {
    const { model, info, previous, hover, playing, speed, frame } = this.s;
    const c2d = this.canvas.getContext('2d');
    if (!c2d || !this.staticLayer || !this.outputLayer) return;
    this.updateOutputLayer();
    const scale = dpr();
    c2d.setTransform(1, 0, 0, 1, 0, 0);
    c2d.drawImage(this.staticLayer, 0, 0);
    if (model.mode === 'scatter') c2d.drawImage(this.outputLayer, 0, 0);
    else {
      // Reveal rows above the current one, and the current row up to the current cell.
      const o = this.layout.output;
      const [fr, fc] = info.focus;
      const cell = this.layout.cell * scale;
      const ox = o.x * scale;
      const oy = o.y * scale;
      if (fr > 0) c2d.drawImage(this.outputLayer, ox, oy, o.width * scale, fr * cell, ox, oy, o.width * scale, fr * cell);
      c2d.drawImage(this.outputLayer, ox, oy + fr * cell, (fc + 1) * cell, cell, ox, oy + fr * cell, (fc + 1) * cell, cell);
    }
    const glideMs = Math.min(180, 600 / speed);
    const t = playing && previous ? Math.min(1, (now - this.s.glideStart) / glideMs) : 1;
    c2d.setTransform(scale, 0, 0, scale, 0, 0);
    const shell = this.shell();
    for (const p of overlayPrims(model, this.layout, this.palette, info, previous, t, hover)) paintPrim(c2d, p, shell);
    this.canvas.dataset.frame = String(frame);
  }

  /** Frame `f` as one scene (exports), with its equation as a line of text under the boards. */
  frameScene(f: number, withEquation: boolean): Scene {
    const { model } = this.s;
    const { layout, palette, measure } = this;
    const fi = f === this.s.frame ? this.s.info : model.frameInfo(f);
    const eq = frameEquation(model, fi);
    const extra = withEquation ? 22 : 0;
    const scene = newScene(layout.width, layout.height + extra, palette.background, palette.fontFamily, palette.monoFamily);
    scene.prims.push(...staticPrims(model, layout, palette, measure));
    if (model.mode === 'scatter') scene.prims.push(...allOutputPrims(model, layout, palette, measure, f));
    else {
      const [, W] = model.board.config2.outputSize;
      const prims: Prim[] = [];
      for (let i = 0; i <= f; i++) outputCellPrims(prims, model, layout, palette, measure, f, Math.floor(i / W), i % W);
      scene.prims.push(...prims);
    }
    scene.prims.push(...overlayPrims(model, layout, palette, fi, null, 1, null));
    if (withEquation) scene.prims.push({ t: 'text', x: 12, y: layout.height + 2, text: eq.text, color: palette.foreground, size: 12, baseline: 'top', mono: true });
    return scene;
  }
}
