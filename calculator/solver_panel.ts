// The solver tab: which padding, stride or output_padding gives the wanted output size, with
// every answer checked by the forward rule.

import { el } from '../renderer/dom';
import { errorList, insertButton, showErrors, type CalcShell } from './shell';
import { solve, solverCellSource, solverSummary } from './solver';
import type { SolverForm } from './state';

export function solverPanel(shell: CalcShell): void {
  const f = shell.state.solver;
  const inputs = new Map<string, HTMLElement>();
  const grid = el('div', { className: 'cb-form' });
  const unknown = el('select', { id: 'cb-s-unknown', 'data-field': 'unknown' });
  for (const [value, label] of [['padding', 'padding (conv)'], ['stride', 'stride (conv)'], ['output_padding', 'output_padding (transposed conv)']]) {
    const o = el('option', { value }, label);
    if (f.unknown === value) o.selected = true;
    unknown.appendChild(o);
  }
  unknown.addEventListener('change', () => {
    shell.state = { ...shell.state, solver: { ...shell.state.solver, unknown: unknown.value as SolverForm['unknown'] } };
    shell.save();
    shell.redraw();
  });
  grid.append(el('label', { for: 'cb-s-unknown' }, 'solve for'), unknown);
  const fields: [keyof SolverForm, string][] = [
    ['input', 'input size'],
    ['wanted', 'wanted output size'],
    ['kernel', 'kernel_size'],
    ['dilation', 'dilation'],
  ];
  if (f.unknown !== 'stride') fields.push(['stride', 'stride']);
  if (f.unknown !== 'padding') fields.push(['padding', 'padding']);
  const out = el('div', { className: 'cb-results', 'data-role': 'solutions', 'aria-live': 'polite' });
  const errors = errorList();
  for (const [key, label] of fields) {
    const input = el('input', { type: 'text', id: `cb-s-${key}`, value: String(f[key]), 'data-field': key, autocomplete: 'off' });
    input.addEventListener('input', () => {
      shell.state = { ...shell.state, solver: { ...shell.state.solver, [key]: input.value } };
      shell.save();
      compute();
    });
    inputs.set(key, input);
    grid.append(el('label', { for: input.id }, label), input);
  }
  const actions = el('div', { className: 'cb-toolbar' }, insertButton(shell, () => solverCellSource(shell.state.solver), (e) => showErrors(errors, e, inputs)));
  shell.panel.replaceChildren(el('p', { className: 'cb-subtitle' }, 'Which value gives the output size you want? Every answer is checked with the forward rule.'), grid, actions, errors, out);
  function compute(): void {
    const r = solve(shell.state.solver);
    shell.computed(solverSummary(r));
    out.replaceChildren();
    if (!r.ok) {
      showErrors(errors, r.errors, inputs);
      return;
    }
    showErrors(errors, [], inputs);
    const { result, unknown: which } = r.value;
    if (result.solutions.length) {
      const t = el('table', { className: 'cb-table' }, el('thead', {}, el('tr', {}, el('th', { className: 'cb-left' }, which), el('th', {}, 'output'), el('th', { className: 'cb-left' }, 'note'))));
      const tb = el('tbody');
      for (const s of result.solutions) tb.appendChild(el('tr', {}, el('td', { className: 'cb-left' }, String(s.value)), el('td', {}, String(s.output)), el('td', { className: 'cb-left' }, s.note)));
      t.appendChild(tb);
      out.appendChild(t);
    }
    out.appendChild(el('p', { 'data-role': 'explanation' }, result.explanation));
    if (r.value.layer) out.appendChild(el('div', { className: 'cb-code' }, r.value.layer));
  }
  compute();
}
