// The notes under a sweep's boards: what its special cells mean for this op, and which input
// rows and columns no window reads.

import type { BoardSpec, SweepFacts } from './types';

type Described = SweepFacts & { readonly input: BoardSpec };

/** Notes under the boards: what the special cells mean for this op, and what is never read. */
export function sweepLegend(m: Described): string[] {
  const lines = uncoveredSummary(m);
  const c2 = m.board.config2;
  const axes = (v: readonly number[]) => (m.board.dims === 1 ? String(v[1]) : v[0] === v[1] ? String(v[0]) : `(${v.join(', ')})`);
  const k = m.config.kind;
  if (m.mode === 'direct' && c2.padBefore.concat(c2.padAfter).some((x) => x > 0)) {
    if (k === 'max_pool') lines.push('Dashed cells: padding. Max pooling pads with −∞, so padding never wins.');
    else if (k === 'avg_pool') lines.push(`Dashed cells: zero padding; ${m.config.countIncludePad ? 'counted in the divisor (count_include_pad=True)' : 'left out of the divisor (count_include_pad=False)'}.`);
    else if (m.config.paddingMode === 'zeros') lines.push('Dashed cells: zero padding.');
    else lines.push(`Dashed cells: ${m.config.paddingMode} padding, each a copy of the input cell it names (hover to see which).`);
  }
  const overhang = m.input.cols[1] > c2.inputSize[1] + c2.padAfter[1] || m.input.rows[1] > c2.inputSize[0] + c2.padAfter[0];
  if (m.mode === 'direct' && overhang) {
    if (k === 'max_pool' || k === 'avg_pool') lines.push('Yellow-hatched cells: past the padding. ceil_mode lets the last window hang over the edge; those cells are ignored.');
  }
  if (m.dropped) lines.push('Dashed red window: the extra window ceil_mode would add, dropped by PyTorch because it would start inside the right padding.');
  if (m.mode === 'gather' && m.equivalent) {
    const eq = m.equivalent;
    const zeros = m.board.dims === 1 ? [0, ...eq.insertedZeros] : eq.insertedZeros;
    const parts: string[] = [];
    if (eq.insertedZeros.some((z) => z > 0)) parts.push(`Blue-hatched cells: the s−1 = ${axes(zeros)} zero${eq.insertedZeros.every((z) => z === 1) ? '' : 's'} inserted between neighbouring inputs.`);
    parts.push('Dashed cells: padding by d(k−1)−p (+ output_padding after). The kernel is flipped 180°; the stride is 1.');
    lines.push(parts.join(' '));
    if (eq.padBefore.some((x) => x < 0)) lines.push('Grey-hatched cells: cropped, because the padding d(k−1)−p is negative.');
  }
  if (m.mode === 'scatter') {
    if (c2.padBefore.some((x) => x > 0)) lines.push(`Grey-hatched border: stamps there are cropped away by padding=${axes(c2.padBefore)}.`);
    if (c2.outputPadding.some((x) => x > 0)) {
      const unit = m.board.dims === 1 ? 'position' : 'row/column';
      lines.push(`output_padding=${axes(c2.outputPadding)} keeps ${axes(c2.outputPadding)} more ${unit}${c2.outputPadding.some((x) => x > 1) ? 's' : ''} at the end (bias only unless a stamp reaches it).`);
    }
    lines.push('Output cells show the running sum: bias plus every stamp so far.');
  }
  return lines;
}

export function uncoveredSummary(m: Described): string[] {
  const lines: string[] = [];
  const fmt = (xs: number[]) => (xs.length > 6 ? `${xs.slice(0, 3).join(', ')} … ${xs.at(-1)}` : xs.join(', '));
  const rows = [...m.uncoveredRows].sort((a, b) => a - b);
  const cols = [...m.uncoveredCols].sort((a, b) => a - b);
  if (m.board.dims === 2 && rows.length) lines.push(`input row${rows.length > 1 ? 's' : ''} ${fmt(rows)} never read`);
  if (cols.length) lines.push(`input ${m.board.dims === 1 ? 'position' : 'column'}${cols.length > 1 ? 's' : ''} ${fmt(cols)} never read`);
  return lines;
}
