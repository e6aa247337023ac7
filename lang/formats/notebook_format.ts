// The .convnb file format: stable, diff-friendly JSON. The same content always gives the same
// bytes (fixed key order, sorted metadata keys, sources as one string per line, two-space indent,
// final newline), so notebooks diff and merge cleanly. Outputs are kept only when asked.

import { locateJsonError, lineColumnAt } from './json_locate';

export const FORMAT_VERSION = 1;

export type CellKind = 'markdown' | 'code';

export interface StoredOutput {
  items: { mime: string; value: unknown }[];
}

export interface NotebookCellData {
  kind: CellKind;
  source: string;
  /** Code cells: 'convbook' unless stored otherwise (the file omits the default). */
  language?: string;
  metadata?: Record<string, unknown>;
  outputs?: StoredOutput[];
  /** Fields this version does not know (from a newer minor version or a tool), kept on save. */
  extra?: Record<string, unknown>;
}

export interface NotebookData {
  metadata: Record<string, unknown>;
  cells: NotebookCellData[];
  /** Top-level fields this version does not know, kept on save. */
  extra?: Record<string, unknown>;
}

const KNOWN_TOP_LEVEL = new Set(['convbook', 'metadata', 'cells']);
const KNOWN_CELL_FIELDS = new Set(['kind', 'language', 'source', 'metadata', 'outputs']);

/** The fields of `record` outside `known`, or undefined when there are none. */
function unknownFields(record: Record<string, unknown>, known: Set<string>): Record<string, unknown> | undefined {
  const keys = Object.keys(record).filter((k) => !known.has(k));
  return keys.length ? Object.fromEntries(keys.map((k) => [k, record[k]])) : undefined;
}

export class NotebookFormatError extends Error {
  constructor(
    message: string,
    /** 1-based position of the problem in the file, when it has one. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line !== undefined ? `${message} (line ${line}, column ${column})` : message);
    this.name = 'NotebookFormatError';
  }
}

export function emptyNotebook(): NotebookData {
  return { metadata: {}, cells: [] };
}

/** Reads a .convnb file. An empty file is an empty notebook; anything malformed throws NotebookFormatError. */
export function parseNotebook(text: string): NotebookData {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return emptyNotebook();
  // The walk runs first, on every file: JSON.parse accepts repeated keys by dropping content.
  const where = locateJsonError(text);
  if (where) throw new NotebookFormatError(`The notebook is not valid JSON: ${where.message}`, where.line, where.column);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new NotebookFormatError(`The notebook is not valid JSON: ${(e as Error).message}`);
  }
  return validate(raw, text);
}

function validate(raw: unknown, text: string): NotebookData {
  // Schema errors point at the cell's position in the file so the user can find it.
  const at = (path: string): { line?: number; column?: number } => {
    const m = /^cells\[(\d+)\]/.exec(path);
    if (!m) return {};
    const offset = findCellOffset(text, Number(m[1]));
    return offset < 0 ? {} : lineColumnAt(text, offset);
  };
  const fail = (path: string, rule: string): never => {
    const pos = at(path);
    throw new NotebookFormatError(`${path} ${rule}`, pos.line, pos.column);
  };
  if (!isRecord(raw)) return fail('the notebook', 'must be a JSON object with a "cells" list');
  const version = raw.convbook;
  if (version !== undefined && (typeof version !== 'number' || version > FORMAT_VERSION)) {
    fail('"convbook"', `is format version ${JSON.stringify(version)}, but this convbook reads version ${FORMAT_VERSION}; update the extension`);
  }
  if (!Array.isArray(raw.cells)) return fail('"cells"', 'must be a list');
  const metadata = raw.metadata ?? {};
  if (!isRecord(metadata)) return fail('"metadata"', 'must be an object');
  const cells = raw.cells.map((cell: unknown, index: number): NotebookCellData => {
    const path = `cells[${index}]`;
    if (!isRecord(cell)) return fail(path, 'must be an object');
    if (cell.kind !== 'markdown' && cell.kind !== 'code') return fail(`${path}.kind`, `must be "markdown" or "code", not ${JSON.stringify(cell.kind)}`);
    const source = cell.source ?? '';
    let sourceText: string;
    if (typeof source === 'string') sourceText = source;
    else if (Array.isArray(source) && source.every((l) => typeof l === 'string')) sourceText = source.join('\n');
    else return fail(`${path}.source`, 'must be a string or a list of strings');
    const out: NotebookCellData = { kind: cell.kind, source: sourceText };
    if (cell.language !== undefined) {
      if (typeof cell.language !== 'string') return fail(`${path}.language`, 'must be a string');
      out.language = cell.language;
    } else if (cell.kind === 'code') {
      out.language = 'convbook';
    }
    if (cell.metadata !== undefined) {
      if (!isRecord(cell.metadata)) return fail(`${path}.metadata`, 'must be an object');
      out.metadata = cell.metadata;
    }
    if (cell.outputs !== undefined) {
      if (!Array.isArray(cell.outputs) || !cell.outputs.every(isStoredOutput)) {
        return fail(`${path}.outputs`, 'must be a list of {"items": [{"mime": string, "value": ...}]}');
      }
      out.outputs = cell.outputs as StoredOutput[];
    }
    const extra = unknownFields(cell, KNOWN_CELL_FIELDS);
    if (extra) out.extra = extra;
    return out;
  });
  const extra = unknownFields(raw, KNOWN_TOP_LEVEL);
  return extra ? { metadata, cells, extra } : { metadata, cells };
}

/** Writes a notebook. Deterministic: the same data gives the same bytes. */
export function serializeNotebook(data: NotebookData, options: { keepOutputs: boolean } = { keepOutputs: false }): string {
  const cells = data.cells.map((cell) => {
    const out: Record<string, unknown> = { kind: cell.kind };
    if (cell.language !== undefined && !(cell.kind === 'code' && cell.language === 'convbook')) out.language = cell.language;
    out.source = cell.source.split('\n');
    if (cell.metadata && Object.keys(cell.metadata).length > 0) out.metadata = sortKeys(cell.metadata);
    if (options.keepOutputs && cell.outputs && cell.outputs.length > 0) out.outputs = cell.outputs;
    return cell.extra ? { ...out, ...(sortKeys(cell.extra) as Record<string, unknown>) } : out;
  });
  const doc: Record<string, unknown> = { convbook: FORMAT_VERSION };
  if (Object.keys(data.metadata).length > 0) doc.metadata = sortKeys(data.metadata);
  doc.cells = cells;
  if (data.extra) Object.assign(doc, sortKeys(data.extra));
  return JSON.stringify(doc, null, 2) + '\n';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStoredOutput(v: unknown): boolean {
  return isRecord(v) && Array.isArray(v.items) && v.items.every((item) => isRecord(item) && typeof item.mime === 'string');
}

/** Offset of the n-th element of the top-level "cells" array, or -1. Only used to position schema errors. */
function findCellOffset(text: string, n: number): number {
  const key = text.indexOf('"cells"');
  const open = key < 0 ? -1 : text.indexOf('[', key);
  if (open < 0) return -1;
  let depth = 0;
  let index = -1;
  let expectingElement = true;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (' \t\r\n'.includes(c)) continue;
    if (depth === 0) {
      if (c === ']') return -1;
      if (c === ',') {
        expectingElement = true;
        continue;
      }
      if (expectingElement) {
        index++;
        expectingElement = false;
        if (index === n) return i;
      }
    }
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return -1;
}
