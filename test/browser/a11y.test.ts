// Keyboard and screen-reader reach of every view: pressing Tab from the top visits every control
// (buttons, selects, sliders, focusable boards and planes), each shows a focus ring in the theme's
// focusBorder colour, tabs answer arrow keys, rebuilt toolbars keep focus, and every output and
// every picture has a text alternative.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { MIME } from '../../contract';
import { everyView, featureMap } from './fixtures';
import { closeSession, openSession, parseCss, render, setTheme, type Harness, type TestPage, type ThemeKind } from './support';

let OUTPUTS: [string, string, unknown][] = [];

/** Marks every control in every output's shadow root with data-a11y="output:n" and returns the marks. */
async function markControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const marks: string[] = [];
    for (const out of document.querySelectorAll('.output[id]')) {
      const root = out.querySelector('.cb-host')!.shadowRoot!;
      let n = 0;
      for (const node of root.querySelectorAll<HTMLElement>('button, select, input, textarea, a[href], [tabindex]')) {
        if ((node as HTMLButtonElement).disabled || node.getAttribute('tabindex') === '-1' || node.getClientRects().length === 0) continue;
        node.dataset.a11y = `${out.id}:${n++}`;
        marks.push(node.dataset.a11y);
      }
    }
    return marks;
  });
}

interface Stop {
  mark: string | null;
  tag: string;
  output: string;
  outlineStyle: string;
  outlineWidth: number;
  outlineColor: string;
}

/** Where focus is after a key press, looking through the open shadow roots, with its outline. */
async function focused(page: Page): Promise<Stop | null> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active || active === document.body) return null;
    const style = getComputedStyle(active);
    const host = (active.getRootNode() as ShadowRoot).host;
    return {
      mark: (active as HTMLElement).dataset?.a11y ?? null,
      tag: `${active.tagName.toLowerCase()}${active.className ? `.${String(active.className).split(' ')[0]}` : ''}`,
      output: host?.closest('.output')?.id ?? '',
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
      outlineColor: style.outlineColor,
    };
  });
}

async function focusBorder(page: Page): Promise<[number, number, number]> {
  return parseCss(await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--vscode-focusBorder').trim()));
}

describe('keyboard and screen-reader access', () => {
  let h: Harness;
  let t: TestPage;
  before(async () => {
    OUTPUTS = await everyView();
    ({ h, t } = await openSession({ height: 900 }));
    for (const [id, mime, payload] of OUTPUTS) await render(t.page, mime, payload, id);
  });
  after(() => closeSession(h, t));

  for (const theme of ['light', 'high-contrast'] as ThemeKind[]) {
    it(`reaches every control with Tab and rings it in the focus colour (${theme})`, async () => {
      await setTheme(t.page, theme);
      const marks = await markControls(t.page);
      assert.ok(marks.length >= 30, `${marks.length} controls found`);
      const ring = await focusBorder(t.page);
      await t.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const reached = new Set<string>();
      const stops: Stop[] = [];
      for (let i = 0; i < marks.length + 40; i++) {
        await t.page.keyboard.press('Tab');
        const stop = await focused(t.page);
        if (!stop) {
          if (stops.length) break; // walked off the end of the page
          continue;
        }
        stops.push(stop);
        if (stop.mark) reached.add(stop.mark);
        const where = `${stop.output} ${stop.tag} ${stop.mark ?? '(scroller)'}`;
        assert.notEqual(stop.outlineStyle, 'none', `${where} shows a focus ring`);
        assert.ok(stop.outlineWidth >= 1, `${where}: outline ${stop.outlineWidth}px`);
        assert.deepEqual(parseCss(stop.outlineColor), ring, `${where} rings in --vscode-focusBorder`);
      }
      const missed = marks.filter((m) => !reached.has(m));
      assert.deepEqual(missed, [], 'every control is a Tab stop');
      // Formulas wrap to their card, so none is a scroller the browser would add as a Tab stop.
      const scrollers = stops.filter((s) => s.mark === null && s.tag.startsWith('div.cb-math'));
      assert.deepEqual(scrollers, [], 'no formula overflows its box');
      await setTheme(t.page, 'light');
    });
  }

  it('moves between tabs with the arrow keys and keeps focus on rebuilt toolbars', async () => {
    await t.page.locator('#transposed [role=tab][data-mode=scatter]').focus();
    await t.page.keyboard.press('ArrowRight');
    const after = await focused(t.page);
    assert.equal(await t.page.locator('#transposed [role=tab][aria-selected=true]').getAttribute('data-mode'), 'gather');
    assert.equal(after?.output, 'transposed');
    assert.match(after?.tag ?? '', /^button/);
    assert.equal(await t.page.evaluate(() => document.getElementById('transposed')!.querySelector('.cb-host')!.shadowRoot!.activeElement?.getAttribute('data-mode')), 'gather');
    await t.page.keyboard.press('Home');
    assert.equal(await t.page.locator('#transposed [role=tab][aria-selected=true]').getAttribute('data-mode'), 'scatter');

    // The tensor toolbar is rebuilt on every change; Enter on "Heatmap" must leave focus on it.
    await t.page.locator('#numbers button[data-key=heatmap]').focus();
    await t.page.keyboard.press('Enter');
    const key = await t.page.evaluate(() => (document.getElementById('numbers')!.querySelector('.cb-host')!.shadowRoot!.activeElement as HTMLElement | null)?.dataset.key);
    assert.equal(key, 'heatmap');
    assert.equal(await t.page.locator('#numbers button[data-key=heatmap]').getAttribute('aria-pressed'), 'true');
    // Zooming out to the smallest zoom disables "−": focus moves to "+" instead of the page.
    for (let i = 0; i < 12; i++) {
      const disabled = await t.page.locator('#numbers button[data-key=zoom-out]').isDisabled();
      if (disabled) break;
      await t.page.locator('#numbers button[data-key=zoom-out]').focus();
      await t.page.keyboard.press('Enter');
    }
    assert.equal(await t.page.evaluate(() => (document.getElementById('numbers')!.querySelector('.cb-host')!.shadowRoot!.activeElement as HTMLElement | null)?.dataset.key), 'zoom-in');
  });

  it('reads a heatmap plane’s values with the arrow keys', async () => {
    const payload = featureMap(3, 8);
    if (await t.page.locator('#planes button[data-key=heatmap]').count()) await t.page.locator('#planes button[data-key=heatmap]').click();
    await t.page.locator('#planes canvas[role=img]').first().focus();
    await t.page.keyboard.press('ArrowRight');
    await t.page.keyboard.press('ArrowDown');
    await t.page.keyboard.press('ArrowRight');
    const readout = await t.page.evaluate(() => document.getElementById('planes')!.querySelector('.cb-host')!.shadowRoot!.querySelector('.cb-readout')!.textContent);
    const plane = payload.planes[0];
    const v = plane.data[1 * plane.width + 1];
    const m = /\[0, 0, 1, 1\] = (\S+)$/.exec(readout ?? '');
    assert.ok(m, readout ?? '');
    assert.ok(Math.abs(Number(m[1].replace('−', '-')) - v) < 1e-5 * Math.max(1, Math.abs(v)), `${m[1]} vs ${v}`);
  });

  it('makes a 64-plane heatmap one Tab stop, with the arrow keys going from plane to plane', async () => {
    const payload = featureMap(64, 8);
    const id = await render(t.page, MIME.tensor, payload, 'many-planes');
    const canvases = await t.page.locator(`#${id} canvas[role=img]`).count();
    assert.equal(canvases, 64, 'every plane is drawn');
    // Tab from just before the output to just after it: the planes take one stop between them.
    await t.page.locator(`#${id} [data-key=scale]`).focus();
    const stops: Stop[] = [];
    for (let i = 0; i < 80; i++) {
      await t.page.keyboard.press('Tab');
      const stop = await focused(t.page);
      if (!stop || stop.output !== id) break;
      stops.push(stop);
    }
    const planeStops = stops.filter((s) => s.tag.startsWith('canvas'));
    assert.equal(planeStops.length, 1, `Tab stops on planes: ${stops.map((s) => s.tag).join(', ')}`);
    const active = () => t.page.evaluate((i) => (document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.activeElement as HTMLElement | null)?.dataset.index, id);
    const readout = () => t.page.evaluate((i) => document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('.cb-readout')!.textContent ?? '', id);
    await t.page.locator(`#${id} canvas[role=img]`).first().focus();
    for (let i = 0; i < 8; i++) await t.page.keyboard.press('ArrowRight');
    assert.equal(await active(), '0,0', 'still on the first plane at its last column');
    assert.match(await readout(), /\[0, 0, 0, 7\] = /);
    await t.page.keyboard.press('ArrowRight');
    assert.equal(await active(), '0,1', 'past the right edge: the next plane');
    assert.match(await readout(), /\[0, 1, 0, 0\] = /);
    await t.page.keyboard.press('ArrowLeft');
    assert.equal(await active(), '0,0', 'and back');
    assert.match(await readout(), /\[0, 0, 0, 7\] = /);
    await t.page.keyboard.press('PageDown');
    await t.page.keyboard.press('PageDown');
    assert.equal(await active(), '0,2', 'Page Down jumps a plane');
    const tabbable = await t.page.evaluate((i) => [...document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelectorAll('canvas[tabindex="0"]')].map((c) => (c as HTMLElement).dataset.index), id);
    assert.deepEqual(tabbable, ['0,2'], 'the Tab stop moves with the focus');
  });

  it('gives every output and every picture a text alternative', async () => {
    // A string body: tsx would wrap named arrow functions in a helper the page does not have.
    const report = (await t.page.evaluate(`[...document.querySelectorAll('.output[id]')].map((out) => {
      const root = out.querySelector('.cb-host').shadowRoot;
      const view = root.querySelector('.cb-root');
      const named = (n) => (n.getAttribute('aria-label') ?? '').trim() || (n.textContent ?? '').trim() || (n.getAttribute('title') ?? '').trim();
      return {
        id: out.id,
        role: view.getAttribute('role'),
        label: view.getAttribute('aria-label') ?? '',
        unlabelledCanvases: [...root.querySelectorAll('canvas')].filter((c) => c.getAttribute('aria-hidden') !== 'true' && !(c.getAttribute('role') === 'img' && (c.getAttribute('aria-label') ?? '').trim())).length,
        unnamedControls: [...root.querySelectorAll('button, select, input, textarea')].filter((c) => !named(c) && !c.closest('label')?.textContent?.trim()).map((c) => c.outerHTML.slice(0, 80)),
        formulasWithoutText: [...root.querySelectorAll('.cb-math')].filter((m) => !(m.getAttribute('aria-label') ?? '').trim() && !m.querySelector('math')).length,
        unnamedFocusables: [...root.querySelectorAll('[tabindex="0"]')].filter((n) => !(n.getAttribute('aria-label') ?? '').trim()).map((n) => n.outerHTML.slice(0, 80)),
      };
    })`)) as { id: string; role: string | null; label: string; unlabelledCanvases: number; unnamedControls: string[]; formulasWithoutText: number; unnamedFocusables: string[] }[];
    assert.equal(report.length, OUTPUTS.length + 1);
    for (const r of report) {
      assert.ok(['region', 'figure'].includes(r.role ?? ''), `${r.id}: role ${r.role}`);
      assert.ok(r.label.length > 10, `${r.id}: label "${r.label}"`);
      assert.equal(r.unlabelledCanvases, 0, `${r.id}: every canvas is an image with a label`);
      assert.deepEqual(r.unnamedControls, [], `${r.id}: every control has a name`);
      assert.equal(r.formulasWithoutText, 0, `${r.id}: every formula has a spoken form`);
      assert.deepEqual(r.unnamedFocusables, [], `${r.id}: focusable boards say what they are`);
    }
  });
});

describe('keyboard access in the calculator webview', () => {
  let h: Harness;
  let t: TestPage;
  before(async () => {
    ({ h, t } = await openSession({ height: 900 }));
    await t.page.goto(`${h.url}/harness/calculator.html`);
    await t.page.waitForSelector('[data-role=headline]');
  });
  after(() => closeSession(h, t));

  it('reaches the tabs, the form, the insert button and the preview with Tab, each ringed', async () => {
    const marks = (await t.page.evaluate(`(() => {
      const marks = [];
      const visit = (root, prefix) => {
        let n = 0;
        for (const node of root.querySelectorAll('button, select, input, textarea, [tabindex]')) {
          if (node.disabled || node.getAttribute('tabindex') === '-1' || node.getClientRects().length === 0) continue;
          node.dataset.a11y = prefix + ':' + n++;
          marks.push(node.dataset.a11y);
        }
        root.querySelectorAll('.cb-host').forEach((host, i) => visit(host.shadowRoot, prefix + '/' + i));
      };
      visit(document.querySelector('#calculator-root'), 'calc');
      return marks;
    })()`)) as string[];
    assert.ok(marks.length >= 20, `${marks.length} controls`);
    assert.ok(marks.some((m) => m.includes('/')), 'the sweep preview’s controls are counted too');
    const ring = await focusBorder(t.page);
    const reached = new Set<string>();
    for (let i = 0; i < marks.length + 20; i++) {
      await t.page.keyboard.press('Tab');
      const stop = await focused(t.page);
      if (!stop) {
        if (reached.size) break;
        continue;
      }
      if (stop.mark) reached.add(stop.mark);
      assert.notEqual(stop.outlineStyle, 'none', `${stop.tag} ${stop.mark} shows a focus ring`);
      assert.deepEqual(parseCss(stop.outlineColor), ring, `${stop.tag} ${stop.mark} rings in --vscode-focusBorder`);
    }
    assert.deepEqual(marks.filter((m) => !reached.has(m)), []);
  });

  it('switches calculator tabs with the arrow keys', async () => {
    await t.page.locator('[role=tab][data-tab=size]').focus();
    await t.page.keyboard.press('ArrowRight');
    assert.equal(await t.page.locator('[role=tab][aria-selected=true]').getAttribute('data-tab'), 'cost');
    assert.equal(await t.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.tab), 'cost', 'focus follows the selected tab');
    await t.page.keyboard.press('ArrowLeft');
    assert.equal(await t.page.locator('[role=tab][aria-selected=true]').getAttribute('data-tab'), 'size');
  });
});
