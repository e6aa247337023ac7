// Layout that screenshots showed wrong: formulas spilling out of (or cut at the edge of) the
// comparison's side-by-side cards, numbers in formulas without thousands separators, a sweep's
// step formula drawn twice, and (deform.test.ts) weight labels piled on small cells. Payloads come
// from the kernel's own session running the cells users write.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { MIME, type ComparisonPayload, type SweepPayload } from '../../contract';
import { COMPARE_GROUPED, COMPARE_SEQUENTIAL, VISUALIZE_CELL, cellPayload } from './fixtures';
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
  /** Formula blocks whose content is wider than they are (there should be none: they wrap). */
  scrolling: number;
  /** Right edges of every formula box and of every unbreakable piece of a typeset formula. */
  formulaRights: number[];
  /** The typeset formulas' visible text. */
  visible: string;
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
        formulaRights: [...c.querySelectorAll('.cb-math, .katex-html, .katex .base')].map((k) => k.getBoundingClientRect().right),
        visible: [...c.querySelectorAll('.katex-html')].map((k) => k.textContent).join(' | '),
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
      const payload = await cellPayload<ComparisonPayload>(source, MIME.comparison);
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
        for (const b of boxes) {
          // Long sums wrap after their operators: nothing scrolls out of sight or spills over the edge.
          assert.equal(b.scrolling, 0, `card ${b.side} at ${width}px: a formula scrolls instead of wrapping`);
          for (const r of b.formulaRights) assert.ok(r <= b.right + 0.5, `card ${b.side} at ${width}px: a formula piece ends at ${r}, the card at ${b.right}`);
        }
        // Every multiplication's and addition's result is on screen, not only its start.
        const visible = boxes.map((b) => b.visible.replace(/\s/g, '')).join(' ');
        const results = [payload.a, payload.b].flatMap((side) => [side.params.formula.text, side.flops.formula.text]).flatMap((f) => f.split('\n').map((line) => line.split('=').at(-1)!.trim()));
        assert.ok(results.length >= 4);
        for (const r of results) assert.ok(visible.includes(`=${r.replace(/\s/g, '')}`), `the result ${r} is shown at ${width}px`);
        if (width === 760) await screenshot(t.page, id, `comparison-${name}-760px`);
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
    const payload = await cellPayload<ComparisonPayload>(COMPARE_SEQUENTIAL, MIME.comparison);
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

/** What the sweep's step formula looks like on screen: how many typeset copies, and any visible MathML. */
async function stepFormula(page: Page, id: string): Promise<{ typeset: number; visibleMathml: number; plain: string; shown: string }> {
  return q(
    page,
    id,
    `const eq = root.querySelector('[data-role=equation]');
     const seen = (n) => { const r = n.getBoundingClientRect(); return r.width > 1 && r.height > 1; };
     return {
       typeset: eq.querySelectorAll('.katex-html').length,
       visibleMathml: [...root.querySelectorAll('.katex-mathml')].filter(seen).length,
       plain: eq.dataset.plain ?? '',
       shown: [...eq.querySelectorAll('.katex-html')].map((n) => n.textContent).join(''),
     };`,
  );
}

describe('the sweep that "Visualize in notebook" opens', () => {
  let h: Harness;
  let t: TestPage;
  let releaseStylesheet: () => void = () => undefined;
  before(async () => {
    ({ h, t } = await openSession({ width: 900 }));
    // KaTeX's stylesheet comes late, as it can in a notebook webview that loads it for the first time.
    const held = new Promise<void>((ok) => (releaseStylesheet = ok));
    await t.page.route('**/katex/katex.min.css', async (route) => {
      await held;
      await route.continue();
    });
  });
  after(() => {
    releaseStylesheet();
    return closeSession(h, t);
  });

  it('writes each step’s formula once, with or without KaTeX’s stylesheet', async () => {
    const payload = await cellPayload<SweepPayload>(VISUALIZE_CELL, MIME.sweep);
    const id = await render(t.page, MIME.sweep, payload, 'visualize');
    for (const phase of ['before the stylesheet', 'after it']) {
      for (const step of [0, 1]) {
        if (step) await t.page.evaluate((i) => (document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('[data-role=forward]') as HTMLButtonElement).click(), id);
        const f = await stepFormula(t.page, id);
        assert.equal(f.typeset, 1, `${phase}, step ${step + 1}: one typeset formula`);
        assert.equal(f.visibleMathml, 0, `${phase}, step ${step + 1}: no second, MathML copy on screen`);
        assert.match(f.plain, new RegExp(`^y_?\\[?${step === 0 ? '0, ?0' : '0, ?1'}`), f.plain);
        assert.ok(f.shown.length > 10, `${phase}: the formula is typeset (${f.shown})`);
      }
      await t.page.evaluate((i) => (document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('[data-role=first]') as HTMLButtonElement).click(), id);
      if (phase === 'before the stylesheet') {
        releaseStylesheet();
        await t.page.waitForFunction(() => [...document.styleSheets].some((s) => (s.href ?? '').endsWith('katex.min.css')));
      }
    }
    await screenshot(t.page, id, 'visualize-sweep');
  });
});
