// The calculator webview front end (dist/calculator.js) in headless Chromium with a fake
// acquireVsCodeApi: live results as the form changes, field-level errors, the insert-cell message,
// state that survives a reload, the solver and a pasted stack's receptive field.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { calculatorHtml } from '../../extension/calculators/html';
import { ARTIFACTS, ROOT, closeSession, openHarness, openSession, setTheme, type Harness, type TestPage } from './support';

async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.fill(selector, value);
  // The form recomputes after a short pause in typing.
  await page.waitForTimeout(350);
}

const text = (page: Page, selector: string) => page.locator(selector).first().textContent();

describe('calculator webview', () => {
  let h: Harness;
  let t: TestPage;
  before(async () => {
    assert.ok(existsSync(join(ROOT, 'dist', 'calculator.js')), 'dist/calculator.js is built');
    ({ h, t } = await openSession());
    await t.page.goto(`${h.url}/harness/calculator.html`);
    await t.page.waitForSelector('[data-role=headline]');
  });
  after(() => closeSession(h, t));

  it('says ready, then reports what it computed', async () => {
    const messages = await t.page.evaluate(() => (window as unknown as { __messages: { type: string; calculator?: string; result?: { outputShape?: number[] } }[] }).__messages);
    assert.deepEqual(messages[0], { type: 'ready' });
    const computed = messages.filter((m) => m.type === 'computed');
    assert.ok(computed.length >= 1);
    assert.equal(computed.at(-1)!.calculator, 'outputSize');
    assert.deepEqual(computed.at(-1)!.result!.outputShape, [1, 16, 8, 8]);
  });

  it('shows the output size and a live sweep preview of the default layer', async () => {
    assert.equal(await text(t.page, '[data-role=code]'), 'nn.Conv2d(3, 16, 3, padding=1)');
    assert.equal(await text(t.page, '[data-role=headline]'), '1×3×8×8 → 1×16×8×8');
    const steps = await t.page.evaluate(() => document.querySelector('[data-role=view] .cb-host')?.shadowRoot?.querySelector('[data-role=step]')?.textContent);
    assert.equal(steps, '1 / 64');
    await t.page.screenshot({ path: join(ARTIFACTS, 'calculator-size-light.png'), fullPage: true });
  });

  it('recomputes as the form changes', async () => {
    await fill(t.page, '#cb-f-stride', '2');
    assert.equal(await text(t.page, '[data-role=headline]'), '1×3×8×8 → 1×16×4×4');
    assert.equal(await text(t.page, '[data-role=code]'), 'nn.Conv2d(3, 16, 3, stride=2, padding=1)');
    const steps = await t.page.evaluate(() => document.querySelector('[data-role=view] .cb-host')?.shadowRoot?.querySelector('[data-role=step]')?.textContent);
    assert.equal(steps, '1 / 16');
  });

  it('puts errors on the field PyTorch blames', async () => {
    await fill(t.page, '#cb-f-groups', '2');
    const errors = await t.page.locator('[data-role=errors] li').allTextContents();
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^groups: ValueError: in_channels must be divisible by groups/);
    assert.equal(await t.page.getAttribute('#cb-f-groups', 'aria-invalid'), 'true');
    assert.equal(await t.page.locator('[data-role=view]').count(), 0, 'no result while the layer is invalid');
    await fill(t.page, '#cb-f-groups', '1');
    assert.equal(await t.page.getAttribute('#cb-f-groups', 'aria-invalid'), null);
  });

  it('inserts the equivalent convbook cell through postMessage', async () => {
    await t.page.click('[data-role=insert]');
    const messages = await t.page.evaluate(() => (window as unknown as { __messages: { type: string }[] }).__messages.filter((m) => m.type === 'insert-cell'));
    assert.deepEqual(messages, [{ type: 'insert-cell', source: 'import torch.nn as nn\nfrom convbook import sweep\nlayer = nn.Conv2d(3, 16, 3, stride=2, padding=1)\nsweep(layer, input_size=(1, 3, 8, 8))\n' }]);
  });

  it('keeps its state across a reload', async () => {
    await t.page.click('[data-tab=cost]');
    await t.page.reload();
    await t.page.waitForSelector('[data-role=headline]');
    assert.equal(await t.page.getAttribute('[data-tab=cost]', 'aria-selected'), 'true');
    assert.equal(await t.page.inputValue('#cb-f-stride'), '2');
    // The cost tab shows the formula view: the parameter count of Conv2d(3, 16, 3) is 448.
    const costs = await t.page.evaluate(() => document.querySelector('[data-role=view] .cb-host')?.shadowRoot?.textContent ?? '');
    assert.match(costs, /448/);
  });

  it('solves for the stride', async () => {
    await t.page.click('[data-tab=solver]');
    await t.page.selectOption('#cb-s-unknown', 'stride');
    await fill(t.page, '#cb-s-input', '224');
    await fill(t.page, '#cb-s-kernel', '11');
    await fill(t.page, '#cb-s-padding', '2');
    await fill(t.page, '#cb-s-wanted', '55');
    const first = await t.page.locator('[data-role=solutions] tbody tr td').first().textContent();
    assert.equal(first, '4', "AlexNet's first conv");
    await t.page.screenshot({ path: join(ARTIFACTS, 'calculator-solver-light.png'), fullPage: true });
  });

  it('computes the receptive field of a pasted stack', async () => {
    await t.page.click('[data-tab=rf]');
    await t.page.fill('#cb-r-source', 'nn.Conv2d(3, 8, 3)\nnn.Conv2d(8, 8, 3, stride=2)\nnn.Conv2d(8, 8, 3)\nnn.Flatten()');
    await t.page.waitForTimeout(400);
    // 3, then +2·1 = 5, then +2·2 = 9.
    const total = await t.page.evaluate(() => document.querySelector('[data-role=view] .cb-host')?.shadowRoot?.querySelector('[data-role=rf-total]')?.textContent ?? '');
    assert.match(total, /Receptive field \(9, 9\)/);
    assert.match((await t.page.locator('[data-role=skipped]').textContent()) ?? '', /nn\.Flatten\(\) and everything after it/);
    await setTheme(t.page, 'dark');
    await t.page.screenshot({ path: join(ARTIFACTS, 'calculator-rf-dark.png'), fullPage: true });
    await setTheme(t.page, 'light');
  });

  it("follows the extension's init message, pre-filled from a .py selection", async () => {
    await t.page.click('[data-tab=size]');
    await t.page.evaluate(() =>
      window.postMessage({
        type: 'init',
        calculator: 'receptiveField',
        state: {
          layers: [],
          source: 'nn.Conv2d(3, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3))\nnn.MaxPool2d(kernel_size=3, stride=2, padding=1)',
          input_size: [1, 3, 224, 224],
          notes: ['fc: nn.Linear mixes all positions; the stack stops before it'],
        },
      }),
    );
    await t.page.waitForSelector('[data-role=prefill-notes] li');
    assert.equal(await t.page.getAttribute('[data-tab=rf]', 'aria-selected'), 'true');
    assert.match((await t.page.inputValue('#cb-r-source')).split('\n')[0], /^nn\.Conv2d\(3, 64/);
    assert.equal(await t.page.inputValue('#cb-r-size'), '224, 224');
    assert.match((await text(t.page, '[data-role=prefill-notes]')) ?? '', /stack stops before it/);
    const last = await t.page.evaluate(() => (window as unknown as { __messages: { type: string; calculator?: string; result?: { receptive_field?: number[] } }[] }).__messages.filter((m) => m.type === 'computed').at(-1));
    // 7, then + (3 − 1)·2 = 11.
    assert.deepEqual(last, { type: 'computed', calculator: 'receptiveField', result: { ...last!.result, receptive_field: [11, 11] } });
  });

  it("runs under the panel's real Content-Security-Policy", async () => {
    const c = await openHarness(h);
    try {
      const nonce = 'testnonce0123456789abcdefABCDEF0';
      const html = calculatorHtml({ cspSource: h.url, nonce, scriptUri: `${h.url}/dist/calculator.js`, katexCssUri: `${h.url}/dist/katex/katex.min.css`, calculator: 'cost' });
      // VS Code injects acquireVsCodeApi before any page script; an init script does the same here
      // (as source text, so the test transpiler's helpers stay out of the page).
      await c.page.addInitScript(`
        let saved;
        window.__messages = [];
        window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__messages.push(m), getState: () => saved, setState: (s) => { saved = s; } });
      `);
      await c.page.route(`${h.url}/panel.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
      const violations: string[] = [];
      c.page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await c.page.goto(`${h.url}/panel.html`);
      await c.page.waitForSelector('[data-role=headline]');
      assert.equal(await c.page.getAttribute('[data-tab=cost]', 'aria-selected'), 'true', 'opened on the tab the HTML names');
      const katex = await c.page.evaluate(async () => {
        await document.fonts.ready;
        await new Promise((r) => setTimeout(r, 300));
        return { typeset: document.querySelector('[data-role=view] .cb-host')?.shadowRoot?.querySelectorAll('.katex').length ?? 0, font: [...document.fonts].some((f) => f.family.replace(/["']/g, '') === 'KaTeX_Main' && f.status === 'loaded') };
      });
      assert.ok(katex.typeset > 0, 'formulas typeset');
      assert.ok(katex.font, 'KaTeX_Main loaded from dist/katex');
      assert.deepEqual(violations, []);
      assert.deepEqual(c.errors, []);
      assert.deepEqual(c.external, []);
    } finally {
      await c.close();
    }
  });
});
