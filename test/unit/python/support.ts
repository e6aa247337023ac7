// One Pyodide per test file with convbook's Python package installed, as the kernel installs it.

import * as path from 'node:path';
import { DEFAULT_KERNEL_SETTINGS, type KernelSettings } from '../../../contract';
import { installTorchPackage } from '../../../python/install_package';

export const REPO = path.resolve(__dirname, '../../..');

export interface Python {
  run(code: string): unknown;
  /** Runs code and returns the JSON of the expression `expr` evaluated after it. */
  json<T = unknown>(code: string, expr: string): T;
  /** The Python exception `code` raises, as "Name: message", or null. */
  error(code: string): string | null;
}

export async function loadPython(settings: Partial<KernelSettings> = {}): Promise<Python> {
  const { loadPyodide } = await import('pyodide');
  const py = await loadPyodide({ indexURL: path.join(REPO, 'node_modules/pyodide') + '/' });
  installTorchPackage(py, { packageDir: path.join(REPO, 'python/pkg'), settings: { ...DEFAULT_KERNEL_SETTINGS, ...settings } });
  py.runPython('import json, torch, torch.nn as nn, torch.nn.functional as F');
  return {
    run: (code) => py.runPython(code),
    json: <T>(code: string, expr: string) => {
      py.runPython(code);
      return JSON.parse(py.runPython(`json.dumps(${expr})`) as string) as T;
    },
    error: (code) => {
      const out = py.runPython(`
def _probe():
    try:
        exec(${JSON.stringify(code)}, globals())
    except BaseException as e:
        return f"{type(e).__name__}: {e}"
    return None
_probe()`);
      return (out as string | undefined) ?? null;
    },
  };
}
