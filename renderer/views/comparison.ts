// Two layers (or stacks) side by side with their costs and the ratio b / a.

import type { LayerCost } from '../../contract';
import { el } from '../dom';
import { formatCount, formatRatio, formatShape, formatShort } from '../format';
import { PayloadError, asString, asStrings, isRecord, type View, type ViewContext } from '../view';
import { domPngExporter, formulaElement, notesList, table } from './common';

// Each number sits on its own line with its formula below it, in a block that scrolls sideways
// inside the card (KaTeX output does not wrap), so long sums never spill into the other card.
function costCard(label: string, cost: LayerCost & { parts?: LayerCost[] }): HTMLElement {
  const card = el('div', { className: 'cb-card', 'data-side': label });
  const stat = (name: string, value: string, extra = '') => el('div', { className: 'cb-stat' }, `${name} `, el('strong', {}, value), extra);
  card.append(
    el('div', { className: 'cb-title' }, `${label}: `, el('code', { className: 'cb-mono' }, cost.name)),
    stat('params', formatCount(cost.params.total)),
    formulaElement(cost.params.formula, false, true),
    stat('multiplications', formatCount(cost.flops.multiplications), ` (${formatShort(cost.flops.multiplications)})`),
    stat('MACs', formatCount(cost.flops.macs)),
    formulaElement(cost.flops.formula, false, true),
    el('div', { className: 'cb-subtitle' }, `output ${formatShape(cost.outputShape)}`),
  );
  if (cost.parts?.length) {
    card.appendChild(
      el(
        'div',
        { className: 'cb-scroll' },
        table(
          ['part', 'params', 'MACs', 'output'],
          cost.parts.map((p) => [p.name, formatCount(p.params.total), formatCount(p.flops.macs), formatShape(p.outputShape)]),
          { caption: `parts of ${cost.name}` },
        ),
      ),
    );
  }
  return card;
}

function isCost(v: unknown): v is LayerCost {
  return isRecord(v) && isRecord(v.params) && isRecord(v.flops) && typeof v.name === 'string';
}

export function comparisonContent(payload: Record<string, unknown>, nested = false): HTMLElement {
  if (!isCost(payload.a) || !isCost(payload.b)) throw new PayloadError('the comparison lacks its two sides');
  const content = el(nested ? 'section' : 'div', { className: nested ? 'cb-section' : 'cb-comparison' });
  content.appendChild(el(nested ? 'h4' : 'div', { className: nested ? '' : 'cb-title' }, asString(payload.title, 'Comparison')));
  content.appendChild(el('div', { className: 'cb-grid2' }, costCard('A', payload.a), costCard('B', payload.b)));
  const paramRatio = typeof payload.paramRatio === 'number' ? payload.paramRatio : NaN;
  const flopRatio = typeof payload.flopRatio === 'number' ? payload.flopRatio : NaN;
  content.appendChild(
    el(
      'div',
      { className: 'cb-section', 'data-role': 'ratio' },
      'B / A: params ',
      el('span', { className: 'cb-ratio' }, formatRatio(paramRatio)),
      ' · multiplications ',
      el('span', { className: 'cb-ratio' }, formatRatio(flopRatio)),
    ),
  );
  if (isRecord(payload.ratioFormula)) content.appendChild(el('div', {}, formulaElement(payload.ratioFormula, true)));
  const notes = notesList(asStrings(payload.notes));
  if (notes) content.appendChild(notes);
  return content;
}

export function comparisonView(ctx: ViewContext, payload: unknown): View {
  if (!isRecord(payload)) throw new PayloadError('the comparison output is not an object');
  const content = comparisonContent(payload);
  ctx.root.appendChild(content);
  ctx.root.setAttribute('role', 'region');
  ctx.root.setAttribute('aria-label', asString(payload.title, 'comparison'));
  ctx.rendered('comparison');
  return { title: asString(payload.title, 'comparison'), exporters: [domPngExporter(ctx, content)] };
}
