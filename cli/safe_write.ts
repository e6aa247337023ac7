// Where the CLI writes, it never destroys what it read: an output that is the input (by path,
// symlink or hard link) or a notebook source is refused, `convert` replaces an existing file
// only with --force, and every file is written to a temporary sibling and renamed over the
// target, so a failure halfway leaves the old file whole.

import { closeSync, existsSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { batchedWriter } from './json_stream';

/** A refusal or failure the user can act on: one line, exit status 1. */
export class CliError extends Error {}

/** What a report may replace: an earlier report. Anything else may be a notebook, a script or an image a cell reads. */
const REPORT_EXTENSIONS = new Set(['.html', '.htm']);

function sameFile(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b)) return resolve(a) === resolve(b);
  if (realpathSync(a) === realpathSync(b)) return true;
  const sa = statSync(a);
  const sb = statSync(b);
  return sa.dev === sb.dev && sa.ino === sb.ino;
}

export interface OutputRules {
  /** Files this command reads; the output may be none of them. */
  inputs: string[];
  /** Replace an existing file (convert --force). Reports replace earlier reports without it. */
  force: boolean;
  /** A report (HTML) replaces an earlier report only, never a notebook, script or image, even with force. */
  report: boolean;
}

export function checkOutputPath(output: string, rules: OutputRules): void {
  for (const input of rules.inputs) {
    if (sameFile(output, input)) throw new CliError(`refusing to write ${output}: it is the input file ${input}`);
  }
  if (!existsSync(output)) return;
  if (statSync(output).isDirectory()) throw new CliError(`cannot write ${output}: it is a folder`);
  if (rules.report && !REPORT_EXTENSIONS.has(extname(output).toLowerCase())) {
    throw new CliError(`refusing to write the report over ${output}, which is not an .html report; choose an .html file`);
  }
  if (!rules.report && !rules.force) throw new CliError(`refusing to replace ${output}, which exists; pass --force to replace it`);
}

/** Writes through `produce`'s pieces to a temporary sibling of `path`, then renames it into place. */
export function writeFileAtomically(path: string, produce: (write: (piece: string) => void) => void): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(temporary, 'w');
  } catch (e) {
    throw writeError(path, e);
  }
  try {
    const out = batchedWriter((text) => writeSync(fd, text));
    produce(out.write);
    out.flush();
    closeSync(fd);
    renameSync(temporary, path);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    try {
      unlinkSync(temporary);
    } catch {
      // never created or already renamed
    }
    throw writeError(path, e);
  }
}

const REASONS: Record<string, string> = {
  EISDIR: 'it is a folder',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of its path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

function writeError(path: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (code && REASONS[code]) return new CliError(`cannot write ${path}: ${REASONS[code]}`);
  return e as Error;
}
