// Deformable conv for one output location: the regular sampling grid beside the deformed points,
// an arrow from each regular point to where it samples, the mask as opacity, the four bilinear
// neighbours of the sample under the pointer (or the tap picked in the toolbar), and the adaptive
// receptive field (cells the samples touch) against the regular one. Beside it, the offset field
// over the whole output as a quiver plot; clicking (or arrow keys) selects the location. The
// neighbours' weights are listed in a table under the board: on the board they are written only
// when the cells are wide enough to hold them.

import { el, select } from '../../dom';
import { sceneToPng, sceneToSvgBlob } from '../../export/image';
import { paintToCanvas } from '../../scene/paint';
import type { View, ViewContext } from '../../view';
import { notesList } from '../common';
import { TextMeasure, layoutDeform } from './layout';
import { parseDeform } from './payload';
import { listenDeformInput } from './pointer';
import { deformScene } from './scene';
import { DeformState } from './state';
import { describeSampling, neighbourTable, tapTable } from './tables';

export function deformView(ctx: ViewContext, raw: unknown): View {
  const payload = parseDeform(raw);
  const s = new DeformState(payload, ctx.state);
  const config = payload.config;
  const [H, W] = config.inputSize;
  const [kh, kw] = config.kernelSize;
  const { oh, ow } = s;

  // ───── DOM ─────
  const root = ctx.root;
  const canvas = el('canvas', { className: 'cb-canvas', role: 'img' });
  const wrap = el('div', { className: 'cb-canvas-wrap', tabindex: 0, 'aria-label': 'Deformable sampling; arrow keys move the selected output location' }, canvas);
  const readout = el('div', { className: 'cb-readout', 'data-role': 'readout', 'aria-live': 'polite' }, '\u00a0');
  const taps = el('div', { className: 'cb-scroll cb-nowrap', 'data-role': 'taps' });
  const neighbours = el('div', { className: 'cb-scroll', 'data-role': 'neighbours' });
  const tapChoices = Array.from({ length: s.taps }, (_, t) => ({ value: String(t), label: s.tapName(t) }));
  const inspectField = select('neighbours of', [{ value: '-1', label: 'none (hover a sample)' }, ...tapChoices], '-1', (v) => {
    s.inspectedTap = Number(v);
    fillNeighbours();
    draw();
  });
  inspectField.querySelector('select')!.dataset.role = 'inspect';
  const selectedLabel = el('span', { className: 'cb-field-label', 'data-role': 'selected' });
  const quiverField = select('quiver shows', [{ value: '-1', label: 'mean offset of the taps' }, ...tapChoices], String(s.quiverTap), (v) => {
    s.quiverTap = Number(v);
    ctx.state.set('quiverTap', s.quiverTap);
    draw();
  });
  const toolbar = el('div', { className: 'cb-toolbar' }, quiverField, inspectField, selectedLabel);
  root.setAttribute('role', 'region');
  root.setAttribute('aria-label', payload.title);
  root.append(
    el('div', { className: 'cb-title' }, payload.title),
    el('div', { className: 'cb-subtitle' }, `deformable conv: input ${H}×${W}, kernel ${kh}×${kw}, stride ${config.stride.join('×')}, padding ${config.padBefore.join('×')}, dilation ${config.dilation.join('×')} → output ${oh}×${ow}${payload.mask ? ', modulated (mask)' : ''}`),
    toolbar,
    wrap,
    readout,
    neighbours,
    taps,
  );
  const notes = notesList(payload.notes);
  if (notes) root.appendChild(notes);

  const measure = new TextMeasure(ctx);
  const relayout = () => layoutDeform(s, root.clientWidth || 800, measure);
  let L = relayout();
  const sceneNow = () => deformScene(s, L, ctx.palette(), measure);

  function fillTable(): void {
    taps.replaceChildren(tapTable(s));
  }

  function fillNeighbours(): void {
    neighbours.replaceChildren(...neighbourTable(s));
  }

  function draw(): void {
    paintToCanvas(canvas, sceneNow());
    canvas.setAttribute('aria-label', describeSampling(s));
    canvas.dataset.layout = JSON.stringify({ cell: L.cell, ix: L.ix, iy: L.iy, rows: L.rows, cols: L.cols, q: L.q, qx: L.qx, qy: L.qy });
    selectedLabel.textContent = `selected output (${s.selected[0]}, ${s.selected[1]})`;
  }

  listenDeformInput(ctx, s, {
    canvas,
    wrap,
    readout,
    layout: () => L,
    hovered: () => {
      fillNeighbours();
      draw();
    },
    selectedMoved: () => {
      L = relayout();
      fillTable();
      fillNeighbours();
      draw();
    },
  });
  ctx.onThemeChange(draw);

  fillTable();
  fillNeighbours();
  draw();
  ctx.rendered('deform');
  return {
    title: payload.title,
    exporters: [
      { format: 'png', label: 'PNG', make: () => sceneToPng(sceneNow()) },
      { format: 'svg', label: 'SVG', make: async () => sceneToSvgBlob(sceneNow(), `${payload.title}: output (${s.selected.join(', ')})`) },
    ],
  };
}
