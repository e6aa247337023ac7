// Deformable conv view in headless Chromium, on torchvision's reference cases: the sampling table
// (regular point + offset = sample, mask, bilinear value), hover neighbours, the adaptive receptive
// field, quiver selection by click and keyboard, and the sample points' pixels.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { MIME, type DeformPayload } from '../../contract';
import { cellPayload, deformPayload, golden, planeAt } from './fixtures';
import { canvasPixel, closeSession, near, openHarness, openSession, parseCss, render, screenshot, type Harness, type TestPage } from './support';

type DLayout = { cell: number; ix: number; iy: number; rows: [number, number]; cols: [number, number]; q: number; qx: number; qy: number };

async function tableRows(page: Page, id: string): Promise<string[][]> {
  return page.evaluate((i) => [...document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelectorAll('[data-role=taps] tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent ?? '')), id);
}

async function dlayout(page: Page, id: string): Promise<DLayout> {
  return JSON.parse(await page.evaluate((i) => (document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('canvas.cb-canvas') as HTMLCanvasElement).dataset.layout!, id));
}

async function canvasOrigin(page: Page, id: string): Promise<{ x: number; y: number }> {
  return page.evaluate((i) => {
    const c = document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('canvas.cb-canvas') as HTMLCanvasElement;
    const r0 = c.getBoundingClientRect();
    if (r0.top < 0 || r0.bottom > innerHeight) c.scrollIntoView({ block: 'center' });
    const r = c.getBoundingClientRect();
    return { x: r.left, y: r.top };
  }, id);
}

const num = (s: string) => Number(s.replace(/−/g, '-'));
const pair = (s: string) => s.replace(/[()]/g, '').split(',').map((x) => num(x.trim()));

describe('deformable conv view', () => {
  let h: Harness;
  let t: TestPage;
  before(async () => ({ h, t } = await openSession()));
  after(() => closeSession(h, t));

  it('tabulates regular point + offset = sample, with the mask, from the reference tensors', async () => {
    const c = golden('deform', 'modulated (DCNv2 mask) stride 2 bias');
    const payload = deformPayload(c, [1, 1]);
    const id = await render(t.page, MIME.deform, payload, 'dcn2');
    const rows = await tableRows(t.page, id);
    assert.equal(rows.length, 9);
    const [, , oh, ow] = c.output.shape;
    const p = 1 * ow + 1;
    rows.forEach((row, tap) => {
      const [i, j] = [Math.floor(tap / 3), tap % 3];
      // stride 2, padding 1: tap (i, j) of output (1, 1) sits at (2 − 1 + i, 2 − 1 + j).
      assert.deepEqual(pair(row[1]), [1 + i, 1 + j], `tap ${tap} regular point`);
      const dy = c.offset!.data[(2 * tap) * oh * ow + p];
      const dx = c.offset!.data[(2 * tap + 1) * oh * ow + p];
      const [ody, odx] = pair(row[2]);
      assert.ok(Math.abs(ody - dy) < 1e-3 && Math.abs(odx - dx) < 1e-3, `tap ${tap} offset ${row[2]} vs (${dy}, ${dx})`);
      const [sy, sx] = pair(row[3]);
      assert.ok(Math.abs(sy - (1 + i + dy)) < 1e-3 && Math.abs(sx - (1 + j + dx)) < 1e-3, `tap ${tap} sample`);
      assert.ok(Math.abs(num(row[4]) - c.mask!.data[tap * oh * ow + p]) < 1e-3, `tap ${tap} mask`);
    });
    await screenshot(t.page, id, 'deform-dcnv2-light');
  });

  it('samples exactly the regular grid with zero offsets, and integer offsets read input cells', async () => {
    const zero = golden('deform', 'zero offsets equal conv2d');
    const id = await render(t.page, MIME.deform, deformPayload(zero, [3, 2]), 'zero');
    const input = planeAt(zero.input, [0, 0]);
    for (const row of await tableRows(t.page, id)) {
      assert.deepEqual(pair(row[2]), [0, 0]);
      assert.deepEqual(pair(row[3]), pair(row[1]));
      const [r, c] = pair(row[1]);
      assert.ok(Math.abs(num(row[5]) - input[r * 6 + c]) < 1e-5, `value at (${r}, ${c})`);
    }
    const label = await t.page.evaluate((i) => document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('canvas.cb-canvas')!.getAttribute('aria-label'), id);
    assert.match(label ?? '', /9 taps read 9 input cells/, 'interior location: the adaptive field is the regular 3×3');

    const ints = golden('deform', 'integer offsets');
    const id2 = await render(t.page, MIME.deform, deformPayload(ints, [2, 2]), 'ints');
    const input2 = planeAt(ints.input, [0, 0]);
    for (const row of await tableRows(t.page, id2)) {
      const [sy, sx] = pair(row[3]);
      assert.ok(Number.isInteger(sy) && Number.isInteger(sx));
      const inside = sy >= 0 && sy < 7 && sx >= 0 && sx < 6;
      assert.ok(Math.abs(num(row[5]) - (inside ? input2[sy * 6 + sx] : 0)) < 1e-5, `integer sample (${sy}, ${sx})`);
    }
  });

  it('shows the four bilinear neighbours of the hovered sample, weights summing to 1', async () => {
    const c = golden('deform', 'fractional offsets (bilinear)');
    const id = await render(t.page, MIME.deform, deformPayload(c, [3, 2]), 'frac');
    const l = await dlayout(t.page, id);
    const rows = await tableRows(t.page, id);
    const origin = await canvasOrigin(t.page, id);
    // Tap 4 (the centre): hover its sample point.
    const [sy, sx] = pair(rows[4][3]);
    const px = l.ix + (sx - l.cols[0] + 0.5) * l.cell;
    const py = l.iy + (sy - l.rows[0] + 0.5) * l.cell;
    await t.page.mouse.move(origin.x + px, origin.y + py);
    const readout = await t.page.evaluate((i) => document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('[data-role=readout]')!.textContent ?? '', id);
    assert.match(readout, /^tap \(1, 1\): regular \(3, 2\)/);
    const weights = [...readout.matchAll(/w=(\S+?)[;\s]/g)].map((m) => num(m[1]));
    assert.equal(weights.length, 4);
    assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 2e-3, `weights ${weights}`);
    // The floor cell of the sample is one of the neighbours.
    assert.match(readout, new RegExp(`\\(${Math.floor(sy)}, ${Math.floor(sx)}\\) w=`));
    await screenshot(t.page, id, 'deform-hover-neighbours');
    await t.page.mouse.move(0, 0);
    // The sample point (mask 1) is painted in the accent colour.
    const accent = parseCss(await t.page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--vscode-charts-blue').trim()));
    assert.ok(near(await canvasPixel(t.page, id, 'canvas.cb-canvas', px, py), accent, 30), 'sample point drawn');
  });

  it('selects an output location from the quiver plot by click and by keyboard', async () => {
    const c = golden('deform', 'fractional offsets (bilinear)');
    const id = 'frac';
    const l = await dlayout(t.page, id);
    const origin = await canvasOrigin(t.page, id);
    await t.page.mouse.click(origin.x + l.qx + 1.5 * l.q, origin.y + l.qy + 4.5 * l.q);
    const selected = () => t.page.evaluate((i) => document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('[data-role=selected]')!.textContent, id);
    assert.equal(await selected(), 'selected output (4, 1)');
    assert.deepEqual(pair((await tableRows(t.page, id))[0][1]), [3, 0], 'tap (0,0) of output (4,1) with padding 1');
    await t.page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'selected output (4, 2)');
    const rows = await tableRows(t.page, id);
    const [, , oh, ow] = c.output.shape;
    const p = 4 * ow + 2;
    assert.ok(Math.abs(pair(rows[0][2])[0] - c.offset!.data[p]) < 1e-3, 'offsets follow the selection');
    assert.equal(oh, 7);
    await t.page.mouse.move(0, 0);
    await screenshot(t.page, id, 'deform-selected');
  });

  it('lists the neighbours of a tap picked from the toolbar, and writes weights on the board only where they fit', async () => {
    const hover = await t.page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--vscode-charts-purple').trim());
    // A 20×20 input (run by the kernel) in a narrow output: cells too small for a weight label.
    const big = await cellPayload<DeformPayload>(
      'torch.manual_seed(3)\nimg = torch.randn(1, 1, 20, 20)\nw = torch.ones(1, 1, 3, 3) / 9\noff = offsets.random(kernel_size=3, output_size=(20, 20), amplitude=1.5, seed=1)\ndeform_conv2d(img, off, w, padding=1)',
      MIME.deform,
    );
    const cases = [
      [1000, deformPayload(golden('deform', 'fractional offsets (bilinear)'), [3, 2]), true],
      [430, big, false],
    ] as const;
    for (const [width, payload, roomy] of cases) {
      await t.page.setViewportSize({ width, height: 900 });
      const id = await render(t.page, MIME.deform, payload, `nb${width}`);
      const l = await dlayout(t.page, id);
      assert.equal(l.cell >= 30, roomy, `cells of ${l.cell}px at ${width}px exercise this case`);
      // Keyboard users pick the tap; no pointer involved.
      await t.page.locator(`#${id} select[data-role=inspect]`).selectOption('4');
      const rows = await t.page.evaluate((i) => [...document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelectorAll('[data-role=neighbours] tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent ?? '')), id);
      assert.equal(rows.length, 5, 'four neighbours and the bilinear value');
      const weights = rows.slice(0, 4).map((r) => num(r[1]));
      assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 2e-3, `weights ${weights}`);
      const taps = await tableRows(t.page, id);
      assert.equal(rows[4][3], taps[4][5], 'the bilinear value matches the tap table');
      const sum = rows.slice(0, 4).reduce((acc, r) => acc + num(r[3]), 0);
      assert.ok(Math.abs(sum - num(taps[4][5])) < 2e-3, `Σ weight·x = ${sum}, value ${taps[4][5]}`);
      const [sy, sx] = pair(taps[4][3]);
      assert.deepEqual(pair(rows[0][0]), [Math.floor(sy), Math.floor(sx)], 'the first neighbour is the floor cell');

      // What the board shows, read back from the SVG export: every text's box as the browser lays it out.
      const before = await t.page.evaluate(() => (window as unknown as { harness: { saved: unknown[] } }).harness.saved.length);
      await t.page.locator(`#${id} button[data-export=svg]`).click();
      await t.page.waitForFunction((n) => (window as unknown as { harness: { saved: unknown[] } }).harness.saved.length > n, before);
      const texts = await t.page.evaluate(() => {
        const saved = (window as unknown as { harness: { saved: { text: string }[] } }).harness.saved;
        const holder = document.createElement('div');
        holder.innerHTML = saved[saved.length - 1].text;
        document.body.appendChild(holder);
        const boxes = [...holder.querySelectorAll('text')].map((n) => {
          const b = (n as SVGTextElement).getBBox();
          return { text: n.textContent ?? '', fill: n.getAttribute('fill'), x: b.x, y: b.y, w: b.width, h: b.height };
        });
        holder.remove();
        return boxes;
      });
      const weightLabels = texts.filter((x) => x.fill === hover);
      if (roomy) {
        assert.equal(weightLabels.length, 4, 'each neighbour cell carries its weight');
        const drawn = weightLabels.map((x) => num(x.text)).sort();
        const listed = [...weights].sort();
        drawn.forEach((w, k) => assert.ok(Math.abs(w - listed[k]) < 6e-3, `label ${w} vs table ${listed[k]}`));
        for (const x of weightLabels) assert.ok(x.w <= l.cell - 4, `label ${x.text} (${x.w}px) fits its ${l.cell}px cell`);
      } else {
        assert.equal(weightLabels.length, 0, 'no weights squeezed onto small cells');
      }
      for (let a = 0; a < texts.length; a++) {
        for (let b = a + 1; b < texts.length; b++) {
          const [p, q] = [texts[a], texts[b]];
          const overlap = Math.max(0, Math.min(p.x + p.w, q.x + q.w) - Math.max(p.x, q.x)) * Math.max(0, Math.min(p.y + p.h, q.y + q.h) - Math.max(p.y, q.y));
          assert.ok(overlap < 2, `"${p.text}" and "${q.text}" overlap (${overlap.toFixed(1)} px²) at ${width}px`);
        }
      }
      if (roomy) await screenshot(t.page, id, 'deform-neighbour-weights');
      else await screenshot(t.page, id, 'deform-neighbour-weights-narrow');
    }
    await t.page.setViewportSize({ width: 1000, height: 800 });
  });

  it('draws no arrows where the mean offset cancels out (a rotation), rather than magnifying float32 noise', async () => {
    const source = 'torch.manual_seed(3)\nimg = torch.randn(1, 1, 6, 6)\noff = offsets.rotation(kernel_size=3, output_size=(6, 6), angle=30)\ndeform_conv2d(img, off, torch.ones(1, 1, 3, 3), padding=1)';
    const id = await render(t.page, MIME.deform, await cellPayload<DeformPayload>(source, MIME.deform), 'dcn-rotation');
    const L = await dlayout(t.page, id);
    // Cell (2, 3) of the quiver, away from the selected (0, 0): an arrow would run right from its centre.
    const cy = L.qy + 2.5 * L.q;
    const right = await canvasPixel(t.page, id, 'canvas.cb-canvas', L.qx + 3.5 * L.q + 0.3 * L.q, cy);
    const left = await canvasPixel(t.page, id, 'canvas.cb-canvas', L.qx + 3.5 * L.q - 0.3 * L.q, cy);
    assert.deepEqual(right, left, 'the cell is empty on both sides of its centre');
  });

  it('looks right in the dark theme too', async () => {
    const d = await openHarness(h, { theme: 'dark' });
    try {
      const id = await render(d.page, MIME.deform, deformPayload(golden('deform', 'offsets far outside (zero boundary)'), [0, 0]), 'far');
      const rows = await tableRows(d.page, id);
      assert.ok(rows.some((r) => num(r[5]) === 0), 'a sample far outside reads zero');
      await screenshot(d.page, id, 'deform-far-outside-dark');
      assert.deepEqual(d.errors, []);
    } finally {
      await d.close();
    }
  });
});
