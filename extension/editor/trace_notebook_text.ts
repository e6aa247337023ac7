// The notebooks the trace's commands open, as cell sources: the code lens's (import the model's
// file, build the model as the trace did, its summary and receptive field) and a traced layer's
// "Visualize in notebook" (the layer swept over the input it really had). Python cells; no vscode.

import { shapeTuple } from '../../engine/arithmetic/format';
import type { ConvConfig, ModelTrace, Shape, TracedModule } from '../../contract/trace';

const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** Names an expression reads that are neither Python's keywords nor common builtins. */
const NOT_IMPORTED = new Set([
  'True', 'False', 'None', 'and', 'or', 'not', 'in', 'is', 'if', 'else', 'lambda', 'for',
  'int', 'float', 'bool', 'str', 'list', 'tuple', 'dict', 'set', 'len', 'range', 'min', 'max', 'abs', 'round', 'sum',
]);

/**
 * The file's module names the build expression reads: `resnet18()` reads resnet18,
 * `Generator(ngpu, nz=nz)` reads Generator, ngpu and nz (the keyword's name is not read).
 */
export function namesRead(expr: string): string[] {
  const code = expr.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, '""');
  const names: string[] = [];
  for (const m of code.matchAll(/(?<![.\w])([A-Za-z_]\w*)\b(?!\s*=(?!=))/g)) {
    if (!NOT_IMPORTED.has(m[1]) && !names.includes(m[1])) names.push(m[1]);
  }
  return names;
}

/** `models/resnet.py` → `models.resnet`; null when a part is no Python identifier. */
export function moduleName(workspacePath: string): string | null {
  const parts = workspacePath.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.length > 0 && parts.every((p) => IDENTIFIER.test(p)) ? parts.join('.') : null;
}

/** Joins the traced file's folder (workspace-relative) and a trace path relative to it. */
export function workspacePathOf(tracedFolder: string, traceFile: string): string {
  const parts = tracedFolder ? tracedFolder.split('/') : [];
  for (const part of traceFile.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/**
 * The cells of the code lens's notebook: build the model as the trace did, then its summary and
 * its receptive field on the traced input. `modelFile` is the file defining the model, relative
 * to the workspace root (cells import workspace files from there).
 */
export function modelNotebookCells(trace: ModelTrace, modelFile: string): string[] {
  const module = moduleName(modelFile);
  const input = shapeTuple(trace.input);
  const setup: string[] = [`# ${trace.build} from ${modelFile}, built as convbook traced it`];
  if (trace.args.length > 0) setup.push('import sys', `sys.argv = ${JSON.stringify([modelFile.split('/').pop(), ...trace.args])}`);
  const names = namesRead(trace.build);
  if (module) {
    if (names.length > 0) setup.push(`from ${module} import ${names.join(', ')}`);
  } else {
    // A folder name that is no identifier: import the file by its path, as a module of its own.
    setup.push(
      'import importlib.util',
      `_spec = importlib.util.spec_from_file_location("traced_model", ${JSON.stringify(modelFile)})`,
      '_module = importlib.util.module_from_spec(_spec)',
      '_spec.loader.exec_module(_module)',
      ...names.map((n) => `${n} = _module.${n}`),
    );
  }
  setup.push('from convbook import summary, receptive_field');
  // `model = resnet18()  # input: ...` at top level: the file's own object is the model.
  if (trace.build !== 'model') setup.push('', `model = ${trace.build}`);
  return [
    setup.join('\n'),
    `summary(model, input_size=${input})`,
    `receptive_field(model, input_size=${input})`,
  ];
}

function tupleText(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/** A conv's constructor from its traced settings (its extra_repr leaves padding_mode unquoted). */
function convConstructor(module: TracedModule, config: ConvConfig): string {
  const args = [`${config.in_channels}`, `${config.out_channels}`, `kernel_size=${tupleText(config.kernel_size)}`, `stride=${tupleText(config.stride)}`];
  args.push(`padding=${typeof config.padding === 'string' ? JSON.stringify(config.padding) : tupleText(config.padding)}`);
  if (config.kind === 'conv_transpose' && config.output_padding.some((p) => p !== 0)) args.push(`output_padding=${tupleText(config.output_padding)}`);
  if (config.dilation.some((d) => d !== 1)) args.push(`dilation=${tupleText(config.dilation)}`);
  if (config.groups !== 1) args.push(`groups=${config.groups}`);
  if (!config.bias) args.push('bias=False');
  if (config.padding_mode !== 'zeros') args.push(`padding_mode=${JSON.stringify(config.padding_mode)}`);
  return `nn.${module.class}(${args.join(', ')})`;
}

/** Pooling layers whose extra_repr is numbers and booleans only, so it is their constructor's arguments. */
const POOLS = /^(Max|Avg)Pool[123]d$/;

/** Whether "Visualize in notebook" can sweep this module: a conv or a pooling window. */
export function sweepable(module: TracedModule): boolean {
  return (module.config !== null && module.config.kind !== 'linear') || POOLS.test(module.class);
}

/** The cell sweeping a traced layer over the input shape it really had; null for other layers. */
export function tracedLayerCell(trace: ModelTrace, module: TracedModule, input: Shape): string | null {
  if (!sweepable(module)) return null;
  const layer = module.config && module.config.kind !== 'linear' ? convConstructor(module, module.config) : `nn.${module.class}(${module.extra_repr})`;
  return [
    `# ${module.path} of ${trace.build}, on the input it had when traced`,
    'import torch.nn as nn',
    'from convbook import sweep',
    '',
    `layer = ${layer}`,
    `sweep(layer, input_size=${shapeTuple(input)})`,
  ].join('\n');
}
