// Formula, receptive-field, comparison and summary views on payloads the engine computes, checked
// against PyTorch facts (the golden "small CNN" has 8,202 parameters) and against the payloads.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { MIME } from '../../contract';
import { comparisonPayload, formulaPayload, receptiveFieldPayload, summaryPayload } from './fixtures';
import { closeSession, openSession, render, screenshot, setTheme, type Harness, type TestPage } from './support';

async function q<T>(page: Page, id: string, fn: string): Promise<T> {
  // fn is the body of (root) => ..., evaluated in the page against the output's shadow root.
  return page.evaluate(([i, f]) => new Function('root', f)(document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!), [id, fn] as const) as Promise<T>;
}

describe('formula, receptive field, comparison and summary views', () => {
  let h: Harness;
  let t: TestPage;
  before(async () => ({ h, t } = await openSession()));
  after(() => closeSession(h, t));

  it('breaks down output size, params and FLOPs with KaTeX, and marks library disagreement', async () => {
    const payload = formulaPayload('nn.Conv2d', [64, 128, 3], { stride: 2, padding: 1 }, [1, 64, 56, 56]);
    const id = await render(t.page, MIME.formula, payload, 'formula');
    const results = await q<string[]>(t.page, id, "return [...root.querySelectorAll('[data-role=axis-result]')].map((n) => n.textContent)");
    assert.deepEqual(results, ['28', '28']);
    const text = await q<string>(t.page, id, 'return root.textContent');
    assert.match(text, /73,856/, 'parameter total');
    assert.match(text, /57,802,752/, 'multiplications');
    const katex = await q<number>(t.page, id, "return root.querySelectorAll('.katex').length");
    assert.ok(katex >= 5, `KaTeX typeset ${katex} formulas`);
    const errors = await q<number>(t.page, id, "return root.querySelectorAll('.katex-error').length");
    assert.equal(errors, 0, 'every formula parsed');
    // Each library row is marked by whether its number equals the reference.
    const reference = payload.libraries!.find((l) => l.library === 'reference')!.value;
    const marks = await q<{ library: string; cls: string }[]>(t.page, id, "return [...root.querySelectorAll('[data-library]')].map((tr) => ({ library: tr.dataset.library, cls: tr.children[1].className }))");
    assert.equal(marks.length, payload.libraries!.length);
    let differing = 0;
    for (const m of marks) {
      const lib = payload.libraries!.find((l) => l.library === m.library)!;
      if (lib.library === 'reference') continue;
      const expected = lib.value === reference ? 'cb-agrees' : 'cb-differs';
      if (expected === 'cb-differs') differing++;
      assert.equal(m.cls, expected, `${m.library}: ${lib.value} vs ${reference}`);
    }
    assert.ok(differing >= 1, 'at least one library counts this layer differently');
    await screenshot(t.page, id, 'formula-conv-light');
  });

  it('typesets a repeated formula from its cache: the same markup, in nodes of its own', async () => {
    const payload = formulaPayload('nn.Conv2d', [3, 8, 5], { padding: 2 }, [1, 3, 20, 20]);
    const first = await render(t.page, MIME.formula, payload, 'typeset-first');
    const again = await render(t.page, MIME.formula, payload, 'typeset-again');
    const markup = (id: string) => q<string[]>(t.page, id, "return [...root.querySelectorAll('.cb-math')].map((n) => n.outerHTML)");
    const [a, b] = [await markup(first), await markup(again)];
    assert.ok(a.length >= 5, `${a.length} formulas`);
    assert.deepEqual(b, a, 'the cached typesetting is the first one');
    // Clones, not the same nodes moved: the first output keeps its formulas.
    const stillThere = await q<number>(t.page, first, "return root.querySelectorAll('.katex').length");
    assert.equal(stillThere, await q<number>(t.page, again, "return root.querySelectorAll('.katex').length"));
    // The grey of padding terms follows the theme in cached copies too.
    const literalGrey = await q<number>(t.page, again, "return [...root.querySelectorAll('[style*=color]')].filter((n) => n.style.color === 'rgb(138, 138, 138)').length");
    assert.equal(literalGrey, 0);
  });

  it('names the input cells no window reads', async () => {
    const payload = formulaPayload('nn.Conv2d', [1, 1, 3], { stride: 3 }, [1, 1, 8, 10]);
    const id = await render(t.page, MIME.formula, payload, 'uncovered');
    const lines = await q<string[]>(t.page, id, "return [...root.querySelectorAll('[data-role=uncovered]')].map((n) => n.textContent)");
    // 8 rows: windows at 0, 3 → rows 6, 7 never read; 10 columns: windows at 0, 3, 6 → column 9 never read.
    assert.deepEqual(lines, ['2 input rows never read on H: 6, 7', '1 input column never read on W: 9']);
  });

  it('shows the receptive field table and its recursion', async () => {
    const payload = receptiveFieldPayload();
    const id = await render(t.page, MIME.receptiveField, payload, 'rf');
    const rows = await q<number>(t.page, id, "return root.querySelectorAll('table.cb-table tbody tr').length");
    assert.equal(rows, payload.rows.length);
    const total = await q<string>(t.page, id, "return root.querySelector('[data-role=rf-total]').textContent");
    assert.match(total, new RegExp(`Receptive field \\(${payload.receptive_field.join(', ')}\\)`));
    const katex = await q<number>(t.page, id, "return root.querySelectorAll('.cb-recursion .katex').length");
    assert.equal(katex, payload.recursion.length);
    await screenshot(t.page, id, 'receptive-field-light');
  });

  it('puts two layers side by side with the ratio', async () => {
    const payload = await comparisonPayload();
    const id = await render(t.page, MIME.comparison, payload, 'cmp');
    const ratio = await q<string>(t.page, id, "return root.querySelector('[data-role=ratio]').textContent");
    assert.match(ratio, new RegExp(`params ${payload.paramRatio.toPrecision(4).replace(/0+$/, '')}×`));
    const sides = await q<string[]>(t.page, id, "return [...root.querySelectorAll('[data-side]')].map((n) => n.dataset.side)");
    assert.deepEqual(sides, ['A', 'B']);
    await screenshot(t.page, id, 'comparison-light');
  });

  it('summarises a model with totals and share bars', async () => {
    const payload = summaryPayload();
    const id = await render(t.page, MIME.summary, payload, 'summary');
    const total = await q<string[]>(t.page, id, "return [...root.querySelector('tr.cb-total').children].map((td) => td.textContent)");
    assert.equal(total[2], '8,202', 'PyTorch counts 8,202 parameters in this stack');
    const bars = await q<number[]>(t.page, id, "return [...root.querySelectorAll('tbody tr:not(.cb-total) td:nth-child(4) .cb-bar')].map((b) => b.getBoundingClientRect().width)");
    const widest = bars.indexOf(Math.max(...bars));
    const biggest = payload.layers.map((l) => l.params).indexOf(Math.max(...payload.layers.map((l) => l.params)));
    assert.equal(widest, biggest, 'the layer with the most parameters has the longest bar');
    const shares = await q<string[]>(t.page, id, "return [...root.querySelectorAll('tbody tr:not(.cb-total) td:nth-child(4) .cb-bar-cell > span:last-child')].map((s) => s.textContent)");
    const sum = shares.reduce((s, x) => s + parseFloat(x), 0);
    assert.ok(Math.abs(sum - 100) < 1.5, `shares add up to ${sum}%`);
    await screenshot(t.page, id, 'summary-light');
    await setTheme(t.page, 'dark');
    await screenshot(t.page, id, 'summary-dark');
    await screenshot(t.page, 'formula', 'formula-conv-dark');
    await setTheme(t.page, 'high-contrast');
    await screenshot(t.page, 'formula', 'formula-conv-high-contrast');
    await setTheme(t.page, 'light');
  });

  it('exports a table view as PNG', async () => {
    await t.page.evaluate(() => (document.getElementById('summary')!.querySelector('.cb-host')!.shadowRoot!.querySelector('button[data-export=png]') as HTMLButtonElement).click());
    await t.page.waitForFunction(() => (window as unknown as { harness: { saved: unknown[] } }).harness.saved.length >= 1);
    const saved = await t.page.evaluate(() => (window as unknown as { harness: { saved: { type: string; head: number[]; size: number }[] } }).harness.saved[0]);
    assert.equal(saved.type, 'image/png');
    assert.deepEqual(saved.head.slice(0, 4), [0x89, 0x50, 0x4e, 0x47]);
    assert.ok(saved.size > 2000);
  });
});
