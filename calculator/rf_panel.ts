// The receptive-field tab: PyTorch layers pasted (or pre-filled from a selection in a .py file),
// the layers that could not be read, and the stack's receptive field drawn by the notebook's view.

import { MIME } from '../contract';
import { el } from '../renderer/dom';
import { errorList, insertButton, showErrors, type CalcShell } from './shell';
import { stackCellSource, stackReceptiveField, stackSummary } from './stack';
import type { StackForm } from './state';

export function rfPanel(shell: CalcShell): void {
  const f = shell.state.stack;
  const inputs = new Map<string, HTMLElement>();
  const area = el('textarea', { id: 'cb-r-source', 'data-field': 'source', spellcheck: 'false', 'aria-label': 'Layers: nn.Sequential(...) or one layer per line' });
  area.value = f.source;
  const size = el('input', { type: 'text', id: 'cb-r-size', value: f.inputSize, 'data-field': 'inputSize', placeholder: 'optional, e.g. 224' });
  inputs.set('source', area);
  inputs.set('inputSize', size);
  const errors = errorList();
  const skipped = el('ul', { className: 'cb-notes', 'data-role': 'skipped' });
  const results = el('div', { className: 'cb-results' });
  const actions = el('div', { className: 'cb-toolbar' }, insertButton(shell, () => stackCellSource(shell.state.stack), (e) => showErrors(errors, e, inputs)));
  const fromEditor = el('ul', { className: 'cb-notes', 'data-role': 'prefill-notes' }, ...shell.prefillNotes.map((n) => el('li', {}, n)));
  shell.panel.replaceChildren(
    el('p', { className: 'cb-subtitle' }, 'Paste PyTorch layers (an nn.Sequential, or one call per line).'),
    fromEditor,
    area,
    el('div', { className: 'cb-form' }, el('label', { for: size.id }, 'input size'), size),
    actions,
    errors,
    skipped,
    results,
  );
  let timer = 0;
  const update = (patch: Partial<StackForm>) => {
    shell.state = { ...shell.state, stack: { ...shell.state.stack, ...patch } };
    shell.save();
    clearTimeout(timer);
    timer = window.setTimeout(compute, 200);
  };
  shell.disposables.add(() => clearTimeout(timer));
  area.addEventListener('input', () => {
    shell.prefillNotes = [];
    fromEditor.replaceChildren();
    update({ source: area.value });
  });
  size.addEventListener('input', () => update({ inputSize: size.value }));
  function compute(): void {
    shell.clearMounts();
    results.replaceChildren();
    const r = stackReceptiveField(shell.state.stack);
    shell.computed(stackSummary(r));
    if (!r.ok) {
      showErrors(errors, r.errors, inputs);
      skipped.replaceChildren();
      return;
    }
    showErrors(errors, [], inputs);
    skipped.replaceChildren(...r.value.skipped.map((s) => el('li', {}, s)));
    const target = el('div', { 'data-role': 'view' });
    results.appendChild(target);
    shell.mount(target, MIME.receptiveField, r.value.payload);
  }
  compute();
}
