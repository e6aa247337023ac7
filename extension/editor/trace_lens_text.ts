// Where the code lenses go: above each nn.Module class and each module-level model factory of a
// file, read from its text (a trace may not exist yet), and what each lens says: the traced
// model's totals, or an offer to trace that model. No vscode import.

import type { ModelTrace } from '../../contract/trace';
import { shapeTuple } from '../../engine/arithmetic/format';
import { modelLensTitle, type TraceOrigin } from './trace_text';

export interface ModelDefinition {
  name: string;
  kind: 'class' | 'factory';
  /** 0-based line of the `class`/`def` keyword. */
  line: number;
  /** Every parameter of the factory or of the class's own __init__ has a default. */
  buildsWithoutArguments: boolean;
}

const CLASS = /^class\s+([A-Za-z_]\w*)\s*\(([^)]*)\)\s*:/;
const DEF = /^def\s+([A-Za-z_]\w*)\s*\(/;
const RETURNS = /\)\s*->\s*([^:]+?)\s*:\s*(#.*)?$/;
/** A base that makes a class a module: nn.Module, torch.nn.Sequential, a bare Module. */
const MODULE_BASE = /\bnn\.[A-Z]\w*|^\s*Module\s*$/;

/** The signature starting at line i, up to its closing `:` (it may span lines). */
function signatureAt(lines: readonly string[], i: number): string {
  let signature = lines[i];
  for (let j = i + 1; j < Math.min(lines.length, i + 12) && !/\)[^()]*:\s*(#.*)?$/.test(signature); j++) signature += ` ${lines[j].trim()}`;
  return signature;
}

/** Whether every parameter of `def f(...)` has a default (self, *args, **kwargs and markers need none). */
export function allDefaulted(signature: string): boolean {
  const open = signature.indexOf('(');
  let depth = 0;
  let current = '';
  const params: string[] = [];
  for (const ch of signature.slice(open + 1)) {
    if (depth === 0 && ch === ')') break;
    if ('([{'.includes(ch)) depth++;
    if (')]}'.includes(ch)) depth--;
    if (depth === 0 && ch === ',') {
      params.push(current.trim());
      current = '';
    } else current += ch;
  }
  params.push(current.trim());
  return params.every((p) => p === '' || p === 'self' || p === '*' || p === '/' || p.startsWith('*') || p.includes('='));
}

/** The class's own __init__ signature, if its body defines one. */
function initSignature(lines: readonly string[], classLine: number): string | null {
  for (let j = classLine + 1; j < lines.length; j++) {
    if (/^\S/.test(lines[j])) return null;
    if (/^\s+def\s+__init__\s*\(/.test(lines[j])) return signatureAt(lines, j);
  }
  return null;
}

/** The top-level classes deriving from a module class (through other classes of the file too), and the factories returning one. */
export function modelDefinitions(source: string): ModelDefinition[] {
  const lines = source.split(/\r\n|\r|\n/);
  const classes: { name: string; bases: string[]; line: number; bare: boolean }[] = [];
  const defs: { name: string; returns: string | null; line: number; bare: boolean }[] = [];
  lines.forEach((text, i) => {
    const cls = CLASS.exec(text);
    if (cls) {
      const init = initSignature(lines, i);
      classes.push({ name: cls[1], bases: cls[2].split(',').map((b) => b.trim()), line: i, bare: init === null || allDefaulted(init) });
      return;
    }
    const def = DEF.exec(text);
    if (!def) return;
    const signature = signatureAt(lines, i);
    defs.push({ name: def[1], returns: RETURNS.exec(signature)?.[1] ?? null, line: i, bare: allDefaulted(signature) });
  });
  const modules = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of classes) {
      if (modules.has(c.name)) continue;
      if (c.bases.some((b) => MODULE_BASE.test(b) || modules.has(b))) {
        modules.add(c.name);
        grew = true;
      }
    }
  }
  const isModule = (annotation: string) => modules.has(annotation) || MODULE_BASE.test(annotation);
  const out: ModelDefinition[] = [
    ...classes.filter((c) => modules.has(c.name)).map((c) => ({ name: c.name, kind: 'class' as const, line: c.line, buildsWithoutArguments: c.bare })),
    ...defs.filter((d) => d.returns !== null && isModule(d.returns)).map((d) => ({ name: d.name, kind: 'factory' as const, line: d.line, buildsWithoutArguments: d.bare })),
  ];
  return out.sort((a, b) => a.line - b.line);
}

/** The name a build expression calls first: `resnet18()` → resnet18, `model` → model. */
function builder(build: string): string {
  return /^\s*([A-Za-z_]\w*)/.exec(build)?.[1] ?? '';
}

export interface LensText {
  title: string;
  /** 'notebook': open the traced model's notebook; 'trace': trace `expr` for this file from now on. */
  action: 'notebook' | 'trace';
  expr?: string;
  tooltip: string;
}

/**
 * What the lens above a definition says, given the file's trace (if it traced): the traced model's
 * totals; for a class the trace called inside it, its calls; else an offer to trace it when it
 * builds without arguments. Null: no lens.
 */
export function lensText(definition: ModelDefinition, trace: ModelTrace | null, origin: TraceOrigin | null): LensText | null {
  if (trace && origin && (builder(trace.build) === definition.name || (definition.kind === 'class' && trace.class === definition.name))) {
    return { title: modelLensTitle(trace, origin), action: 'notebook', tooltip: `Open a notebook that builds ${trace.build} and shows its summary and receptive field` };
  }
  const calls = trace && definition.kind === 'class' ? trace.calls.filter((c) => c.class === definition.name) : [];
  if (trace && calls.length > 0) {
    const shapes = new Set(calls.map((c) => `${c.input_shapes.map(shapeTuple).join(', ')} → ${c.output_shape ? shapeTuple(c.output_shape) : 'raised'}`));
    const what = shapes.size === 1 ? [...shapes][0] : `${shapes.size} distinct input → output`;
    const times = calls.length === 1 ? 'once' : `${calls.length}×`;
    return { title: `convbook: called ${times} in ${trace.build}: ${what}`, action: 'notebook', tooltip: `${[...shapes].join('\n')}\n\nOpen a notebook that builds ${trace.build} and shows its summary and receptive field` };
  }
  // A private base (`_ResidualBlock`) or helper is not a model to offer.
  if (!definition.buildsWithoutArguments || definition.name.startsWith('_')) return null;
  const expr = `${definition.name}()`;
  return { title: `convbook: trace ${expr}`, action: 'trace', expr, tooltip: `Trace ${expr} for this file: hovers, inlay hints and diagnostics then come from it` };
}
