// `npm ci` must work anywhere npm works: no package in the lockfile tree may have an install script
// that reaches outside the npm registry. Every package with an install script is listed here, with
// what its script does, after reading it; a new one fails this test until it has been reviewed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url);
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8'));
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

/** Reviewed install scripts: each only copies a platform binary that npm itself installed. */
const REVIEWED: Record<string, string> = {
  'node_modules/esbuild':
    'postinstall checks the binary from its optional platform package (@esbuild/linux-x64, from npm); falls back to the same package from the npm registry',
  'node_modules/@vscode/vsce-sign':
    'postinstall copies the binary from its optional platform package (@vscode/vsce-sign-linux-x64, from npm); falls back to the same tarball from the npm registry',
};

function packagesWithInstallScripts(): string[] {
  return Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
    .filter(([, p]) => p.hasInstallScript)
    .map(([path]) => path)
    .sort();
}

describe('install scripts in the lockfile tree', () => {
  it('are exactly the reviewed ones', () => {
    assert.deepEqual(packagesWithInstallScripts(), Object.keys(REVIEWED).sort());
  });

  it('npm is told to allow just those (allowScripts), so npm ci runs them without a prompt', () => {
    const names = Object.keys(REVIEWED).map((p) => p.replace(/^.*node_modules\//, ''));
    assert.deepEqual(Object.keys(manifest.allowScripts ?? {}).sort(), names.sort());
  });

  it('the benchmark peers are not dependencies of the product', () => {
    const all = { ...manifest.dependencies, ...manifest.devDependencies, ...manifest.optionalDependencies };
    for (const peer of ['onnxruntime-node', 'onnxruntime-web', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu']) {
      assert.ok(!(peer in all), `${peer} is in package.json; it belongs in bench/package.json`);
      assert.ok(!(`node_modules/${peer}` in lock.packages), `${peer} is in the lockfile tree`);
    }
    const bench = JSON.parse(readFileSync(new URL('bench/package.json', root), 'utf8'));
    assert.ok('onnxruntime-node' in bench.dependencies);
  });

  it('keytar (vsce login only; its script downloads a prebuilt binary) is replaced by the local stub', () => {
    assert.equal(lock.packages['node_modules/keytar']?.link, true);
    assert.equal(lock.packages['node_modules/keytar']?.resolved, 'scripts/stubs/keytar');
  });
});
