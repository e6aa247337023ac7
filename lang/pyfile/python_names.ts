// What a dotted callee in Python code refers to, given the file's imports: `tnn.Conv2d` after
// `import torch.nn as tnn` is torch.nn.Conv2d, `Conv2d` after `from torch.nn import Conv2d` too.
// Names are resolved to full module paths first and then to the short spelling the rest of
// convbook uses ('nn.Conv2d', 'F.conv2d', 'ops.DeformConv2d'). Portable: no vscode/node/DOM.

/** A binding made by an import: local name → full dotted path. */
export type ImportBindings = Map<string, string>;

export interface ImportScope {
  bindings: ImportBindings;
  /** Modules imported with `from m import *`. */
  starModules: string[];
}

/** Bindings assumed when a file does not import them itself, the way snippets and cells are written. */
const CONVENTIONAL: ReadonlyArray<[string, string]> = [
  ['torch', 'torch'],
  ['nn', 'torch.nn'],
  ['F', 'torch.nn.functional'],
  ['torchvision', 'torchvision'],
  ['OrderedDict', 'collections.OrderedDict'],
  ['collections', 'collections'],
];

const IMPORT = /^import\s+(.+)$/s;
const FROM_IMPORT = /^from\s+([\w.]+)\s+import\s+(.+)$/s;

/** Reads the imports among the given statement texts (comments already removed). */
export function readImports(statementTexts: Iterable<string>): ImportScope {
  const bindings: ImportBindings = new Map();
  const starModules: string[] = [];
  for (const raw of statementTexts) {
    const text = raw.replace(/\\\r?\n/g, ' ').trim();
    let m = IMPORT.exec(text);
    if (m) {
      for (const item of splitNames(m[1])) {
        const [name, alias] = item;
        if (alias) bindings.set(alias, name);
        else bindings.set(name.split('.')[0], name.split('.')[0]);
      }
      continue;
    }
    m = FROM_IMPORT.exec(text);
    if (m) {
      const module = m[1];
      const names = m[2].replace(/[()]/g, ' ').trim();
      if (names === '*') {
        starModules.push(module);
        continue;
      }
      for (const [name, alias] of splitNames(names)) bindings.set(alias ?? name, `${module}.${name}`);
    }
  }
  return { bindings, starModules };
}

function splitNames(list: string): [string, string | null][] {
  const out: [string, string | null][] = [];
  for (const part of list.split(',')) {
    const m = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
    if (m) out.push([m[1], m[2] ?? null]);
  }
  return out;
}

/** Names a star import from these modules brings in that convbook cares about. */
const STAR_EXPORTS: Record<string, (name: string) => boolean> = {
  'torch.nn': (name) => /^[A-Z]/.test(name) || name === 'functional',
  'torch.nn.functional': (name) => /^[a-z_]/.test(name),
  'torchvision.ops': (name) => name === 'DeformConv2d' || name === 'deform_conv2d',
};

/** Full dotted path of a callee, or null when its first name is bound to nothing convbook knows. */
export function resolveCallee(callee: string, scope: ImportScope): string | null {
  const parts = callee.split('.');
  const head = parts[0];
  let base = scope.bindings.get(head);
  if (base === undefined) {
    for (const module of scope.starModules) {
      const exported = STAR_EXPORTS[normaliseModule(module)];
      if (exported?.(head)) {
        base = `${module}.${head}`;
        break;
      }
    }
  }
  if (base === undefined) base = CONVENTIONAL.find(([name]) => name === head)?.[1];
  if (base === undefined) return null;
  return normaliseModule([base, ...parts.slice(1)].join('.'));
}

/** torch.nn.modules.conv.Conv2d is torch.nn.Conv2d; torch.nn.modules.* re-export their classes. */
function normaliseModule(path: string): string {
  return path.replace(/^torch\.nn\.modules(?:\.\w+)?\.(?=[A-Z])/, 'torch.nn.').replace(/^torchvision\.ops\.deform_conv\./, 'torchvision.ops.');
}

/**
 * The short spelling of a full path: torch.nn.X → nn.X, torch.nn.functional.x and torch.x → F.x,
 * torchvision.ops.X → ops.X; anything else is returned unchanged.
 */
export function shortName(path: string): string {
  if (path.startsWith('torch.nn.functional.')) return `F.${path.slice('torch.nn.functional.'.length)}`;
  if (path.startsWith('torch.nn.')) return `nn.${path.slice('torch.nn.'.length)}`;
  if (path.startsWith('torchvision.ops.')) return `ops.${path.slice('torchvision.ops.'.length)}`;
  if (/^torch\.\w+$/.test(path)) return `F.${path.slice('torch.'.length)}`;
  return path;
}
