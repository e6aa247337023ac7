// What to offer at the cursor in a convbook cell: members after `nn.`, `F.`, `torch.` and the
// other namespaces; keyword arguments (with PyTorch's defaults) inside a call; otherwise the
// top-level functions, namespaces, keywords and the notebook's own variables. Pure data, the
// vscode provider only converts it.

import { SIGNATURES, SIGNATURE_ALIASES, type FunctionSignature } from '../../lang/syntax/signatures';
import { scanToCursor } from './call_context';
import { resolveCallee, signatureLabel } from './signature_help';

export type EntryKind = 'class' | 'function' | 'method' | 'namespace' | 'keyword' | 'argument' | 'variable';

export interface CompletionEntry {
  label: string;
  kind: EntryKind;
  detail?: string;
  documentation?: string;
  /** Text to insert when it differs from the label (e.g. `stride=`). */
  insertText?: string;
  /** Keyword arguments sort before everything else inside a call. */
  sortText?: string;
}

/** Spellings of a namespace as a cell may write it, mapped to the canonical prefix of SIGNATURES. */
const NAMESPACE_SPELLINGS: Record<string, string> = {
  nn: 'nn',
  'torch.nn': 'nn',
  F: 'F',
  'torch.nn.functional': 'F',
  'nn.functional': 'F',
  torch: 'torch',
  ops: 'ops',
  'torchvision.ops': 'ops',
  torchvision: 'torchvision',
};

/** Namespaces nested inside others, offered as members. */
const SUB_NAMESPACES: Record<string, string[]> = {
  torch: ['nn'],
  nn: ['functional'],
  torchvision: ['ops'],
};

const TOP_NAMESPACES = ['nn', 'F', 'torch', 'ops', 'torchvision'];
const KEYWORDS = ['True', 'False', 'None', 'import', 'from', 'as'];

export function completionsAt(text: string, offset: number, variables: readonly string[] = []): CompletionEntry[] {
  const state = scanToCursor(text, offset);
  if (state.inStringOrComment) return [];
  const before = text.slice(Math.max(0, offset - 200), offset);
  const qualified = /((?:[A-Za-z_]\w*\s*\.\s*)+)([A-Za-z_]\w*)?$/.exec(before);
  if (qualified) return memberCompletions(qualified[1].replace(/\s+/g, '').slice(0, -1));

  const entries: CompletionEntry[] = [];
  const call = state.call;
  if (call && call.atArgumentStart) {
    const sig = resolveCallee(call.callee);
    if (sig) entries.push(...keywordArguments(sig, call.positionalCount, call.usedKeywords));
  }
  for (const sig of Object.values(SIGNATURES)) {
    if (!sig.name.includes('.')) entries.push(callableEntry(sig.name, sig));
  }
  for (const ns of TOP_NAMESPACES) entries.push({ label: ns, kind: 'namespace', detail: namespaceDetail(ns) });
  for (const kw of KEYWORDS) entries.push({ label: kw, kind: 'keyword' });
  const known = new Set(entries.map((e) => e.label));
  for (const v of variables) if (!known.has(v)) entries.push({ label: v, kind: 'variable' });
  return entries;
}

/** Members of `qualifier` (as written, e.g. 'torch.nn'), or Tensor methods for an unknown name. */
export function memberCompletions(qualifier: string): CompletionEntry[] {
  const ns = NAMESPACE_SPELLINGS[qualifier];
  if (!ns) {
    return Object.values(SIGNATURES)
      .filter((sig) => sig.name.startsWith('Tensor.'))
      .map((sig) => callableEntry(sig.name.slice('Tensor.'.length), sig, 'method'));
  }
  const entries = new Map<string, CompletionEntry>();
  const prefix = `${qualifier}.`;
  for (const sig of Object.values(SIGNATURES)) {
    const [head, member, ...rest] = sig.name.split('.');
    if (head === ns && member && rest.length === 0) entries.set(member, callableEntry(member, sig));
  }
  // Aliases are spellings as written: 'torch.conv2d', 'ops.deform_conv2d', 'torchvision.ops.DeformConv2d'.
  for (const [alias, target] of Object.entries(SIGNATURE_ALIASES)) {
    const spelled = [prefix, `${ns}.`].find((p) => alias.startsWith(p));
    if (!spelled) continue;
    const member = alias.slice(spelled.length);
    if (member.includes('.') || entries.has(member)) continue;
    entries.set(member, callableEntry(member, SIGNATURES[target]));
  }
  for (const sub of SUB_NAMESPACES[qualifier] ?? SUB_NAMESPACES[ns] ?? []) {
    if (!entries.has(sub)) entries.set(sub, { label: sub, kind: 'namespace', detail: namespaceDetail(`${qualifier}.${sub}`) });
  }
  return [...entries.values()];
}

/** `stride=` and friends: parameters not yet given positionally or by keyword. */
export function keywordArguments(sig: FunctionSignature, positionalCount: number, used: readonly string[]): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  let position = 0;
  sig.params.forEach((p, index) => {
    if (p.kind === 'var-positional') return;
    const coveredPositionally = p.kind !== 'keyword-only' && position++ < positionalCount;
    if (coveredPositionally || used.includes(p.name)) return;
    entries.push({
      label: `${p.name}=`,
      kind: 'argument',
      insertText: `${p.name}=`,
      detail: p.default === undefined ? 'required' : `default ${p.default}`,
      documentation: p.doc,
      sortText: `0${String(index).padStart(3, '0')}`,
    });
  });
  return entries;
}

function callableEntry(label: string, sig: FunctionSignature, kind?: EntryKind): CompletionEntry {
  return {
    label,
    kind: kind ?? (sig.kind === 'module' ? 'class' : sig.kind === 'method' ? 'method' : 'function'),
    detail: signatureLabel(sig).label,
    documentation: sig.doc,
  };
}

function namespaceDetail(ns: string): string {
  const canonical = NAMESPACE_SPELLINGS[ns] ?? ns;
  return (
    {
      nn: 'torch.nn: layers',
      F: 'torch.nn.functional: functions',
      torch: 'torch: tensors',
      ops: 'torchvision.ops: deformable convolution',
      torchvision: 'torchvision',
    }[canonical] ?? ns
  );
}

/** Names assigned at the start of a line (`x = ...`, `a, b = ...`) or imported, across the notebook's cells. */
export function assignedNames(sources: readonly string[]): string[] {
  const names = new Set<string>();
  for (const src of sources) {
    for (const line of src.split('\n')) {
      const assign = /^\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*=(?!=)/.exec(line);
      if (assign) for (const n of assign[1].split(',')) names.add(n.trim());
      const alias = /\bas\s+([A-Za-z_]\w*)/.exec(line);
      if (alias && /^\s*(import|from)\b/.test(line)) names.add(alias[1]);
    }
  }
  return [...names];
}
