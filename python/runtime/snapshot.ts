// Pyodide's memory snapshot, cached on disk: the first kernel boots CPython, imports the runtime,
// the warm standard-library modules and what the package installer prepares, then saves the wasm
// memory (about 31 MB) into the cache folder the host gives (the extension's global storage).
// Later kernels load that memory instead of booting CPython: a few hundred ms instead of seconds.
// The file name is a hash of everything the snapshot holds, so a new Pyodide, a changed runtime
// file or a changed package makes a new snapshot rather than loading a stale one. Pyodide's file
// system is not part of the memory, so the runtime's files are copied in again after a restore.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeAssets } from './assets';
import { pyodideVersion } from './load_pyodide';

export interface SnapshotIdentity {
  assets: RuntimeAssets;
  /** Modules imported before the snapshot is taken. */
  preloaded: readonly string[];
  /** The package installer's own key (a hash of what its prepare step loads), when it has one. */
  installerKey?: string;
}

export function snapshotKey(identity: SnapshotIdentity): string {
  const hash = createHash('sha256');
  hash.update(`pyodide ${pyodideVersion(identity.assets.indexURL)}\n`);
  hash.update(`node ${process.versions.node}\n`);
  for (const name of readdirSync(identity.assets.runtimeDir).filter((n) => n.endsWith('.py')).sort()) {
    hash.update(`${name}\n`).update(readFileSync(join(identity.assets.runtimeDir, name)));
  }
  hash.update(`preloaded ${identity.preloaded.join(',')}\ninstaller ${identity.installerKey ?? ''}\n`);
  return hash.digest('hex').slice(0, 24);
}

export function snapshotPath(cacheDir: string, key: string): string {
  return join(cacheDir, `python-${key}.snapshot`);
}

export function readSnapshot(path: string): Uint8Array | undefined {
  try {
    // Inside the try: under Node's permission model a folder not granted throws even here.
    if (!existsSync(path)) return undefined;
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Writes atomically (a half-written snapshot must never be loaded); a failure only loses the cache. */
export function writeSnapshot(path: string, bytes: Uint8Array, dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, bytes);
    renameSync(partial, path);
    return true;
  } catch {
    return false;
  }
}
