// The traced case of `bench/hover.ts`: tracing ResNet-50's model file in the kernel worker (the
// trace request cell of reader/trace_request.ts, Run → outcome, as the editor sends it), and
// answering hovers and inlay hints from the cached trace (reader/trace_index.ts: the calls a line
// built, grouped by shape; what each forward statement produced). Needs dist/worker.js.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_KERNEL_SETTINGS, decodeOutputItem, type KernelSettings } from '../contract';
import type { ModelTrace, TraceOutcome } from '../contract/trace';
import { KernelClient } from '../kernel/kernel_client';
import { TraceIndex } from '../reader/trace_index';
import { outcomeFromOutputs, traceCellSource } from '../reader/trace_request';

export interface TracedFigures {
  calls: number;
  /** Median Run → outcome of a warm trace of resnet50() on (1, 3, 224, 224). */
  traceMs: number;
  firstTraceMs: number;
  /** Building the index once per trace. */
  indexMs: number;
  /** Median of one hover: the calls a line built, grouped by shape. */
  hoverMs: number;
  /** The worst hover over every line of the file. */
  worstHoverMs: number;
  /** What every forward statement produced (the inlay hints of one file). */
  inlayMs: number;
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  return v[v.length >> 1];
}

export async function tracedHover(root: string, rounds = 5): Promise<TracedFigures> {
  const fixtures = join(root, 'test', 'fixtures', 'models');
  const source = readFileSync(join(fixtures, 'resnet.py'), 'utf8');
  const client = new KernelClient({ workerPath: join(root, 'dist', 'worker.js'), memoryLimitMb: 2048 });
  const settings: KernelSettings = { ...DEFAULT_KERNEL_SETTINGS, runtime: 'python', workspaceRoot: fixtures, notebookDir: fixtures };
  const cell = traceCellSource({ file: 'resnet.py', source, model: 'resnet50()', input: [1, 3, 224, 224], defaultInput: [1, 3, 224, 224] });
  const trace = async (): Promise<{ ms: number; outcome: TraceOutcome }> => {
    const t = performance.now();
    const r = await client.execute('bench-trace', cell, settings);
    const outcome = outcomeFromOutputs(r.outputs.map((items) => ({ items: items.map(decodeOutputItem) })), r.error);
    return { ms: performance.now() - t, outcome };
  };
  let last: TraceOutcome;
  let firstTraceMs: number;
  const times: number[] = [];
  try {
    await client.execute('bench-trace', '1 + 1', settings); // the runtime's start is not the trace's time
    const first = await trace();
    firstTraceMs = first.ms;
    for (let i = 0; i < rounds; i++) times.push((await trace()).ms);
    last = first.outcome;
  } finally {
    await client.dispose();
  }
  if (last.status !== 'traced') throw new Error(`resnet50() was not traced: ${last.reason}`);
  const model: ModelTrace = last.trace;
  let t = performance.now();
  const index = new TraceIndex(model);
  const indexMs = performance.now() - t;
  const lines = source.split('\n').length;
  const hovers: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (let line = 1; line <= lines; line++) {
      t = performance.now();
      index.groups(index.callsBuiltAt('resnet.py', line));
      hovers.push(performance.now() - t);
    }
  }
  t = performance.now();
  index.statementResults('resnet.py');
  const inlayMs = performance.now() - t;
  return { calls: model.calls.length, traceMs: median(times), firstTraceMs, indexMs, hoverMs: median(hovers), worstHoverMs: Math.max(...hovers.slice(lines)), inlayMs };
}
