// The driver's half of the bridge (see suite/bridge.ts): an HTTP server on 127.0.0.1 that receives
// the suite's plan and results and answers its questions about the page, using Playwright.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page, Request } from 'playwright-core';
import { RENDERER_EVALUATED_MARK } from '../../../contract';
import type { BridgeRequest, RendererStart, WebviewQuery, WebviewSnapshot } from './protocol';

export type SuiteEvent =
  | { type: 'plan'; names: string[] }
  | { type: 'result'; name: string; ok: boolean; ms: number; error?: string; figures?: string[] };

export interface Bridge {
  url: string;
  /** Set once the page exists; DOM questions before that fail. */
  setPage(page: Page): void;
  close(): Promise<void>;
}

export async function startBridge(options: {
  onEvent: (event: SuiteEvent) => void;
  screenshotDir: string;
  screenshotPrefix: string;
}): Promise<Bridge> {
  let page: Page | undefined;
  // Resource loads of webviews in flight. VS Code's webview service worker answers them through
  // the webview that asked; when that webview closes first, the request hangs for the worker's
  // 30 s timeout, and the next webview cannot start until then. Tests wait for these to finish
  // before closing a notebook.
  const webviewLoads = new Set<Request>();
  const isWebviewLoad = (r: Request) => /vscode-cdn\.net|vscode-resource/.test(r.url());
  const needPage = (): Page => {
    if (!page) throw new Error('no page yet');
    return page;
  };

  async function handle(req: BridgeRequest): Promise<unknown> {
    switch (req.op) {
      case 'plan':
        options.onEvent({ type: 'plan', names: req.names });
        return null;
      case 'result':
        options.onEvent({ type: 'result', name: req.name, ok: req.ok, ms: req.ms, error: req.error, figures: req.figures });
        return null;
      case 'webview':
        return queryWebview(needPage(), req.query);
      case 'notifications':
        return { texts: await notifications(needPage(), req.waitForText, req.timeoutMs ?? 10_000) };
      case 'settle': {
        const deadline = Date.now() + (req.timeoutMs ?? 10_000);
        let quietSince = Date.now();
        for (;;) {
          if (webviewLoads.size > 0) quietSince = Date.now();
          else if (Date.now() - quietSince >= 300) break;
          if (Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        return { pending: webviewLoads.size };
      }
      case 'watchDrawn':
        return watchDrawn(needPage(), req.texts);
      case 'drawnAt':
        return drawnAt(needPage(), req.timeoutMs ?? 20_000);
      case 'rendererStart':
        return rendererStart(needPage());
      case 'screenshot': {
        mkdirSync(options.screenshotDir, { recursive: true });
        const path = join(options.screenshotDir, `${options.screenshotPrefix}${req.name.replace(/[^\w.-]+/g, '-')}.png`);
        await needPage().screenshot({ path });
        return { path };
      }
    }
  }

  const server: Server = createServer((req, res) => {
    readBody(req).then(async (body) => {
      const answer = await handle(JSON.parse(body) as BridgeRequest);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer ?? null));
    }).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(err instanceof Error ? err.message : String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setPage(p) {
      page = p;
      const context = p.context();
      context.on('request', (r) => { if (isWebviewLoad(r)) webviewLoads.add(r); });
      context.on('requestfinished', (r) => webviewLoads.delete(r));
      context.on('requestfailed', (r) => webviewLoads.delete(r));
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The outputs document of the visible notebook editor. Every webview is an iframe running VS Code's
 * webview host page, whose child frame holds the content; a notebook's content has a #container
 * for the outputs (a calculator panel's does not).
 */
async function visibleNotebookOutputs(page: Page): Promise<Frame | undefined> {
  for (const outer of page.frames()) {
    if (outer.parentFrame() !== page.mainFrame() || !outer.url().includes('/webview/browser/pre/')) continue;
    const element = await outer.frameElement().catch(() => null);
    if (!element || !(await element.isVisible().catch(() => false))) continue;
    for (const inner of outer.childFrames()) {
      const isNotebook = await inner.evaluate(() => document.getElementById('container') !== null).catch(() => false);
      if (isNotebook) return inner;
    }
  }
  return undefined;
}

/**
 * Text of every text node (open shadow roots included), one space between nodes. A string, not a
 * function: tsx compiles functions with helpers (__name) that do not exist inside the page.
 */
const COLLECT_TEXT = `(() => {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const t = (node.textContent || '').replace(/\\s+/g, ' ').trim();
      if (t) parts.push(t);
      return;
    }
    if (node instanceof Element) {
      if (node.tagName === 'SCRIPT' || node.tagName === 'STYLE') return;
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    for (const child of Array.from(node.childNodes)) walk(child);
  };
  walk(document.body);
  return parts.join(' ');
})()`;

async function snapshot(frame: Frame, query: WebviewQuery): Promise<WebviewSnapshot> {
  const text = await frame.evaluate<string>(COLLECT_TEXT).catch(() => '');
  const counts: Record<string, number> = {};
  for (const selector of Object.keys(query.selectors ?? {})) {
    counts[selector] = await frame.locator(selector).count().catch(() => 0);
  }
  const satisfied = (query.texts ?? []).every((t) => text.includes(t))
    && Object.entries(query.selectors ?? {}).every(([s, min]) => counts[s] >= min);
  return { satisfied, text, counts };
}

async function queryWebview(page: Page, query: WebviewQuery): Promise<WebviewSnapshot> {
  const deadline = Date.now() + (query.timeoutMs ?? 15_000);
  let last: WebviewSnapshot = { satisfied: false, text: '', counts: {} };
  for (;;) {
    const frame = await visibleNotebookOutputs(page);
    if (frame) {
      last = await snapshot(frame, query);
      if (last.satisfied) return last;
    }
    if (Date.now() > deadline) return last;
    await page.waitForTimeout(200);
  }
}

async function notifications(page: Page, waitForText: string | undefined, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const texts = await page.locator('.notification-list-item-message').allInnerTexts().catch(() => [] as string[]);
    if (!waitForText || texts.some((t) => t.includes(waitForText)) || Date.now() > deadline) return texts;
    await page.waitForTimeout(200);
  }
}


/**
 * Installed in the outputs frame by watchDrawn: marks the renderer outputs (.cb-host) there now,
 * then checks every animation frame for a new one whose text holds all of `texts`, and keeps the
 * first time one does in window.__convbookDrawnAt. A string for the same reason as COLLECT_TEXT.
 */
function drawWatcher(texts: string[]): string {
  return `(() => {
    const texts = ${JSON.stringify(texts)};
    const textOf = (node) => {
      const parts = [];
      const walk = (n) => {
        if (n.nodeType === Node.TEXT_NODE) { const t = (n.textContent || '').replace(/\\s+/g, ' ').trim(); if (t) parts.push(t); return; }
        if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
        for (const c of Array.from(n.childNodes)) walk(c);
      };
      walk(node);
      return parts.join(' ');
    };
    for (const host of document.querySelectorAll('.cb-host')) host.dataset.cbSeen = '1';
    window.__convbookDrawnAt = undefined;
    const check = () => {
      const fresh = [...document.querySelectorAll('.cb-host:not([data-cb-seen])')];
      for (const host of fresh) {
        const text = textOf(host);
        if (texts.every((t) => text.includes(t))) {
          window.__convbookDrawnAt = Date.now();
          window.__convbookPaintMs = fresh.reduce((sum, h) => sum + Number(h.dataset.cbPaintMs || 0), 0);
          return;
        }
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
    return true;
  })()`;
}

let watchedFrame: Frame | undefined;

async function watchDrawn(page: Page, texts: string[]): Promise<{ watching: boolean; why?: string }> {
  watchedFrame = await visibleNotebookOutputs(page);
  if (!watchedFrame) return { watching: false, why: 'no visible notebook outputs frame' };
  return watchedFrame.evaluate<boolean>(drawWatcher(texts)).then(
    (watching) => ({ watching }),
    (err: unknown) => ({ watching: false, why: `the watcher failed: ${String(err)}` }),
  );
}

async function drawnAt(page: Page, timeoutMs: number): Promise<{ at: number | null; paintMs?: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = await watchedFrame?.evaluate<{ at?: number; paintMs?: number }>('({ at: window.__convbookDrawnAt, paintMs: window.__convbookPaintMs })').catch(() => undefined);
    if (typeof seen?.at === 'number') return { at: seen.at, paintMs: seen.paintMs };
    if (Date.now() > deadline) return { at: null };
    await page.waitForTimeout(50);
  }
}

/** Read in the outputs frame. A string for the same reason as COLLECT_TEXT. */
const RENDERER_START = `(() => {
  const entry = performance.getEntriesByType('resource').find((e) => /\\/renderer\\.js(\\?|$)/.test(e.name));
  const mark = performance.getEntriesByName(${JSON.stringify(RENDERER_EVALUATED_MARK)})[0];
  return {
    requested: entry ? entry.startTime : null,
    received: entry ? entry.responseEnd : null,
    evaluated: mark ? mark.startTime : null,
  };
})()`;

async function rendererStart(page: Page): Promise<RendererStart | null> {
  const frame = await visibleNotebookOutputs(page);
  return frame ? frame.evaluate<RendererStart>(RENDERER_START).catch(() => null) : null;
}
