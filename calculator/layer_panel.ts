// The output-size and cost tabs: the layer form (its fields depend on the layer kind), the layer
// as PyTorch code, and, recomputed as the user types, the output shape with the sweep preview
// (size tab) or the params & FLOPs breakdown (cost tab), drawn by the notebook's views.

import { MIME } from '../contract';
import { el } from '../renderer/dom';
import { evaluateLayer, isPool, layerCall, layerCellSource, layerSummary } from './layer';
import { errorList, insertButton, showErrors, type CalcShell } from './shell';
import type { LayerForm } from './state';

export function layerPanel(shell: CalcShell, tab: 'size' | 'cost'): void {
  const f = shell.state.layer;
  const inputs = new Map<string, HTMLElement>();
  const grid = el('div', { className: 'cb-form' });
  const addField = (key: keyof LayerForm, label: string, control: HTMLElement) => {
    const id = `cb-f-${key}`;
    control.id = id;
    inputs.set(key, control);
    grid.append(el('label', { for: id }, label), control);
  };
  const text = (key: keyof LayerForm, placeholder = '') => {
    const input = el('input', { type: 'text', value: String(f[key]), placeholder, spellcheck: 'false', autocomplete: 'off', 'data-field': key });
    input.addEventListener('input', () => update({ [key]: input.value } as Partial<LayerForm>));
    return input;
  };
  const choice = <K extends keyof LayerForm>(key: K, options: [string, string][], parse: (v: string) => LayerForm[K]) => {
    const s = el('select', { 'data-field': key });
    for (const [value, label] of options) {
      const o = el('option', { value }, label);
      if (String(f[key]) === value) o.selected = true;
      s.appendChild(o);
    }
    s.addEventListener('change', () => update({ [key]: parse(s.value) } as Partial<LayerForm>, true));
    return s;
  };
  const check = (key: 'bias' | 'ceilMode' | 'countIncludePad', label: string) => {
    const c = el('input', { type: 'checkbox', 'data-field': key });
    c.checked = f[key];
    c.addEventListener('change', () => update({ [key]: c.checked } as Partial<LayerForm>));
    inputs.set(key, c);
    return el('label', { className: 'cb-check' }, c, label);
  };
  addField('op', 'layer', choice('op', [['conv', 'Conv'], ['conv_transpose', 'ConvTranspose'], ['max_pool', 'MaxPool2d'], ['avg_pool', 'AvgPool2d']], (v) => v as LayerForm['op']));
  if (!isPool(f.op)) addField('dims', 'dimensions', choice('dims', [['1', '1-D'], ['2', '2-D'], ['3', '3-D']], (v) => Number(v) as LayerForm['dims']));
  addField('batch', 'batch', text('batch'));
  addField('inChannels', isPool(f.op) ? 'channels' : 'in_channels', text('inChannels'));
  if (!isPool(f.op)) addField('outChannels', 'out_channels', text('outChannels'));
  addField('inputSize', 'input size', text('inputSize', 'e.g. 32 or 32, 24'));
  addField('kernel', 'kernel_size', text('kernel', 'e.g. 3 or 3, 5'));
  addField('stride', 'stride', text('stride', isPool(f.op) ? 'empty: = kernel_size' : '1'));
  addField('padding', 'padding', text('padding', f.op === 'conv' ? "0, 1, 'same', 'valid'" : '0'));
  if (f.op !== 'avg_pool') addField('dilation', 'dilation', text('dilation'));
  if (!isPool(f.op)) addField('groups', 'groups', text('groups'));
  if (f.op === 'conv_transpose') addField('outputPadding', 'output_padding', text('outputPadding'));
  if (f.op === 'conv') addField('paddingMode', 'padding_mode', choice('paddingMode', [['zeros', 'zeros'], ['reflect', 'reflect'], ['replicate', 'replicate'], ['circular', 'circular']], (v) => v as LayerForm['paddingMode']));
  const checks = el('div', { className: 'cb-toolbar' });
  if (!isPool(f.op)) checks.appendChild(check('bias', 'bias'));
  if (isPool(f.op)) checks.appendChild(check('ceilMode', 'ceil_mode'));
  if (f.op === 'avg_pool') checks.appendChild(check('countIncludePad', 'count_include_pad'));

  const code = el('div', { className: 'cb-code', 'data-role': 'code', 'aria-label': 'The layer as PyTorch code' });
  const errors = errorList();
  const headline = el('div', { className: 'cb-result-line', 'aria-live': 'polite', 'data-role': 'headline' });
  const results = el('div', { className: 'cb-results' });
  const actions = el('div', { className: 'cb-toolbar' }, insertButton(shell, () => layerCellSource(shell.state.layer, tab === 'size' ? 'sweep' : 'cost'), (e) => showErrors(errors, e, inputs)));
  shell.panel.replaceChildren(grid, checks, code, actions, errors, headline, results);

  let timer = 0;
  function compute(): void {
    shell.clearMounts();
    results.replaceChildren();
    const call = layerCall(shell.state.layer);
    code.textContent = call.ok ? call.value.source : '…';
    const r = evaluateLayer(shell.state.layer);
    shell.computed(layerSummary(tab, r));
    if (!r.ok) {
      showErrors(errors, r.errors, inputs);
      headline.textContent = '';
      return;
    }
    showErrors(errors, [], inputs);
    const v = r.value;
    headline.textContent = `${v.inputShape.join('×')} → ${v.outputShape.join('×')}`;
    for (const n of v.notes) results.appendChild(el('p', { className: 'cb-subtitle' }, n));
    const target = el('div', { 'data-role': 'view' });
    results.appendChild(target);
    if (tab === 'size' && v.sweep) shell.mount(target, MIME.sweep, v.sweep);
    else shell.mount(target, MIME.formula, v.formula);
  }
  function update(patch: Partial<LayerForm>, redraw = false): void {
    shell.state = { ...shell.state, layer: { ...shell.state.layer, ...patch } };
    shell.save();
    if (redraw) {
      // The set of fields depends on the layer kind and dimensions.
      shell.redraw();
      return;
    }
    clearTimeout(timer);
    timer = window.setTimeout(compute, 150);
  }
  shell.disposables.add(() => clearTimeout(timer));
  compute();
}
