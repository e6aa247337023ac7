// Output-length arithmetic per spatial axis, shared by the ops, the symbolic formulas, the traces
// and the editor. Every other module asks here, so there is one definition of each rule.

/** Effective kernel extent with dilation: d·(k−1)+1. */
export function effectiveKernel(kernel: number, dilation: number): number {
  return dilation * (kernel - 1) + 1;
}

/** Conv output length: ⌊(i + padBefore + padAfter − d·(k−1) − 1) / s⌋ + 1. May be ≤ 0 for invalid configs. */
export function convOutputLength(input: number, kernel: number, stride: number, padBefore: number, padAfter: number, dilation: number): number {
  return Math.floor((input + padBefore + padAfter - effectiveKernel(kernel, dilation)) / stride) + 1;
}

/** Transposed conv output length: (i − 1)·s − 2p + d·(k−1) + output_padding + 1. */
export function convTransposeOutputLength(input: number, kernel: number, stride: number, padding: number, dilation: number, outputPadding: number): number {
  return (input - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
}

/**
 * Pooling output length, PyTorch's pooling_output_shape: with ceil_mode the division rounds up,
 * but a last window that would start inside the right padding is dropped.
 */
export function poolOutputLength(input: number, kernel: number, stride: number, padding: number, dilation: number, ceilMode: boolean): number {
  const span = input + 2 * padding - effectiveKernel(kernel, dilation);
  let out = Math.floor((span + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  if (ceilMode && (out - 1) * stride >= input + padding) out--;
  return out;
}

/** True when ceil_mode's rule dropped a window that rounding up would have added. */
export function poolDroppedWindow(input: number, kernel: number, stride: number, padding: number, dilation: number): boolean {
  const span = input + 2 * padding - effectiveKernel(kernel, dilation);
  const rounded = Math.floor((span + stride - 1) / stride) + 1;
  return rounded !== poolOutputLength(input, kernel, stride, padding, dilation, true);
}

/** padding='same' (stride 1): total d·(k−1), the odd extra cell goes after (bottom/right), as PyTorch does. */
export function samePadding(kernel: number, dilation: number): { before: number; after: number } {
  const total = dilation * (kernel - 1);
  const before = Math.floor(total / 2);
  return { before, after: total - before };
}

/**
 * Input cells at the end of an axis that no window covers: the last window ends at
 * (o−1)·s + d·(k−1) in padded coordinates; whatever lies past it (and is real input, not padding)
 * is never read. Returns the uncovered input indices.
 */
export function uncoveredInputIndices(input: number, kernel: number, stride: number, padBefore: number, dilation: number, outputLength: number): number[] {
  if (outputLength < 1) return [];
  const lastReadPadded = (outputLength - 1) * stride + dilation * (kernel - 1);
  const lastReadInput = lastReadPadded - padBefore;
  const out: number[] = [];
  for (let i = Math.max(lastReadInput + 1, 0); i < input; i++) out.push(i);
  return out;
}

/** Expands an int-or-tuple argument to one value per axis, as PyTorch's _ntuple does. */
export function perAxis(value: number | readonly number[], dims: number): number[] {
  return typeof value === 'number' ? new Array<number>(dims).fill(value) : [...value];
}
