// Installs convbook's Python package (torch, torchvision, convbook) into a Pyodide interpreter: the
// files go into its in-memory filesystem under /convbook/pkg, first on sys.path, and the engine
// bridge is registered as the JS module `_convbook_engine`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PyodideAPI } from 'pyodide';
import type { KernelSettings } from '../contract';
import type { KernelHost } from '../lang/host';
import { createEngineBridge } from './bridge/index';

export interface TorchPackageOptions {
  /** Folder holding torch/, torchvision/, convbook/ (repo: <root>/python/pkg; bundled: dist/python/pkg). */
  packageDir: string;
  /** Live kernel settings (contract KernelSettings): element budget, display caps. Read when needed. */
  settings: KernelSettings;
  /** Optional host for image() (lang/host.ts KernelHost). */
  host?: KernelHost;
}

export const PACKAGE_MOUNT = '/convbook/pkg';

/** Every .py file under dir, relative to it. */
function pythonFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) return entry.name === '__pycache__' ? [] : pythonFiles(dir, rel);
    return entry.name.endsWith('.py') ? [rel] : [];
  });
}

export function installTorchPackage(pyodide: PyodideAPI, options: TorchPackageOptions): void {
  for (const rel of pythonFiles(options.packageDir)) {
    const target = path.posix.join(PACKAGE_MOUNT, rel);
    pyodide.FS.mkdirTree(path.posix.dirname(target));
    pyodide.FS.writeFile(target, fs.readFileSync(path.join(options.packageDir, rel), 'utf8'));
  }
  pyodide.registerJsModule('_convbook_engine', createEngineBridge(options.settings));
  pyodide.runPython(`import sys\nif ${JSON.stringify(PACKAGE_MOUNT)} not in sys.path: sys.path.insert(0, ${JSON.stringify(PACKAGE_MOUNT)})`);
}
