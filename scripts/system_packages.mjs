// The Debian packages `npm test` and `npm start` need beyond Node and npm, and the step that
// installs them. Nothing is remembered between runs: every run asks dpkg what is installed, so an
// apt step that failed half-way is simply seen as "still missing" next time.
//
// - chromium drives the renderer tests and the embedded VS Code (code-server) of the VS Code suite;
// - ripgrep and the -dev libraries let code-server build its native modules without downloading
//   anything (its own install scripts would fetch prebuilt binaries from outside npm).
//
// `planSetup` is the decision, kept apart from the commands so it can be tested case by case.
import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What each package is for, in the words printed to the user. */
export const PURPOSE = {
  chromium: 'headless browser for the renderer tests and the VS Code suite',
  ripgrep: 'search inside the embedded VS Code (code-server)',
  'libkrb5-dev': "headers for code-server's kerberos module",
  'libx11-dev': "headers for code-server's keyboard-layout module",
  'libxkbfile-dev': "headers for code-server's keyboard-layout module",
  'libsecret-1-dev': "headers for code-server's credential module",
  'g++': "compiler for code-server's native modules",
  make: "build tool for code-server's native modules",
  python3: "node-gyp's interpreter, for code-server's native modules",
};

const CODE_SERVER = ['ripgrep', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'g++', 'make', 'python3'];

/**
 * The packages a command needs. `npm test` runs suites (unit needs none); `npm start` needs
 * code-server's build packages unless desktop VS Code is on PATH.
 */
export function packagesFor(command, { suites = [], desktopCode = false } = {}) {
  if (command === 'start') return desktopCode ? [] : [...CODE_SERVER];
  const need = new Set();
  if (suites.includes('browser') || suites.includes('vscode')) need.add('chromium');
  if (suites.includes('vscode')) for (const p of CODE_SERVER) need.add(p);
  return [...need];
}

/**
 * What to do about the missing packages:
 * - `none`: all present;
 * - `install`: root with apt-get, so install them non-interactively;
 * - `instruct`: print `command` for the user to run and stop (non-zero);
 * - `unchecked`: no dpkg to ask (not a Debian-like system); say what is expected and go on.
 */
export function planSetup({ wanted, missing, isRoot, hasApt, hasDpkg }) {
  if (!hasDpkg) return { action: 'unchecked', packages: wanted };
  if (missing.length === 0) return { action: 'none', packages: [] };
  const install = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (!hasApt) return { action: 'instruct', packages: missing, command: install, why: 'apt-get is not available' };
  if (!isRoot) return { action: 'instruct', packages: missing, command: `sudo apt-get update && sudo ${install}`, why: 'installing them needs root' };
  return { action: 'install', packages: missing };
}

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

const APT_LOG = join(tmpdir(), 'convbook-apt.log');

/** The real system, as `ensureSystemPackages` sees it; tests pass their own. */
export const debianSystem = {
  isRoot: () => typeof process.getuid === 'function' && process.getuid() === 0,
  hasApt: () => which('apt-get'),
  hasDpkg: () => which('dpkg-query'),
  installed(pkg) {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return r.status === 0 && r.stdout.trim() === 'install ok installed';
  },
  /** Runs apt-get with its output in a log file (dpkg is verbose); returns true when it exited 0. */
  apt(args) {
    appendFileSync(APT_LOG, `\n$ apt-get ${args.join(' ')}\n`);
    const fd = openSync(APT_LOG, 'a');
    const r = spawnSync('apt-get', args, {
      stdio: ['ignore', fd, fd],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    closeSync(fd);
    return r.status === 0;
  },
  /** The end of apt's log, shown when it failed. */
  aptLogTail() {
    try {
      return `${readFileSync(APT_LOG, 'utf8').split('\n').slice(-25).join('\n')}\n(full log: ${APT_LOG})`;
    } catch {
      return '';
    }
  },
  now: () => Date.now(),
};

/**
 * Makes sure `wanted` are installed. Returns { ok: true } when the command can go on, or
 * { ok: false, message } with the one command the user has to run.
 */
export function ensureSystemPackages(wanted, { system = debianSystem, log = console.log, label = 'setup' } = {}) {
  if (wanted.length === 0) return { ok: true, installed: [] };
  const hasDpkg = system.hasDpkg();
  const missing = hasDpkg ? wanted.filter((p) => !system.installed(p)) : wanted;
  const plan = planSetup({ wanted, missing, isRoot: system.isRoot(), hasApt: system.hasApt(), hasDpkg });
  const list = (pkgs) => pkgs.map((p) => `  ${p}: ${PURPOSE[p] ?? 'needed'}`).join('\n');
  switch (plan.action) {
    case 'none':
      return { ok: true, installed: [] };
    case 'unchecked':
      log(`${label}: cannot check system packages here (no dpkg); this needs the equivalents of:\n${list(plan.packages)}`);
      return { ok: true, installed: [] };
    case 'instruct':
      return {
        ok: false,
        message: `${label}: these system packages are missing and ${plan.why}:\n${list(plan.packages)}\nRun:\n  ${plan.command}\nthen run this command again.`,
      };
    case 'install': {
      log(`${label}: installing ${plan.packages.length} system package(s) with apt-get:\n${list(plan.packages)}`);
      const started = system.now();
      // Another apt (an unattended upgrade, a second setup) may hold dpkg's lock: wait for it.
      const lock = ['-o', 'DPkg::Lock::Timeout=300'];
      const ok = system.apt([...lock, 'update', '-qq']) && system.apt([...lock, 'install', '-y', '-qq', '--no-install-recommends', ...plan.packages]);
      const still = plan.packages.filter((p) => !system.installed(p));
      const seconds = ((system.now() - started) / 1000).toFixed(1);
      if (!ok || still.length) {
        const retry = `apt-get install -y --no-install-recommends ${(still.length ? still : plan.packages).join(' ')}`;
        const tail = system.aptLogTail?.() ?? '';
        return { ok: false, message: `${tail ? `${tail}\n` : ''}${label}: apt-get failed after ${seconds} s; still missing: ${still.join(', ') || '(apt reported an error)'}.\nFix the apt error above, then run:\n  ${retry}` };
      }
      log(`${label}: installed ${plan.packages.join(', ')} in ${seconds} s`);
      return { ok: true, installed: plan.packages };
    }
  }
}
