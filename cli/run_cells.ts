// Runs a notebook's code cells in order in one kernel session, the way the notebook kernel does,
// and records what each cell produced. Shared by every CLI output format.

import type { CellError, CellOutput } from '../contract';
import type { NotebookData } from '../lang/notebook_format';

export interface CellRecord {
  index: number;
  kind: 'markdown' | 'code';
  source: string;
  outputs: CellOutput[];
  error: CellError | null;
}

export interface CellExecutor {
  execute(source: string): { outputs: CellOutput[]; error: CellError | null };
}

export function runCells(notebook: NotebookData, session: CellExecutor): CellRecord[] {
  return notebook.cells.map((cell, index) => {
    if (cell.kind === 'markdown') return { index, kind: cell.kind, source: cell.source, outputs: [], error: null };
    const result = session.execute(cell.source);
    return { index, kind: cell.kind, source: cell.source, outputs: result.outputs, error: result.error };
  });
}

/** The --json document: cells with their outputs' MIME items and a positioned error or null. */
export function toJsonReport(records: CellRecord[]): unknown {
  return {
    cells: records.map((r) => ({
      index: r.index,
      kind: r.kind,
      outputs: r.outputs.flatMap((o) => o.items.map((item) => ({ mime: item.mime, value: item.value }))),
      error: r.error ? { name: r.error.name, message: r.error.message, line: r.error.line ?? null, column: r.error.column ?? null } : null,
    })),
  };
}

/** The --md document: markdown cells as written, code in fences, each output's markdown fallback. */
export function toMarkdownReport(records: CellRecord[]): string {
  const parts: string[] = [];
  for (const r of records) {
    if (r.kind === 'markdown') {
      parts.push(r.source);
      continue;
    }
    parts.push('```python\n' + r.source + '\n```');
    for (const output of r.outputs) {
      const md = output.items.find((i) => i.mime === 'text/markdown') ?? output.items.find((i) => i.mime === 'text/plain');
      if (md) parts.push(md.mime === 'text/plain' ? '```\n' + String(md.value) + '\n```' : String(md.value));
    }
    if (r.error) parts.push('```\n' + formatError(r.error) + '\n```');
  }
  return parts.join('\n\n') + '\n';
}

export function formatError(error: CellError): string {
  const where = error.line !== undefined ? ` (line ${error.line}, column ${error.column ?? 1})` : '';
  return `${error.name}: ${error.message}${where}` + (error.caret ? `\n${error.caret}` : '');
}

/** Plain-text output for a terminal: each cell's text/plain fallback. */
export function toTextReport(records: CellRecord[]): string {
  const parts: string[] = [];
  for (const r of records) {
    if (r.kind !== 'code') continue;
    const texts = r.outputs.map((o) => o.items.find((i) => i.mime === 'text/plain')?.value).filter((v) => v !== undefined);
    if (texts.length === 0) continue;
    parts.push(`[${r.index}] ` + texts.join('\n'));
  }
  return parts.length ? parts.join('\n\n') + '\n' : '';
}
