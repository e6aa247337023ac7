// Receptive field of a stack: per-layer table (effective kernel, stride, padding, RF, effective
// stride and padding) and the top-down recursion RF_i = (RF_{i+1} − 1)·s_i + k_i written out.

import type { ReceptiveFieldRow, RecursionRow } from '../../contract';
import { el } from '../dom';
import { PayloadError, asString, asStrings, isRecord, type View, type ViewContext } from '../view';
import { domPngExporter, formulaElement, notesList, section, table, vec } from './common';

export function receptiveFieldContent(payload: Record<string, unknown>, nested = false): HTMLElement {
  const content = el(nested ? 'section' : 'div', { className: nested ? 'cb-section' : 'cb-rf' });
  content.appendChild(el(nested ? 'h4' : 'div', { className: nested ? '' : 'cb-title' }, asString(payload.title, 'Receptive field')));
  const rows = (Array.isArray(payload.rows) ? payload.rows : []) as ReceptiveFieldRow[];
  content.appendChild(
    table(
      ['layer', 'kernel (effective)', 'stride', 'padding', 'receptive field', 'effective stride', 'effective padding'],
      rows.map((r) => [r.name, vec(r.kernel), vec(r.stride), vec(r.padding), vec(r.receptiveField), vec(r.effectiveStride), vec(r.effectivePadding)]),
      { caption: 'Receptive field per layer' },
    ),
  );
  content.appendChild(
    el(
      'div',
      { 'data-role': 'rf-total' },
      el('strong', {}, 'Receptive field '),
      vec(payload.receptive_field),
      ' · effective stride ',
      vec(payload.effective_stride),
      ' · effective padding ',
      vec(payload.effective_padding),
    ),
  );
  const recursion = (Array.isArray(payload.recursion) ? payload.recursion : []) as RecursionRow[];
  if (recursion.length) {
    const list = el('div', { className: 'cb-recursion' });
    for (const r of recursion) list.appendChild(el('div', {}, el('span', { className: 'cb-field-label' }, `${r.name}: `), formulaElement(r.formula)));
    content.appendChild(section('Recursion, from the last layer down to the input', list));
  }
  if (isRecord(payload.span)) {
    const s = payload.span;
    content.appendChild(el('div', {}, `Output unit ${vec(s.outputIndex)} sees input ${vec(s.start)} … ${vec(s.end)} (centre ${vec(s.center)})`));
  }
  const notes = notesList(asStrings(payload.notes));
  if (notes) content.appendChild(notes);
  return content;
}

export function receptiveFieldView(ctx: ViewContext, payload: unknown): View {
  if (!isRecord(payload)) throw new PayloadError('the receptive-field output is not an object');
  const content = receptiveFieldContent(payload);
  ctx.root.appendChild(content);
  ctx.root.setAttribute('role', 'region');
  ctx.root.setAttribute('aria-label', `${asString(payload.title, 'Receptive field')}: ${vec(payload.receptive_field)}`);
  ctx.rendered('receptive-field');
  return { title: asString(payload.title, 'receptive-field'), exporters: [domPngExporter(ctx, content)] };
}
