// The suite's line to the node-side driver (test/vscode/driver/bridge.ts): an HTTP endpoint on
// 127.0.0.1 whose address arrives in CONVBOOK_TEST_BRIDGE. Through it the suite reports results and
// asks for what only the browser can see: the renderer's DOM inside the notebook webview, the
// workbench's notifications, screenshots. Without a driver (the desktop host) every query
// answers null and the DOM checks are skipped.

import * as http from 'node:http';
import type { BridgeRequest, RendererStart, WebviewQuery, WebviewSnapshot } from '../driver/protocol';

const address = process.env.CONVBOOK_TEST_BRIDGE;

function call<T>(request: BridgeRequest): Promise<T | null> {
  if (!address) return Promise.resolve(null);
  const body = JSON.stringify(request);
  return new Promise((resolve, reject) => {
    const req = http.request(`${address}/rpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      agent: false,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          reject(new Error(`driver bridge: ${request.op} failed (${res.statusCode}): ${text}`));
          return;
        }
        resolve(text ? (JSON.parse(text) as T) : null);
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const bridge = {
  /** True when a driver is listening (code-server host), false under the desktop host. */
  available: Boolean(address),
  plan: (names: string[]) => call<void>({ op: 'plan', names }),
  result: (r: { name: string; ok: boolean; ms: number; error?: string; figures?: string[] }) => call<void>({ op: 'result', ...r }),
  /** Waits until the visible notebook webview's outputs satisfy `query`, and returns what they show. */
  webview: (query: WebviewQuery) => call<WebviewSnapshot>({ op: 'webview', query }),
  /** The text of the workbench's notification toasts and notification center. */
  notifications: (waitForText?: string, timeoutMs?: number) =>
    call<{ texts: string[] }>({ op: 'notifications', waitForText, timeoutMs }),
  /** Waits until the webviews have loaded every resource they asked for (see driver/bridge.ts). */
  settle: (timeoutMs?: number) => call<{ pending: number }>({ op: 'settle', timeoutMs }),
  screenshot: (name: string) => call<{ path: string }>({ op: 'screenshot', name }),
  /** Starts noting when a new renderer output showing all of `texts` is drawn (see drawnAt). */
  watchDrawn: (texts: string[]) => call<{ watching: boolean; why?: string }>({ op: 'watchDrawn', texts }),
  /** The webview's Date.now() when the watched output was drawn, or null by the timeout; with the renderer's own drawing time. */
  drawnAt: (timeoutMs?: number) => call<{ at: number | null; paintMs?: number }>({ op: 'drawnAt', timeoutMs }),
  /** When the renderer bundle was requested, received and evaluated in the visible notebook webview. */
  rendererStart: () => call<RendererStart | null>({ op: 'rendererStart' }),
};
