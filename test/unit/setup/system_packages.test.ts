// The setup step of `npm test` / `npm start`: which Debian packages each command needs, and what it
// does about missing ones, for each case of the machine it runs on (a fake system records calls).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ensureSystemPackages, packagesFor, planSetup, type SystemAccess } from '../../../scripts/system_packages.mjs';

function fakeSystem(opts: { root: boolean; apt: boolean; dpkg?: boolean; installed: string[]; aptWorks?: boolean; aptInstallsOnly?: string[] }) {
  const installed = new Set(opts.installed);
  const aptCalls: string[][] = [];
  let clock = 0;
  const system: SystemAccess = {
    isRoot: () => opts.root,
    hasApt: () => opts.apt,
    hasDpkg: () => opts.dpkg ?? true,
    installed: (p) => installed.has(p),
    apt(args) {
      aptCalls.push(args);
      clock += 1500;
      const verb = args.find((a) => a === 'install' || a === 'update');
      if (verb !== 'install') return true;
      const pkgs = args.slice(args.indexOf('install') + 1).filter((a) => !a.startsWith('-'));
      for (const p of pkgs) if (!opts.aptInstallsOnly || opts.aptInstallsOnly.includes(p)) installed.add(p);
      return opts.aptWorks ?? true;
    },
    now: () => clock,
  };
  return { system, aptCalls, installed };
}

describe('packagesFor', () => {
  it('unit tests need nothing; browser tests need chromium; the VS Code suite also needs what code-server builds with', () => {
    assert.deepEqual(packagesFor('test', { suites: ['unit'] }), []);
    assert.deepEqual(packagesFor('test', { suites: ['unit', 'browser'] }), ['chromium']);
    const all = packagesFor('test', { suites: ['unit', 'browser', 'vscode'] });
    for (const p of ['chromium', 'ripgrep', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev']) assert.ok(all.includes(p), p);
  });

  it('npm start needs none of it when desktop VS Code is on PATH', () => {
    assert.deepEqual(packagesFor('start', { desktopCode: true }), []);
    const server = packagesFor('start', { desktopCode: false });
    assert.ok(server.includes('ripgrep') && !server.includes('chromium'));
  });
});

describe('planSetup', () => {
  const wanted = ['chromium', 'ripgrep'];
  it('root with apt installs exactly what is missing', () => {
    assert.deepEqual(planSetup({ wanted, missing: ['ripgrep'], isRoot: true, hasApt: true, hasDpkg: true }), { action: 'install', packages: ['ripgrep'] });
  });
  it('not root: one exact sudo command', () => {
    const plan = planSetup({ wanted, missing: wanted, isRoot: false, hasApt: true, hasDpkg: true });
    assert.equal(plan.action, 'instruct');
    assert.equal(plan.command, 'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium ripgrep');
  });
  it('no apt-get: the command, and why', () => {
    const plan = planSetup({ wanted, missing: ['chromium'], isRoot: true, hasApt: false, hasDpkg: true });
    assert.equal(plan.action, 'instruct');
    assert.match(plan.why ?? '', /apt-get is not available/);
  });
  it('packages present: nothing to do', () => {
    assert.equal(planSetup({ wanted, missing: [], isRoot: false, hasApt: false, hasDpkg: true }).action, 'none');
  });
});

describe('ensureSystemPackages', () => {
  it('root with apt: updates, installs the missing ones only, and says for what and how long', () => {
    const { system, aptCalls } = fakeSystem({ root: true, apt: true, installed: ['chromium'] });
    const lines: string[] = [];
    const r = ensureSystemPackages(['chromium', 'ripgrep'], { system, log: (m) => lines.push(m), label: 'npm test' });
    assert.deepEqual(r, { ok: true, installed: ['ripgrep'] });
    const lock = ['-o', 'DPkg::Lock::Timeout=300'];
    assert.deepEqual(aptCalls, [[...lock, 'update', '-qq'], [...lock, 'install', '-y', '-qq', '--no-install-recommends', 'ripgrep']]);
    assert.match(lines[0], /installing 1 system package\(s\)[\s\S]*ripgrep: search inside the embedded VS Code/);
    assert.match(lines[1], /installed ripgrep in 3\.0 s/);
  });

  it('not root: installs nothing and returns the one command to run', () => {
    const { system, aptCalls } = fakeSystem({ root: false, apt: true, installed: [] });
    const r = ensureSystemPackages(['chromium'], { system, log: () => undefined });
    assert.equal(r.ok, false);
    assert.equal(aptCalls.length, 0);
    assert.match((r as { message: string }).message, /chromium: headless browser[\s\S]*sudo apt-get install -y --no-install-recommends chromium/);
  });

  it('apt failing: not ok, names what is still missing, marks nothing as done', () => {
    const { system } = fakeSystem({ root: true, apt: true, installed: [], aptWorks: false, aptInstallsOnly: ['ripgrep'] });
    const r = ensureSystemPackages(['chromium', 'ripgrep'], { system, log: () => undefined });
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /still missing: chromium\.[\s\S]*apt-get install -y --no-install-recommends chromium$/);
    // The next run asks dpkg again and tries the one that is still missing.
    const again = fakeSystem({ root: true, apt: true, installed: ['ripgrep'] });
    const r2 = ensureSystemPackages(['chromium', 'ripgrep'], { system: again.system, log: () => undefined });
    assert.deepEqual(r2, { ok: true, installed: ['chromium'] });
  });

  it('apt exiting 0 without installing a package is a failure too', () => {
    const { system } = fakeSystem({ root: true, apt: true, installed: [], aptInstallsOnly: [] });
    const r = ensureSystemPackages(['chromium'], { system, log: () => undefined });
    assert.equal(r.ok, false);
  });

  it('packages present: no apt call, no output', () => {
    const { system, aptCalls } = fakeSystem({ root: true, apt: true, installed: ['chromium', 'ripgrep'] });
    const lines: string[] = [];
    assert.deepEqual(ensureSystemPackages(['chromium', 'ripgrep'], { system, log: (m) => lines.push(m) }), { ok: true, installed: [] });
    assert.equal(aptCalls.length + lines.length, 0);
  });

  it('no dpkg (not Debian): goes on, saying what it expects', () => {
    const { system, aptCalls } = fakeSystem({ root: true, apt: false, dpkg: false, installed: [] });
    const lines: string[] = [];
    assert.equal(ensureSystemPackages(['chromium'], { system, log: (m) => lines.push(m) }).ok, true);
    assert.equal(aptCalls.length, 0);
    assert.match(lines[0], /cannot check system packages/);
  });
});
