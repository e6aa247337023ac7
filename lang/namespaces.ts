// The modules a cell can import (torch, torch.nn, torch.nn.functional, torchvision.ops and
// convbook's own), the names bound before any import, and what `import` binds. Imports only ever
// bind these built-in namespaces: nothing is loaded or executed.

import { analysisBuiltins } from './analysis';
import { functionalBuiltins, offsetBuiltins } from './functional';
import { layerConstructor, sequentialConstructor } from './modules';
import { pythonBuiltins } from './py_builtins';
import { pyError, type Runtime } from './runtime';
import { creationFunctions, DTYPES } from './tensor_builtins';
import { Namespace, type PyValue } from './values';

const LAYERS = [
  'Conv1d', 'Conv2d', 'Conv3d', 'ConvTranspose1d', 'ConvTranspose2d', 'ConvTranspose3d',
  'MaxPool2d', 'AvgPool2d', 'AdaptiveAvgPool2d', 'BatchNorm2d', 'ReLU', 'Sigmoid', 'Identity', 'Flatten', 'Linear', 'Dropout',
];

/** Builds the session's modules into runtime.modules and returns the names bound before any import. */
export function installNamespaces(runtime: Runtime): Map<string, PyValue> {
  const creation = creationFunctions(runtime);
  const functional = functionalBuiltins(runtime);
  const analysis = analysisBuiltins(runtime);
  const python = pythonBuiltins(runtime);
  const offsetFns = offsetBuiltins();

  const F = new Namespace('torch.nn.functional', new Map<string, PyValue>());
  for (const [name, fn] of Object.entries(functional)) if (name.startsWith('F.')) F.members.set(name.slice(2), fn);

  const nn = new Namespace('torch.nn', new Map<string, PyValue>());
  for (const layer of LAYERS) nn.members.set(layer, layerConstructor(runtime, `nn.${layer}`));
  nn.members.set('Sequential', sequentialConstructor());
  nn.members.set('Parameter', python['nn.Parameter']);
  nn.members.set('functional', F);

  const ops = new Namespace('torchvision.ops', new Map<string, PyValue>([
    ['deform_conv2d', functional.deform_conv2d],
    ['DeformConv2d', layerConstructor(runtime, 'DeformConv2d')],
  ]));
  const torchvision = new Namespace('torchvision', new Map<string, PyValue>([['ops', ops]]));

  const torch = new Namespace('torch', new Map<string, PyValue>());
  for (const name of ['tensor', 'zeros', 'ones', 'full', 'arange', 'rand', 'randn']) torch.members.set(name, creation[`torch.${name}`]);
  for (const [name, dtype] of Object.entries(DTYPES)) torch.members.set(name, dtype);
  // torch.conv2d, torch.relu, ... are the same functions as F's.
  for (const name of ['conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'max_pool2d', 'avg_pool2d', 'relu', 'sigmoid']) {
    torch.members.set(name, F.members.get(name)!);
  }
  torch.members.set('nn', nn);

  const offsets = new Namespace('convbook.offsets', new Map<string, PyValue>(Object.entries(offsetFns)));
  const convbook = new Namespace('convbook', new Map<string, PyValue>([...Object.entries(analysis), ['image', creation.image], ['offsets', offsets]]));

  for (const ns of [torch, nn, F, torchvision, ops, convbook, offsets]) runtime.modules.set(ns.path, ns);

  const globals = new Map<string, PyValue>([
    ['torch', torch],
    ['nn', nn],
    ['F', F],
    ['torchvision', torchvision],
    ['tensor', creation['torch.tensor']],
    ['zeros', creation['torch.zeros']],
    ['ones', creation['torch.ones']],
    ['full', creation['torch.full']],
    ['arange', creation['torch.arange']],
    ['rand', creation['torch.rand']],
    ['randn', creation['torch.randn']],
    ['image', creation.image],
    ['deform_conv2d', ops.members.get('deform_conv2d')!],
    ['DeformConv2d', ops.members.get('DeformConv2d')!],
    ['offsets', offsets],
    ...Object.entries(analysis),
  ]);
  for (const [name, fn] of Object.entries(python)) if (!name.includes('.')) globals.set(name, fn);
  return globals;
}

function importable(runtime: Runtime): string {
  return [...runtime.modules.keys()].filter((p) => p !== 'convbook.offsets').join(', ');
}

function moduleNotFound(runtime: Runtime, path: string): Error {
  return pyError('ModuleNotFoundError', `No module named '${path}': convbook cells can import only ${importable(runtime)}`);
}

/** `import a.b.c [as x]`: the binding Python makes (the top package, or the module itself under its alias). */
export function resolveImport(runtime: Runtime, path: string, asname: string | null): { name: string; value: PyValue } {
  const module = runtime.modules.get(path);
  if (!module) throw moduleNotFound(runtime, path);
  if (asname) return { name: asname, value: module };
  const top = path.split('.')[0];
  return { name: top, value: runtime.modules.get(top)! };
}

/** `from module import name`: a member, or a submodule. */
export function resolveImportFrom(runtime: Runtime, path: string, name: string): PyValue {
  const module = runtime.modules.get(path);
  if (!module) throw moduleNotFound(runtime, path);
  const member = module.members.get(name) ?? runtime.modules.get(`${path}.${name}`);
  if (member === undefined) {
    throw pyError('ImportError', `cannot import name '${name}' from '${path}' (convbook provides ${[...module.members.keys()].join(', ')})`);
  }
  return member;
}
