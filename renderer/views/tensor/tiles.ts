// The tensor's planes: number grids (each cell washed in its colour) or heatmap tiles painted with
// ImageData, one per visible plane, labelled by its leading indices. The heatmap tiles share one
// Tab stop (roving tabindex); planes.ts moves it.

import type { TensorPlane } from '../../../contract';
import { cssColorOf, paintPlane } from '../../colormap';
import { el } from '../../dom';
import { formatCell, formatValue } from '../../format';
import { mix, readableOn, type Palette } from '../../theme';
import { planeLabel } from './payload';
import type { TensorState } from './state';

function numberGrid(s: TensorState, plane: TensorPlane, p: Palette): HTMLElement {
  const scale = s.scaleOf(plane);
  const table = el('table', { className: 'cb-matrix' });
  const label = planeLabel(plane);
  table.appendChild(el('caption', { className: 'cb-sr-only' }, `${s.title} ${label}: ${plane.height} rows, ${plane.width} columns`));
  const tbody = el('tbody');
  for (let r = 0; r < plane.height; r++) {
    const tr = el('tr');
    for (let c = 0; c < plane.width; c++) {
      const v = plane.data[r * plane.width + c];
      const td = el('td', { title: `[${[...plane.index, r, c].join(', ')}] = ${formatValue(v)}` }, formatCell(v, 4));
      const ground = p.highContrast ? p.background : mix(p.background, cssColorOf(scale, v), 0.4);
      td.style.background = ground;
      td.style.color = readableOn(ground, p.foreground);
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  }
  table.appendChild(tbody);
  return el('div', { className: 'cb-tile' }, label ? el('span', { className: 'cb-tile-label' }, label) : null, table);
}

function heatmapTile(s: TensorState, plane: TensorPlane, zoom: number, i: number, count: number): HTMLElement {
  // One Tab stop for all planes (roving tabindex); the arrow keys move between them.
  const canvas = el('canvas', { role: 'img', tabindex: i === s.focusedPlane ? 0 : -1 });
  canvas.width = plane.width;
  canvas.height = plane.height;
  canvas.style.width = `${Math.max(1, Math.round(plane.width * zoom))}px`;
  canvas.style.height = `${Math.max(1, Math.round(plane.height * zoom))}px`;
  const scale = s.scaleOf(plane);
  const c2d = canvas.getContext('2d');
  if (c2d) {
    const image = c2d.createImageData(plane.width, plane.height);
    paintPlane(image.data, plane.data, scale);
    c2d.putImageData(image, 0, 0);
  }
  const [lo, hi] = s.rangeOf(plane);
  const label = planeLabel(plane);
  const keys = count > 1 ? `plane ${i + 1} of ${count}; arrow keys read the values and cross into the next plane at an edge, Page Down and Page Up jump a plane` : 'arrow keys read the values';
  canvas.setAttribute('aria-label', `plane ${label || s.title}, ${plane.height}×${plane.width}, min ${formatValue(lo)}, max ${formatValue(hi)}; ${keys}`);
  canvas.dataset.index = plane.index.join(',');
  s.tiles.push({ plane, canvas, scale });
  return el('div', { className: 'cb-tile' }, label ? el('span', { className: 'cb-tile-label' }, label) : null, canvas);
}

/** Draws the visible planes into `body` as the settings say. */
export function drawPlanes(body: HTMLElement, s: TensorState, palette: Palette): void {
  body.replaceChildren();
  s.tiles = [];
  const planes = s.visible();
  if (s.settings.mode === 'numbers') {
    for (const plane of planes) body.appendChild(numberGrid(s, plane, palette));
    return;
  }
  const zoom = s.zoomFor(planes);
  s.focusedPlane = Math.max(0, Math.min(s.focusedPlane, planes.length - 1));
  planes.forEach((plane, i) => body.appendChild(heatmapTile(s, plane, zoom, i, planes.length)));
  s.drawnZoom = zoom;
}
