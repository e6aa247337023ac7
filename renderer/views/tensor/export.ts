// The tensor view's PNG: the visible planes as grids of values (number mode), or the heatmap
// tiles laid out in rows, each under its label.

import { cssColorOf, paintPlane } from '../../colormap';
import { sceneToPng } from '../../export/image';
import { formatCell, formatShape } from '../../format';
import { newScene } from '../../scene/scene';
import { mix, readableOn, type Palette } from '../../theme';
import { planeLabel } from './payload';
import type { TensorState } from './state';

function numbersPng(s: TensorState, p: Palette): Promise<Blob> {
  const planes = s.visible();
  const cell = 34;
  const gap = 16;
  const w = planes.reduce((n, pl) => n + pl.width * cell + gap, gap);
  const h = Math.max(...planes.map((pl) => pl.height * cell)) + 44;
  const scene = newScene(w, h, p.background, p.fontFamily, p.monoFamily);
  scene.prims.push({ t: 'text', x: gap, y: 8, text: `${s.title} ${formatShape(s.payload.shape)}`, color: p.foreground, size: 13, baseline: 'top', bold: true });
  let x = gap;
  for (const pl of planes) {
    const scale = s.scaleOf(pl);
    scene.prims.push({ t: 'text', x, y: 26, text: planeLabel(pl), color: p.muted, size: 11, baseline: 'top' });
    for (let r = 0; r < pl.height; r++)
      for (let c = 0; c < pl.width; c++) {
        const v = pl.data[r * pl.width + c];
        const ground = p.highContrast ? p.background : mix(p.background, cssColorOf(scale, v), 0.4);
        scene.prims.push({ t: 'rect', x: x + c * cell, y: 40 + r * cell, w: cell, h: cell, fill: ground, stroke: p.border });
        scene.prims.push({ t: 'text', x: x + c * cell + cell / 2, y: 40 + r * cell + cell / 2, text: formatCell(v), color: readableOn(ground, p.foreground), size: 11, align: 'center', mono: true });
      }
    x += pl.width * cell + gap;
  }
  return sceneToPng(scene);
}

function heatmapPng(s: TensorState, p: Palette): Promise<Blob> {
  const tiles = s.tiles;
  const tileW = Math.max(...tiles.map((t) => parseFloat(t.canvas.style.width)));
  const tileH = Math.max(...tiles.map((t) => parseFloat(t.canvas.style.height)));
  const cols = Math.max(1, Math.min(tiles.length, Math.floor(1200 / (tileW + 10))));
  const rows = Math.ceil(tiles.length / cols);
  const scene = newScene(cols * (tileW + 10) + 10, rows * (tileH + 22) + 34, p.background, p.fontFamily, p.monoFamily);
  scene.prims.push({ t: 'text', x: 10, y: 8, text: `${s.title} ${formatShape(s.payload.shape)}`, color: p.foreground, size: 13, baseline: 'top', bold: true });
  tiles.forEach((t, i) => {
    const x = 10 + (i % cols) * (tileW + 10);
    const y = 30 + Math.floor(i / cols) * (tileH + 22);
    const image = new Uint8ClampedArray(t.plane.width * t.plane.height * 4);
    paintPlane(image, t.plane.data, t.scale);
    scene.prims.push({ t: 'text', x, y, text: planeLabel(t.plane), color: p.muted, size: 11, baseline: 'top' });
    scene.prims.push({ t: 'image', x, y: y + 16, w: parseFloat(t.canvas.style.width), h: parseFloat(t.canvas.style.height), width: t.plane.width, height: t.plane.height, pixels: image });
  });
  return sceneToPng(scene, 1);
}

export function tensorPng(s: TensorState, p: Palette): Promise<Blob> {
  return s.settings.mode === 'numbers' || s.tiles.length === 0 ? numbersPng(s, p) : heatmapPng(s, p);
}
