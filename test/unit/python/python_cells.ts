// Shared by the Python runtime's tests: one real Pyodide session per test file (loading one costs
// seconds), and helpers that run a cell and insist on its outcome.

import assert from 'node:assert/strict';
import { DEFAULT_KERNEL_SETTINGS, type CellError, type KernelSettings } from '../../../contract';
import type { ExecuteResult } from '../../../kernel/worker_server';
import { PythonSession, type PythonSessionOptions } from '../../../python/runtime/python_session';

export function pythonSession(settings: Partial<KernelSettings> = {}, options: Omit<PythonSessionOptions, 'settings'> = {}): PythonSession {
  return new PythonSession({ settings: { ...DEFAULT_KERNEL_SETTINGS, ...settings }, ...options });
}

export async function ok(session: PythonSession, source: string): Promise<ExecuteResult> {
  const result = await session.execute(source);
  assert.equal(result.error, null, `${source}\n→ ${JSON.stringify(result.error)}`);
  return result;
}

/** Every text/plain output of a successful cell, joined in order. */
export async function text(session: PythonSession, source: string): Promise<string> {
  const result = await ok(session, source);
  return result.outputs.map((o) => o.items.find((i) => i.mime === 'text/plain')?.value ?? '').join('');
}

export async function fails(session: PythonSession, source: string): Promise<CellError> {
  const { error } = await session.execute(source);
  assert.ok(error, `expected an error from ${source}`);
  return error;
}
