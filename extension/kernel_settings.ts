// Reads the kernel's settings (convbook.kernel.*, convbook.display.*) into the worker protocol's
// KernelSettings, falling back to the defaults for values that are missing or nonsensical rather
// than handing the kernel a NaN budget. No vscode import: the caller passes a getter.

import { DEFAULT_KERNEL_SETTINGS, type KernelSettings } from '../contract';

export const DEFAULT_MEMORY_LIMIT_MB = 2048;

export interface KernelConfig {
  settings: KernelSettings;
  memoryLimitMb: number;
  /** Settings that were present but invalid and replaced by their defaults, for the log. */
  ignored: string[];
}

/** `get(key)` returns the raw configured value of `convbook.<key>`. */
export function readKernelConfig(get: (key: string) => unknown, folders: { workspaceRoot?: string; notebookDir?: string }): KernelConfig {
  const ignored: string[] = [];
  const positiveInt = (key: string, fallback: number, min = 1): number => {
    const v = get(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= min) return v;
    ignored.push(`convbook.${key} = ${JSON.stringify(v)} (needs an integer ≥ ${min}; using ${fallback})`);
    return fallback;
  };
  const settings: KernelSettings = {
    elementBudget: positiveInt('kernel.elementBudget', DEFAULT_KERNEL_SETTINGS.elementBudget),
    maxDisplayPlanes: positiveInt('display.maxChannels', DEFAULT_KERNEL_SETTINGS.maxDisplayPlanes),
    maxDisplayValues: positiveInt('display.maxValuesPerPlane', DEFAULT_KERNEL_SETTINGS.maxDisplayValues),
  };
  if (folders.workspaceRoot) settings.workspaceRoot = folders.workspaceRoot;
  if (folders.notebookDir) settings.notebookDir = folders.notebookDir;
  const memoryLimitMb = positiveInt('kernel.memoryLimitMb', DEFAULT_MEMORY_LIMIT_MB, 32);
  return { settings, memoryLimitMb, ignored };
}
