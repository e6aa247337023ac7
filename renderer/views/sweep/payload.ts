// The sweep payload as the renderer trusts it (checked field by field) and its one-line description.

import type { SweepPayload, WindowConfig } from '../../../contract';
import { PayloadError, asString, asStrings, isNumberArray, isRecord } from '../../view';

function parseConfig(v: unknown): WindowConfig {
  if (!isRecord(v)) throw new PayloadError('the sweep has no config');
  const arrays = ['inputSize', 'kernelSize', 'stride', 'dilation', 'padBefore', 'padAfter', 'outputPadding', 'outputSize'] as const;
  for (const k of arrays) if (!isNumberArray(v[k])) throw new PayloadError(`the sweep config lacks ${k}`);
  const kind = v.kind;
  if (kind !== 'conv' && kind !== 'conv_transpose' && kind !== 'max_pool' && kind !== 'avg_pool') throw new PayloadError(`unknown sweep kind ${String(kind)}`);
  return v as unknown as WindowConfig;
}

export function parseSweepPayload(raw: unknown): SweepPayload {
  if (!isRecord(raw)) throw new PayloadError('the sweep output is not an object');
  const config = parseConfig(raw.config);
  const planes = (v: unknown) => (Array.isArray(v) && v.every(isNumberArray) ? (v as number[][]) : undefined);
  return {
    title: asString(raw.title, 'sweep'),
    config,
    inputPlanes: planes(raw.inputPlanes),
    weightPlanes: planes(raw.weightPlanes),
    bias: typeof raw.bias === 'number' ? raw.bias : undefined,
    output: isNumberArray(raw.output) ? raw.output : undefined,
    notes: asStrings(raw.notes),
    formula: isRecord(raw.formula) ? (raw.formula as unknown as SweepPayload['formula']) : undefined,
  };
}

export function describeConfig(c: WindowConfig): string {
  const v = (a: number[]) => (a.every((x) => x === a[0]) ? String(a[0]) : `(${a.join(', ')})`);
  const kind = { conv: 'convolution', conv_transpose: 'transposed convolution', max_pool: 'max pooling', avg_pool: 'average pooling' }[c.kind];
  const parts = [`kernel ${c.kernelSize.join('×')}`, `stride ${v(c.stride)}`];
  const symmetric = c.padBefore.every((p, i) => p === c.padAfter[i]);
  parts.push(symmetric ? `padding ${v(c.padBefore)}` : `padding ${c.padBefore.join(',')} before / ${c.padAfter.join(',')} after`);
  if (c.dilation.some((d) => d !== 1)) parts.push(`dilation ${v(c.dilation)}`);
  if (c.kind === 'conv_transpose' && c.outputPadding.some((x) => x)) parts.push(`output_padding ${v(c.outputPadding)}`);
  if (c.kind === 'conv' && c.paddingMode !== 'zeros') parts.push(`padding_mode ${c.paddingMode}`);
  if (c.kind === 'max_pool' || c.kind === 'avg_pool') {
    if (c.ceilMode) parts.push('ceil_mode');
    if (c.kind === 'avg_pool' && !c.countIncludePad) parts.push('count_include_pad=False');
  }
  return `${kind}: input ${c.inputSize.join('×')}, ${parts.join(', ')} → output ${c.outputSize.join('×')}`;
}
