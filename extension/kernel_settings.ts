// Reads the kernel's settings (convbook.kernel.*, convbook.display.*) into the worker protocol's
// KernelSettings, falling back to the defaults for values that are missing or nonsensical rather
// than handing the kernel a NaN budget. No vscode import: the caller passes a getter.

import { dirname } from 'node:path';
import { DEFAULT_KERNEL_SETTINGS, type KernelSettings } from '../contract';
import type { KernelIsolation } from '../kernel/kernel_channel';
import type { KernelClient } from '../kernel/kernel_client';
import { kernelPermissionFlags } from '../python/runtime/permissions';

export const DEFAULT_MEMORY_LIMIT_MB = 2048;

/**
 * Bounds on the settings (package.json's schema says the same). V8 cannot refuse one huge heap
 * allocation in a worker gracefully: past the heap limit it aborts the whole process, i.e. the
 * extension host. So display payloads (JS arrays built in the worker) stay bounded, and the heap
 * limit stays large enough for ordinary payloads to fit.
 */
export const LIMITS = {
  maxChannels: 1024,
  maxValuesPerPlane: 1024 * 1024,
  minMemoryLimitMb: 256,
  minLiveDataMb: 64,
} as const;

export interface KernelConfig {
  settings: KernelSettings;
  memoryLimitMb: number;
  isolation: KernelIsolation;
  /** Settings that were present but invalid and replaced by their defaults, for the log. */
  ignored: string[];
}

/** `get(key)` returns the raw configured value of `convbook.<key>`; cacheDir is the extension's storage. */
export function readKernelConfig(get: (key: string) => unknown, folders: { workspaceRoot?: string; notebookDir?: string; cacheDir?: string }): KernelConfig {
  const ignored: string[] = [];
  const positiveInt = (key: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const v = get(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max) return v;
    ignored.push(`convbook.${key} = ${JSON.stringify(v)} (needs an integer from ${min} to ${max}; using ${fallback})`);
    return fallback;
  };
  const settings: KernelSettings = {
    elementBudget: positiveInt('kernel.elementBudget', DEFAULT_KERNEL_SETTINGS.elementBudget, 1),
    liveDataMb: positiveInt('kernel.liveDataMb', DEFAULT_KERNEL_SETTINGS.liveDataMb, LIMITS.minLiveDataMb),
    workBudgetMacs: positiveInt('kernel.workBudgetMacs', DEFAULT_KERNEL_SETTINGS.workBudgetMacs, 1),
    maxDisplayPlanes: positiveInt('display.maxChannels', DEFAULT_KERNEL_SETTINGS.maxDisplayPlanes, 1, LIMITS.maxChannels),
    maxDisplayValues: positiveInt('display.maxValuesPerPlane', DEFAULT_KERNEL_SETTINGS.maxDisplayValues, 1, LIMITS.maxValuesPerPlane),
  };
  if (folders.workspaceRoot) settings.workspaceRoot = folders.workspaceRoot;
  if (folders.notebookDir) settings.notebookDir = folders.notebookDir;
  settings.runtime = 'python';
  if (folders.cacheDir) settings.cacheDir = folders.cacheDir;
  const memoryLimitMb = positiveInt('kernel.memoryLimitMb', DEFAULT_MEMORY_LIMIT_MB, LIMITS.minMemoryLimitMb);
  const rawIsolation = get('kernel.isolation');
  // A process by default: measured in test/unit/reliability/isolation.test.ts, a thread kernel's
  // tensors live in the extension host (and one oversized heap allocation aborts it), while a
  // process kernel starts as fast here and leaves the host small.
  let isolation: KernelIsolation = 'process';
  if (rawIsolation === 'thread' || rawIsolation === 'process') isolation = rawIsolation;
  else if (rawIsolation !== undefined && rawIsolation !== null) ignored.push(`convbook.kernel.isolation = ${JSON.stringify(rawIsolation)} (needs "thread" or "process"; using "process")`);
  return { settings, memoryLimitMb, isolation, ignored };
}

/** What takes effect when the client's kernel next starts. A Python kernel in a child process runs
 * under Node's permission model: it reads the extension, the workspace and its cache, writes only
 * its cache. */
export function applyKernelConfig(client: KernelClient, config: KernelConfig, workerPath: string): void {
  client.setMemoryLimit(config.memoryLimitMb);
  client.setIsolation(config.isolation);
  const { settings } = config;
  const confined = config.isolation === 'process';
  // kernelPermissionFlags makes the cache folder and grants reading it back (the snapshot).
  client.setExtraExecArgv(
    confined ? kernelPermissionFlags({ readable: [dirname(workerPath)], workspaceRoots: settings.workspaceRoot ? [settings.workspaceRoot] : [], cacheDir: settings.cacheDir }) : [],
  );
}
