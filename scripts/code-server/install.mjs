// Installs code-server (VS Code 1.100 served to a browser) into .vscode-test/ so `npm start` and
// the VS Code test suite can run a real VS Code where the desktop build cannot be downloaded.
//
// The npm package's postinstall downloads ripgrep from GitHub and refuses to run as root without
// --unsafe-perm, so we install with scripts off and redo its steps by hand: build the native
// modules with `npm rebuild`, use the system ripgrep, and make the symlinks it would make.
// Everything happens in a `.partial` folder that is renamed only once the install has been
// verified, so an interrupted install is simply started again.
//
// Run directly to prepare the cache: `node scripts/code-server/install.mjs`.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync, copyFileSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, renameSync,
  rmSync, symlinkSync, writeFileSync, appendFileSync, lstatSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MARKER = '.convbook-install-complete';

/** The native modules VS Code's server needs; each must load, or the server fails later and obscurely. */
const VSCODE_NATIVE_MODULES = ['kerberos', 'node-pty', '@vscode/spdlog', '@parcel/watcher', 'native-watchdog'];

export function codeServerPaths(cacheDir = join(repoRoot, '.vscode-test')) {
  const dir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
  const pkg = join(dir, 'node_modules', 'code-server');
  return {
    cacheDir,
    dir,
    partial: `${dir}.partial`,
    lock: `${dir}.lock`,
    log: join(cacheDir, `code-server-${CODE_SERVER_VERSION}-install.log`),
    entry: join(pkg, 'out', 'node', 'entry.js'),
    marker: join(dir, MARKER),
  };
}

/** What the marker records; a different Node ABI means the native modules must be rebuilt. */
function installStamp() {
  return { version: CODE_SERVER_VERSION, nodeAbi: process.versions.modules, platform: `${process.platform}-${process.arch}` };
}

function isInstalled(paths) {
  try {
    const stamp = JSON.parse(readFileSync(paths.marker, 'utf8'));
    const want = installStamp();
    return stamp.version === want.version && stamp.nodeAbi === want.nodeAbi && stamp.platform === want.platform
      && existsSync(paths.entry);
  } catch {
    return false;
  }
}

/**
 * Returns the path of code-server's entry.js, installing code-server first when the cache lacks a
 * complete install. Safe to call from several processes at once: one installs, the others wait.
 */
export async function ensureCodeServer({ cacheDir, log = (m) => console.log(m), timeoutMs = 30 * 60_000 } = {}) {
  const paths = codeServerPaths(cacheDir);
  if (isInstalled(paths)) return { entry: paths.entry, dir: paths.dir, installedNow: false, seconds: 0 };
  if (Number(process.versions.node.split('.')[0]) !== 20) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 20; this is Node ${process.versions.node}`);
  }
  mkdirSync(paths.cacheDir, { recursive: true });
  const release = await acquireLock(paths.lock, timeoutMs, log);
  try {
    if (isInstalled(paths)) return { entry: paths.entry, dir: paths.dir, installedNow: false, seconds: 0 };
    const started = Date.now();
    log(`code-server ${CODE_SERVER_VERSION}: installing into ${paths.dir} (log: ${paths.log})`);
    await install(paths, log, started + timeoutMs);
    const seconds = Math.round((Date.now() - started) / 1000);
    log(`code-server ${CODE_SERVER_VERSION}: installed in ${seconds} s`);
    return { entry: paths.entry, dir: paths.dir, installedNow: true, seconds };
  } finally {
    release();
  }
}

async function install(paths, log, deadline) {
  writeFileSync(paths.log, `install started ${new Date().toISOString()}\n`);
  rmSync(paths.partial, { recursive: true, force: true });
  rmSync(paths.dir, { recursive: true, force: true });
  mkdirSync(paths.partial, { recursive: true });
  const top = paths.partial;
  const pkg = join(top, 'node_modules', 'code-server');
  const vscode = join(pkg, 'lib', 'vscode');
  const run = (title, cmd, args, cwd, env = {}) => runStep({ title, cmd, args, cwd, env, logFile: paths.log, log, deadline });
  // Install scripts are off for the downloads and explicitly on for the rebuilds: npm 11 may
  // otherwise refuse scripts it has not been told to allow.
  const scriptsOn = { npm_config_ignore_scripts: 'false', npm_config_yes: 'true', npm_config_foreground_scripts: 'true', ...localNodeHeaders() };

  writeFileSync(join(top, 'package.json'), JSON.stringify({ name: 'convbook-code-server', private: true }, null, 2));
  await run('download code-server', 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], top);
  await run('download VS Code server dependencies', 'npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], vscode);

  // Before the rebuild: @vscode/ripgrep's install script downloads rg unless bin/ already exists.
  const rgBin = join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  copyFileSync(systemRipgrep(), join(rgBin, 'rg'));
  chmodSync(join(rgBin, 'rg'), 0o755);

  await run('build VS Code native modules', 'npm', ['rebuild', '--ignore-scripts=false'], vscode, scriptsOn);

  // The symlinks code-server's postinstall.sh makes (paths relative to lib/vscode).
  replaceWithSymlink('node_modules', join(vscode, 'node_modules.asar'));
  replaceWithSymlink('code-linux.sh', join(vscode, 'bin', 'remote-cli', 'code-server'));
  replaceWithSymlink('browser-linux.sh', join(vscode, 'bin', 'helpers', 'browser.sh'));

  await run('install built-in extension dependencies', 'npm', ['install', '--omit=dev', '--no-audit', '--no-fund'], join(vscode, 'extensions'), scriptsOn);
  await run('build argon2', 'npm', ['rebuild', 'argon2', '--ignore-scripts=false'], top, scriptsOn);

  verify(top, vscode, paths.log);
  writeFileSync(join(top, MARKER), JSON.stringify({ ...installStamp(), installedAt: new Date().toISOString() }, null, 2));
  renameSync(paths.partial, paths.dir);
}

/**
 * node-gyp downloads Node's headers from outside npm unless told where they are. Node's own
 * packages (nodesource's, Debian's libnode-dev) install them beside the binary: use those, which
 * also match the running Node exactly.
 */
function localNodeHeaders() {
  const prefix = dirname(dirname(process.execPath));
  if (process.env.npm_config_nodedir || !existsSync(join(prefix, 'include', 'node', 'node_version.h'))) return {};
  return { npm_config_nodedir: prefix };
}

function systemRipgrep() {
  const found = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('ripgrep (rg) is not installed; install it with `apt-get install ripgrep`');
  return found;
}

function replaceWithSymlink(target, linkPath) {
  try {
    lstatSync(linkPath);
    rmSync(linkPath, { recursive: true, force: true });
  } catch { /* absent */ }
  symlinkSync(target, linkPath);
}

/** Loads every native module in a fresh process, so a silently skipped build fails here. */
function verify(top, vscode, logFile) {
  const checks = [
    { cwd: vscode, modules: VSCODE_NATIVE_MODULES },
    { cwd: top, modules: ['argon2'] },
  ];
  for (const { cwd, modules } of checks) {
    const code = `for (const m of ${JSON.stringify(modules)}) require(m);`;
    const r = spawnSync(process.execPath, ['-e', code], { cwd, encoding: 'utf8' });
    appendFileSync(logFile, `\n$ verify ${modules.join(', ')}\n${r.stdout}${r.stderr}`);
    if (r.status !== 0) {
      throw new Error(`code-server install: native modules do not load (${modules.join(', ')}):\n${r.stderr.slice(-2000)}`);
    }
  }
  const rg = spawnSync(join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'), ['--version'], { encoding: 'utf8' });
  if (rg.status !== 0) throw new Error('code-server install: the copied ripgrep does not run');
}

function runStep({ title, cmd, args, cwd, env, logFile, log, deadline }) {
  const started = Date.now();
  appendFileSync(logFile, `\n$ (${cwd}) ${cmd} ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const fd = openSync(logFile, 'a');
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, npm_config_update_notifier: 'false', ...env },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    const timer = setTimeout(() => child.kill('SIGKILL'), Math.max(1000, deadline - Date.now()));
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 0) {
        log(`code-server install: ${title} (${seconds} s)`);
        resolve();
        return;
      }
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      reject(new Error(`code-server install: "${title}" failed (${signal ?? `exit ${code}`}) after ${seconds} s; see ${logFile}\n${tail}`));
    });
  });
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** A directory lock holding the owner's pid; a lock left by a dead process is taken over. */
async function acquireLock(lock, timeoutMs, log) {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let owner = NaN;
    try { owner = Number(readFileSync(join(lock, 'pid'), 'utf8')); } catch { /* being written */ }
    if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for another code-server install (lock ${lock})`);
    if (!announced) {
      log(`code-server: another process (pid ${owner}) is installing; waiting`);
      announced = true;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureCodeServer().then(
    (r) => console.log(r.entry),
    (err) => { console.error(err.message); process.exit(1); },
  );
}
