// Starts and stops one code-server instance: a fresh user-data and extensions folder per run, a
// free port on 127.0.0.1, no auth, no telemetry, no trust prompt, no welcome page. The server is
// started in its own process group because the extension host it forks outlives the browser;
// stop() ends the whole group.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Settings every run starts with: nothing opens by itself and nothing asks questions. */
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  // The extension host talks to the test driver on 127.0.0.1; no proxy must come in between.
  'http.proxySupport': 'off',
  'notebook.confirmDeleteRunningCell': false,
  'files.hotExit': 'off',
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A fresh user-data and extensions folder, with our settings written before the first start. */
export function makeProfile({ settings = {}, tmp } = {}) {
  const dir = tmp ?? mkdtempSync(join(tmpdir(), 'convbook-code-server-'));
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  return { dir, userDataDir, extensionsDir };
}

/** `code-server --install-extension file.vsix` into the profile's extensions folder. */
export function installExtension(entry, profile, vsixPath) {
  const r = spawnSync(process.execPath, [
    entry, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir,
    '--install-extension', vsixPath, '--force',
  ], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`--install-extension ${vsixPath} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

/**
 * Starts code-server serving `folder` and waits until /healthz answers.
 * Returns { url, port, profile, logFile, workbenchUrl(options), stop() }.
 */
export async function startCodeServer({
  entry, folder, port, profile = makeProfile(), env = {}, host = '127.0.0.1', startTimeoutMs = 60_000, extraArgs = [],
}) {
  const usePort = port ?? (await freePort());
  const config = join(profile.dir, 'config.yaml');
  writeFileSync(config, `bind-addr: ${host}:${usePort}\nauth: none\ncert: false\n`);
  const logFile = join(profile.dir, 'code-server.log');
  const fd = openSync(logFile, 'a');
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `${host}:${usePort}`,
    '--config', config,
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...extraArgs,
  ];
  if (folder) args.push(folder);
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, ...env },
  });
  closeSync(fd);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });

  const base = `http://${host}:${usePort}`;
  const stop = async () => {
    if (exited === null) {
      killGroup(child.pid, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (exited === null && Date.now() < deadline) await sleep(100);
    }
    // The group may hold the extension host and its workers even after the server is gone.
    killGroup(child.pid, 'SIGKILL');
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited (${exited.signal ?? exited.code}) before it was up:\n${tail(logFile)}`);
    if (await healthy(base)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${base}/healthz within ${startTimeoutMs} ms:\n${tail(logFile)}`);
    }
    await sleep(150);
  }

  return {
    url: base,
    port: usePort,
    host,
    pid: child.pid,
    profile,
    logFile,
    get exited() { return exited; },
    /** The workbench URL for `folder`, optionally with an extension under development, extension tests and a file to open. */
    workbenchUrl({ folder: open = folder, extensionDevelopmentPath, extensionTestsPath, openFile } = {}) {
      const remote = (p) => `vscode-remote://${host}:${usePort}${p}`;
      const payload = [];
      if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      if (openFile) payload.push(['openFile', remote(openFile)]);
      let url = `${base}/?folder=${encodeURIComponent(open)}`;
      if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return url;
    },
    stop,
  };
}

function killGroup(pid, signal) {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

async function healthy(base) {
  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

function tail(file) {
  try { return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n'); } catch { return ''; }
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export function removeProfile(profile) {
  rmSync(profile.dir, { recursive: true, force: true });
}
