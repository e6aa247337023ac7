// Shared pieces of the renderer's browser tests: a static server for dist/ and the harness on
// 127.0.0.1, Debian's headless Chromium driven by playwright-core (never a downloaded browser),
// and a page that records console errors and blocks every request that leaves 127.0.0.1.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'browser');
const CHROMIUM = process.env.CONVBOOK_CHROMIUM ?? '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

export interface Harness {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

function serve(): Promise<{ server: Server; url: string }> {
  const mounts: [string, string][] = [
    ['/dist/', join(ROOT, 'dist')],
    ['/harness/', join(ROOT, 'test', 'browser', 'harness')],
  ];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const mount = mounts.find(([prefix]) => path.startsWith(prefix));
    if (!mount) {
      res.writeHead(404).end();
      return;
    }
    const file = normalize(join(mount[1], path.slice(mount[0].length)));
    if (!file.startsWith(mount[1]) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    ok({ server, url: `http://127.0.0.1:${port}` });
  }));
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(join(ROOT, 'dist', 'renderer.js'))) throw new Error('dist/renderer.js is missing: run `node scripts/build.mjs` first');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const { server, url } = await serve();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    url,
    browser,
    close: async () => {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

export interface TestPage {
  page: Page;
  /** Console errors, page errors and failed same-origin requests. */
  errors: string[];
  /** Every request that tried to leave 127.0.0.1 (all aborted). */
  external: string[];
  close(): Promise<void>;
}

export type ThemeKind = 'light' | 'dark' | 'high-contrast';

/**
 * `downloads`: the page has no renderer messaging and saves through <a download> (the CLI report's
 * route); `messaging`: VS Code's renderer messaging with a fake extension (harness.host); neither:
 * the test's own SaveHandler records exported files in harness.saved.
 */
export interface PageOptions {
  theme?: ThemeKind;
  width?: number;
  height?: number;
  downloads?: boolean;
  messaging?: boolean;
}

export async function openHarness(h: Harness, options: PageOptions = {}): Promise<TestPage> {
  const context = await h.browser.newContext({ viewport: { width: options.width ?? 1000, height: options.height ?? 800 }, deviceScaleFactor: 1, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  const external: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1' || u.protocol === 'blob:' || u.protocol === 'data:') return route.continue();
    external.push(u.toString());
    return route.abort();
  });
  page.on('requestfailed', (r) => {
    const u = new URL(r.url());
    if (u.hostname === '127.0.0.1') errors.push(`request failed: ${r.url()}`);
  });
  await page.goto(`${h.url}/harness/index.html${options.downloads ? '?download' : options.messaging ? '?messaging' : ''}`);
  await page.waitForFunction(() => 'harness' in window);
  if (options.theme) await setTheme(page, options.theme);
  return { page, errors, external, close: () => context.close() };
}

/** A describe block's harness and page: `before(async () => ({ h, t } = await openSession()))`. */
export async function openSession(options: PageOptions = {}): Promise<{ h: Harness; t: TestPage }> {
  const h = await startHarness();
  return { h, t: await openHarness(h, options) };
}

/**
 * The block's `after`: the page must have logged no errors and requested nothing off 127.0.0.1
 * (each check can be turned off), then page and harness close. Either may be missing if `before` failed.
 */
export async function closeSession(h: Harness | undefined, t: TestPage | undefined, checks: { errors?: boolean; external?: boolean } = {}): Promise<void> {
  if (checks.errors ?? true) assert.deepEqual(t?.errors ?? [], [], 'no console errors');
  if (checks.external ?? true) assert.deepEqual(t?.external ?? [], [], 'no request left 127.0.0.1');
  await t?.close();
  await h?.close();
}

export async function setTheme(page: Page, theme: ThemeKind): Promise<void> {
  // What VS Code does on a theme switch: new body class and variables (themes.css keys them on the class).
  await page.evaluate((t) => {
    document.body.className = `vscode-${t}`;
  }, theme);
  // Views repaint on the next animation frame after a theme change.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Renders one output through the fake notebook host; returns its element id. */
export async function render(page: Page, mime: string, payload: unknown, id?: string): Promise<string> {
  const out = await page.evaluate(
    ([m, p, i]) => (window as unknown as { harness: { render(m: string, p: unknown, i?: string): string } }).harness.render(m as string, p, i as string | undefined),
    [mime, payload, id] as const,
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  return out;
}

export async function screenshot(page: Page, id: string, name: string): Promise<string> {
  const file = join(ARTIFACTS, `${name}.png`);
  await page.locator(`#${id}`).screenshot({ path: file });
  return file;
}

/** RGBA of one CSS pixel of the first canvas matching `selector` inside output `id`'s shadow root. */
export async function canvasPixel(page: Page, id: string, selector: string, x: number, y: number): Promise<[number, number, number, number]> {
  return page.evaluate(
    ([i, s, px, py]) => {
      const host = document.getElementById(i as string)?.querySelector('.cb-host');
      const canvas = host?.shadowRoot?.querySelector(s as string) as HTMLCanvasElement | null;
      if (!canvas) throw new Error(`no canvas ${s}`);
      const ratio = canvas.width / canvas.getBoundingClientRect().width;
      const data = canvas.getContext('2d')!.getImageData(Math.floor((px as number) * ratio), Math.floor((py as number) * ratio), 1, 1).data;
      return [data[0], data[1], data[2], data[3]] as [number, number, number, number];
    },
    [id, selector, x, y] as const,
  );
}

/** Text of the first element matching `selector` in output `id`'s shadow root. */
export async function shadowText(page: Page, id: string, selector: string): Promise<string> {
  return page.evaluate(
    ([i, s]) => document.getElementById(i)?.querySelector('.cb-host')?.shadowRoot?.querySelector(s)?.textContent ?? '',
    [id, selector] as const,
  );
}

export function parseCss(color: string): [number, number, number] {
  const m = /rgba?\(([^)]+)\)/.exec(color);
  if (m) {
    const [r, g, b] = m[1].split(/[ ,]+/).map(Number);
    return [r, g, b];
  }
  const h = color.replace('#', '');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

export function near(a: readonly number[], b: readonly number[], tolerance = 3): boolean {
  return a.length >= 3 && b.length >= 3 && [0, 1, 2].every((i) => Math.abs(a[i] - b[i]) <= tolerance);
}
