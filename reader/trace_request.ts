// A trace request travels to the kernel as an ordinary Python cell that calls convbook's tracer,
// and its outcome comes back as that cell's one output, so tracing needs no protocol of its own
// and runs in the same sandboxed worker as notebook cells. Portable: the editor and the CLI share it.

import type { CellError, CellOutput } from '../contract';
import { TRACE_MIME, type TraceOutcome, type TraceRequest } from '../contract/trace';

/**
 * The cell that answers a request. JSON text is a valid Python string literal once quoted by
 * JSON.stringify (its escapes are Python's too), so the request crosses without any other quoting.
 */
export function traceCellSource(request: TraceRequest): string {
  return `import convbook\nconvbook.trace_file(${JSON.stringify(JSON.stringify(request))})\n`;
}

/** The outcome in a trace cell's outputs; a cell that failed or showed none is 'untraced' with why. */
export function outcomeFromOutputs(outputs: readonly CellOutput[], error: CellError | null): TraceOutcome {
  for (const output of outputs) {
    for (const item of output.items) {
      if (item.mime !== TRACE_MIME) continue;
      return (typeof item.value === 'string' ? JSON.parse(item.value) : item.value) as TraceOutcome;
    }
  }
  const reason = error ? `the tracer failed: ${error.name}: ${error.message}` : 'the tracer gave no outcome';
  return { status: 'untraced', reason, at: null, skipped: [] };
}
