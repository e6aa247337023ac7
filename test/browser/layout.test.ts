// Layout that screenshots showed wrong: formulas spilling out of the comparison's side-by-side
// cards, numbers in formulas without thousands separators, and (deform.test.ts) weight labels
// piled on small cells. Payloads come from the kernel's own session running the cells users write.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { MIME, type ComparisonPayload } from '../../contract';
import { COMPARE_GROUPED, COMPARE_SEQUENTIAL, cellPayload } from './fixtures';
import { closeSession, openSession, render, screenshot, setTheme, type Harness, type TestPage } from './support';

async function q<T>(page: Page, id: string, fn: string): Promise<T> {
  return page.evaluate(([i, f]) => new Function('root', f)(document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!), [id, fn] as const) as Promise<T>;
}

interface CardBox {
  side: string;
  left: number;
  right: number;
  width: number;
  /** Right edges of the card's children (formula blocks, rows, tables), as laid out. */
  childRights: number[];
  /** Formula blocks whose content is wider than they are (they scroll instead of spilling). */
  scrolling: number;
}

async function cards(page: Page, id: string): Promise<CardBox[]> {
  return q<CardBox[]>(
    page,
    id,
    `return [...root.querySelectorAll('.cb-card')].map((c) => {
      const r = c.getBoundingClientRect();
      return {
        side: c.dataset.side, left: r.left, right: r.right, width: r.width,
        childRights: [...c.children].map((k) => k.getBoundingClientRect().right),
        scrolling: [...c.querySelectorAll('.cb-math')].filter((m) => m.scrollWidth > m.clientWidth + 1).length,
      };
    })`,
  );
}

describe('comparison cards and formula numbers', () => {
  let h: Harness;
  let t: TestPage;
  before(async () => ({ h, t } = await openSession()));
  after(() => closeSession(h, t));

  for (const [name, source] of [['grouped', COMPARE_GROUPED], ['sequential', COMPARE_SEQUENTIAL]] as const) {
    it(`keeps every formula inside its card, the cards equal (${name} conv)`, async () => {
      const payload = cellPayload<ComparisonPayload>(source, MIME.comparison);
      for (const width of [1000, 760]) {
        await t.page.setViewportSize({ width, height: 900 });
        const id = await render(t.page, MIME.comparison, payload, `cmp-${name}`);
        const boxes = await cards(t.page, id);
        assert.deepEqual(boxes.map((b) => b.side), ['A', 'B']);
        assert.ok(Math.abs(boxes[0].width - boxes[1].width) <= 1, `equal cards at ${width}px: ${boxes.map((b) => b.width)}`);
        assert.ok(boxes[0].right <= boxes[1].left, 'side by side, not overlapping');
        for (const b of boxes) {
          for (const r of b.childRights) assert.ok(r <= b.right + 0.5, `card ${b.side} at ${width}px: a child ends at ${r}, the card at ${b.right}`);
        }
        if (width === 760) assert.ok(boxes[0].scrolling >= 1, 'the dense conv’s FLOP formula is wider than a half-width card and scrolls');
        const katexErrors = await q<number>(t.page, id, "return root.querySelectorAll('.katex-error').length");
        assert.equal(katexErrors, 0);
      }
      await t.page.setViewportSize({ width: 1000, height: 800 });
      if (name === 'sequential') {
        const id = `cmp-${name}`;
        await screenshot(t.page, id, 'comparison-sequential-light');
        await setTheme(t.page, 'dark');
        await screenshot(t.page, id, 'comparison-sequential-dark');
        await setTheme(t.page, 'high-contrast');
        await screenshot(t.page, id, 'comparison-sequential-high-contrast');
        await setTheme(t.page, 'light');
      }
    });
  }

  it('writes the Sequential side’s sums with thousands separators, like every other formula', async () => {
    const payload = cellPayload<ComparisonPayload>(COMPARE_SEQUENTIAL, MIME.comparison);
    // The kernel now groups these sums itself; the renderer must group them whatever a producer sends.
    assert.equal(payload.b.flops.formula.latex, '1{,}806{,}336 + 25{,}690{,}112 = 27{,}496{,}448');
    payload.b.flops.formula.latex = '1806336 + 25690112 = 27496448';
    const id = await render(t.page, MIME.comparison, payload, 'cmp-numbers');
    const b = await q<{ visible: string; source: string[]; labels: string[] }>(
      t.page,
      id,
      `const card = root.querySelector('[data-side=B]');
       return {
         visible: [...card.querySelectorAll('.katex-html')].map((n) => n.textContent).join(' | '),
         source: [...card.querySelectorAll('annotation')].map((n) => n.textContent),
         labels: [...card.querySelectorAll('.cb-math')].map((n) => n.getAttribute('aria-label')),
       }`,
    );
    assert.ok(b.source.includes('1{,}806{,}336 + 25{,}690{,}112 = 27{,}496{,}448'), b.source.join('\n'));
    assert.ok(b.source.includes('640 + 8{,}320 = 8{,}960'), b.source.join('\n'));
    assert.ok(b.labels.includes('1,806,336 + 25,690,112 = 27,496,448'), b.labels.join('\n'));
    assert.match(b.visible.replace(/\s/g, ''), /1,806,336\+25,690,112=27,496,448/);
    assert.doesNotMatch(b.visible, /\d{4}/, 'no run of four digits without a separator');
    const a = await q<string>(t.page, id, "return [...root.querySelector('[data-side=A]').querySelectorAll('.katex-html')].map((n) => n.textContent).join(' ')");
    assert.doesNotMatch(a, /\d{4}/, 'the engine-made formulas stay grouped too');
  });
});
