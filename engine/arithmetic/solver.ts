// Inverse questions about one spatial axis: which padding, stride or output_padding gives the
// output length I want? Candidates are checked with engine/shapes.ts, so an answer is only ever a
// value the forward rule confirms.

import { valueError } from '../errors';
import { convOutputLength, convTransposeOutputLength, effectiveKernel, uncoveredInputIndices } from '../shapes';

export interface SolverSolution {
  value: number;
  /** The output length this value gives (always the wanted one). */
  output: number;
  note: string;
}

export interface SolverResult {
  /** Every valid value, smallest first (empty when none exists). */
  solutions: SolverSolution[];
  /** Why these are the answers, or why there is none and what to do instead. */
  explanation: string;
}

function checkPositive(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw valueError(`${name} must be a positive integer, got ${value}`, name);
}

function checkNonNegative(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw valueError(`${name} must be a non-negative integer, got ${value}`, name);
}

function unreadNote(input: number, kernel: number, stride: number, padding: number, dilation: number, output: number): string {
  const unread = uncoveredInputIndices(input, kernel, stride, padding, dilation, output);
  if (unread.length === 0) return '';
  return `; input ${unread.length === 1 ? 'cell' : 'cells'} ${unread.join(', ')} at the end ${unread.length === 1 ? 'is' : 'are'} never read`;
}

/** The symmetric padding p (same on both sides) with ⌊(i + 2p − d(k−1) − 1)/s⌋ + 1 = wanted. */
export function solvePadding(input: number, kernel: number, stride: number, dilation: number, wantedOutput: number): SolverResult {
  checkPositive('input', input);
  checkPositive('kernel', kernel);
  checkPositive('stride', stride);
  checkPositive('dilation', dilation);
  if (!Number.isInteger(wantedOutput) || wantedOutput < 1) {
    return { solutions: [], explanation: `an output length must be a positive integer, got ${wantedOutput}` };
  }
  const ke = effectiveKernel(kernel, dilation);
  const solutions: SolverSolution[] = [];
  // The length never decreases as p grows, so the search stops once it passes the wanted length.
  for (let p = 0; ; p++) {
    const out = convOutputLength(input, kernel, stride, p, p, dilation);
    if (out > wantedOutput) break;
    if (out === wantedOutput) {
      const notes: string[] = [];
      if (stride === 1 && out === input && 2 * p === ke - 1) notes.push("what padding='same' computes");
      if (p >= ke) notes.push('the outermost windows read nothing but padding');
      else if (2 * p > ke - 1) notes.push('more padding than the kernel needs to centre on the edge cells');
      solutions.push({ value: p, output: out, note: notes.join('; ') + unreadNote(input, kernel, stride, p, dilation, out) });
    }
  }
  const smallestTotal = (wantedOutput - 1) * stride + ke - input;
  if (solutions.length > 0) {
    const range = solutions.length === 1 ? `p = ${solutions[0].value}` : `p = ${solutions[0].value} … ${solutions[solutions.length - 1].value}`;
    return {
      solutions,
      explanation: `${range}: ⌊(${input} + 2p − ${ke}) / ${stride}⌋ + 1 = ${wantedOutput}${solutions.length > 1 ? '; the floor absorbs the extra padding' : ''}`,
    };
  }
  if (smallestTotal + stride - 1 < 0) {
    const bare = convOutputLength(input, kernel, stride, 0, 0, dilation);
    return {
      solutions,
      explanation: `even without padding the output is ${bare}, longer than ${wantedOutput}: padding can only lengthen it; use a larger stride or kernel instead`,
    };
  }
  // Only an odd total padding fits (stride 1 moves the length by exactly 2 per symmetric step).
  const total = Math.max(smallestTotal, 0);
  const before = Math.floor(total / 2);
  const after = total - before;
  const same = stride === 1 && wantedOutput === input ? "padding='same' (it puts the extra cell after), or " : '';
  return {
    solutions,
    explanation:
      `the output needs ${total} padding cells in total, an odd number, so no symmetric padding fits: ` +
      `use ${same}F.pad with (${before}, ${after}) on this axis and padding=0`,
  };
}

/** Every stride s with ⌊(i + 2p − d(k−1) − 1)/s⌋ + 1 = wanted. */
export function solveStride(input: number, kernel: number, padding: number, dilation: number, wantedOutput: number): SolverResult {
  checkPositive('input', input);
  checkPositive('kernel', kernel);
  checkNonNegative('padding', padding);
  checkPositive('dilation', dilation);
  if (!Number.isInteger(wantedOutput) || wantedOutput < 1) {
    return { solutions: [], explanation: `an output length must be a positive integer, got ${wantedOutput}` };
  }
  const span = input + 2 * padding - effectiveKernel(kernel, dilation);
  if (span < 0) {
    return {
      solutions: [],
      explanation: `the window (extent ${effectiveKernel(kernel, dilation)}) does not fit in the padded input (${input + 2 * padding}) at any stride`,
    };
  }
  if (wantedOutput === 1) {
    const s = span + 1;
    return {
      solutions: [{ value: s, output: 1, note: `and every larger stride${unreadNote(input, kernel, s, padding, dilation, 1)}` }],
      explanation: `one window fits whenever s > ${span}; ${s} is the smallest such stride`,
    };
  }
  const solutions: SolverSolution[] = [];
  for (let s = 1; s <= span; s++) {
    const out = convOutputLength(input, kernel, s, padding, padding, dilation);
    if (out === wantedOutput) {
      const exact = span % s === 0 ? 'the last window ends exactly at the end of the padded input' : '';
      const unread = unreadNote(input, kernel, s, padding, dilation, out);
      solutions.push({ value: s, output: out, note: exact || unread.replace(/^; /, '') });
    }
  }
  if (solutions.length > 0) {
    return { solutions, explanation: `⌊${span} / s⌋ + 1 = ${wantedOutput} for s = ${solutions.map((x) => x.value).join(', ')}` };
  }
  // ⌊span/s⌋ takes the values span, ⌊span/2⌋, …: find the neighbours that bracket the wanted length.
  let below = 1;
  while (below + 1 <= span && convOutputLength(input, kernel, below + 1, padding, padding, dilation) > wantedOutput) below++;
  const longer = convOutputLength(input, kernel, below, padding, padding, dilation);
  const shorter = convOutputLength(input, kernel, below + 1, padding, padding, dilation);
  const reason =
    wantedOutput > span + 1
      ? `the most windows that fit is ${span + 1} (stride 1)`
      : `stride ${below} gives ${longer} and stride ${below + 1} gives ${shorter}, so no integer stride gives ${wantedOutput}`;
  return { solutions: [], explanation: `${reason}; change the padding or the kernel, or pick another length` };
}

/** The output_padding a transposed conv needs to reach the wanted length (PyTorch allows 0 ≤ op < max(s, d)). */
export function solveOutputPadding(input: number, kernel: number, stride: number, padding: number, dilation: number, wantedOutput: number): SolverResult {
  checkPositive('input', input);
  checkPositive('kernel', kernel);
  checkPositive('stride', stride);
  checkNonNegative('padding', padding);
  checkPositive('dilation', dilation);
  const base = convTransposeOutputLength(input, kernel, stride, padding, dilation, 0);
  const op = wantedOutput - base;
  const limit = Math.max(stride, dilation);
  if (op >= 0 && op < limit && wantedOutput >= 1) {
    const note =
      op === 0
        ? 'no extra cells needed'
        : `adds ${op} ${op === 1 ? 'cell' : 'cells'} at the end; a stride-${stride} conv maps ${stride} input lengths onto ${input}, and this picks ${wantedOutput}`;
    return {
      solutions: [{ value: op, output: convTransposeOutputLength(input, kernel, stride, padding, dilation, op), note }],
      explanation: `(${input} − 1)·${stride} − 2·${padding} + ${dilation}·(${kernel} − 1) + output_padding + 1 = ${wantedOutput} gives output_padding = ${op}`,
    };
  }
  if (op < 0) {
    return {
      solutions: [],
      explanation: `without output_padding the output is already ${base}, longer than ${wantedOutput}; output_padding cannot be negative: raise padding by ${Math.ceil(-op / 2)} (each step removes 2) or lower the stride`,
    };
  }
  return {
    solutions: [],
    explanation: `it would need output_padding = ${op}, but PyTorch requires output_padding < max(stride, dilation) = ${limit}; raise the stride or lower the padding`,
  };
}
