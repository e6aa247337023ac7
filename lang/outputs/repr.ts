// A tensor's text form as PyTorch prints it: tensor([[12., 12., 17.], ...]), summarised with '...'
// past PyTorch's threshold.

import type { Tensor } from '../../engine/tensor';

/** Values printed per axis end when a tensor is summarised (PyTorch's edgeitems). */
const EDGE_ITEMS = 3;
/** Tensors with more elements are summarised with '...' (PyTorch's threshold). */
const SUMMARY_THRESHOLD = 1000;

function pythonFixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return Object.is(value, -0) || (value < 0 && !text.startsWith('-')) ? `-${text}` : text;
}

function pythonExponent(value: number, digits: number): string {
  const [mantissa, exponent] = value.toExponential(digits).split('e');
  const e = Number(exponent);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** PyTorch's _Formatter: integer mode ("12."), fixed ("0.1235") or scientific ("1.2346e-05"), one width for all. */
export function tensorValueFormatter(values: ArrayLike<number>): (v: number) => string {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  const intMode = finite.every((v) => Number.isInteger(v));
  const magnitudes = finite.map(Math.abs).filter((v) => v > 0);
  const maxAbs = magnitudes.length ? Math.max(...magnitudes) : 0;
  const minAbs = magnitudes.length ? Math.min(...magnitudes) : 0;
  let sci = false;
  if (magnitudes.length) {
    if (intMode) sci = maxAbs / minAbs > 1000 || maxAbs > 1e8;
    else sci = maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4;
  }
  const raw = (v: number): string => {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (sci) return pythonExponent(v, 4);
    if (intMode) return `${pythonFixed(v, 0)}.`;
    return pythonFixed(v, 4);
  };
  let width = 0;
  for (let i = 0; i < values.length; i++) width = Math.max(width, raw(values[i]).length);
  return (v) => raw(v).padStart(width);
}

/** PyTorch's repr of a tensor (float32, so no dtype suffix). */
export function tensorRepr(t: Tensor): string {
  const prefix = 'tensor(';
  if (t.shape.length === 0) return `${prefix}${tensorValueFormatter(t.data)(t.data[0]).trim()})`;
  if (t.data.length === 0) return t.shape.length === 1 ? 'tensor([])' : `tensor([], size=(${t.shape.join(', ')}))`;
  const summarize = t.data.length > SUMMARY_THRESHOLD;
  const rank = t.shape.length;
  const strides: number[] = [];
  let s = 1;
  for (let d = rank - 1; d >= 0; d--) {
    strides[d] = s;
    s *= t.shape[d];
  }
  const shownIndices = (size: number): (number | null)[] => {
    if (!summarize || size <= 2 * EDGE_ITEMS) return Array.from({ length: size }, (_, i) => i);
    return [...Array.from({ length: EDGE_ITEMS }, (_, i) => i), null, ...Array.from({ length: EDGE_ITEMS }, (_, i) => size - EDGE_ITEMS + i)];
  };
  // The formatter's width is decided by the values actually shown, as PyTorch does.
  const shownValues: number[] = [];
  const collect = (dim: number, offset: number): void => {
    for (const i of shownIndices(t.shape[dim])) {
      if (i === null) continue;
      if (dim === rank - 1) shownValues.push(t.data[offset + i]);
      else collect(dim + 1, offset + i * strides[dim]);
    }
  };
  collect(0, 0);
  const format = tensorValueFormatter(shownValues);
  const render = (dim: number, offset: number): string => {
    const indices = shownIndices(t.shape[dim]);
    if (dim === rank - 1) return `[${indices.map((i) => (i === null ? '...' : format(t.data[offset + i]))).join(', ')}]`;
    const indent = ' '.repeat(prefix.length + dim + 1);
    const separator = ',' + '\n'.repeat(rank - dim - 1) + indent;
    return `[${indices.map((i) => (i === null ? '...' : render(dim + 1, offset + i * strides[dim]))).join(separator)}]`;
  };
  return `${prefix}${render(0, 0)})`;
}
