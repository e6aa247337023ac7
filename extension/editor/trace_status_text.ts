// What the editor says about a file's trace when it shows no traced number: why the file is not
// traced (one line, with its position), in the hover above the static reading and in the status
// bar. The static reading keeps its one rule, shown under this line: a number only when it follows
// from literals and `# input:` hints. No vscode import.

import type { TraceOutcome } from '../../contract/trace';

/** Why a document has no trace of its own, when it is not the tracer's answer. */
export type TraceOff = 'setting' | 'untrusted' | 'outside-workspace';

/** A document's trace as the editor knows it. */
export type DocumentTrace =
  | { kind: 'off'; why: TraceOff }
  /** Traced never yet: the first trace is waiting or running. */
  | { kind: 'pending' }
  | { kind: 'outcome'; outcome: TraceOutcome; /** Traced at an older version of the text. */ stale: boolean; busy: boolean };

const HOW_TO_TRACE = 'write `# input: (N, C, H, W)` on the model\'s `class` line, or pick the model with the code lens above it';

const OFF_REASON: Record<TraceOff, string> = {
  setting: 'tracing is off (setting `convbook.editor.trace`)',
  untrusted: 'this workspace is not trusted, so convbook does not run its code (Workspace Trust)',
  'outside-workspace': 'the file is outside the workspace folders, and only workspace files are traced',
};

/** The tracer's reason as the editor offers it: the code lens where the CLI has --model. */
export function editorReason(reason: string): string {
  return reason.replace(/,? or give --model( and --input)?$/, ', or pick one with the code lens above its class or factory');
}

/**
 * The hover's first line on a file that is not traced (null when it is): the reason with its
 * position, then the rule the numbers below follow.
 */
export function untracedHoverLine(state: DocumentTrace): string | null {
  let reason: string;
  if (state.kind === 'off') reason = OFF_REASON[state.why];
  else if (state.kind === 'pending') reason = 'the first trace of this file is still running';
  else if (state.outcome.status === 'untraced') {
    const at = state.outcome.at;
    const text = editorReason(state.outcome.reason);
    reason = at ? `${text} (${at.file}:${at.line}:${at.column + 1})` : text;
  } else return null;
  // The tracer's reasons about picking a model already say how to give one.
  const how = state.kind === 'outcome' && !reason.includes('# input:') ? `; ${HOW_TO_TRACE}` : '';
  return `*Not traced: ${escapeMarkdown(reason)}${how}. Shapes below follow only from literals and \`# input:\` hints.*`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([*_[\]<>])/g, '\\$1');
}

export interface StatusText {
  /** The status bar item's text, with a codicon. */
  text: string;
  tooltip: string;
  /** Errors are shown with the error colour. */
  severity: 'info' | 'warning' | 'error';
}

/** The status bar item for the active model file. */
export function traceStatus(state: DocumentTrace, file: string): StatusText {
  if (state.kind === 'off') {
    return { text: '$(circle-slash) convbook: static', tooltip: `${file}: not traced: ${OFF_REASON[state.why]}. Hovers show what literals and # input: hints give.`, severity: 'info' };
  }
  if (state.kind === 'pending') return { text: '$(sync~spin) convbook: tracing', tooltip: `tracing ${file} in the Python kernel`, severity: 'info' };
  const busy = state.busy ? '$(sync~spin) ' : '';
  const outcome = state.outcome;
  if (outcome.status === 'untraced') {
    const at = outcome.at ? ` (${outcome.at.file}:${outcome.at.line}:${outcome.at.column + 1})` : '';
    return { text: `${busy || '$(warning) '}convbook: not traced`, tooltip: `${file}: ${editorReason(outcome.reason)}${at}`, severity: 'warning' };
  }
  const trace = outcome.trace;
  const stale = state.stale ? ' (from an earlier edit; tracing again)' : '';
  if (trace.error) {
    const at = trace.error.at ? ` at ${trace.error.at.file}:${trace.error.at.line}` : '';
    return { text: `${busy || '$(error) '}convbook: ${trace.build} raised`, tooltip: `${trace.error.type}: ${trace.error.message}${at}${stale}`, severity: 'error' };
  }
  const skipped = outcome.skipped.length > 0 ? `; skipped ${outcome.skipped.length} top-level statement(s) that touched placeholders` : '';
  const assumed = outcome.input_source === 'setting' ? ' on the assumed input (convbook.defaultInputSize)' : '';
  return { text: `${busy || '$(check) '}convbook: ${trace.build}`, tooltip: `traced ${trace.build}${assumed}${skipped}${stale}`, severity: 'info' };
}
