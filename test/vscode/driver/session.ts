// One run of the suite inside code-server: start the bridge, the server and Chromium, open the
// workbench with the extension under development and the suite as extension tests, stream the
// suite's events, and tear everything down (the server's whole process group) at the end.

import { appendFileSync, copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../../../scripts/code-server/browser.mjs';
import { startCodeServer, type Profile } from '../../../scripts/code-server/server.mjs';
import { startBridge, type SuiteEvent } from './bridge';

export interface SessionOptions {
  /** Names artifacts: test-artifacts/vscode/<label>-*. */
  label: string;
  entry: string;
  group: 'dev' | 'installed';
  workspace: string;
  profile: Profile;
  /** The folder loaded as the extension under development. */
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  /** The folder the convbook extension must be loaded from, checked by the suite. */
  expectExtensionPath?: string;
  artifactsDir: string;
  hardTimeoutMs: number;
  onEvent: (event: SuiteEvent) => void;
  /** After the suite exits, before teardown: the page is still open for inspection. */
  afterExit?: (page: import('playwright-core').Page) => Promise<void>;
}

export interface SessionOutcome {
  /** What run() reported: 0 resolved, 1 threw; null when it never reported (timeout, crash). */
  exitCode: number | null;
  timedOut: boolean;
  seconds: { serverUp: number; total: number };
  logFile: string;
}

export async function runSession(o: SessionOptions): Promise<SessionOutcome> {
  const started = Date.now();
  mkdirSync(o.artifactsDir, { recursive: true });
  // Screenshots and logs of an earlier run with this label would be mistaken for this run's.
  for (const name of readdirSync(o.artifactsDir)) if (name.startsWith(`${o.label}-`)) rmSync(join(o.artifactsDir, name), { force: true });
  const logFile = join(o.artifactsDir, `${o.label}-workbench.log`);
  writeFileSync(logFile, '');
  const log = (line: string) => appendFileSync(logFile, `${line}\n`);
  const verbose = Boolean(process.env.CONVBOOK_VSCODE_VERBOSE);

  const bridge = await startBridge({ onEvent: o.onEvent, screenshotDir: o.artifactsDir, screenshotPrefix: `${o.label}-` });
  let server: Awaited<ReturnType<typeof startCodeServer>> | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let serverUp = 0;
  try {
    const env: Record<string, string> = {
      CONVBOOK_TEST_BRIDGE: bridge.url,
      CONVBOOK_SUITE_GROUP: o.group,
    };
    if (o.expectExtensionPath) env.CONVBOOK_EXPECT_EXTENSION_PATH = o.expectExtensionPath;
    if (process.env.CONVBOOK_SUITE_ONLY) env.CONVBOOK_SUITE_ONLY = process.env.CONVBOOK_SUITE_ONLY;
    server = await startCodeServer({ entry: o.entry, folder: o.workspace, profile: o.profile, env });
    serverUp = (Date.now() - started) / 1000;
    log(`code-server up at ${server.url} after ${serverUp.toFixed(1)} s`);

    browser = await launchChromium();
    // Clipboard access for the "Copy formula" test (127.0.0.1 is a secure context).
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    bridge.setPage(page);

    let resolveExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((r) => { resolveExit = r; });
    // Both must exist before the workbench loads: it looks for them once, at startup.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = `[${type}] ${(Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`;
      log(line);
      if (verbose) console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      log(`codeAutomationExit(${code})`);
      resolveExit(code);
    });
    page.on('pageerror', (err) => log(`[pageerror] ${err.message}`));
    // Webview frames log here, not through codeAutomationLog.
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning' || msg.location().url.includes('/webview/browser/pre/')) log(`[browser ${msg.type()}] ${msg.text()} (${msg.location().url.slice(-80)})`);
    });

    await page.goto(server.workbenchUrl({ extensionDevelopmentPath: o.extensionDevelopmentPath, extensionTestsPath: o.extensionTestsPath }));

    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<null>((r) => { timer = setTimeout(() => r(null), o.hardTimeoutMs); });
    const exitCode = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    const timedOut = exitCode === null;
    if (timedOut) log(`hard timeout after ${o.hardTimeoutMs} ms`);
    await page.screenshot({ path: join(o.artifactsDir, `${o.label}-final.png`) }).catch(() => undefined);
    if (o.afterExit) await o.afterExit(page);
    return { exitCode, timedOut, seconds: { serverUp, total: (Date.now() - started) / 1000 }, logFile };
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) {
      await server.stop();
      try { copyFileSync(server.logFile, join(o.artifactsDir, `${o.label}-code-server.log`)); } catch { /* no log */ }
    }
    await bridge.close();
  }
}
