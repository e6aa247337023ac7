// `convbook inspect FILE.py [--json]`: the PyTorch layers of a Python file with their
// configuration, parameters and, where a `# input:` hint makes them known, shapes and MACs. A table
// by default; --json prints {"layers": [{line, column, call, layer, name, config, symbolic, params,
// input_shape, input_source, output_shape, macs, warnings, notes}], "total_params": n}.

import { formatInspectTable, inspectPython } from '../lang/inspect';

export interface InspectIo {
  readFile: (path: string) => string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = 'usage: convbook inspect FILE.py [--json]\n';

/** Runs the command on the arguments after `inspect`; returns the exit status. */
export function runInspect(argv: string[], io: InspectIo): number {
  const args = argv[0] === 'inspect' ? argv.slice(1) : [...argv];
  let json = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') {
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
  const result = inspectPython(source);
  if (json) io.stdout(JSON.stringify(result, null, 2) + '\n');
  else io.stdout(formatInspectTable(result));
  return 0;
}
