// The solver tab's logic: which padding, stride or output_padding gives the wanted output size
// (every answer checked with the forward rule by the engine), a layer using the first one, and
// the equivalent convbook cell.

import { solveOutputPadding, solvePadding, solveStride, type SolverResult } from '../engine/arithmetic/solver';
import { ConvbookError } from '../engine/errors';
import { fail, ok, parseInt1, type FieldError, type Result } from './fields';
import type { SolverForm, SolverUnknown } from './state';

export interface SolverAnswer {
  result: SolverResult;
  /** What was solved for, in PyTorch's argument name. */
  unknown: SolverUnknown;
  /** A conv layer using the first solution, for the cell. */
  layer: string | null;
}

export function solve(form: SolverForm): Result<SolverAnswer> {
  const errors: FieldError[] = [];
  const get = (field: keyof SolverForm, label: string, min: number, needed: boolean): number => {
    if (!needed) return 0;
    const r = parseInt1(String(form[field]), field, label, min);
    if (!r.ok) {
      errors.push(...r.errors);
      return 0;
    }
    return r.value;
  };
  const input = get('input', 'input size', 1, true);
  const kernel = get('kernel', 'kernel size', 1, true);
  const dilation = get('dilation', 'dilation', 1, true);
  const wanted = get('wanted', 'wanted output size', 1, true);
  const stride = get('stride', 'stride', 1, form.unknown !== 'stride');
  const padding = get('padding', 'padding', 0, form.unknown !== 'padding');
  if (errors.length) return { ok: false, errors };
  let result: SolverResult;
  try {
    result =
      form.unknown === 'padding'
        ? solvePadding(input, kernel, stride, dilation, wanted)
        : form.unknown === 'stride'
          ? solveStride(input, kernel, padding, dilation, wanted)
          : solveOutputPadding(input, kernel, stride, padding, dilation, wanted);
  } catch (error) {
    if (error instanceof ConvbookError) return fail((error.argument as keyof SolverForm) ?? 'form', `${error.pythonName}: ${error.message}`);
    throw error;
  }
  let layer: string | null = null;
  const first = result.solutions[0];
  if (first) {
    const args: string[] = ['1', '1', String(kernel)];
    const s = form.unknown === 'stride' ? first.value : stride;
    const p = form.unknown === 'padding' ? first.value : padding;
    if (s !== 1) args.push(`stride=${s}`);
    if (p !== 0) args.push(`padding=${p}`);
    if (form.unknown === 'output_padding' && first.value !== 0) args.push(`output_padding=${first.value}`);
    if (dilation !== 1) args.push(`dilation=${dilation}`);
    layer = `${form.unknown === 'output_padding' ? 'nn.ConvTranspose1d' : 'nn.Conv1d'}(${args.join(', ')})`;
  }
  return ok({ result, unknown: form.unknown, layer });
}

export function solverCellSource(form: SolverForm): Result<string> {
  const answer = solve(form);
  if (!answer.ok) return answer;
  if (!answer.value.layer) return fail('form', 'no value gives that output size, so there is no layer to insert');
  const input = parseInt1(form.input, 'input', 'input size', 1);
  if (!input.ok) return input;
  return ok(['import torch', 'import torch.nn as nn', `layer = ${answer.value.layer}`, `x = torch.zeros(1, 1, ${input.value})`, 'layer(x).shape'].join('\n') + '\n');
}

export function solverSummary(r: Result<SolverAnswer>): unknown {
  return r.ok ? { unknown: r.value.unknown, solutions: r.value.result.solutions, explanation: r.value.result.explanation, layer: r.value.layer } : { errors: r.errors };
}

