// "Save PNG/SVG/GIF" inside VS Code: with renderer messaging the renderer posts the file to the
// extension (a fake one here, harness.host) instead of clicking an <a download>, shows where the
// file went, reports a cancelled dialog or a failed write, and falls back to the download when
// nothing answers. Every posted file is decoded: a real PNG, an animated GIF, a well-formed SVG.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { MIME, type RendererSaveRequest } from '../../contract';
import { BLOG, comparisonPayload, convSweep, deformPayload, golden } from './fixtures';
import { closeSession, openHarness, openSession, render, type Harness, type TestPage } from './support';

type Host = { answer: string; requests: RendererSaveRequest[] };

async function clickExport(page: Page, id: string, format: string): Promise<void> {
  await page.evaluate(
    ([i, f]) => (document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector(`button[data-export=${f}]`) as HTMLButtonElement).click(),
    [id, format] as const,
  );
}

async function status(page: Page, id: string): Promise<string> {
  return page.evaluate((i) => document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelector('.cb-export [role=status]')!.textContent ?? '', id);
}

async function waitForStatus(page: Page, id: string, pattern: RegExp): Promise<string> {
  await page.waitForFunction(
    ([i, source]) => new RegExp(source as string).test(document.getElementById(i as string)!.querySelector('.cb-host')!.shadowRoot!.querySelector('.cb-export [role=status]')!.textContent ?? ''),
    [id, pattern.source] as const,
    { timeout: 20_000 },
  );
  return status(page, id);
}

async function setAnswer(page: Page, answer: string): Promise<void> {
  await page.evaluate((a) => {
    (window as unknown as { harness: { host: Host } }).harness.host.answer = a;
  }, answer);
}

async function requests(page: Page): Promise<RendererSaveRequest[]> {
  return page.evaluate(() => (window as unknown as { harness: { host: Host } }).harness.host.requests);
}

/** Decodes the image in the page the way an <img> would; width 0 means the browser refused it. */
async function decodeInPage(page: Page, mime: string, base64: string): Promise<{ width: number; height: number }> {
  return page.evaluate(async ([m, b]) => {
    const img = new Image();
    img.src = `data:${m};base64,${b}`;
    try {
      await img.decode();
    } catch {
      return { width: 0, height: 0 };
    }
    return { width: img.naturalWidth, height: img.naturalHeight };
  }, [mime, base64] as const);
}

/** Image descriptors in a GIF, walking its blocks (header, palettes, extensions, LZW sub-blocks). */
function gifFrames(bytes: Buffer): number {
  assert.equal(bytes.subarray(0, 6).toString('latin1'), 'GIF89a');
  let p = 13;
  if (bytes[10] & 0x80) p += 3 * 2 ** ((bytes[10] & 7) + 1);
  const skipSubBlocks = () => {
    while (bytes[p] !== 0) p += bytes[p] + 1;
    p++;
  };
  let frames = 0;
  for (;;) {
    const block = bytes[p];
    if (block === 0x3b) return frames;
    if (block === 0x21) {
      p += 2;
      skipSubBlocks();
    } else if (block === 0x2c) {
      frames++;
      const packed = bytes[p + 9];
      p += 10;
      if (packed & 0x80) p += 3 * 2 ** ((packed & 7) + 1);
      p++; // LZW minimum code size
      skipSubBlocks();
    } else {
      assert.fail(`unexpected GIF block 0x${block?.toString(16)} at ${p}`);
    }
    assert.ok(p < bytes.length, 'the GIF ends with its trailer');
  }
}

describe('saving exported images through the extension', () => {
  let h: Harness;
  let t: TestPage;
  const downloads: string[] = [];
  before(async () => {
    ({ h, t } = await openSession({ messaging: true }));
    t.page.on('download', (d) => downloads.push(d.suggestedFilename()));
  });
  after(() => closeSession(h, t));

  it('posts PNG, SVG and GIF to the extension and says where they were saved', async () => {
    const id = await render(t.page, MIME.sweep, convSweep(BLOG), 'sweep');
    for (const format of ['png', 'svg', 'gif']) {
      await clickExport(t.page, id, format);
      const shown = await waitForStatus(t.page, id, new RegExp(`^Saved to .*\\.${format} \\(\\d+ KB\\)$`));
      assert.equal(shown.replace(/ \(\d+ KB\)$/, ''), `Saved to /work/notebooks/conv2d-seed-example-5x5-input-3x3-kernel.${format}`);
    }
    const posted = await requests(t.page);
    assert.deepEqual(
      posted.map((r) => [r.type, r.filename, r.mime]),
      [
        ['save', 'conv2d-seed-example-5x5-input-3x3-kernel.png', 'image/png'],
        ['save', 'conv2d-seed-example-5x5-input-3x3-kernel.svg', 'image/svg+xml'],
        ['save', 'conv2d-seed-example-5x5-input-3x3-kernel.gif', 'image/gif'],
      ],
    );
    assert.equal(new Set(posted.map((r) => r.id)).size, 3, 'each request has its own id');

    const png = PNG.sync.read(Buffer.from(posted[0].base64, 'base64'));
    assert.ok(png.width >= 400 && png.height >= 200, `PNG ${png.width}×${png.height}`);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4 * 97) colours.add(png.data.readUInt32BE(i));
    assert.ok(colours.size > 4, 'the PNG shows a drawing, not a blank rectangle');
    assert.deepEqual(await decodeInPage(t.page, 'image/png', posted[0].base64), { width: png.width, height: png.height });

    const svg = Buffer.from(posted[1].base64, 'base64').toString('utf8');
    assert.match(svg, /^(<\?xml[^>]*>\s*)?<svg[\s>]/);
    const parsed = await t.page.evaluate((s) => {
      const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
      return { error: doc.querySelector('parsererror') !== null, texts: [...doc.querySelectorAll('text')].map((n) => n.textContent) };
    }, svg);
    assert.equal(parsed.error, false, 'the SVG is well-formed XML');
    assert.ok(parsed.texts.includes('12'), 'the SVG carries the first output value, 12, as text');
    assert.ok((await decodeInPage(t.page, 'image/svg+xml', posted[1].base64)).width > 0, 'the browser draws the SVG');

    const gif = Buffer.from(posted[2].base64, 'base64');
    assert.equal(gifFrames(gif), 9, 'one frame per output position of the 3×3 output');
    assert.ok((await decodeInPage(t.page, 'image/gif', posted[2].base64)).width > 0, 'the browser draws the GIF');
    assert.deepEqual(downloads, [], 'nothing went through <a download>');
  });

  it('saves canvas and table views too (deformable conv PNG, comparison PNG)', async () => {
    const before = (await requests(t.page)).length;
    const deform = await render(t.page, MIME.deform, deformPayload(golden('deform', 'modulated (DCNv2 mask) stride 2 bias'), [1, 1]), 'deform');
    await clickExport(t.page, deform, 'png');
    await waitForStatus(t.page, deform, /^Saved to /);
    const cmp = await render(t.page, MIME.comparison, await comparisonPayload(), 'cmp');
    await clickExport(t.page, cmp, 'png');
    await waitForStatus(t.page, cmp, /^Saved to /);
    const posted = (await requests(t.page)).slice(before);
    assert.equal(posted.length, 2);
    for (const r of posted) {
      const png = PNG.sync.read(Buffer.from(r.base64, 'base64'));
      assert.ok(png.width > 100 && png.height > 100, `${r.filename}: ${png.width}×${png.height}`);
    }
  });

  it('reports a cancelled dialog and a failed write', async () => {
    const id = await render(t.page, MIME.sweep, convSweep(BLOG), 'outcomes');
    await setAnswer(t.page, 'cancelled');
    await clickExport(t.page, id, 'png');
    assert.equal(await waitForStatus(t.page, id, /cancelled/), 'Save cancelled');
    await setAnswer(t.page, 'failed');
    await clickExport(t.page, id, 'svg');
    assert.equal(await waitForStatus(t.page, id, /failed/), 'Export failed: EACCES: permission denied');
    const enabled = await t.page.evaluate((i) => [...document.getElementById(i)!.querySelector('.cb-host')!.shadowRoot!.querySelectorAll('button[data-export]')].every((b) => !(b as HTMLButtonElement).disabled), id);
    assert.ok(enabled, 'the buttons work again after a failure');
    await setAnswer(t.page, 'saved');
  });

  it('falls back to a download when the extension does not answer', async () => {
    const id = await render(t.page, MIME.sweep, convSweep(BLOG), 'silent');
    await setAnswer(t.page, 'silent');
    const [download] = await Promise.all([t.page.waitForEvent('download', { timeout: 15_000 }), clickExport(t.page, id, 'png')]);
    assert.equal(download.suggestedFilename(), 'conv2d-seed-example-5x5-input-3x3-kernel.png');
    assert.match(await waitForStatus(t.page, id, /^Saved PNG/), /^Saved PNG \(\d+ KB\)$/);
    await setAnswer(t.page, 'saved');
  });

  it('never posts a message from a page without messaging (the CLI report, a browser)', async () => {
    const d = await openHarness(h, { downloads: true });
    try {
      const id = await render(d.page, MIME.sweep, convSweep(BLOG), 'plain');
      const [download] = await Promise.all([d.page.waitForEvent('download'), clickExport(d.page, id, 'svg')]);
      assert.equal(download.suggestedFilename(), 'conv2d-seed-example-5x5-input-3x3-kernel.svg');
      assert.deepEqual(await d.page.evaluate(() => (window as unknown as { harness: { messages: unknown[] } }).harness.messages), []);
      assert.deepEqual(d.errors, []);
    } finally {
      await d.close();
    }
  });
});
