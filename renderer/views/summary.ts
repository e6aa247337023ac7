// Model summary: one row per layer (output shape, params, MACs, receptive field, stride) with
// small bars for each layer's share of the parameters and of the MACs, and the totals.

import type { SummaryRow } from '../../contract';
import { el } from '../dom';
import { formatCount, formatShape, formatShort } from '../format';
import { PayloadError, asString, asStrings, isNumberArray, isRecord, type View, type ViewContext } from '../view';
import { domPngExporter, notesList, vec } from './common';

function shareBar(value: number, total: number, kind: 'params' | 'macs'): HTMLElement {
  const share = total > 0 ? value / total : 0;
  const pct = `${(share * 100).toFixed(share >= 0.1 ? 0 : 1)}%`;
  const bar = el('span', { className: `cb-bar${kind === 'macs' ? ' cb-bar-macs' : ''}`, 'aria-hidden': 'true' });
  bar.style.width = `${(share * 100).toFixed(2)}%`;
  return el('span', { className: 'cb-bar-cell', title: `${pct} of all ${kind === 'macs' ? 'MACs' : 'parameters'}` }, el('span', { className: 'cb-bar-track', 'aria-hidden': 'true' }, bar), el('span', {}, pct));
}

export function summaryView(ctx: ViewContext, payload: unknown): View {
  if (!isRecord(payload) || !Array.isArray(payload.layers)) throw new PayloadError('the summary output has no layers');
  const layers = payload.layers.filter(isRecord) as unknown as SummaryRow[];
  const totalParams = typeof payload.total_params === 'number' ? payload.total_params : layers.reduce((n, l) => n + l.params, 0);
  const totalMacs = typeof payload.total_macs === 'number' ? payload.total_macs : layers.reduce((n, l) => n + l.macs, 0);
  const title = asString(payload.title, 'Model summary');
  const inputShape = isNumberArray(payload.input_shape) ? payload.input_shape : [];

  const content = el('div', { className: 'cb-summary' });
  content.append(el('div', { className: 'cb-title' }, title), el('div', { className: 'cb-subtitle' }, `input ${formatShape(inputShape)} · ${formatCount(totalParams)} parameters · ${formatCount(totalMacs)} MACs (${formatShort(totalMacs)})`));

  const t = el('table', { className: 'cb-table', 'data-role': 'summary' });
  t.appendChild(el('caption', { className: 'cb-sr-only' }, `${title}: ${layers.length} layers`));
  const headers = ['layer', 'output shape', 'params', 'share', 'MACs', 'share', 'receptive field', 'stride'];
  t.appendChild(el('thead', {}, el('tr', {}, ...headers.map((h, i) => el('th', { scope: 'col', className: i === 0 ? 'cb-left' : '' }, h)))));
  const tbody = el('tbody');
  for (const l of layers) {
    const nameCell = el('td', { className: 'cb-left' }, el('span', {}, l.name), ' ', el('code', { className: 'cb-mono cb-field-label' }, l.layer));
    nameCell.style.paddingLeft = `${8 + 14 * Math.max(0, l.depth)}px`;
    tbody.appendChild(
      el(
        'tr',
        {},
        nameCell,
        el('td', {}, formatShape(l.output_shape ?? [])),
        el('td', {}, formatCount(l.params)),
        el('td', {}, shareBar(l.params, totalParams, 'params')),
        el('td', {}, formatCount(l.macs)),
        el('td', {}, shareBar(l.macs, totalMacs, 'macs')),
        el('td', {}, vec(l.receptive_field)),
        el('td', {}, vec(l.effective_stride)),
      ),
    );
  }
  tbody.appendChild(
    el('tr', { className: 'cb-total' }, el('td', { className: 'cb-left' }, 'Total'), el('td', {}, ''), el('td', {}, formatCount(totalParams)), el('td', {}, ''), el('td', {}, formatCount(totalMacs)), el('td', {}, ''), el('td', {}, ''), el('td', {}, '')),
  );
  t.appendChild(tbody);
  content.appendChild(t);
  const notes = notesList(asStrings(payload.notes));
  if (notes) content.appendChild(notes);
  ctx.root.appendChild(content);
  ctx.root.setAttribute('role', 'region');
  ctx.root.setAttribute('aria-label', `${title}: ${layers.length} layers, ${formatCount(totalParams)} parameters, ${formatCount(totalMacs)} MACs`);
  ctx.rendered('summary');
  return { title, exporters: [domPngExporter(ctx, content)] };
}
