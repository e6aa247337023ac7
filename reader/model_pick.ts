// Which model of a .py file to trace, and on what input, in the order the user's intent is
// clearest: what the command line says; an `# input:` hint on a `class X(nn.Module):` line or on a
// line like `model = resnet18()`; the default input size applied to the one model that can be
// built without arguments; else nothing, said with the reason and what to do.

import { parseInputHint } from '../lang/pyfile/python_hints';

export type InputOrigin = 'cli' | 'hint' | 'setting';

/** A model to trace: an expression evaluated in the file's namespace after its top level ran. */
export interface ModelChoice {
  expr: string;
  input: number[];
  origin: InputOrigin;
  /** 1-based line the choice comes from (the hint's line), when it comes from the file. */
  line?: number;
}

export interface HintedModel {
  expr: string;
  input: number[];
  line: number;
  kind: 'class' | 'assignment';
}

const CLASS_LINE = /^class\s+([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?\s*:/;
const ASSIGNMENT_LINE = /^([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)\s*\S/;

/** The comment of a line (after a `#` outside strings), or null. */
function trailingComment(line: string): string | null {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return line.slice(i + 1);
  }
  return null;
}

const MAIN_GUARD = /^if\s+__name__\s*==\s*(['"])__main__\1\s*:/;
const INDENTED_CALL_ASSIGNMENT = /^\s+[A-Za-z_]\w*\s*(?::[^=]+)?=(?!=)\s*([A-Za-z_][\w.]*\(.*\))\s*$/;

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Models a file names with an input hint at top level: `class Net(nn.Module):  # input: (...)`
 * (traced as `Net()`), or `model = resnet18()  # input: (...)` (traced as `model`, the object
 * the file's top level built). Under `if __name__ == '__main__':`, which a trace does not run,
 * `model = resnet18()  # input: (...)` names its call, traced as `resnet18()`.
 */
export function hintedModels(source: string): HintedModel[] {
  const out: HintedModel[] = [];
  let inMain = false;
  source.split(/\r\n|\r|\n/).forEach((text, i) => {
    if (/^\S/.test(text) && !text.startsWith('#')) inMain = MAIN_GUARD.test(text);
    const comment = trailingComment(text);
    const input = comment === null ? null : parseInputHint(comment);
    if (!input) return;
    const cls = CLASS_LINE.exec(text);
    if (cls) {
      out.push({ expr: `${cls[1]}()`, input, line: i + 1, kind: 'class' });
      return;
    }
    const assignment = ASSIGNMENT_LINE.exec(text);
    if (assignment) {
      out.push({ expr: assignment[1], input, line: i + 1, kind: 'assignment' });
      return;
    }
    const code = text.slice(0, text.length - comment!.length - 1);
    const call = inMain ? INDENTED_CALL_ASSIGNMENT.exec(code) : null;
    if (call && balanced(call[1])) out.push({ expr: call[1], input, line: i + 1, kind: 'assignment' });
  });
  return out;
}

export interface PickRequest {
  /** --model EXPR. */
  cliModel?: string;
  /** --input N,C,H,W. */
  cliInput?: number[];
  hinted: HintedModel[];
  /** Models the runtime found it can build without arguments (classes and factories of this file). */
  buildable: string[];
  /** convbook.defaultInputSize. */
  defaultInput: number[];
}

export type PickResult = { ok: true; choice: ModelChoice; others: string[] } | { ok: false; reason: string };

export function pickModel(request: PickRequest): PickResult {
  const { cliModel, cliInput, hinted, buildable, defaultInput } = request;
  if (cliModel !== undefined) {
    const hint = hinted.find((h) => h.expr === cliModel || h.expr === `${cliModel}()`);
    const input = cliInput ?? hint?.input;
    if (!input) return { ok: false, reason: `--model ${cliModel} has no input: give --input N,C,H,W or write \`# input: (N, C, H, W)\` on its line` };
    return { ok: true, choice: { expr: cliModel, input, origin: cliInput ? 'cli' : 'hint', ...(hint && !cliInput ? { line: hint.line } : {}) }, others: [] };
  }
  if (hinted.length > 0) {
    const [first, ...rest] = hinted;
    const choice: ModelChoice = cliInput
      ? { expr: first.expr, input: cliInput, origin: 'cli', line: first.line }
      : { expr: first.expr, input: first.input, origin: 'hint', line: first.line };
    return { ok: true, choice, others: rest.map((h) => h.expr) };
  }
  if (buildable.length === 1) {
    return { ok: true, choice: { expr: buildable[0], input: cliInput ?? defaultInput, origin: cliInput ? 'cli' : 'setting' }, others: [] };
  }
  if (buildable.length === 0) {
    return { ok: false, reason: 'no model to trace: no `# input:` hint on a model, and no nn.Module this file builds without arguments; write `# input: (N, C, H, W)` on the model\'s class line, or give --model and --input' };
  }
  return { ok: false, reason: `several models could be traced (${buildable.join(', ')}); write \`# input: (N, C, H, W)\` on the one to trace, or give --model` };
}
