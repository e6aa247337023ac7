// The kernel sweep in headless Chromium: every frame's arithmetic against PyTorch's numbers, the
// window's position on the canvas, keyboard control, hover mapping, the transposed conv both ways,
// pooling's winner and ceil_mode windows, geometry-only payloads and the exports.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { MIME, type SweepPayload } from '../../contract';
import { BLOG, cellPayload, convSweep, golden, maxPoolSweep, poolSweep, transposeSweep } from './fixtures';
import { canvasPixel, closeSession, near, openHarness, openSession, parseCss, render, screenshot, type Harness, type TestPage } from './support';

type Layout = { cell: number; boards: Record<string, { x: number; y: number; rows: [number, number]; cols: [number, number] }> };


async function clickRole(page: Page, id: string, role: string, times = 1): Promise<void> {
  await page.evaluate(
    ([i, r, n]) => {
      const b = document.getElementById(i as string)!.querySelector('.cb-host')!.shadowRoot!.querySelector(`[data-role=${r}]`) as HTMLButtonElement;
      for (let k = 0; k < (n as number); k++) b.click();
    },
    [id, role, times] as const,
  );
}

async function clickMode(page: Page, id: string, mode: string): Promise<void> {
  await page.evaluate(([i, m]) => (document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector(`[data-mode=${m}]`) as HTMLButtonElement).click(), [id, mode] as const);
}

async function setStep(page: Page, id: string, frame: number): Promise<void> {
  await page.evaluate(
    ([i, f]) => {
      const s = document.getElementById(i as string)!.querySelector('.cb-host')!.shadowRoot!.querySelector('input[type=range]') as HTMLInputElement;
      s.value = String(f);
      s.dispatchEvent(new Event('input'));
    },
    [id, frame] as const,
  );
}

async function text(page: Page, id: string, selector: string): Promise<string> {
  return page.evaluate(([i, s]) => {
    const node = document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector(s) as HTMLElement | null;
    return node?.dataset.plain ?? node?.textContent ?? '';
  }, [id, selector] as const);
}

const equation = (page: Page, id: string) => text(page, id, '[data-role=equation]');

async function layoutOf(page: Page, id: string): Promise<Layout> {
  return JSON.parse(await page.evaluate((i) => (document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('canvas.cb-canvas') as HTMLCanvasElement).dataset.layout!, id));
}

/** Page coordinates of a point inside a board cell (fx, fy in 0..1 across the cell). */
async function cellPoint(page: Page, id: string, board: string, r: number, c: number, fx = 0.5, fy = 0.5): Promise<{ x: number; y: number; cx: number; cy: number }> {
  const l = await layoutOf(page, id);
  const b = l.boards[board];
  const cx = b.x + (c - b.cols[0] + fx) * l.cell;
  const cy = b.y + (r - b.rows[0] + fy) * l.cell;
  const box = await page.evaluate((i) => {
    const canvas = document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('canvas.cb-canvas') as HTMLCanvasElement;
    // The pointer only reaches what is in the viewport.
    const before = canvas.getBoundingClientRect();
    if (before.top < 0 || before.bottom > innerHeight) canvas.scrollIntoView({ block: 'center' });
    const rect = canvas.getBoundingClientRect();
    return { x: rect.left, y: rect.top };
  }, id);
  return { x: box.x + cx, y: box.y + cy, cx, cy };
}

/**
 * Hovers a cell and returns the readout once it names the expected cell. The cell's point is
 * measured again when it does not: the layout can still move under the pointer on a loaded
 * machine (a late font, a scroll into view), and a stale point reads the neighbouring cell.
 */
async function hoverReadout(page: Page, id: string, board: string, r: number, c: number, expected: RegExp): Promise<string> {
  let readout = '';
  for (let attempt = 0; attempt < 5 && !expected.test(readout); attempt++) {
    const p = await cellPoint(page, id, board, r, c);
    await page.mouse.move(p.x, p.y);
    readout = await text(page, id, '[data-role=readout]');
  }
  assert.match(readout, expected, `hovering ${board} (${r}, ${c})`);
  return readout;
}

async function cssVar(page: Page, name: string): Promise<[number, number, number]> {
  return parseCss(await page.evaluate((n) => getComputedStyle(document.body).getPropertyValue(n).trim(), name));
}

/** The value after the last '=' of an equation's plain text. */
function resultOf(eq: string): number {
  const last = eq.split('=').at(-1)!.trim().replace(/−/g, '-');
  return Number(last);
}

function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-4 * Math.max(1, Math.abs(expected));
}

/** Steps through every frame and checks the written result against PyTorch's output plane. */
async function checkEveryFrame(page: Page, id: string, payload: SweepPayload): Promise<number> {
  const expected = payload.output!;
  for (let f = 0; f < expected.length; f++) {
    await setStep(page, id, f);
    const eq = await equation(page, id);
    assert.ok(close(resultOf(eq), expected[f]), `${payload.title}, frame ${f}: shown ${eq}, PyTorch ${expected[f]}`);
  }
  return expected.length;
}

describe('sweep view', () => {
  let h: Harness;
  let t: TestPage;
  before(async () => ({ h, t } = await openSession()));
  after(() => closeSession(h, t));

  it('writes the blog example dot product with its numbers and PyTorch result', async () => {
    const id = await render(t.page, MIME.sweep, convSweep(BLOG), 'blog');
    const eq = await equation(t.page, id);
    // Window at (0,0): the 3×3 top-left block of the input times the kernel, tap by tap.
    const x = BLOG.input.data;
    const w = BLOG.weight!.data;
    const terms = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => `${x[i * 5 + j]}·${w[i * 3 + j]}`));
    assert.equal(eq, `y[0,0] = ${terms.join(' + ')} = 12`);
    const katex = await t.page.evaluate((i) => document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('[data-role=equation] .katex-html')?.textContent ?? '', id);
    assert.match(katex, /12$/, 'KaTeX typeset the equation');
    await screenshot(t.page, id, 'sweep-blog-step0-light');
  });

  it('moves the window by the stride and fills the output as it steps', async () => {
    const id = 'blog';
    const orange = await cssVar(t.page, '--vscode-charts-orange');
    const bg = await cssVar(t.page, '--vscode-editor-background');
    await clickRole(t.page, id, 'forward', 4);
    assert.equal(await text(t.page, id, '[data-role=step]'), '5 / 9');
    const eq = await equation(t.page, id);
    assert.equal(resultOf(eq), BLOG.output.data[4]);
    assert.match(eq, /^y\[1,1\] = /);
    // After 4 steps the window's top-left tap is input (1,1): its top edge is drawn in the window colour.
    const l = await layoutOf(t.page, id);
    const inTop = await cellPoint(t.page, id, 'input', 1, 2, 0.5, 0);
    assert.ok(near(await canvasPixel(t.page, id, 'canvas.cb-canvas', inTop.cx, inTop.cy + 1.5), orange, 40), 'window edge at row 1');
    const oldTop = await cellPoint(t.page, id, 'input', 0, 1, 0.5, 0);
    assert.ok(!near(await canvasPixel(t.page, id, 'canvas.cb-canvas', oldTop.cx, oldTop.cy + 1.5), orange, 40), 'no window edge left at row 0');
    // Output: (0,0)…(1,0) filled, (1,1) current, (1,2) still empty (background).
    const empty = await cellPoint(t.page, id, 'output', 1, 2, 0.2, 0.2);
    assert.ok(near(await canvasPixel(t.page, id, 'canvas.cb-canvas', empty.cx, empty.cy), bg, 2), 'future output cell is empty');
    const current = await cellPoint(t.page, id, 'output', 1, 1, 0.2, 0.2);
    assert.ok(!near(await canvasPixel(t.page, id, 'canvas.cb-canvas', current.cx, current.cy), bg, 10), 'current output cell is highlighted');
    assert.equal(l.boards.output.rows[1], 3);
    await screenshot(t.page, id, 'sweep-blog-step4-light');
  });

  it('is keyboard-operable', async () => {
    const id = 'blog';
    await t.page.evaluate((i) => (document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('.cb-canvas-wrap') as HTMLElement).focus(), id);
    await t.page.keyboard.press('Home');
    assert.equal(await text(t.page, id, '[data-role=step]'), '1 / 9');
    await t.page.keyboard.press('ArrowRight');
    await t.page.keyboard.press('ArrowRight');
    assert.equal(await text(t.page, id, '[data-role=step]'), '3 / 9');
    await t.page.keyboard.press('ArrowLeft');
    assert.equal(resultOf(await equation(t.page, id)), BLOG.output.data[1]);
    await t.page.keyboard.press('End');
    assert.equal(resultOf(await equation(t.page, id)), 14);
    await t.page.keyboard.press('Home');
    await t.page.keyboard.press(' ');
    const label = () => t.page.evaluate((i) => document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('[data-role=play]')!.getAttribute('aria-label'), id);
    assert.equal(await label(), 'Pause');
    await t.page.keyboard.press(' ');
    assert.equal(await label(), 'Play');
    // Every control has an accessible name.
    const unnamed = await t.page.evaluate((i) => [...document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelectorAll('button, input, select')].filter((n) => !(n.getAttribute('aria-label') || n.closest('label'))).length, id);
    assert.equal(unnamed, 0);
  });

  it('lights the inputs an output reads, and the outputs an input feeds', async () => {
    const id = 'blog';
    const purple = await cssVar(t.page, '--vscode-charts-purple');
    const p = await cellPoint(t.page, id, 'output', 2, 2);
    await t.page.mouse.move(p.x, p.y);
    assert.equal(await text(t.page, id, '[data-role=readout]'), 'y[2, 2] = 14 ← reads 9 input cells');
    // Input (4,4) is read by output (2,2): its left edge carries the hover outline.
    const lit = await cellPoint(t.page, id, 'input', 4, 4, 0, 0.5);
    assert.ok(near(await canvasPixel(t.page, id, 'canvas.cb-canvas', lit.cx + 1, lit.cy), purple, 40), 'input (4,4) lit');
    const unlit = await cellPoint(t.page, id, 'input', 1, 1, 0, 0.5);
    assert.ok(!near(await canvasPixel(t.page, id, 'canvas.cb-canvas', unlit.cx + 1, unlit.cy), purple, 40), 'input (1,1) not lit');
    const q = await cellPoint(t.page, id, 'input', 0, 0);
    await t.page.mouse.move(q.x, q.y);
    assert.equal(await text(t.page, id, '[data-role=readout]'), 'x[0, 0] = 3 → feeds 1 output');
    const centre = await cellPoint(t.page, id, 'input', 2, 2);
    await t.page.mouse.move(centre.x, centre.y);
    assert.equal(await text(t.page, id, '[data-role=readout]'), 'x[2, 2] = 2 → feeds 9 outputs');
    await screenshot(t.page, id, 'sweep-blog-hover');
    // Clicking an output jumps to its step.
    const o = await cellPoint(t.page, id, 'output', 1, 0);
    await t.page.mouse.click(o.x, o.y);
    assert.equal(await text(t.page, id, '[data-role=step]'), '4 / 9');
    await t.page.mouse.move(0, 0);
  });

  it('matches PyTorch at every frame across conv configurations', async () => {
    const names = [
      'seed example with padding 1, stride 2',
      'seed example with dilation 2',
      'rect kernel 2x3 rect stride (2,1) pad (1,2)',
      'reflect padding',
      'replicate padding',
      'circular padding',
      'groups 2',
      'padding same even k (asymmetric)',
      'kernel larger than stride leftover',
      'conv1d k5 stride 2 pad 2 bias',
      'conv1d dilation 3 groups 3',
    ];
    let frames = 0;
    for (const name of names) {
      // A second output channel where there is one (groups 2: channel 4 lives in the second group).
      const outChannels = golden('conv', name).weight!.shape[0];
      const payload = convSweep(golden('conv', name), name === 'groups 2' ? 4 : Math.min(1, outChannels - 1));
      const id = await render(t.page, MIME.sweep, payload, `conv-${names.indexOf(name)}`);
      frames += await checkEveryFrame(t.page, id, payload);
      await t.page.evaluate((i) => document.getElementById(i)!.remove(), id);
    }
    console.log(`[sweep] ${frames} conv frames matched PyTorch across ${names.length} golden cases`);
  });

  it('draws reflect padding with the copied values and marks uncovered input', async () => {
    const payload = convSweep(golden('conv', 'kernel larger than stride leftover'));
    const id = await render(t.page, MIME.sweep, payload, 'leftover');
    const legend = await text(t.page, id, '[data-role=legend]');
    // 9×8 input, k3 s3: rows 0–8 all read, columns 6–7 never read (8 = 3·2 + 2 leftover).
    assert.match(legend, /input columns 6, 7 never read/);
    await screenshot(t.page, id, 'sweep-uncovered');
    const reflect = await render(t.page, MIME.sweep, convSweep(golden('conv', 'reflect padding')), 'reflect');
    const p = await cellPoint(t.page, reflect, 'input', -1, 0);
    await t.page.mouse.move(p.x, p.y);
    const g = golden('conv', 'reflect padding');
    // Row −1 reflects row 1: padding (−1, 0) shows x[1, 0].
    assert.match(await text(t.page, reflect, '[data-role=readout]'), /^padding at -1, 0 = .*, a copy of x\[1, 0\]/);
    const shown = (await text(t.page, reflect, '[data-role=readout]')).match(/= (\S+),/)![1].replace(/−/g, '-');
    assert.ok(close(Number(shown), g.input.data[1 * 8 + 0]));
    await t.page.mouse.move(0, 0);
    await screenshot(t.page, reflect, 'sweep-reflect');
  });

  it('draws the transposed conv as a scatter and as the equivalent direct conv, both exact', async () => {
    const names = ['k3 s1 (integer)', 'k3 s2 p1 output_padding 1 bias', 'k4 s2 p1 (DCGAN)', 'transpose dilation 2'.replace('transpose ', ''), 'output_padding with dilation > stride', 'conv_transpose1d s3 p1 op2'];
    let frames = 0;
    for (const name of names) {
      const payload = transposeSweep(golden('transpose', name));
      const id = await render(t.page, MIME.sweep, payload, `tr-${names.indexOf(name)}`);
      const label = await t.page.evaluate((i) => document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('canvas.cb-canvas')!.getAttribute('aria-label'), id);
      assert.match(label ?? '', /transposed convolution: input .* → output/);
      // Scatter: after the last input has stamped, every output holds PyTorch's value.
      await clickRole(t.page, id, 'last');
      const [H, W] = payload.config.outputSize.length === 2 ? payload.config.outputSize : [1, payload.config.outputSize[0]];
      for (const [r, c] of [[0, 0], [H - 1, W - 1], [Math.floor(H / 2), Math.floor(W / 2)]]) {
        const readout = await hoverReadout(t.page, id, 'output', r, c, new RegExp(`^y\\[${payload.config.outputSize.length === 1 ? c : `${r}, ${c}`}\\]`));
        const sum = Number(readout.match(/running sum (\S+)/)?.[1].replace(/−/g, '-'));
        assert.ok(close(sum, payload.output![r * W + c]), `${name} scatter y[${r},${c}]: ${readout} vs ${payload.output![r * W + c]}`);
      }
      await t.page.mouse.move(0, 0);
      if (names.indexOf(name) === 1) await screenshot(t.page, id, 'sweep-transposed-scatter');
      // Gather: a stride-1 conv over the stuffed input with the flipped kernel, frame by frame.
      await clickMode(t.page, id, 'gather');
      frames += await checkEveryFrame(t.page, id, payload);
      if (names.indexOf(name) === 1) {
        await setStep(t.page, id, 4);
        await screenshot(t.page, id, 'sweep-transposed-direct');
      }
      await t.page.evaluate((i) => document.getElementById(i)!.remove(), id);
    }
    console.log(`[sweep] ${frames} transposed frames matched PyTorch (direct-conv view) across ${names.length} cases`);
  });

  it('shows max pooling winners, average divisors and ceil_mode windows', async () => {
    const names = [
      'max k2 (stride defaults to kernel)',
      'max k3 s2 p1',
      'max k3 s2 ceil_mode',
      'max k2 s2 p1 ceil_mode (last window dropped rule)',
      'max k3 dilation 2',
      'avg k3 s2 p1 count_include_pad',
      'avg k3 s2 p1 exclude pad',
      'avg k3 s2 ceil_mode exclude pad',
    ];
    for (const name of names) {
      const payload = poolSweep(golden('pool', name), 1);
      const id = await render(t.page, MIME.sweep, payload, `pool-${names.indexOf(name)}`);
      await checkEveryFrame(t.page, id, payload);
      const eq = await equation(t.page, id);
      if (name.startsWith('max')) {
        // The boxed winner is the result.
        const winner = Number(eq.match(/max\(.*\[([^\]]+)\]/)![1].replace(/−/g, '-'));
        // The boxed term is written with 4 significant digits.
        assert.ok(Math.abs(winner - resultOf(eq)) <= 1e-3 * Math.max(1, Math.abs(winner)), `${name}: winner ${winner} vs ${eq}`);
      } else assert.match(eq, /\/ \d+ = /);
      const legend = await text(t.page, id, '[data-role=legend]');
      if (name.includes('dropped')) {
        assert.match(legend, /dropped by PyTorch/);
        await screenshot(t.page, id, 'sweep-maxpool-ceil-dropped');
      }
      if (name === 'avg k3 s2 p1 exclude pad') {
        await setStep(t.page, id, 0);
        // count_include_pad=False: the corner window holds 2×2 real cells, so it divides by 4.
        assert.match(await equation(t.page, id), /\) \/ 4 = /);
      }
      await t.page.evaluate((i) => document.getElementById(i)!.remove(), id);
    }
    // ceil_mode's extra window: 6 wide, k3 s2 → ⌈3/2⌉ + 1 = 3 windows, the last hanging one cell past the input.
    const six = { shape: [1, 1, 6, 6], data: Array.from({ length: 36 }, (_, i) => (i * 5) % 7) };
    const extra = maxPoolSweep(six, { kernelSize: 3, stride: 2, ceilMode: true }, 'max_pool2d(k=3, s=2, ceil_mode=True) on 6×6');
    assert.deepEqual(extra.config.outputSize, [3, 3], 'the engine gives ceil_mode its third window');
    const id = await render(t.page, MIME.sweep, extra, 'pool-extra');
    assert.match(await text(t.page, id, '[data-role=legend]'), /ceil_mode lets the last window hang over/);
    assert.deepEqual((await layoutOf(t.page, id)).boards.input.cols, [0, 7], 'the board shows the overhanging column');
    await setStep(t.page, id, 8);
    await screenshot(t.page, id, 'sweep-maxpool-ceil-extra');
  });

  it('draws geometry only when the payload has no data', async () => {
    // What sweep(layer, input_size=...) shows: the layer's windows, no tensors.
    const payload = await cellPayload<SweepPayload>('sweep(nn.Conv2d(1, 1, 3, padding=1), input_size=(1, 1, 5, 5))', MIME.sweep);
    assert.equal(payload.inputPlanes, undefined, 'geometry only');
    const id = await render(t.page, MIME.sweep, payload, 'geometry');
    await clickRole(t.page, id, 'forward', 1);
    const eq = await equation(t.page, id);
    // Output (0,1) with padding 1: its top row is padding (zeros), the rest reads x.
    assert.match(eq, /^y\[0,1\] = 0·w\[0,0\] \+ 0·w\[0,1\] \+ 0·w\[0,2\] \+ x\[0,0\]·w\[1,0\]/);
    assert.doesNotMatch(eq, /\d\.\d/);
    await screenshot(t.page, id, 'sweep-geometry-only');
  });

  it('exports the frame as PNG and SVG and the sweep as an animated GIF', async () => {
    const id = 'blog';
    await setStep(t.page, id, 3);
    for (const format of ['png', 'svg', 'gif']) {
      await t.page.evaluate(([i, f]) => (document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector(`button[data-export=${f}]`) as HTMLButtonElement).click(), [id, format] as const);
    }
    await t.page.waitForFunction(() => (window as unknown as { harness: { saved: unknown[] } }).harness.saved.length >= 3, null, { timeout: 20_000 });
    const saved = await t.page.evaluate(() => (window as unknown as { harness: { saved: { filename: string; type: string; size: number; head: number[]; text: string }[] } }).harness.saved);
    const png = saved.find((s) => s.type === 'image/png')!;
    assert.deepEqual(png.head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.match(png.filename, /\.png$/);
    const svg = saved.find((s) => s.type === 'image/svg+xml')!;
    assert.match(svg.text, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg.text, />INPUT x</);
    assert.match(svg.text, /y\[1,0\] = .* = 10</, 'the frame equation is in the SVG');
    const gif = saved.find((s) => s.type === 'image/gif')!;
    assert.equal(String.fromCharCode(...gif.head.slice(0, 6)), 'GIF89a');
    assert.ok(gif.size > 1000);
  });

  it('saves through an <a download> by default', async () => {
    const d = await openHarness(h, { downloads: true });
    try {
      const id = await render(d.page, MIME.sweep, convSweep(BLOG), 'dl');
      const [download] = await Promise.all([
        d.page.waitForEvent('download'),
        d.page.evaluate((i) => (document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('button[data-export=png]') as HTMLButtonElement).click(), id),
      ]);
      assert.match(download.suggestedFilename(), /^conv2d-seed-example-5x5-input-3x3-kernel\.png$/);
      assert.deepEqual(d.errors, []);
    } finally {
      await d.close();
    }
  });

  it('stops its animation loop on dispose and on abort', async () => {
    const id = await render(t.page, MIME.sweep, convSweep(golden('conv', 'integer 1->1 k3')), 'disposable');
    await clickRole(t.page, id, 'play');
    await t.page.waitForTimeout(150);
    const rafCalls = await t.page.evaluate(async (i) => {
      const w = window as unknown as { harness: { dispose(i: string): void } };
      w.harness.dispose(i);
      // Count animation frames that touch a canvas after disposal: none may draw.
      let draws = 0;
      const orig = CanvasRenderingContext2D.prototype.drawImage;
      CanvasRenderingContext2D.prototype.drawImage = function (...args: unknown[]) {
        draws++;
        return (orig as (...a: unknown[]) => void).apply(this, args);
      };
      await new Promise((r) => setTimeout(r, 300));
      CanvasRenderingContext2D.prototype.drawImage = orig;
      return { draws, host: document.getElementById(i)!.querySelector('.cb-host') === null };
    }, id);
    assert.deepEqual(rafCalls, { draws: 0, host: true });
    const id2 = await render(t.page, MIME.sweep, convSweep(BLOG), 'abortable');
    await clickRole(t.page, id2, 'play');
    const gone = await t.page.evaluate((i) => {
      (window as unknown as { harness: { abort(i: string): void } }).harness.abort(i);
      return document.getElementById(i)!.querySelector('.cb-host') === null;
    }, id2);
    assert.ok(gone, 'abort disposes the output');
  });
});
