// Pieces shared by the table-and-formula views.

import { el } from '../dom';
import { sceneToPng } from '../export/image';
import { domToScene } from '../export/domImage';
import { groupLatexNumbers, groupTextNumbers } from '../format';
import { alignedRows, mathElement } from '../math';
import { asString, isRecord, type Exporter, type ViewContext } from '../view';

/**
 * A payload's Formula typeset with KaTeX (numbers grouped in thousands). `block` puts an inline
 * formula on a line of its own that wraps after its operators to fit a narrow card; an aligned
 * block there becomes one such line per row (display mode keeps the alignment).
 */
export function formulaElement(f: unknown, display = false, block = display): HTMLElement {
  if (!isRecord(f)) return el('span', {}, '');
  const latex = groupLatexNumbers(asString(f.latex));
  const text = groupTextNumbers(asString(f.text));
  if (!latex) return el(block ? 'div' : 'span', { className: 'cb-mono' }, text);
  const rows = block && !display ? alignedRows(latex) : null;
  if (!rows) return wrapping(mathElement(latex, { display, plain: text || latex, label: text || undefined, tag: block ? 'div' : 'span' }), block && !display);
  const lines = text.split('\n');
  const texts = lines.length === rows.length ? lines : rows;
  const box = el('div', { className: 'cb-math-lines' }, ...rows.map((row, i) => wrapping(mathElement(row, { plain: texts[i], label: texts[i], tag: 'div' }), true)));
  box.dataset.plain = text || latex;
  return box;
}

function wrapping(node: HTMLElement, wraps: boolean): HTMLElement {
  if (wraps) node.classList.add('cb-math-wrap');
  return node;
}

export function notesList(notes: string[]): HTMLElement | null {
  if (!notes.length) return null;
  const ul = el('ul', { className: 'cb-notes' });
  for (const n of notes) ul.appendChild(el('li', {}, n));
  return ul;
}

export function section(title: string, ...children: (Node | null)[]): HTMLElement {
  const s = el('section', { className: 'cb-section' }, el('h4', {}, title));
  for (const c of children) if (c) s.appendChild(c);
  return s;
}

export function table(headers: string[], rows: (string | Node)[][], options: { caption?: string; leftColumns?: number } = {}): HTMLTableElement {
  const t = el('table', { className: 'cb-table' });
  if (options.caption) t.appendChild(el('caption', { className: 'cb-sr-only' }, options.caption));
  const thead = el('thead');
  const htr = el('tr');
  headers.forEach((h, i) => htr.appendChild(el('th', { scope: 'col', className: i < (options.leftColumns ?? 1) ? 'cb-left' : '' }, h)));
  thead.appendChild(htr);
  t.appendChild(thead);
  const tbody = el('tbody');
  for (const row of rows) {
    const tr = el('tr');
    row.forEach((cell, i) => tr.appendChild(el('td', { className: i < (options.leftColumns ?? 1) ? 'cb-left' : '' }, cell)));
    tbody.appendChild(tr);
  }
  t.appendChild(tbody);
  return t;
}

export function vec(v: unknown): string {
  return Array.isArray(v) ? (v.length === 1 ? String(v[0]) : `(${v.join(', ')})`) : v === null || v === undefined ? '—' : String(v);
}

/** PNG export of a DOM view: laid out again on a canvas by domToScene. */
export function domPngExporter(ctx: ViewContext, content: HTMLElement): Exporter {
  return { format: 'png', label: 'PNG', make: () => sceneToPng(domToScene(content, ctx.palette())) };
}
