// Drives the extension inside a real VS Code: code-server (VS Code 1.100) in headless Chromium.
// The suite (test/vscode/suite) runs in the extension host; every test it runs appears here as a
// node:test subtest. Two runs: the extension loaded from the repo (everything), and the packaged
// .vsix installed with --install-extension (activation and a cell run).
//
// code-server is installed on first use into .vscode-test/ (about a minute, cached afterwards).
// CONVBOOK_SUITE_ONLY=<regex> runs a subset; CONVBOOK_VSCODE_VERBOSE=1 echoes the workbench log.
// Screenshots and logs land in test-artifacts/vscode/.
// CONVBOOK_VSCODE_HOST=desktop runs the suite in VS Code desktop instead (@vscode/test-cli with
// .vscode-test.mjs; it downloads VS Code 1.100.3), for machines that can.

import { spawnSync } from 'node:child_process';
import { test, type TestContext } from 'node:test';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer, type EnsuredCodeServer } from '../../scripts/code-server/install.mjs';
import { installExtension, makeProfile, removeProfile } from '../../scripts/code-server/server.mjs';
import { checkVsix, packageVsix } from '../../scripts/package-check.mjs';
import type { SuiteEvent } from './driver/bridge';
import { buildSuite, repoRoot } from './driver/build-suite';
import { runSession, type SessionOptions } from './driver/session';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
const artifactsDir = join(repoRoot, 'test-artifacts', 'vscode');
const minutes = (m: number) => m * 60_000;
const hardTimeout = Number(process.env.CONVBOOK_VSCODE_TIMEOUT_MS) || minutes(20);

let installing: Promise<EnsuredCodeServer> | undefined;
const codeServer = () => (installing ??= ensureCodeServer({ log: (m) => console.log(`# ${m}`) }));

/** A throwaway copy of the fixtures, the model fixtures and the examples, so nothing in the repo is modified. */
function makeWorkspace(): { dir: string; dispose(): void } {
  const tmp = mkdtempSync(join(tmpdir(), 'convbook-vscode-ws-'));
  const dir = join(tmp, 'workspace');
  cpSync(join(repoRoot, 'test', 'vscode', 'workspace'), dir, { recursive: true });
  const examples = join(repoRoot, 'examples');
  if (existsSync(examples)) cpSync(examples, join(dir, 'examples'), { recursive: true });
  else mkdirSync(join(dir, 'examples'));
  // The model fixtures, traced by the editor (suite/trace.ts); truth.json stays behind.
  cpSync(join(repoRoot, 'test', 'fixtures', 'models'), join(dir, 'models'), { recursive: true, filter: (src) => !/\.(json|md)$/.test(src) });
  return { dir, dispose: () => rmSync(tmp, { recursive: true, force: true }) };
}

/**
 * Runs one session and turns the suite's results into subtests as they arrive; tests the suite
 * planned but never reported (a crash or the hard timeout) fail as subtests too.
 */
async function runAsSubtests(t: TestContext, options: Omit<SessionOptions, 'onEvent'>): Promise<void> {
  const queue: SuiteEvent[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  const onEvent = (event: SuiteEvent) => {
    queue.push(event);
    wake?.();
  };
  const session = runSession({ ...options, onEvent }).finally(() => {
    finished = true;
    wake?.();
  });
  session.catch(() => undefined);

  const planned: string[] = [];
  const reported = new Set<string>();
  let failed = 0;
  for (;;) {
    while (queue.length > 0) {
      const event = queue.shift()!;
      if (event.type === 'plan') {
        planned.push(...event.names);
        t.diagnostic(`${options.label}: ${event.names.length} VS Code test(s) planned`);
        continue;
      }
      reported.add(event.name);
      if (!event.ok) failed++;
      await t.test(event.name, (st) => {
        st.diagnostic(`${event.ms} ms in VS Code`);
        for (const figure of event.figures ?? []) st.diagnostic(figure);
        if (event.ok) return;
        // The stack that matters is the extension host's, already in the message.
        const err = new Error(event.error ?? 'failed');
        err.stack = `Error: ${event.error ?? 'failed'}`;
        throw err;
      });
    }
    if (finished) break;
    await new Promise<void>((resolve) => { wake = resolve; });
    wake = undefined;
  }

  const outcome = await session;
  t.diagnostic(`${options.label}: server up in ${outcome.seconds.serverUp.toFixed(1)} s, run took ${outcome.seconds.total.toFixed(1)} s; log ${outcome.logFile}`);
  const why = outcome.timedOut ? `the run hit its hard timeout (${options.hardTimeoutMs} ms)` : `the run ended with code ${outcome.exitCode}`;
  for (const name of planned.filter((n) => !reported.has(n))) {
    failed++;
    await t.test(name, () => { throw new Error(`did not report a result: ${why}; see ${outcome.logFile}`); });
  }
  if (planned.length === 0) throw new Error(`the suite never started (${why}); see ${outcome.logFile}`);
  if (outcome.exitCode !== 0 && failed === 0) throw new Error(`${why} although no test failed; see ${outcome.logFile}`);
}

const desktop = process.env.CONVBOOK_VSCODE_HOST === 'desktop';

test('VS Code desktop (@vscode/test-cli)', { skip: !desktop && 'CONVBOOK_VSCODE_HOST is not "desktop"', timeout: hardTimeout }, () => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules', '@vscode', 'test-cli', 'out', 'bin.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vscode-test exited with ${r.status ?? r.signal}`);
});

test('code-server is installed (cached in .vscode-test/)', { skip: desktop && 'desktop host selected', timeout: minutes(30) }, async (t) => {
  const started = Date.now();
  const cs = await codeServer();
  t.diagnostic(cs.installedNow ? `installed in ${cs.seconds} s` : `cached (${((Date.now() - started) / 1000).toFixed(1)} s)`);
});

test('VS Code: the extension from the repo', { skip: desktop && 'desktop host selected', timeout: hardTimeout + minutes(2) }, async (t) => {
  const { entry } = await codeServer();
  const suite = await buildSuite();
  const ws = makeWorkspace();
  const profile = makeProfile();
  try {
    await runAsSubtests(t, {
      label: 'dev',
      entry,
      group: 'dev',
      workspace: ws.dir,
      profile,
      extensionDevelopmentPath: repoRoot.replace(/\/$/, ''),
      extensionTestsPath: suite,
      expectExtensionPath: repoRoot.replace(/\/$/, ''),
      artifactsDir,
      hardTimeoutMs: hardTimeout,
    });
  } finally {
    removeProfile(profile);
    ws.dispose();
  }
});

test('VS Code: the packaged .vsix, installed with --install-extension', { skip: desktop && 'desktop host selected', timeout: minutes(12) }, async (t) => {
  const { entry } = await codeServer();
  const suite = await buildSuite();
  const vsix = packageVsix();
  const { problems } = checkVsix(vsix);
  if (problems.length) t.diagnostic(`package problems (checked in test/unit/package): ${problems.join('; ')}`);
  const ws = makeWorkspace();
  const profile = makeProfile();
  try {
    installExtension(entry, profile, vsix);
    await runAsSubtests(t, {
      label: 'installed',
      entry,
      group: 'installed',
      workspace: ws.dir,
      profile,
      extensionDevelopmentPath: join(repoRoot, 'test', 'vscode', 'host-extension'),
      extensionTestsPath: suite,
      expectExtensionPath: join(profile.extensionsDir, `convbook.convbook-${manifest.version}`),
      artifactsDir,
      hardTimeoutMs: minutes(8),
    });
  } finally {
    removeProfile(profile);
    rmSync(join(vsix, '..'), { recursive: true, force: true });
    ws.dispose();
  }
});
