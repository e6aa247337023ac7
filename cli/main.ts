// The headless CLI: run notebooks without VS Code, convert between notebook spellings, and
// inspect the layers of a PyTorch file. `convbook help` lists the commands.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_KERNEL_SETTINGS, type KernelSettings } from '../contract';
import { NotebookFormatError } from '../lang/notebook_format';
import { Session } from '../lang/session';
import { createNodeHost } from '../kernel/node_host';
import { installFastestKernel } from '../kernel/wasm_kernels';
import { getGemmKernel } from '../engine/gemm';
import { readNotebookFile, writeNotebookFile } from './notebook_file';
import { formatError, runCells, toJsonReport, toMarkdownReport, toTextReport } from './run_cells';
import { buildHtmlReport, reportTitle } from './html_report';
import { runInspect } from './inspect';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = `convbook — convolution arithmetic, computed

Usage:
  convbook run FILE [--json | --md | --html OUT.html] [--element-budget N]
      Run every cell of FILE (.convnb, or a percent-format script with "# %%" cells).
      --json   print {"cells": [{index, kind, outputs: [{mime, value}], error}]} with full tensor data
      --md     print the notebook as markdown with each output's markdown fallback
      --html   write a standalone report drawn by convbook's renderer
      Exit status 0 when every cell ran, 1 when a cell failed.
  convbook convert IN OUT
      Convert between .convnb and a percent-format script (by OUT's extension).
  convbook inspect FILE.py [--input 1,3,224,224] [--json]
      List the conv/pool layers in a PyTorch file with their config, params and output shapes.
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

function runCommand(args: string[], io: CliIo): number {
  const json = takeFlag(args, '--json');
  const md = takeFlag(args, '--md');
  const htmlOut = takeOption(args, '--html');
  const budget = takeOption(args, '--element-budget');
  if ([json, md, htmlOut !== undefined].filter(Boolean).length > 1) throw new UsageError('choose one of --json, --md and --html');
  if (args.length !== 1) throw new UsageError('run takes exactly one FILE');
  const file = resolve(args[0]);
  const notebook = readNotebookFile(file);
  const settings: KernelSettings = {
    ...DEFAULT_KERNEL_SETTINGS,
    workspaceRoot: dirname(file),
    includeFullData: json,
    ...(budget !== undefined ? { elementBudget: parseBudget(budget) } : {}),
  };
  const session = new Session({ settings, host: createNodeHost(dirname(file), { elementBudget: settings.elementBudget }) });
  const records = runCells(notebook, session);
  if (json) io.stdout(JSON.stringify(toJsonReport(records)) + '\n');
  else if (md) io.stdout(toMarkdownReport(records));
  else if (htmlOut !== undefined) {
    writeFileSync(htmlOut, buildHtmlReport(records, reportTitle(file)));
    io.stdout(`wrote ${htmlOut}\n`);
  } else io.stdout(toTextReport(records));
  const failed = records.filter((r) => r.error);
  for (const r of failed) io.stderr(`cell ${r.index + 1}: ${formatError(r.error!)}\n`);
  return failed.length > 0 ? 1 : 0;
}

function parseBudget(text: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--element-budget must be a positive whole number, not ${text}`);
  return n;
}

function convertCommand(args: string[], io: CliIo): number {
  if (args.length !== 2) throw new UsageError('convert takes IN and OUT');
  const [input, output] = args;
  writeNotebookFile(output, readNotebookFile(input));
  io.stdout(`wrote ${output}\n`);
  return 0;
}

export function main(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return runCommand(rest, io);
      case 'convert':
        return convertCommand(rest, io);
      case 'inspect':
        return runInspect(rest, { readFile: (p: string) => readFileSync(p, 'utf8'), stdout: io.stdout, stderr: io.stderr });
      case undefined:
      case 'help':
      case '--help':
      case '-h':
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
    if (e instanceof NotebookFormatError) {
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
  installFastestKernel();
  const code = main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  });
  process.exitCode = code;
}
