// Tensor / feature-map view: small planes as number grids, larger ones as heatmap tiles (one per
// plane, labelled by its leading indices) painted with ImageData. Controls: numbers/heatmap, shared
// or per-plane colour scale, batch and channel pickers, zoom; the value under the pointer.

import type { TensorPayload, TensorPlane } from '../../contract';
import { button, el, select, visuallyHidden } from '../dom';
import { cssColorOf, legendCanvas, paintPlane, scaleFor, type ColorScale } from '../colormap';
import { sceneToPng } from '../export/image';
import { formatCell, formatShape, formatValue } from '../format';
import { newScene } from '../scene/scene';
import { mix, readableOn } from '../theme';
import { PayloadError, asString, asStrings, isNumberArray, isRecord, type View, type ViewContext } from '../view';

const ZOOMS = [0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32];
/** Planes up to this many columns and cells are offered as number grids. */
const NUMBER_GRID_MAX_COLS = 16;
const NUMBER_GRID_MAX_CELLS = 256;

export function parseTensorPayload(payload: unknown): TensorPayload {
  if (!isRecord(payload)) throw new PayloadError('the tensor output is not an object');
  const planes: TensorPlane[] = [];
  if (!Array.isArray(payload.planes)) throw new PayloadError('the tensor output has no planes');
  for (const p of payload.planes) {
    if (!isRecord(p) || !isNumberArray(p.data) || typeof p.height !== 'number' || typeof p.width !== 'number') throw new PayloadError('a tensor plane is malformed');
    if (p.data.length !== p.height * p.width) throw new PayloadError(`a tensor plane holds ${p.data.length} values for ${p.height}×${p.width}`);
    planes.push({ index: isNumberArray(p.index) ? p.index : [], height: p.height, width: p.width, data: p.data });
  }
  return {
    name: typeof payload.name === 'string' ? payload.name : undefined,
    shape: isNumberArray(payload.shape) ? payload.shape : [],
    planes,
    downsample: typeof payload.downsample === 'number' && payload.downsample >= 1 ? payload.downsample : 1,
    planesTotal: typeof payload.planesTotal === 'number' ? payload.planesTotal : planes.length,
    min: typeof payload.min === 'number' ? payload.min : Math.min(...planes.map((p) => planeRange(p)[0])),
    max: typeof payload.max === 'number' ? payload.max : Math.max(...planes.map((p) => planeRange(p)[1])),
    notes: asStrings(payload.notes),
  };
}

function planeRange(p: TensorPlane): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of p.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

function planeLabel(p: TensorPlane): string {
  return p.index.length ? `(${p.index.join(', ')})` : '';
}

export function tensorView(ctx: ViewContext, raw: unknown): View {
  const payload = parseTensorPayload(raw);
  const title = asString(payload.name, 'tensor');
  const root = ctx.root;
  const ranges = new Map<TensorPlane, [number, number]>();
  const rangeOf = (p: TensorPlane) => {
    let r = ranges.get(p);
    if (!r) ranges.set(p, (r = planeRange(p)));
    return r;
  };

  const canNumbers = payload.downsample === 1 && payload.planes.every((p) => p.width <= NUMBER_GRID_MAX_COLS && p.width * p.height <= NUMBER_GRID_MAX_CELLS);
  const state = {
    mode: ctx.state.get<'numbers' | 'heatmap'>('mode') ?? (canNumbers && payload.planes.length <= 16 ? 'numbers' : 'heatmap'),
    perPlane: ctx.state.get<boolean>('perPlane') ?? false,
    batch: ctx.state.get<number>('batch') ?? -1,
    channel: ctx.state.get<number>('channel') ?? -1,
    zoom: ctx.state.get<number>('zoom') ?? 0,
  };
  if (!canNumbers) state.mode = 'heatmap';
  const maxSide = Math.max(1, ...payload.planes.map((p) => Math.max(p.width, p.height)));
  const autoZoom = () => {
    const target = payload.planes.length === 1 ? 320 : 128;
    let best = ZOOMS[0];
    for (const z of ZOOMS) if (maxSide * z <= target) best = z;
    return best;
  };
  if (!ZOOMS.includes(state.zoom)) state.zoom = autoZoom();

  const batches = [...new Set(payload.planes.filter((p) => p.index.length >= 2).map((p) => p.index[0]))];
  const channels = [...new Set(payload.planes.map((p) => (p.index.length >= 2 ? p.index[1] : p.index[0])).filter((c): c is number => c !== undefined))];
  const channelOf = (p: TensorPlane) => (p.index.length >= 2 ? p.index[1] : p.index[0]);

  const shapeText = formatShape(payload.shape);
  const summary = `${title}: tensor of shape ${shapeText}, values from ${formatValue(payload.min)} to ${formatValue(payload.max)}; ${payload.planes.length} of ${payload.planesTotal} planes shown${payload.downsample > 1 ? `, each value the mean of a ${payload.downsample}×${payload.downsample} block` : ''}.`;
  root.setAttribute('role', 'figure');
  root.setAttribute('aria-label', summary);

  const header = el(
    'div',
    {},
    el('div', { className: 'cb-title' }, title, ' ', el('span', { className: 'cb-label-pill', title: 'shape' }, shapeText)),
    el('div', { className: 'cb-subtitle' }, `min ${formatValue(payload.min)} · max ${formatValue(payload.max)} · ${payload.planes.length === payload.planesTotal ? `${payload.planesTotal} plane${payload.planesTotal === 1 ? '' : 's'}` : `${payload.planes.length} of ${payload.planesTotal} planes shown`}`),
  );
  const toolbar = el('div', { className: 'cb-toolbar', role: 'toolbar', 'aria-label': 'Tensor display' });
  const body = el('div', { className: 'cb-tiles' });
  const readout = el('div', { className: 'cb-readout', 'aria-live': 'polite' }, '\u00a0');
  const notes = el('ul', { className: 'cb-notes' });
  for (const n of payload.notes) notes.appendChild(el('li', {}, n));
  root.append(header, toolbar, body, readout);
  if (payload.notes.length) root.appendChild(notes);

  const visible = () =>
    payload.planes.filter((p) => (state.batch < 0 || p.index.length < 2 || p.index[0] === state.batch) && (state.channel < 0 || channelOf(p) === state.channel));

  const sharedScale = scaleFor(payload.min, payload.max);
  const scaleOf = (p: TensorPlane): ColorScale => (state.perPlane ? scaleFor(...rangeOf(p)) : sharedScale);

  let tiles: { plane: TensorPlane; canvas: HTMLCanvasElement; scale: ColorScale }[] = [];

  function buildToolbar(): void {
    toolbar.replaceChildren();
    if (canNumbers) {
      const numbers = button('Numbers', 'Show values as numbers', () => setState({ mode: 'numbers' }), { 'aria-pressed': String(state.mode === 'numbers'), 'data-key': 'numbers' });
      const heat = button('Heatmap', 'Show values as a heatmap', () => setState({ mode: 'heatmap' }), { 'aria-pressed': String(state.mode === 'heatmap'), 'data-key': 'heatmap' });
      toolbar.append(numbers, heat);
    }
    if (payload.planes.length > 1) {
      toolbar.append(
        button(state.perPlane ? 'Scale: per plane' : 'Scale: shared', state.perPlane ? 'Colour scale per plane; switch to one shared scale' : 'One shared colour scale; switch to a scale per plane', () => setState({ perPlane: !state.perPlane }), {
          'aria-pressed': String(state.perPlane),
          'data-role': 'scale-toggle',
          'data-key': 'scale',
        }),
      );
    }
    if (batches.length > 1) {
      toolbar.append(
        keyed(select('batch', [{ value: '-1', label: 'all' }, ...batches.map((b) => ({ value: String(b), label: String(b) }))], String(state.batch), (v) => setState({ batch: Number(v) })), 'batch'),
      );
    }
    if (channels.length > 1) {
      toolbar.append(
        keyed(select('channel', [{ value: '-1', label: 'all' }, ...channels.map((c) => ({ value: String(c), label: String(c) }))], String(state.channel), (v) => setState({ channel: Number(v) })), 'channel'),
      );
    }
    if (state.mode === 'heatmap') {
      const zi = ZOOMS.indexOf(state.zoom);
      const out = button('−', 'Zoom out', () => setState({ zoom: ZOOMS[Math.max(0, zi - 1)] }), { disabled: zi <= 0, 'data-key': 'zoom-out' });
      const zin = button('+', 'Zoom in', () => setState({ zoom: ZOOMS[Math.min(ZOOMS.length - 1, zi + 1)] }), { disabled: zi >= ZOOMS.length - 1, 'data-key': 'zoom-in' });
      toolbar.append(out, el('span', { className: 'cb-field-label', 'aria-live': 'polite' }, `${state.zoom * 100}%`), zin);
    }
    const legendScale = state.perPlane ? null : sharedScale;
    if (legendScale) {
      toolbar.append(
        el(
          'span',
          { className: 'cb-legend', 'aria-label': `colour scale ${legendScale.kind}, ${formatValue(legendScale.min)} to ${formatValue(legendScale.max)}` },
          formatCell(legendScale.min),
          legendCanvas(legendScale, 100, 10),
          formatCell(legendScale.max),
          el('span', {}, legendScale.kind === 'diverging' ? '(diverging, 0 at the centre)' : ''),
        ),
      );
    }
  }

  function keyed(field: HTMLElement, key: string): HTMLElement {
    field.querySelector('select')?.setAttribute('data-key', key);
    return field;
  }

  function setState(patch: Partial<typeof state>): void {
    // The toolbar is rebuilt; a keyboard user keeps focus on the same control (or its neighbour
    // when it became disabled, as zoom buttons do at the ends).
    const active = (root.getRootNode() as ShadowRoot | Document).activeElement;
    const key = active instanceof HTMLElement && toolbar.contains(active) ? active.dataset.key : undefined;
    Object.assign(state, patch);
    for (const [k, v] of Object.entries(patch)) ctx.state.set(k, v);
    buildToolbar();
    draw();
    if (key) {
      const candidates = [key, ...(key.startsWith('zoom') ? ['zoom-in', 'zoom-out'] : [])];
      for (const k of candidates) {
        const next = toolbar.querySelector<HTMLElement>(`[data-key="${k}"]`);
        if (next && !(next as HTMLButtonElement).disabled) {
          next.focus();
          break;
        }
      }
    }
  }

  function draw(): void {
    body.replaceChildren();
    tiles = [];
    const planes = visible();
    if (state.mode === 'numbers') {
      for (const plane of planes) body.appendChild(numberGrid(plane));
      return;
    }
    const zoom = state.channel >= 0 && planes.length === 1 ? Math.max(state.zoom, autoZoomSingle(planes[0])) : state.zoom;
    for (const plane of planes) {
      const canvas = el('canvas', { role: 'img', tabindex: 0 });
      canvas.width = plane.width;
      canvas.height = plane.height;
      canvas.style.width = `${Math.max(1, Math.round(plane.width * zoom))}px`;
      canvas.style.height = `${Math.max(1, Math.round(plane.height * zoom))}px`;
      const scale = scaleOf(plane);
      const c2d = canvas.getContext('2d');
      if (c2d) {
        const image = c2d.createImageData(plane.width, plane.height);
        paintPlane(image.data, plane.data, scale);
        c2d.putImageData(image, 0, 0);
      }
      const [lo, hi] = rangeOf(plane);
      const label = planeLabel(plane);
      canvas.setAttribute('aria-label', `plane ${label || title}, ${plane.height}×${plane.width}, min ${formatValue(lo)}, max ${formatValue(hi)}; arrow keys read the values`);
      canvas.dataset.index = plane.index.join(',');
      tiles.push({ plane, canvas, scale });
      const tile = el('div', { className: 'cb-tile' }, label ? el('span', { className: 'cb-tile-label' }, label) : null, canvas);
      body.appendChild(tile);
    }
    currentZoom = zoom;
  }

  // One delegated listener, so redrawing the tiles never piles up handlers.
  let currentZoom = state.zoom;
  ctx.disposables.listen(body, 'pointermove', (e: PointerEvent) => {
    const tile = tiles.find((t) => t.canvas === e.target);
    if (tile) showValue(tile.plane, tile.canvas, e, currentZoom);
  });
  ctx.disposables.listen(body, 'pointerleave', () => (readout.textContent = '\u00a0'));
  // The keyboard's way to read values: arrow keys move a cursor over the focused plane.
  const cursors = new WeakMap<HTMLCanvasElement, [number, number]>();
  ctx.disposables.listen(body, 'keydown', (e: KeyboardEvent) => {
    const tile = tiles.find((t) => t.canvas === e.target);
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (!tile || !moves[e.key]) return;
    e.preventDefault();
    const [y0, x0] = cursors.get(tile.canvas) ?? [0, -1];
    const y = Math.min(tile.plane.height - 1, Math.max(0, y0 + moves[e.key][0]));
    const x = Math.min(tile.plane.width - 1, Math.max(0, x0 + moves[e.key][1]));
    cursors.set(tile.canvas, [y, x]);
    showValueAt(tile.plane, y, x);
  });

  function autoZoomSingle(p: TensorPlane): number {
    let best = ZOOMS[0];
    for (const z of ZOOMS) if (Math.max(p.width, p.height) * z <= 420) best = z;
    return best;
  }

  function showValue(plane: TensorPlane, canvas: HTMLCanvasElement, e: PointerEvent, zoom: number): void {
    const rect = canvas.getBoundingClientRect();
    const x = Math.floor((e.clientX - rect.left) / zoom);
    const y = Math.floor((e.clientY - rect.top) / zoom);
    if (x < 0 || y < 0 || x >= plane.width || y >= plane.height) return;
    showValueAt(plane, y, x);
  }

  function showValueAt(plane: TensorPlane, y: number, x: number): void {
    const v = plane.data[y * plane.width + x];
    const k = payload.downsample;
    const where = k > 1 ? `rows ${y * k}–${y * k + k - 1}, cols ${x * k}–${x * k + k - 1} (mean of ${k}×${k})` : `[${[...plane.index, y, x].join(', ')}]`;
    readout.textContent = `${title}${where.startsWith('[') ? where : ` ${planeLabel(plane)} ${where}`} = ${formatValue(v)}`;
  }

  function numberGrid(plane: TensorPlane): HTMLElement {
    const scale = scaleOf(plane);
    const p = ctx.palette();
    const table = el('table', { className: 'cb-matrix' });
    const label = planeLabel(plane);
    table.appendChild(el('caption', { className: 'cb-sr-only' }, `${title} ${label}: ${plane.height} rows, ${plane.width} columns`));
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

  buildToolbar();
  draw();
  ctx.onThemeChange(() => {
    if (state.mode === 'numbers') draw();
  });
  root.appendChild(visuallyHidden(summary));
  ctx.rendered('tensor');

  return {
    title,
    exporters: [
      {
        format: 'png',
        label: 'PNG',
        make: () => {
          const p = ctx.palette();
          const planes = visible();
          if (state.mode === 'numbers' || tiles.length === 0) {
            // Number grids: draw each plane as a grid of values.
            const cell = 34;
            const gap = 16;
            const w = planes.reduce((n, pl) => n + pl.width * cell + gap, gap);
            const h = Math.max(...planes.map((pl) => pl.height * cell)) + 44;
            const scene = newScene(w, h, p.background, p.fontFamily, p.monoFamily);
            scene.prims.push({ t: 'text', x: gap, y: 8, text: `${title} ${shapeText}`, color: p.foreground, size: 13, baseline: 'top', bold: true });
            let x = gap;
            for (const pl of planes) {
              const scale = scaleOf(pl);
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
          const tileW = Math.max(...tiles.map((t) => parseFloat(t.canvas.style.width)));
          const tileH = Math.max(...tiles.map((t) => parseFloat(t.canvas.style.height)));
          const cols = Math.max(1, Math.min(tiles.length, Math.floor(1200 / (tileW + 10))));
          const rows = Math.ceil(tiles.length / cols);
          const scene = newScene(cols * (tileW + 10) + 10, rows * (tileH + 22) + 34, p.background, p.fontFamily, p.monoFamily);
          scene.prims.push({ t: 'text', x: 10, y: 8, text: `${title} ${shapeText}`, color: p.foreground, size: 13, baseline: 'top', bold: true });
          tiles.forEach((t, i) => {
            const x = 10 + (i % cols) * (tileW + 10);
            const y = 30 + Math.floor(i / cols) * (tileH + 22);
            const image = new Uint8ClampedArray(t.plane.width * t.plane.height * 4);
            paintPlane(image, t.plane.data, t.scale);
            scene.prims.push({ t: 'text', x, y, text: planeLabel(t.plane), color: p.muted, size: 11, baseline: 'top' });
            scene.prims.push({ t: 'image', x, y: y + 16, w: parseFloat(t.canvas.style.width), h: parseFloat(t.canvas.style.height), width: t.plane.width, height: t.plane.height, pixels: image });
          });
          return sceneToPng(scene, 1);
        },
      },
    ],
  };
}
