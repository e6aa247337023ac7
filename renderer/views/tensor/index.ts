// Tensor / feature-map view: small planes as number grids, larger ones as heatmap tiles (one per
// plane, labelled by its leading indices) painted with ImageData. Controls: numbers/heatmap, shared
// or per-plane colour scale, batch and channel pickers, zoom; the value under the pointer.

import { el, visuallyHidden } from '../../dom';
import { formatShape, formatValue } from '../../format';
import type { View, ViewContext } from '../../view';
import { tensorPng } from './export';
import { parseTensorPayload } from './payload';
import { listenPlanes } from './planes';
import { TensorState, type TensorSettings } from './state';
import { drawPlanes } from './tiles';
import { fillToolbar, focusedKey, refocus } from './toolbar';

export function tensorView(ctx: ViewContext, raw: unknown): View {
  const payload = parseTensorPayload(raw);
  const s = new TensorState(payload, ctx.state);
  const { title } = s;
  const root = ctx.root;
  const shapeText = formatShape(payload.shape);
  const shown = payload.planes.length;
  const summary = `${title}: tensor of shape ${shapeText}, values from ${formatValue(payload.min)} to ${formatValue(payload.max)}; ${shown} of ${payload.planesTotal} planes shown${payload.downsample > 1 ? `, each value the mean of a ${payload.downsample}×${payload.downsample} block` : ''}.`;
  root.setAttribute('role', 'figure');
  root.setAttribute('aria-label', summary);

  const counts = shown === payload.planesTotal ? `${payload.planesTotal} plane${payload.planesTotal === 1 ? '' : 's'}` : `${shown} of ${payload.planesTotal} planes shown`;
  const header = el(
    'div',
    {},
    el('div', { className: 'cb-title' }, title, ' ', el('span', { className: 'cb-label-pill', title: 'shape' }, shapeText)),
    el('div', { className: 'cb-subtitle' }, `min ${formatValue(payload.min)} · max ${formatValue(payload.max)} · ${counts}`),
  );
  const toolbar = el('div', { className: 'cb-toolbar', role: 'toolbar', 'aria-label': 'Tensor display' });
  const body = el('div', { className: 'cb-tiles' });
  const readout = el('div', { className: 'cb-readout', 'aria-live': 'polite' }, '\u00a0');
  root.append(header, toolbar, body, readout);
  if (payload.notes.length) root.appendChild(el('ul', { className: 'cb-notes' }, ...payload.notes.map((n) => el('li', {}, n))));

  const draw = () => drawPlanes(body, s, ctx.palette());
  const change = (patch: Partial<TensorSettings>) => {
    const key = focusedKey(toolbar, root);
    Object.assign(s.settings, patch);
    for (const [k, v] of Object.entries(patch)) ctx.state.set(k, v);
    fillToolbar(toolbar, s, change);
    draw();
    refocus(toolbar, key);
  };
  listenPlanes(ctx, s, body, readout);

  fillToolbar(toolbar, s, change);
  draw();
  ctx.onThemeChange(() => {
    if (s.settings.mode === 'numbers') draw();
  });
  root.appendChild(visuallyHidden(summary));
  ctx.rendered('tensor');
  return { title, exporters: [{ format: 'png', label: 'PNG', make: () => tensorPng(s, ctx.palette()) }] };
}
