// Where convbook deliberately differs from PyTorch 1.13 on an audit case, and what it must do
// instead. Everything else must agree exactly (audit_replay.disagreement).

import type { AuditCase, Outcome } from './audit_replay';

export type ReplayPath = 'engine' | 'cell';

export interface DeliberateDifference {
  id: string;
  /** Why convbook differs, for the report and the test names. */
  reason: string;
  appliesTo(c: AuditCase, path: ReplayPath): boolean;
  /** null when convbook's outcome is the deliberate one, else what is wrong with it. */
  check(c: AuditCase, outcome: Outcome): string | null;
}

const ARGUMENT_WORDS = ['input', 'offset', 'weight', 'mask', 'bias', 'stride', 'padding', 'dilation', 'groups', 'offset_groups'];

/** Spatial axes of an op: conv2d → 2, max_pool2d → 2, deform_conv2d → 2. */
function spatialDims(op: string): number | null {
  const m = /(\d)d$/.exec(op);
  return m ? Number(m[1]) : null;
}

export const DELIBERATE: readonly DeliberateDifference[] = [
  {
    id: 'deform-messages',
    reason: "torchvision's deform_conv2d messages (TORCH_CHECK conditions, \"Could this error message be improved?\") are reworded to name the argument and the rule",
    appliesTo: (c) => c.op === 'deform_conv2d' && c.error !== undefined,
    check: (c, outcome) => {
      if (!outcome.error) return `PyTorch raises ${c.error!.exception}; convbook succeeds`;
      if (outcome.error.exception !== c.error!.exception) return `exception ${outcome.error.exception}, PyTorch raises ${c.error!.exception}`;
      const named = outcome.error.argument ?? ARGUMENT_WORDS.find((w) => outcome.error!.message.includes(w));
      if (!named || !outcome.error.message.includes(named.replace('offset_groups', 'offset'))) return `the message does not name the argument: ${outcome.error.message}`;
      return null;
    },
  },
  {
    id: 'spatial-rank-promotion',
    reason: 'in a cell, a tensor with exactly the spatial rank (a 5×5 input, a 3×3 kernel) is read as 1×1×H×W, with a note; PyTorch refuses it',
    appliesTo: (c, path) => {
      const dims = spatialDims(c.op);
      if (path !== 'cell' || dims === null || c.op === 'layer') return false;
      return ['x', 'w'].some((name) => c.tensors[name]?.shape.length === dims);
    },
    check: (_, outcome) => (outcome.error?.exception === 'AuditError' ? outcome.error.message : null),
  },
];

export function deliberateFor(c: AuditCase, path: ReplayPath): DeliberateDifference | null {
  return DELIBERATE.find((d) => d.appliesTo(c, path)) ?? null;
}
