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

/** F.pad's (before, after) per padded axis, last axis first as PyTorch lists them. */
function padPairs(c: AuditCase): [number, number][] {
  const pad = (c.params.pad ?? []) as number[];
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < pad.length; i += 2) pairs.push([pad[i], pad[i + 1]]);
  return pairs;
}

function raises(c: AuditCase, outcome: Outcome, message: string): string | null {
  if (!outcome.error) return `convbook succeeds; it should raise ${c.error?.exception ?? 'RuntimeError'}: ${message}`;
  if (c.error && outcome.error.exception !== c.error.exception) return `exception ${outcome.error.exception}, PyTorch raises ${c.error.exception}`;
  return outcome.error.message === message ? null : `convbook says "${outcome.error.message}", expected "${message}"`;
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
    id: 'circular-wrap-past-crop',
    reason:
      'F.pad circular crops first and wraps around what is left; a wrap longer than that makes PyTorch 1.13 copy between overlapping memory (an error in 1-D) or from uninitialised memory; convbook refuses it as wrapping more than once',
    appliesTo: (c) => {
      if (c.op !== 'pad' || c.params.mode !== 'circular') return false;
      // Only where PyTorch gets that far: an earlier check of its own fails first otherwise.
      if (c.error && !c.error.message.startsWith('unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location')) return false;
      const shape = c.tensors.x.shape;
      // An empty result copies nothing: PyTorch returns it and so does convbook.
      if (padPairs(c).some(([before, after], k) => shape[shape.length - 1 - k] + before + after === 0)) return false;
      return padPairs(c).some(([before, after], k) => {
        const size = shape[shape.length - 1 - k];
        const kept = size + Math.min(before, 0) + Math.min(after, 0);
        return before <= size && after <= size && kept >= 0 && (before > kept || after > kept);
      });
    },
    check: (c, outcome) => raises(c, outcome, 'Padding value causes wrapping around more than once.'),
  },
  {
    id: 'reflect-2d-negative-size',
    reason:
      "F.pad reflect on two axes with one padded size negative: PyTorch 1.13 resizes its output to it and reports 'numel: integer multiplication overflow'; convbook reports the negative size as the 1-D and 3-D kernels do",
    appliesTo: (c) => c.op === 'pad' && c.params.mode === 'reflect' && c.error?.message === 'numel: integer multiplication overflow',
    check: (c, outcome) => (outcome.error?.exception === 'RuntimeError' && /^Trying to create tensor with negative dimension -\d+: \[/.test(outcome.error.message) ? null : `convbook: ${JSON.stringify(outcome.error ?? outcome.outputs?.map((o) => o.shape))} (${c.name})`),
  },
];

export function deliberateFor(c: AuditCase, path: ReplayPath): DeliberateDifference | null {
  return DELIBERATE.find((d) => d.appliesTo(c, path)) ?? null;
}
