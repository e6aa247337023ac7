// Tensor view in headless Chromium: number grids, heatmap colours, scale toggle, pickers, paint time.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MIME } from '../../contract';
import { BLOG, featureMap, tensorPayload } from './fixtures';
import { canvasPixel, closeSession, near, openSession, render, screenshot, shadowText, type Harness, type TestPage } from './support';

// Endpoints and centre of the renderer's colour maps (renderer/colormap.ts): what a reader sees.
const DIVERGING_ZERO = [247, 247, 247];
const DIVERGING_MAX = [103, 0, 31];
const DIVERGING_MIN = [5, 48, 97];
const SEQUENTIAL_MAX = [253, 231, 37];

describe('tensor view', () => {
  let h: Harness;
  let t: TestPage;
  before(async () => ({ h, t } = await openSession()));
  after(() => closeSession(h, t, { errors: false, external: false }));

  it('shows a small tensor as a grid of its numbers', async () => {
    const id = await render(t.page, MIME.tensor, tensorPayload('x', BLOG.input));
    const cells = await t.page.evaluate((i) => [...document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelectorAll('table.cb-matrix td')].map((td) => td.textContent), id);
    assert.deepEqual(cells, BLOG.input.data.map(String));
    assert.match(await shadowText(t.page, id, '.cb-title'), /x\s*1×1×5×5/);
    const label = await t.page.evaluate((i) => document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('.cb-root')!.getAttribute('aria-label'), id);
    assert.match(label ?? '', /shape 1×1×5×5, values from 0 to 3/);
    await screenshot(t.page, id, 'tensor-numbers-light');
  });

  it('paints heatmap cells with the diverging map centred at zero, and rescales per plane', async () => {
    const a = [2, -2, 0, 1, 0.5, -1, 0, 0, 0];
    const b = [0, 0.25, 0.5, 0.75, 1, 1, 1, 1, 1];
    const payload = tensorPayload('h', { shape: [1, 2, 3, 3], data: [...a, ...b] }, ['a note from the kernel']);
    const id = await render(t.page, MIME.tensor, payload);
    await t.page.evaluate((i) => {
      const root = document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!;
      ([...root.querySelectorAll('button')].find((x) => x.textContent === 'Heatmap') as HTMLButtonElement).click();
    }, id);
    // Each tile canvas is 3×3 source pixels scaled up; sample the centre of each cell.
    const zoom = await t.page.evaluate((i) => {
      const c = document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('canvas[data-index="0,0"]') as HTMLCanvasElement;
      return c.getBoundingClientRect().width / 3;
    }, id);
    const at = (sel: string, r: number, c: number) => canvasPixel(t.page, id, sel, (c + 0.5) * zoom, (r + 0.5) * zoom);
    assert.ok(near(await at('canvas[data-index="0,0"]', 0, 0), DIVERGING_MAX), 'the maximum 2 is dark red');
    assert.ok(near(await at('canvas[data-index="0,0"]', 0, 1), DIVERGING_MIN), 'the minimum −2 is dark blue');
    assert.ok(near(await at('canvas[data-index="0,0"]', 0, 2), DIVERGING_ZERO), 'zero is the white centre');
    // Shared scale: plane (0,1)'s 1 is half way up the positive side, not the top colour.
    assert.ok(!near(await at('canvas[data-index="0,1"]', 1, 1), SEQUENTIAL_MAX, 20));
    await t.page.evaluate((i) => (document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('[data-role=scale-toggle]') as HTMLButtonElement).click(), id);
    // Per plane: plane (0,1) holds only non-negative values, so it gets the sequential map; its max is yellow.
    assert.ok(near(await at('canvas[data-index="0,1"]', 1, 1), SEQUENTIAL_MAX), 'per-plane scale: the maximum is the top of the sequential map');
    assert.match(await shadowText(t.page, id, '.cb-notes'), /a note from the kernel/);

    // Value under the pointer.
    const box = await t.page.evaluate((i) => {
      const r = (document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('canvas[data-index="0,0"]') as HTMLCanvasElement).getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width };
    }, id);
    await t.page.mouse.move(box.x + (1.5 * box.w) / 3, box.y + (0.5 * box.w) / 3);
    assert.match(await shadowText(t.page, id, '.cb-readout'), /h\[0, 0, 0, 1\] = −2/);
    await screenshot(t.page, id, 'tensor-heatmap-small');
  });

  it('picks one channel and zooms', async () => {
    const id = await render(t.page, MIME.tensor, featureMap(8, 20));
    const count = () => t.page.evaluate((i) => document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelectorAll('.cb-tiles canvas').length, id);
    assert.equal(await count(), 8);
    await t.page.evaluate((i) => {
      const s = document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('select[aria-label=channel]') as HTMLSelectElement;
      s.value = '3';
      s.dispatchEvent(new Event('change'));
    }, id);
    assert.equal(await count(), 1);
    const width = () => t.page.evaluate((i) => (document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('.cb-tiles canvas') as HTMLCanvasElement).getBoundingClientRect().width, id);
    const before = await width();
    await t.page.evaluate((i) => {
      const s = document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('select[aria-label=channel]') as HTMLSelectElement;
      s.value = '-1';
      s.dispatchEvent(new Event('change'));
    }, id);
    const small = await width();
    await t.page.evaluate((i) => (document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('button[aria-label="Zoom in"]') as HTMLButtonElement).click(), id);
    assert.ok((await width()) > small, 'zoom in enlarges the tiles');
    assert.ok(before >= small, 'a single picked channel is drawn at least as large');
  });

  it('paints a 64-channel 112×112 feature map quickly (reported, loosely bounded)', async () => {
    const payload = featureMap(64, 112);
    const id = await t.page.evaluate(async (p) => {
      const w = window as unknown as { harness: { render(m: string, p: unknown): string; rendered: { paintMs: number; view: string }[] } };
      return w.harness.render('application/vnd.convbook.tensor+json', p);
    }, payload);
    const info = await t.page.evaluate(() => (window as unknown as { harness: { rendered: { paintMs: number; view: string }[] } }).harness.rendered.at(-1)!);
    console.log(`[perf] tensor 64×112×112 first paint: ${info.paintMs.toFixed(1)} ms`);
    assert.equal(info.view, 'tensor');
    assert.ok(info.paintMs < 2000, `paint took ${info.paintMs} ms`);
    const tiles = await t.page.evaluate((i) => document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelectorAll('.cb-tiles canvas').length, id);
    assert.equal(tiles, 64);
    await screenshot(t.page, id, 'tensor-heatmap-64ch');
    assert.deepEqual(t.errors, []);
    assert.deepEqual(t.external, []);
  });
});
