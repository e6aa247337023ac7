// Installs convbook's Python package (torch, torchvision, convbook) into a Pyodide interpreter: the
// files go into its in-memory filesystem under /convbook/pkg, first on sys.path, and the engine
// bridge is registered as the JS module `_convbook_engine`.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PyodideAPI } from 'pyodide';
import type { KernelSettings } from '../contract';
import type { KernelHost } from './runtime/host';
import { createEngineBridge } from './bridge/index';

export interface TorchPackageOptions {
  /** Folder holding torch/, torchvision/, convbook/ (repo: <root>/python/pkg; bundled: dist/python/pkg). */
  packageDir: string;
  /** Live kernel settings (contract KernelSettings): element budget, display caps. Read when needed. */
  settings: KernelSettings;
  /** Optional host for image() (python/runtime/host.ts KernelHost). */
  host?: KernelHost;
}

export const PACKAGE_MOUNT = '/convbook/pkg';
export const BRIDGE_MODULE = '_convbook_engine';
/** The package's top-level modules, imported by prepareTorchPackage. */
const TOP_LEVEL = ['torch', 'torch.nn', 'torch.nn.functional', 'torchvision', 'torchvision.ops', 'convbook'];

/** Every .py file under dir, relative to it, in a stable order. */
function pythonFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const rel = path.posix.join(prefix, entry.name);
      if (entry.isDirectory()) return entry.name === '__pycache__' ? [] : pythonFiles(dir, rel);
      return entry.name.endsWith('.py') ? [rel] : [];
    });
}

/** Copies the package's files into Pyodide's file system and puts them first on sys.path. */
function copyPackage(pyodide: PyodideAPI, packageDir: string): void {
  for (const rel of pythonFiles(packageDir)) {
    const target = path.posix.join(PACKAGE_MOUNT, rel);
    pyodide.FS.mkdirTree(path.posix.dirname(target));
    pyodide.FS.writeFile(target, fs.readFileSync(path.join(packageDir, rel), 'utf8'));
  }
  pyodide.runPython(`import sys\nif ${JSON.stringify(PACKAGE_MOUNT)} not in sys.path: sys.path.insert(0, ${JSON.stringify(PACKAGE_MOUNT)})`);
}

/** The contract's entry point: the package's files, then the bridge. Call before user code. */
export function installTorchPackage(pyodide: PyodideAPI, options: TorchPackageOptions): void {
  copyPackage(pyodide, options.packageDir);
  pyodide.registerJsModule(BRIDGE_MODULE, createEngineBridge(options.settings, options.host));
}

/**
 * What a memory snapshot may hold: the package imported, with no JavaScript object reachable (the
 * bridge is imported on first use). installTorchPackage must still run after a restore.
 */
export function prepareTorchPackage(pyodide: PyodideAPI, packageDir: string): void {
  copyPackage(pyodide, packageDir);
  pyodide.runPython(TOP_LEVEL.map((m) => `import ${m}`).join('\n'));
}

/** A hash of the package's files, so a changed package makes a new snapshot. */
export function torchPackageKey(packageDir: string): string {
  const hash = createHash('sha256');
  for (const rel of pythonFiles(packageDir)) hash.update(rel).update('\0').update(fs.readFileSync(path.join(packageDir, rel))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * The package as the runtime's interpreter takes an installer (python/runtime/interpreter.ts
 * PackageInstaller): prepare() into the memory snapshot, install() after boot or restore.
 */
export function torchPackageInstaller(options: TorchPackageOptions): {
  install(pyodide: PyodideAPI): void;
  prepare(pyodide: PyodideAPI): void;
  key: string;
  jsModules: string[];
} {
  return {
    install: (pyodide) => installTorchPackage(pyodide, options),
    prepare: (pyodide) => prepareTorchPackage(pyodide, options.packageDir),
    key: torchPackageKey(options.packageDir),
    jsModules: [BRIDGE_MODULE],
  };
}
