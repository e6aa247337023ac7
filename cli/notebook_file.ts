// Reads and writes notebooks on disk in either of convbook's two spellings: .convnb JSON, or a
// percent-format script (`# %%` cells). The spelling follows the file name.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { byteLineColumn, firstInvalidUtf8Offset } from '../extension/notebook_bytes';
import { NotebookFormatError, parseNotebook, serializeNotebook, type NotebookData } from '../lang/formats/notebook_format';
import { parsePercentScript, toPercentScript } from '../lang/formats/percent_format';
import { CliError, writeFileAtomically } from './safe_write';

export type NotebookSpelling = 'convnb' | 'percent';

export function spellingOf(path: string): NotebookSpelling {
  return extname(path).toLowerCase() === '.convnb' ? 'convnb' : 'percent';
}

export function readNotebookFile(path: string): NotebookData {
  if (existsSync(path) && statSync(path).isDirectory()) throw new CliError(`${path} is a folder, not a file`);
  const bytes = readFileSync(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Decoding with replacement characters would change the notebook on its way to any output.
    const offset = firstInvalidUtf8Offset(bytes);
    const { line, column } = byteLineColumn(bytes, offset);
    throw new NotebookFormatError(`${path} is not UTF-8 text: byte ${offset} (0x${bytes[offset].toString(16).padStart(2, '0')}) is not valid UTF-8`, line, column);
  }
  return spellingOf(path) === 'convnb' ? parseNotebook(text) : parsePercentScript(text);
}

export function writeNotebookFile(path: string, data: NotebookData): void {
  const text = spellingOf(path) === 'convnb' ? serializeNotebook(data) : toPercentScript(data);
  writeFileAtomically(path, (write) => write(text));
}
