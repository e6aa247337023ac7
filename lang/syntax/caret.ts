// The caret line under an error's span, shared by the Python runtime's errors and the editor's
// diagnostics so errors look the same wherever they are shown.

/** The offending line and a caret line under the span (to the end of the line when it continues). */
export function caretFor(source: string, line: number, column: number, endLine?: number, endColumn?: number): string {
  const lines = source.split(/\r\n|\r|\n/);
  const text = lines[line - 1] ?? '';
  const startIndex = Math.max(0, Math.min(column - 1, text.length));
  const stop = endLine === line && endColumn !== undefined ? Math.min(endColumn - 1, text.length) : text.length;
  const width = Math.max(1, stop - startIndex);
  // Tabs stay tabs so the caret lines up however the reader renders them.
  const pad = text.slice(0, startIndex).replace(/[^\t]/g, ' ');
  return `${text}\n${pad}${'^'.repeat(width)}`;
}
