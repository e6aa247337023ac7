// What the renderer must never do, checked in headless Chromium: run markup from a notebook string,
// reach the network (KaTeX's fonts come from dist/katex beside the bundle), log console errors,
// crash on a malformed payload, or ignore a theme change.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MIME } from '../../contract';
import { BLOG, convSweep, formulaPayload, summaryPayload, tensorPayload } from './fixtures';
import { canvasPixel, closeSession, near, openHarness, openSession, parseCss, render, screenshot, setTheme, type Harness, type TestPage } from './support';

const XSS = `<img src=x onerror="window.__xss=(window.__xss||0)+1"><script>window.__xss=(window.__xss||0)+1</script>"'&`;

describe('renderer safety, offline maths and theming', () => {
  let h: Harness;
  let t: TestPage;
  before(async () => ({ h, t } = await openSession()));
  after(() => closeSession(h, t, { errors: false, external: false }));

  it('renders notebook strings as text, never as markup', async () => {
    const tensor = { ...tensorPayload(XSS, BLOG.input, [XSS]) };
    const sweep = { ...convSweep(BLOG), title: XSS, notes: [XSS] };
    const summary = summaryPayload();
    summary.title = XSS;
    summary.layers[0].name = XSS;
    summary.layers[0].layer = XSS;
    summary.notes.push(XSS);
    const formula = formulaPayload('nn.Conv2d', [3, 8, 3], {}, [1, 3, 8, 8]);
    formula.title = XSS;
    formula.layer = XSS;
    formula.notes.push(XSS);
    const ids = [await render(t.page, MIME.tensor, tensor, 'x1'), await render(t.page, MIME.sweep, sweep, 'x2'), await render(t.page, MIME.summary, summary, 'x3'), await render(t.page, MIME.formula, formula, 'x4')];
    await t.page.waitForTimeout(200);
    const report = await t.page.evaluate((list) => {
      const roots = list.map((i) => document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!);
      return {
        xss: (window as unknown as { __xss?: number }).__xss ?? 0,
        injected: roots.reduce((n, r) => n + r.querySelectorAll('img, script, iframe, object, embed').length, 0),
        literal: roots.map((r) => (r.textContent ?? '').includes('<img src=x onerror=')),
        exports: 0,
      };
    }, ids);
    assert.equal(report.xss, 0, 'no handler or script ran');
    assert.equal(report.injected, 0, 'no element was injected');
    assert.deepEqual(report.literal, [true, true, true, true], 'the string is shown literally');
    // The SVG export escapes it too.
    await t.page.evaluate(() => (document.getElementById('x2')!.querySelector('.cb-host')!.shadowRoot!.querySelector('button[data-export=svg]') as HTMLButtonElement).click());
    await t.page.waitForFunction(() => (window as unknown as { harness: { saved: unknown[] } }).harness.saved.length >= 1);
    const svg = await t.page.evaluate(() => (window as unknown as { harness: { saved: { text: string }[] } }).harness.saved[0].text);
    assert.ok(!svg.includes('<img') && !svg.includes('<script'), 'SVG export escapes the title');
    assert.match(svg, /&lt;img src=x/);
    assert.deepEqual(t.errors, []);
  });

  it('typesets KaTeX offline with its own fonts', async () => {
    const o = await openHarness(h);
    try {
      await render(o.page, MIME.formula, formulaPayload('nn.Conv2d', [64, 128, 3], { stride: 2, padding: 1 }, [1, 64, 56, 56]), 'm');
      const fonts = await o.page.evaluate(async () => {
        await document.fonts.ready;
        // Give lazily loaded faces a moment, then list what the document knows.
        await new Promise((r) => setTimeout(r, 300));
        await document.fonts.ready;
        const faces = [...document.fonts].filter((f) => f.family.replace(/["']/g, '').startsWith('KaTeX'));
        const link = document.head.querySelector('link[data-convbook-katex]') as HTMLLinkElement | null;
        return { loaded: faces.filter((f) => f.status === 'loaded').map((f) => f.family.replace(/["']/g, '')), link: link?.href ?? '', check: document.fonts.check('16px KaTeX_Main') };
      });
      assert.match(fonts.link, /^http:\/\/127\.0\.0\.1:\d+\/dist\/katex\/katex\.min\.css$/, 'stylesheet beside the bundle');
      assert.ok(fonts.loaded.includes('KaTeX_Main'), `KaTeX_Main loaded (loaded: ${fonts.loaded.join(', ')})`);
      assert.ok(fonts.check);
      assert.deepEqual(o.external, [], 'no request left 127.0.0.1');
      assert.deepEqual(o.errors, []);
    } finally {
      await o.close();
    }
  });

  it('shows a readable message for a malformed payload instead of throwing', async () => {
    for (const mime of [MIME.tensor, MIME.sweep, MIME.deform, MIME.formula, MIME.summary, MIME.receptiveField, MIME.comparison, 'application/x-unknown']) {
      const id = await render(t.page, mime, { planes: 'nope', config: 3 }, `bad-${mime.replace(/\W/g, '')}`);
      const message = await t.page.evaluate((i) => document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('[role=alert]')?.textContent ?? '', id);
      assert.match(message, /^convbook could not draw this output: /, mime);
    }
    assert.deepEqual(t.errors, []);
  });

  it('repaints canvases when VS Code switches theme', async () => {
    const id = await render(t.page, MIME.sweep, convSweep(BLOG), 'themed');
    const light = parseCss(await t.page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--vscode-editor-background')));
    assert.ok(near(await canvasPixel(t.page, id, 'canvas.cb-canvas', 2, 2), light, 2));
    await setTheme(t.page, 'dark');
    const dark = parseCss(await t.page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--vscode-editor-background')));
    assert.ok(near(await canvasPixel(t.page, id, 'canvas.cb-canvas', 2, 2), dark, 2), 'canvas background follows the dark theme');
    await screenshot(t.page, id, 'sweep-blog-dark');
    await setTheme(t.page, 'high-contrast');
    assert.ok(near(await canvasPixel(t.page, id, 'canvas.cb-canvas', 2, 2), [0, 0, 0], 2), 'and high contrast');
    await screenshot(t.page, id, 'sweep-blog-high-contrast');
    await setTheme(t.page, 'light');
    assert.deepEqual(t.errors, []);
    assert.deepEqual(t.external, []);
  });
});
