// `convbook inspect FILE.py [--model EXPR] [--input N,C,H,W] [--args "..."] [--json]`: the PyTorch
// layers of a Python file. The file's model is traced in the kernel worker (its forward run on a
// shape-only input) and every layer lists the calls it made, with shapes, params and MACs as they
// really were. When it cannot be traced, the static reading stands in, with the reason and where,
// and shows a number only where it follows from literals and `# input:` hints.

import type { TraceOutcome, TraceRequest, TraceSkip } from '../contract/trace';
import { formatInspectTable, inspectPython } from '../lang/pyfile/inspect';
import { textNumber } from '../engine/arithmetic/format';
import { inspectTraced, type TracedInspectResult, type TracedLayer } from '../reader/trace_inspect';
import { shellWords } from './shell_words';

export interface InspectIo {
  readFile: (path: string) => string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Traces the file (an absolute path) in the kernel worker: cli/trace_kernel.ts. */
  trace: (path: string, request: Omit<TraceRequest, 'file'>, timeoutMs: number) => Promise<TraceOutcome>;
  /** Absolute path of a command-line path. */
  resolve: (path: string) => string;
}

/** Same as the editor's convbook.defaultInputSize default: assumed only for the one buildable model. */
export const DEFAULT_INPUT_SIZE = [1, 3, 224, 224];
export const DEFAULT_TRACE_TIMEOUT_S = 60;

const USAGE = 'usage: convbook inspect FILE.py [--model EXPR] [--input N,C,H,W] [--args "..."] [--timeout SECONDS] [--static] [--json]\n';

export interface StaticInspectResult {
  status: 'static';
  /** Why the file was not traced: one line, with its position. */
  reason: string;
  model: null;
  input: null;
  input_source: null;
  total_params: number;
  total_macs: null;
  error: null;
  layers: TracedLayer[];
}

export type InspectJson = (TracedInspectResult | StaticInspectResult) & { skipped: TraceSkip[] };

interface Options {
  file: string;
  json: boolean;
  static: boolean;
  model?: string;
  input?: number[];
  args?: string[];
  timeoutS: number;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options | 'help' {
  const args = argv[0] === 'inspect' ? argv.slice(1) : [...argv];
  const options: Partial<Options> & { json: boolean; static: boolean; timeoutS: number } = { json: false, static: false, timeoutS: DEFAULT_TRACE_TIMEOUT_S };
  const files: string[] = [];
  const value = (i: number, name: string): string => {
    if (i >= args.length) throw new UsageError(`${name} needs a value`);
    return args[i];
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--static') options.static = true;
    else if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--model') options.model = value(++i, arg);
    else if (arg === '--input') {
      const text = value(++i, arg);
      const dims = text.replace(/[()[\]\s]/g, '').split(/[,x×]/).map(Number);
      if (dims.length === 0 || !dims.every((n) => Number.isInteger(n) && n > 0)) throw new UsageError(`--input takes positive whole numbers, N,C,H,W, not ${text}`);
      options.input = dims;
    } else if (arg === '--args') options.args = shellWords(value(++i, arg));
    else if (arg === '--timeout') {
      const seconds = Number(value(++i, arg));
      if (!Number.isFinite(seconds) || seconds < 0) throw new UsageError(`--timeout must be a number of seconds (0 for no limit), not ${args[i]}`);
      options.timeoutS = seconds;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new UsageError('give exactly one Python file');
  if (options.static && (options.model !== undefined || options.input !== undefined || options.args !== undefined)) {
    throw new UsageError('--static reads the file without running it: --model, --input and --args need a trace');
  }
  return { ...options, file: files[0] };
}

function positioned(outcome: Extract<TraceOutcome, { status: 'untraced' }>): string {
  const at = outcome.at;
  return at ? `${at.file}:${at.line}:${at.column + 1}: ${outcome.reason}` : outcome.reason;
}

function staticResult(source: string, file: string, reason: string): StaticInspectResult {
  const read = inspectPython(source);
  return {
    status: 'static', reason, model: null, input: null, input_source: null,
    total_params: read.total_params, total_macs: null, error: null,
    layers: read.layers.map((layer) => ({ ...layer, file, calls: [] })),
  };
}

/** The traced file first, then the files it imported, as the layers are listed. */
function orderedSources(outcome: Extract<TraceOutcome, { status: 'traced' }>, file: string, source: string): Map<string, string> {
  const files = new Map<string, string>([[file, source]]);
  for (const name of Object.keys(outcome.files ?? {}).sort()) if (name !== file) files.set(name, outcome.files![name]);
  return files;
}

export async function inspectFile(options: Options, io: InspectIo, source: string): Promise<InspectJson> {
  const path = io.resolve(options.file);
  const file = path.split(/[\\/]/).pop()!;
  if (options.static) return { ...staticResult(source, file, 'asked for with --static'), skipped: [] };
  const request: Omit<TraceRequest, 'file'> = {
    source, defaultInput: DEFAULT_INPUT_SIZE,
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.args !== undefined ? { args: options.args } : {}),
  };
  const outcome = await io.trace(path, request, options.timeoutS * 1000);
  if (outcome.status === 'untraced') return { ...staticResult(source, file, positioned(outcome)), skipped: outcome.skipped };
  return { ...inspectTraced(outcome.trace, orderedSources(outcome, file, source), outcome.input_source), skipped: outcome.skipped };
}

const INPUT_SOURCE_TEXT = { hint: 'from its `# input:` hint', cli: 'given with --input', setting: 'assumed: the default input size, for the one model buildable without arguments' };

function shapeText(shape: readonly number[] | null): string {
  return shape ? `(${shape.join(', ')})` : '?';
}

function textReport(result: InspectJson, mainFile: string): string {
  const lines: string[] = [];
  if (result.status === 'traced') {
    lines.push(`traced ${result.model} on ${shapeText(result.input)} (${INPUT_SOURCE_TEXT[result.input_source]}): ${textNumber(result.total_params)} params, ${textNumber(result.total_macs)} MACs`);
  } else lines.push(`not traced, read without running: ${result.reason}`);
  for (const s of result.skipped) lines.push(`skipped line ${s.line}: ${s.message}`);
  if (result.status === 'traced' && result.error) {
    const e = result.error;
    lines.push(`the forward raised ${e.type}: ${e.message}${e.file ? ` (${e.file}:${e.line}:${e.column})` : ''}`);
  }
  const table = formatInspectTable(result, result.status === 'traced' ? { totalLabel: 'total params (the traced model)', calls: true, mainFile } : {});
  return `${lines.join('\n')}\n\n${table}`;
}

/** Runs the command on the arguments after `inspect`; resolves to the exit status (1 when the traced forward raised). */
export async function runInspect(argv: string[], io: InspectIo): Promise<number> {
  let options: Options | 'help';
  try {
    options = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`convbook inspect: ${e.message}\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  let source: string;
  try {
    source = io.readFile(options.file);
  } catch (e) {
    io.stderr(`convbook inspect: cannot read ${options.file}: ${(e as Error).message}\n`);
    return 1;
  }
  const result = await inspectFile(options, io, source);
  io.stdout(options.json ? JSON.stringify(result, null, 2) + '\n' : textReport(result, io.resolve(options.file).split(/[\\/]/).pop()!));
  return result.status === 'traced' && result.error ? 1 : 0;
}
