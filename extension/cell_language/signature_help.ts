// Signature help for a call under the cursor: PyTorch's parameter list with defaults, each
// parameter's one-line doc, and which parameter the cursor is filling. The table is
// lang/syntax/signatures.ts, PyTorch's signatures as the Python package implements them.

import { SIGNATURES, lookupSignature, type FunctionSignature, type ParameterSpec } from '../../lang/syntax/signatures';
import { scanToCursor, type CallContext } from './call_context';

export interface ParameterLabel {
  /** [start, end) offsets of the parameter inside the signature label. */
  range: [number, number];
  name: string;
  documentation: string;
}

export interface SignatureInfo {
  label: string;
  documentation: string;
  parameters: ParameterLabel[];
  /** Index into parameters, or -1 when the cursor is past every parameter. */
  activeParameter: number;
}

/** The signature a call refers to: a known name, or a Tensor method called on some variable. */
export function resolveCallee(callee: string): FunctionSignature | null {
  const direct = lookupSignature(callee);
  if (direct) return direct;
  const dot = callee.lastIndexOf('.');
  if (dot > 0) return SIGNATURES[`Tensor.${callee.slice(dot + 1)}`] ?? null;
  return null;
}

export function signatureHelpAt(text: string, offset: number): SignatureInfo | null {
  const { call } = scanToCursor(text, offset);
  if (!call) return null;
  const sig = resolveCallee(call.callee);
  if (!sig) return null;
  const { label, parameters } = signatureLabel(sig);
  return {
    label,
    documentation: sig.doc,
    parameters,
    activeParameter: activeParameter(sig.params, call),
  };
}

/** `nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, ...)`, with each parameter's range. */
export function signatureLabel(sig: FunctionSignature): { label: string; parameters: ParameterLabel[] } {
  let label = `${sig.name}(`;
  const parameters: ParameterLabel[] = [];
  let starShown = false;
  sig.params.forEach((p, index) => {
    if (index > 0) label += ', ';
    if (p.kind === 'keyword-only' && !starShown) {
      label += '*, ';
      starShown = true;
    }
    const text = p.kind === 'var-positional' ? `*${p.name}` : p.default === undefined ? p.name : `${p.name}=${p.default}`;
    if (p.kind === 'var-positional') starShown = true;
    parameters.push({ range: [label.length, label.length + text.length], name: p.name, documentation: p.doc ?? '' });
    label += text;
  });
  return { label: label + ')', parameters };
}

export function activeParameter(params: readonly ParameterSpec[], call: CallContext): number {
  if (call.keyword !== undefined) return params.findIndex((p) => p.name === call.keyword && p.kind !== 'var-positional');
  // Python binds positional arguments in order; a *args parameter absorbs the rest.
  let position = 0;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p.kind === 'keyword-only') break;
    if (p.kind === 'var-positional') return i;
    if (position === call.argIndex) return i;
    position++;
  }
  return -1;
}
