// The .convnb NotebookSerializer: converts between vscode's notebook data and the file format in
// lang/formats/notebook_format.ts. The policy for files it cannot read (open as an explanation, refuse to
// save over them) lives in notebook_bytes.ts; this file only maps types.

import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../contract';
import type { NotebookCellData, NotebookData, StoredOutput } from '../lang/formats/notebook_format';
import { readNotebookBytes, writeNotebookBytes } from './notebook_bytes';

export const KEEP_OUTPUTS_SETTING = 'notebook.keepOutputs';

/** Metadata key carrying file fields this version does not know, so they are written back unchanged. */
const EXTRA_KEY = 'convbookExtra';

function withExtra(metadata: Record<string, unknown> | undefined, extra: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return extra ? { ...(metadata ?? {}), [EXTRA_KEY]: extra } : metadata;
}

function splitExtra(metadata: Record<string, unknown> | undefined): { metadata: Record<string, unknown>; extra?: Record<string, unknown> } {
  const { [EXTRA_KEY]: extra, ...rest } = metadata ?? {};
  return extra && typeof extra === 'object' ? { metadata: rest, extra: extra as Record<string, unknown> } : { metadata: rest };
}

export class ConvbookSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    const data = readNotebookBytes(content);
    const notebook = new vscode.NotebookData(data.cells.map(toVscodeCell));
    notebook.metadata = withExtra(data.metadata, data.extra);
    return notebook;
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    const keepOutputs = vscode.workspace.getConfiguration('convbook').get<boolean>(KEEP_OUTPUTS_SETTING, false) === true;
    return writeNotebookBytes(fromVscodeNotebook(data), { keepOutputs });
  }
}

function toVscodeCell(cell: NotebookCellData): vscode.NotebookCellData {
  const kind = cell.kind === 'markdown' ? vscode.NotebookCellKind.Markup : vscode.NotebookCellKind.Code;
  const language = cell.language ?? (cell.kind === 'markdown' ? 'markdown' : LANGUAGE_ID);
  const out = new vscode.NotebookCellData(kind, cell.source, language);
  const metadata = withExtra(cell.metadata, cell.extra);
  if (metadata) out.metadata = metadata;
  if (cell.outputs) {
    out.outputs = cell.outputs.map(
      (o) => new vscode.NotebookCellOutput(o.items.map((item) => new vscode.NotebookCellOutputItem(itemBytes(item.value), item.mime))),
    );
  }
  return out;
}

export function fromVscodeNotebook(data: vscode.NotebookData): NotebookData {
  const notebook = splitExtra(data.metadata);
  return {
    ...notebook,
    cells: data.cells.map((cell) => {
      const out: NotebookCellData = {
        kind: cell.kind === vscode.NotebookCellKind.Markup ? 'markdown' : 'code',
        source: cell.value,
        language: cell.languageId,
      };
      const { metadata, extra } = splitExtra(cell.metadata);
      if (Object.keys(metadata).length > 0) out.metadata = metadata;
      if (extra) out.extra = extra;
      const outputs = (cell.outputs ?? []).map(storedOutput).filter((o) => o.items.length > 0);
      if (outputs.length > 0) out.outputs = outputs;
      return out;
    }),
  };
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Text and JSON items are stored readably; binary items (none of convbook's) are not stored. */
function storedOutput(output: vscode.NotebookCellOutput): StoredOutput {
  const items: StoredOutput['items'] = [];
  for (const item of output.items) {
    if (isJsonMime(item.mime)) {
      const text = decoder.decode(item.data);
      try {
        items.push({ mime: item.mime, value: JSON.parse(text) });
      } catch {
        items.push({ mime: item.mime, value: text });
      }
    } else if (isTextMime(item.mime)) {
      items.push({ mime: item.mime, value: decoder.decode(item.data) });
    }
  }
  return { items };
}

function itemBytes(value: unknown): Uint8Array {
  return encoder.encode(typeof value === 'string' ? value : JSON.stringify(value));
}

function isJsonMime(mime: string): boolean {
  return mime.endsWith('+json') || mime === 'application/json' || mime === 'application/vnd.code.notebook.error';
}

function isTextMime(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/vnd.code.notebook.stdout' || mime === 'application/vnd.code.notebook.stderr' || mime === 'image/svg+xml';
}
