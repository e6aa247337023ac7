// Runs a notebook's code cells in order in one kernel session, the way the notebook kernel does,
// and records what each cell produced. Shared by every CLI output format.

import type { CellError, CellOutput } from '../contract';
import type { NotebookData } from '../lang/formats/notebook_format';

export interface CellRecord {
  index: number;
  kind: 'markdown' | 'code';
  source: string;
  outputs: CellOutput[];
  error: CellError | null;
}

export interface CellExecutor {
  execute(source: string): Promise<{ outputs: CellOutput[]; error: CellError | null }> | { outputs: CellOutput[]; error: CellError | null };
}

/** Runs the code cells in order; a cell whose error is fatal (`stopsRun`) ends the run, later cells are not run. */
export async function runCells(notebook: NotebookData, session: CellExecutor, stopsRun: (error: CellError) => boolean = () => false): Promise<CellRecord[]> {
  const records: CellRecord[] = [];
  for (const [index, cell] of notebook.cells.entries()) {
    if (cell.kind === 'markdown') {
      records.push({ index, kind: cell.kind, source: cell.source, outputs: [], error: null });
      continue;
    }
    const result = await session.execute(cell.source);
    records.push({ index, kind: cell.kind, source: cell.source, outputs: result.outputs, error: result.error });
    if (result.error && stopsRun(result.error)) break;
  }
  return records;
}

/** The --json document: cells with their outputs' MIME items and a positioned error or null. Stream it with streamJson. */
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
    parts.push(fenced(r.source, 'python'));
    for (const output of r.outputs) {
      const md = output.items.find((i) => i.mime === 'text/markdown') ?? output.items.find((i) => i.mime === 'text/plain');
      if (md) parts.push(md.mime === 'text/plain' ? fenced(String(md.value)) : String(md.value));
    }
    if (r.error) parts.push(fenced(formatError(r.error)));
  }
  return parts.join('\n\n') + '\n';
}

/** A code fence longer than any run of backticks inside, so no content can close it early. */
export function fenced(text: string, language = ''): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
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
