// Percent-format scripts: plain text where `# %%` lines start code cells and `# %% [markdown]`
// lines start markdown cells whose lines are `# ` comments. This is the convention of Jupytext and
// of VS Code's Python Interactive window, so a convbook notebook can live as a reviewable script.

import type { NotebookCellData, NotebookData } from './notebook_format';

const MARKER = /^#\s*%%(.*)$/;
const MARKDOWN_TAG = /^\s*\[(markdown|md)\]/i;
/**
 * A cell line that would read as a marker (`# %%`), or as an escaped one, is written behind one
 * more `# `, and reading takes one off, so a cell's content can never split it. Escaped lines stay
 * comments, so the script is still valid Python. `# %%` in a cell becomes `# # %%`.
 */
const NEEDS_ESCAPE = /^(# )*#\s*%%/;
const ESCAPED = /^# ((# )*#\s*%%.*)$/;

function escapeLine(line: string): string {
  return NEEDS_ESCAPE.test(line) ? `# ${line}` : line;
}

function unescapeLine(line: string): string {
  return ESCAPED.exec(line)?.[1] ?? line;
}

export function parsePercentScript(text: string): NotebookData {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const cells: NotebookCellData[] = [];
  let current: { kind: 'markdown' | 'code'; lines: string[]; explicit: boolean } = { kind: 'code', lines: [], explicit: false };
  const flush = () => {
    const body = trimBlankEdges(current.lines);
    // Text before the first marker becomes a cell only if it has content.
    if (!current.explicit && body.length === 0) return;
    const source = current.kind === 'markdown' ? body.map(uncomment).join('\n') : body.join('\n');
    cells.push(current.kind === 'code' ? { kind: 'code', language: 'convbook', source } : { kind: 'markdown', source });
  };
  for (const line of lines) {
    const m = MARKER.exec(line);
    if (m) {
      flush();
      current = { kind: MARKDOWN_TAG.test(m[1]) ? 'markdown' : 'code', lines: [], explicit: true };
    } else {
      current.lines.push(unescapeLine(line));
    }
  }
  flush();
  return { metadata: {}, cells };
}

export function toPercentScript(data: NotebookData): string {
  const blocks = data.cells.map((cell) => {
    if (cell.kind === 'markdown') {
      const body = cell.source.split('\n').map((l) => escapeLine(l === '' ? '#' : `# ${l}`));
      return ['# %% [markdown]', ...body].join('\n');
    }
    return ['# %%', ...cell.source.split('\n').map(escapeLine)].join('\n');
  });
  return blocks.join('\n\n') + '\n';
}

function uncomment(line: string): string {
  if (line.startsWith('# ')) return line.slice(2);
  if (line.startsWith('#')) return line.slice(1);
  return line;
}

function trimBlankEdges(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  return lines.slice(start, end);
}
