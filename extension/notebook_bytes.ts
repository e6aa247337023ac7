// Bytes on disk ↔ notebook data, with the rule that protects users' files: a file convbook cannot
// read still opens (as one markdown cell naming the problem and where it is), but that notebook
// is marked unreadable and saving it is refused, so the original bytes are never replaced by the
// explanation. No vscode import: the policy is unit-tested on its own, extension/serializer.ts
// only converts to and from vscode's types.

import { NotebookFormatError, parseNotebook, serializeNotebook, type NotebookData } from '../lang/formats/notebook_format';

/** Notebook metadata key that marks a notebook opened from an unreadable file. */
export const UNREADABLE_KEY = 'convbookUnreadable';

export interface UnreadableInfo {
  message: string;
  /** 1-based position of the problem in the file, when known. */
  line?: number;
  column?: number;
}

export class RefusedSaveError extends Error {
  constructor(info: UnreadableInfo) {
    super(
      `convbook will not save this notebook: it was opened from a file convbook could not read (${describe(info)}), ` +
        'and saving would replace that file with this error page. The file on disk is unchanged. ' +
        'To repair it, reopen it with the text editor (View: Reopen Editor With… → Text Editor).',
    );
    this.name = 'RefusedSaveError';
  }
}

/** Never throws: an unreadable file becomes a notebook that explains why and cannot be saved. */
export function readNotebookBytes(bytes: Uint8Array): NotebookData {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    return unreadableNotebook({ message: `the file is not UTF-8 text: byte ${offset} (0x${bytes[offset]?.toString(16).padStart(2, '0')}) is not valid UTF-8`, ...byteLineColumn(bytes, offset) });
  }
  try {
    const data = parseNotebook(text);
    // The marker belongs to notebooks this module builds; a file that somehow carries it must not
    // become unsavable.
    if (UNREADABLE_KEY in data.metadata) {
      const { [UNREADABLE_KEY]: _dropped, ...rest } = data.metadata;
      return { ...data, metadata: rest };
    }
    return data;
  } catch (err) {
    if (err instanceof NotebookFormatError) {
      // NotebookFormatError's message already ends with the position; keep the bare rule here.
      const bare = err.line !== undefined ? err.message.replace(/ \(line \d+, column \d+\)$/, '') : err.message;
      return unreadableNotebook({ message: bare, line: err.line, column: err.column });
    }
    return unreadableNotebook({ message: `the notebook could not be read: ${(err as Error)?.message ?? String(err)}` });
  }
}

/** Refuses (throws RefusedSaveError) to write a notebook that was opened from an unreadable file. */
export function writeNotebookBytes(data: NotebookData, options: { keepOutputs: boolean }): Uint8Array {
  const info = unreadableInfo(data.metadata);
  if (info) throw new RefusedSaveError(info);
  return new TextEncoder().encode(serializeNotebook(data, options));
}

export function unreadableInfo(metadata: Record<string, unknown> | undefined): UnreadableInfo | undefined {
  const value = metadata?.[UNREADABLE_KEY];
  if (value === undefined) return undefined;
  if (typeof value === 'object' && value !== null && typeof (value as UnreadableInfo).message === 'string') return value as UnreadableInfo;
  return { message: 'the file could not be read' };
}

export function unreadableNotebook(info: UnreadableInfo): NotebookData {
  const where = info.line !== undefined ? `line ${info.line}, column ${info.column}` : 'an unknown position';
  const source = [
    '## This notebook could not be opened',
    '',
    `convbook could not read this file at **${where}**:`,
    '',
    '```text',
    info.message.replace(/```/g, "'''"),
    '```',
    '',
    'The file on disk has not been changed, and convbook will refuse to save this view over it, ' +
      'so nothing is lost. To repair the file, run **View: Reopen Editor With…**, choose **Text Editor**, ' +
      'fix the problem, save, and open it as a notebook again.',
  ].join('\n');
  return { metadata: { [UNREADABLE_KEY]: { ...info } }, cells: [{ kind: 'markdown', source, language: 'markdown' }] };
}

function describe(info: UnreadableInfo): string {
  return info.line !== undefined ? `line ${info.line}, column ${info.column}: ${info.message}` : info.message;
}

/** Offset where the first invalid UTF-8 sequence starts (bytes.length if the text is valid). */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  // A streaming decode tolerates a sequence cut at the end of the prefix, so "the prefix of
  // length k decodes" is monotonic in k and a binary search finds the first bad byte.
  const decodes = (k: number, stream = true): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, k), { stream });
      return true;
    } catch {
      return false;
    }
  };
  if (decodes(bytes.length)) {
    if (decodes(bytes.length, false)) return bytes.length;
    return sequenceStart(bytes, bytes.length);
  }
  let lo = 0; // this prefix decodes
  let hi = bytes.length; // this one does not
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (decodes(mid)) lo = mid;
    else hi = mid;
  }
  const bad = hi - 1;
  // When the bad byte interrupts or misfits an open multi-byte sequence (too short, overlong, a
  // surrogate), the sequence's lead byte is where the problem starts.
  return bad > 0 ? Math.min(bad, sequenceStart(bytes, bad)) : bad;
}

/** Start of the multi-byte sequence still open just before `end`, or `end` if none is. */
function sequenceStart(bytes: Uint8Array, end: number): number {
  let k = end - 1;
  while (k > 0 && (bytes[k] & 0xc0) === 0x80 && end - k < 4) k--;
  const lead = bytes[k];
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return length > 1 && end - k < length ? k : end;
}

export function byteLineColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(lineStart, offset)).length + 1;
  return { line, column };
}
