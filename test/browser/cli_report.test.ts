// `convbook run --html` on the seed notebook, opened from disk in headless Chromium: every output
// is drawn by the renderer bundle, KaTeX's fonts come from the file itself, and nothing is fetched.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../cli/main';
import { ARTIFACTS, ROOT, startHarness } from './support';

test('the standalone HTML report draws every output offline', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'convbook-report-')), 'seed.html');
  const code = await main(['run', join(ROOT, 'examples', 'seed.convnb'), '--html', out], { stdout: () => {}, stderr: (t) => assert.fail(t) });
  assert.equal(code, 0);

  const harness = await startHarness();
  try {
    const page = await harness.browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!/^(file|blob|data):/.test(r.url())) requests.push(r.url());
    });
    await page.goto(pathToFileURL(out).toString());
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 20_000 });

    const drawn = await page.evaluate(() =>
      [...document.querySelectorAll('.output[id]')].map((el) => ({
        fallbackLeft: el.querySelector('pre.fallback') !== null,
        hasView: el.querySelector('.cb-host') !== null,
      })),
    );
    assert.ok(drawn.length >= 15, `rich outputs: ${drawn.length}`);
    assert.ok(drawn.every((d) => d.hasView && !d.fallbackLeft), 'every rich output replaced its text fallback with a view');

    // The first output is the 5×5 example's result, drawn as a grid of numbers.
    const firstText = await page.evaluate(() => document.querySelector('.output[id] .cb-host')!.shadowRoot!.textContent ?? '');
    for (const v of ['12', '17', '19', '14']) assert.ok(firstText.includes(v), `${v} in ${firstText.slice(0, 200)}`);

    // KaTeX typeset the maths and its font loaded from the inlined data URL.
    await page.evaluate(() => document.fonts.ready);
    const katex = await page.evaluate(() => ({
      rendered: [...document.querySelectorAll('.cb-host')].some((h) => h.shadowRoot!.querySelector('.katex-html') !== null),
      fontLoaded: document.fonts.check('16px KaTeX_Main'),
    }));
    assert.ok(katex.rendered, 'KaTeX output present');
    assert.ok(katex.fontLoaded, 'KaTeX_Main font loaded');
    assert.deepEqual(requests, [], 'the report fetched nothing');
    assert.deepEqual(errors, []);
    await page.screenshot({ path: join(ARTIFACTS, 'cli-report-seed.png'), fullPage: true });
  } finally {
    await harness.close();
  }
});
