// `convbook inspect FILE.py [--input 1,3,224,224] [--json]`: the PyTorch layers of a Python file
// with their configuration, parameters and output shapes. A table by default; --json prints
// {"input": [...], "layers": [{line, column, call, layer, name, config, symbolic, params,
// input_shape, input_source, output_shape, macs, warnings, notes}], "total_params": n}.

import { DEFAULT_INSPECT_INPUT, formatInspectTable, inspectPython } from '../lang/inspect';

export interface InspectIo {
  readFile: (path: string) => string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = 'usage: convbook inspect FILE.py [--input 1,3,224,224] [--json]\n';

/** Parses "1,3,224,224", "(1, 3, 224, 224)" or "1x3x224x224" into sizes, or null. */
export function parseInputSize(text: string): number[] | null {
  const parts = text.replace(/[()[\]\s]/g, '').split(/[,x×]/).filter((p) => p !== '');
  if (parts.length < 2) return null;
  const sizes = parts.map(Number);
  return sizes.every((s) => Number.isSafeInteger(s) && s >= 1) ? sizes : null;
}

/** Runs the command on the arguments after `inspect`; returns the exit status. */
export function runInspect(argv: string[], io: InspectIo): number {
  const args = argv[0] === 'inspect' ? argv.slice(1) : [...argv];
  let json = false;
  let input: number[] = DEFAULT_INSPECT_INPUT;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') json = true;
    else if (arg === '--input' || arg.startsWith('--input=')) {
      const value = arg === '--input' ? args[++i] : arg.slice('--input='.length);
      const parsed = value === undefined ? null : parseInputSize(value);
      if (!parsed) {
        io.stderr(`convbook inspect: --input needs sizes like 1,3,224,224, got ${value === undefined ? 'nothing' : `'${value}'`}\n${USAGE}`);
        return 2;
      }
      input = parsed;
    } else if (arg === '--help' || arg === '-h') {
      io.stdout(USAGE);
      return 0;
    } else if (arg.startsWith('--')) {
      io.stderr(`convbook inspect: unknown option ${arg}\n${USAGE}`);
      return 2;
    } else files.push(arg);
  }
  if (files.length !== 1) {
    io.stderr(`convbook inspect: give exactly one Python file\n${USAGE}`);
    return 2;
  }
  let source: string;
  try {
    source = io.readFile(files[0]);
  } catch (e) {
    io.stderr(`convbook inspect: cannot read ${files[0]}: ${(e as Error).message}\n`);
    return 1;
  }
  const result = inspectPython(source, { input });
  if (json) io.stdout(JSON.stringify({ input, ...result }, null, 2) + '\n');
  else io.stdout(formatInspectTable(result));
  return 0;
}
