// Shared by the tracer's tests: one real Pyodide session with convbook's package over a workspace
// folder, and a helper that sends a trace request as the editor and `convbook inspect` send it
// (reader/trace_request.ts: a cell calling convbook.trace_file) and returns its outcome.

import assert from 'node:assert/strict';
import { DEFAULT_KERNEL_SETTINGS } from '../../../contract';
import { TRACE_MIME, type TraceOutcome, type TraceRequest } from '../../../contract/trace';
import { torchPackageInstaller } from '../../../python/install_package';
import type { PythonSession } from '../../../python/runtime/python_session';
import { outcomeFromOutputs, traceCellSource } from '../../../reader/trace_request';
import { pythonSession } from './python_cells';
import { REPO } from './support';

export function traceSession(workspaceRoot: string): PythonSession {
  const settings = { ...DEFAULT_KERNEL_SETTINGS, workspaceRoot, notebookDir: workspaceRoot };
  return pythonSession(settings, { installer: torchPackageInstaller({ packageDir: `${REPO}/python/pkg`, settings }) });
}

export const DEFAULT_INPUT = [1, 3, 224, 224];

/** The outcome of one trace request; the cell itself must succeed and display exactly one item. */
export async function traceOutcome(py: PythonSession, request: Omit<TraceRequest, 'defaultInput'> & { defaultInput?: number[] }): Promise<TraceOutcome> {
  const result = await py.execute(traceCellSource({ defaultInput: DEFAULT_INPUT, ...request }));
  assert.equal(result.error, null, JSON.stringify(result.error));
  assert.deepEqual(result.outputs.map((o) => o.items.map((i) => i.mime)), [[TRACE_MIME]], 'one output: the outcome');
  return outcomeFromOutputs(result.outputs, result.error);
}

export function traced(outcome: TraceOutcome): Extract<TraceOutcome, { status: 'traced' }> {
  assert.equal(outcome.status, 'traced', outcome.status === 'untraced' ? `untraced: ${outcome.reason}` : '');
  return outcome as Extract<TraceOutcome, { status: 'traced' }>;
}

export function untraced(outcome: TraceOutcome): Extract<TraceOutcome, { status: 'untraced' }> {
  assert.equal(outcome.status, 'untraced', 'expected no trace');
  return outcome as Extract<TraceOutcome, { status: 'untraced' }>;
}
