// Formula breakdown: output size per axis (general → substituted → result, uncovered cells,
// warnings), parameters, FLOPs with the bias term apart, and what each FLOP-counting library
// reports for the same layer, with disagreements marked.

import type { AxisFormula, FlopCount, LibraryCount, ParamCount } from '../../contract';
import { el, visuallyHidden } from '../dom';
import { formatCount, formatShape, formatShort } from '../format';
import { PayloadError, asString, asStrings, isNumberArray, isRecord, type View, type ViewContext } from '../view';
import { comparisonContent } from './comparison';
import { domPngExporter, formulaElement, notesList, section, table } from './common';
import { receptiveFieldContent } from './receptiveField';

const AXIS_WORD: Record<string, [string, string]> = {
  H: ['row', 'rows'],
  W: ['column', 'columns'],
  D: ['slice', 'slices'],
  L: ['position', 'positions'],
};

function outputSizeSection(axes: AxisFormula[]): HTMLElement {
  const list = el('div', { className: 'cb-axes' });
  for (const a of axes) {
    const line = el('div', { className: 'cb-axis', 'data-axis': a.axis });
    line.append(
      el('strong', {}, `${a.axis}: `),
      formulaElement(a.general),
      el('span', { 'aria-hidden': 'true' }, '  →  '),
      formulaElement(a.substituted),
      el('span', {}, ' = '),
      el('strong', { className: a.result < 1 ? 'cb-error' : '', 'data-role': 'axis-result' }, String(a.result)),
    );
    list.appendChild(line);
    if (a.uncovered.length) {
      const [one, many] = AXIS_WORD[a.axis] ?? ['index', 'indices'];
      list.appendChild(
        el('div', { className: 'cb-warning', 'data-role': 'uncovered' }, `${a.uncovered.length} input ${a.uncovered.length === 1 ? one : many} never read on ${a.axis}: ${a.uncovered.join(', ')}`),
      );
    }
    for (const w of a.warnings) list.appendChild(el('div', { className: 'cb-warning', role: 'note' }, `⚠ ${w}`));
  }
  return section('Output size', list);
}

function paramsSection(p: ParamCount): HTMLElement {
  return section(
    'Parameters',
    el('div', {}, formulaElement(p.formula, true)),
    table(['', 'count'], [
      ['weights', formatCount(p.weights)],
      ['bias', formatCount(p.bias)],
      ['total', formatCount(p.total)],
    ]),
  );
}

function flopsSection(f: FlopCount): HTMLElement {
  return section(
    'FLOPs',
    el('div', {}, formulaElement(f.formula, true)),
    table(['', 'count', 'short'], [
      ['multiplications', formatCount(f.multiplications), formatShort(f.multiplications)],
      ['additions', formatCount(f.additions), formatShort(f.additions)],
      ['bias additions (counted apart)', formatCount(f.biasAdditions), formatShort(f.biasAdditions)],
      ['multiply–accumulates (MACs)', formatCount(f.macs), formatShort(f.macs)],
    ]),
  );
}

function librariesSection(libs: LibraryCount[]): HTMLElement {
  const reference = libs.find((l) => l.library === 'reference');
  const t = el('table', { className: 'cb-table', 'data-role': 'libraries' });
  t.appendChild(el('caption', { className: 'cb-sr-only' }, 'What each FLOP-counting library reports for this layer'));
  t.appendChild(el('thead', {}, el('tr', {}, ...['library', 'reports', 'as', 'why'].map((h, i) => el('th', { scope: 'col', className: i === 0 || i >= 2 ? 'cb-left' : '' }, h)))));
  const tbody = el('tbody');
  for (const l of libs) {
    const differs = reference !== undefined && l !== reference && l.value !== reference.value;
    const valueCell = el('td', { className: l === reference ? '' : differs ? 'cb-differs' : 'cb-agrees', title: formatCount(l.value) }, formatCount(l.value));
    if (differs && reference) valueCell.appendChild(visuallyHidden(` (differs from the reference ${formatCount(reference.value)})`));
    tbody.appendChild(el('tr', { 'data-library': l.library }, el('td', { className: 'cb-left' }, l.library), valueCell, el('td', { className: 'cb-left' }, l.label), el('td', { className: 'cb-left' }, l.note)));
  }
  t.appendChild(tbody);
  return section('Library conventions', t);
}

export function formulaContent(payload: Record<string, unknown>): HTMLElement {
  const content = el('div', { className: 'cb-formula' });
  const title = asString(payload.title, 'formula');
  content.appendChild(el('div', { className: 'cb-title' }, title));
  const layer = asString(payload.layer);
  const inShape = isNumberArray(payload.inputShape) ? payload.inputShape : null;
  const outShape = isNumberArray(payload.outputShape) ? payload.outputShape : null;
  const sub = el('div', { className: 'cb-subtitle' });
  if (layer) sub.appendChild(el('code', { className: 'cb-mono' }, layer));
  if (inShape || outShape) sub.append(`  ${inShape ? formatShape(inShape) : '?'} → ${outShape ? formatShape(outShape) : '?'}`);
  content.appendChild(sub);
  if (Array.isArray(payload.outputSize) && payload.outputSize.length) content.appendChild(outputSizeSection(payload.outputSize as AxisFormula[]));
  if (isRecord(payload.params)) content.appendChild(paramsSection(payload.params as unknown as ParamCount));
  if (isRecord(payload.flops)) content.appendChild(flopsSection(payload.flops as unknown as FlopCount));
  if (Array.isArray(payload.libraries) && payload.libraries.length) content.appendChild(librariesSection(payload.libraries as LibraryCount[]));
  if (isRecord(payload.receptiveField)) content.appendChild(receptiveFieldContent(payload.receptiveField, true));
  if (isRecord(payload.comparison)) content.appendChild(comparisonContent(payload.comparison, true));
  const notes = notesList(asStrings(payload.notes));
  if (notes) content.appendChild(notes);
  return content;
}

/** The region's name: the layer, its shapes and its totals, so a screen reader hears the gist first. */
function describeFormula(payload: Record<string, unknown>): string {
  const parts = [asString(payload.layer) || asString(payload.title, 'formula breakdown')];
  if (isNumberArray(payload.inputShape) && isNumberArray(payload.outputShape)) parts.push(`${formatShape(payload.inputShape)} to ${formatShape(payload.outputShape)}`);
  if (isRecord(payload.params) && typeof payload.params.total === 'number') parts.push(`${formatCount(payload.params.total)} parameters`);
  if (isRecord(payload.flops) && typeof payload.flops.macs === 'number') parts.push(`${formatCount(payload.flops.macs)} MACs`);
  return parts.join('; ');
}

export function formulaView(ctx: ViewContext, payload: unknown): View {
  if (!isRecord(payload)) throw new PayloadError('the formula output is not an object');
  const content = formulaContent(payload);
  ctx.root.appendChild(content);
  ctx.root.setAttribute('role', 'region');
  ctx.root.setAttribute('aria-label', describeFormula(payload));
  ctx.rendered('formula');
  return { title: asString(payload.title, 'formula'), exporters: [domPngExporter(ctx, content)] };
}
