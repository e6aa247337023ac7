// The headless CLI: run notebooks without VS Code, convert between notebook spellings, and
// inspect the layers of a PyTorch file. `convbook help` lists the commands.

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_KERNEL_SETTINGS, type KernelSettings } from '../contract';
import { NotebookFormatError } from '../lang/formats/notebook_format';
import { installFastestKernel } from '../kernel/wasm_kernels';
import { getGemmKernel } from '../engine/gemm';
import { readNotebookFile, writeNotebookFile } from './notebook_file';
import { formatError, runCells, toJsonReport, toMarkdownReport, toTextReport } from './run_cells';
import { distDirectory, reportTitle, writeHtmlReport } from './html_report';
import { runInspect } from './inspect';
import { traceInKernel } from './trace_kernel';
import { batchedWriter, streamJson } from './json_stream';
import { KernelCells } from './kernel_cells';
import { checkOutputPath, CliError, writeFileAtomically } from './safe_write';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The kernel worker bundle; default dist/worker.js next to the CLI. Tests pass a fresh build. */
  workerPath?: string;
}

/** Seconds a cell may run under `convbook run` before it is stopped. */
export const DEFAULT_CELL_TIMEOUT_S = 120;

const USAGE = `convbook — convolution arithmetic, computed

Usage:
  convbook run FILE [--json | --md | --html OUT.html] [--timeout SECONDS] [--element-budget N]
      Run every cell of FILE (.convnb, or a percent-format script with "# %%" cells).
      --json     print {"cells": [{index, kind, outputs: [{mime, value}], error}]} with full tensor data
      --md       print the notebook as markdown with each output's markdown fallback
      --html     write a standalone report drawn by convbook's renderer
      --timeout  stop a cell that runs longer (default ${DEFAULT_CELL_TIMEOUT_S}; 0: no limit); later cells are not run
      Exit status 0 when every cell ran, 1 when a cell failed.
  convbook convert IN OUT [--force]
      Convert between .convnb and a percent-format script (by OUT's extension).
      An existing OUT is replaced only with --force; OUT is never IN.
  convbook inspect FILE.py [--model EXPR] [--input N,C,H,W] [--args "..."] [--timeout SECONDS] [--static] [--json]
      Trace the file's model in the Python runtime (its forward on a shape-only input) and list every
      layer with the calls it made: shapes, params and MACs as they were. The model is --model (an
      expression of the file, e.g. "resnet18()"), else the one with a \`# input: (N, C, H, W)\` hint,
      else the one model buildable without arguments on (1, 3, 224, 224). --args sets sys.argv for
      argparse. When the file cannot be traced (or with --static) it is read without running, and
      says why. Exit status 1 when the traced forward raised.
  convbook help | --help
`;

class UsageError extends Error {}

function takeOption(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

function takeFlag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
}

/**
 * Where the CLI keeps the Python runtime's memory snapshot, so a run after the first starts CPython
 * in about a second: $CONVBOOK_CACHE_DIR, else the user's cache folder (XDG), never a shared one.
 */
export function cliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CONVBOOK_CACHE_DIR) return resolve(env.CONVBOOK_CACHE_DIR);
  return join(env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache'), 'convbook');
}

async function runCommand(args: string[], io: CliIo): Promise<number> {
  const json = takeFlag(args, '--json');
  const md = takeFlag(args, '--md');
  const htmlOut = takeOption(args, '--html');
  const budget = takeOption(args, '--element-budget');
  const timeout = takeOption(args, '--timeout');
  if ([json, md, htmlOut !== undefined].filter(Boolean).length > 1) throw new UsageError('choose one of --json, --md and --html');
  if (args.length !== 1) throw new UsageError('run takes exactly one FILE');
  const timeoutMs = timeout === undefined ? DEFAULT_CELL_TIMEOUT_S * 1000 : parseTimeout(timeout) * 1000;
  const file = resolve(args[0]);
  if (htmlOut !== undefined) checkOutputPath(htmlOut, { inputs: [file], force: false, report: true });
  const notebook = readNotebookFile(file);
  const settings: KernelSettings = {
    ...DEFAULT_KERNEL_SETTINGS,
    workspaceRoot: dirname(file),
    notebookDir: dirname(file),
    includeFullData: json,
    cacheDir: cliCacheDir(),
    ...(budget !== undefined ? { elementBudget: parseBudget(budget) } : {}),
  };
  const kernel = new KernelCells({ workerPath: io.workerPath ?? join(distDirectory(), 'worker.js'), settings, timeoutMs });
  let records;
  try {
    records = await runCells(notebook, kernel, KernelCells.endsRun);
  } finally {
    await kernel.dispose();
  }
  if (json) {
    const out = batchedWriter(io.stdout);
    streamJson(toJsonReport(records), out.write);
    out.write('\n');
    out.flush();
  } else if (md) io.stdout(toMarkdownReport(records));
  else if (htmlOut !== undefined) {
    writeFileAtomically(htmlOut, (write) => writeHtmlReport(records, reportTitle(file), write));
    io.stdout(`wrote ${htmlOut}\n`);
  } else io.stdout(toTextReport(records));
  const failed = records.filter((r) => r.error);
  for (const r of failed) io.stderr(`${args[0]}: cell ${r.index + 1}: ${formatError(r.error!)}\n`);
  const notRun = notebook.cells.length - records.length;
  if (notRun > 0) io.stderr(`${args[0]}: the last ${notRun} cell${notRun === 1 ? ' was' : 's were'} not run: the kernel that held the variables was stopped\n`);
  return failed.length > 0 ? 1 : 0;
}

function parseTimeout(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--timeout must be a number of seconds (0 for no limit), not ${text}`);
  return n;
}

function parseBudget(text: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--element-budget must be a positive whole number, not ${text}`);
  return n;
}

function convertCommand(args: string[], io: CliIo): number {
  const force = takeFlag(args, '--force');
  if (args.length !== 2) throw new UsageError('convert takes IN and OUT');
  const [input, output] = args;
  const data = readNotebookFile(input);
  checkOutputPath(output, { inputs: [input], force, report: false });
  writeNotebookFile(output, data);
  io.stdout(`wrote ${output}\n`);
  return 0;
}

/** Runs one CLI command; resolves to the exit status. Never rejects for the user's mistakes. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest, io);
      case 'convert':
        return convertCommand(rest, io);
      case 'inspect':
        return await runInspect(rest, {
          readFile: (p: string) => readFileSync(p, 'utf8'),
          stdout: io.stdout,
          stderr: io.stderr,
          resolve: (p: string) => resolve(p),
          trace: (path, request, timeoutMs) => traceInKernel(path, request, { workerPath: io.workerPath ?? join(distDirectory(), 'worker.js'), timeoutMs }),
        });
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        // The cells run in the kernel worker, which installs its own kernel; here only to say which.
        installFastestKernel();
        io.stdout(`${USAGE}\nEngine GEMM kernel on this host: ${getGemmKernel().name}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`convbook: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof NotebookFormatError || e instanceof CliError) {
      io.stderr(`convbook: ${e.message}\n`);
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') {
      io.stderr(`convbook: no such file: ${err.path}\n`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  }).then((code) => {
    process.exitCode = code;
  });
}
