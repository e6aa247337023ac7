// The calculator webview's front end: a live form whose results are drawn by the same views as the
// notebook (output-size formula with a sweep preview, params & FLOPs per library convention, the
// solver, a pasted stack's receptive field). State survives through the host's get/setState;
// "Insert as a convbook cell" posts the equivalent cell source to the extension.

import { MIME, type CalculatorViewMessage } from '../../contract';
import { Disposables, button, el, tablistKeys } from '../dom';
import { mountOutput, type MountedOutput } from '../mount';
import { BASE_CSS } from '../theme';
import {
  KIND_OF_TAB,
  applyInit,
  evaluateLayer,
  layerSummary,
  solverSummary,
  stackSummary,
  isPool,
  layerCall,
  layerCellSource,
  restoreState,
  solve,
  solverCellSource,
  stackCellSource,
  stackReceptiveField,
  type CalcTab,
  type CalculatorState,
  type FieldError,
  type LayerForm,
  type SolverForm,
  type StackForm,
} from './logic';

export interface CalculatorHost {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
  /** KaTeX's stylesheet (fonts beside it); without it formulas render unstyled. */
  katexCssUrl?: string;
  /** Messages from the extension (CalculatorHostMessage); returns an unsubscribe function. */
  onMessage?(listener: (message: unknown) => void): () => void;
}


const TABS: { id: CalcTab; label: string }[] = [
  { id: 'size', label: 'Output size' },
  { id: 'cost', label: 'Params & FLOPs' },
  { id: 'solver', label: 'Solver' },
  { id: 'rf', label: 'Receptive field' },
];

const CALC_CSS = `
body { margin: 0; background: var(--vscode-editor-background, var(--cb-fb-bg)); }
.cb-calc { padding: 10px 14px; }
.cb-calc h2 { font-size: 1.2em; margin: 0 0 8px; font-weight: 600; }
.cb-calc .cb-form { grid-template-columns: max-content minmax(8em, 16em) max-content minmax(8em, 16em); }
.cb-calc .cb-form label { color: var(--cb-muted); }
.cb-calc input[aria-invalid=true], .cb-calc textarea[aria-invalid=true] { border-color: var(--cb-error); outline: 1px solid var(--cb-error); }
.cb-calc textarea { width: 100%; min-height: 9em; font-family: var(--vscode-editor-font-family, ui-monospace, monospace); }
.cb-calc .cb-code { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); background: var(--cb-widget); border: 1px solid var(--cb-border); padding: 4px 8px; border-radius: 2px; overflow-x: auto; white-space: pre; }
.cb-calc .cb-errors { color: var(--cb-error); margin: 6px 0; padding-left: 1.2em; }
.cb-calc .cb-result-line { font-size: 1.1em; margin: 8px 0 4px; }
.cb-calc .cb-check { display: inline-flex; align-items: center; gap: 4px; }
.cb-calc .cb-results { margin-top: 8px; }
`;

const FIELD_LABELS: Record<string, string> = {
  op: 'layer',
  dims: 'dimensions',
  batch: 'batch',
  inChannels: 'in_channels',
  outChannels: 'out_channels',
  inputSize: 'input size',
  kernel: 'kernel_size',
  stride: 'stride',
  padding: 'padding',
  dilation: 'dilation',
  groups: 'groups',
  outputPadding: 'output_padding',
  paddingMode: 'padding_mode',
  unknown: 'solve for',
  input: 'input size',
  wanted: 'wanted output size',
  source: 'layers',
  form: 'form',
};

export function mountCalculator(container: HTMLElement, host: CalculatorHost): { dispose(): void } {
  const disposables = new Disposables();
  let state: CalculatorState = restoreState(host.getState());
  const style = el('style', { text: BASE_CSS + CALC_CSS });
  document.head.appendChild(style);
  disposables.add(() => style.remove());

  const root = el('div', { className: 'cb-root cb-calc' });
  container.replaceChildren(root);
  disposables.add(() => root.remove());

  const tablist = el('div', { className: 'cb-tabs', role: 'tablist', 'aria-label': 'Calculator' });
  const panel = el('div', { role: 'tabpanel', id: 'cb-calc-panel' });
  root.append(el('h2', {}, 'Convolution calculator'), tablist, panel);
  tablistKeys(tablist, disposables);

  let mounted: MountedOutput[] = [];
  const clearMounts = () => {
    for (const m of mounted) m.dispose();
    mounted = [];
  };
  disposables.add(clearMounts);

  const save = () => host.setState(state);
  const send = (message: CalculatorViewMessage) => host.postMessage(message);
  const computed = (result: unknown) => send({ type: 'computed', calculator: KIND_OF_TAB[state.tab], result });
  /** The extension's remarks on a pre-filled stack, shown until the stack is edited. */
  let prefillNotes: string[] = [];

  function drawTabs(): void {
    tablist.replaceChildren(
      ...TABS.map((t) => {
        const b = button(t.label, t.label, () => {
          state = { ...state, tab: t.id };
          save();
          drawTabs();
          drawPanel();
        }, { role: 'tab', 'aria-selected': String(state.tab === t.id), 'aria-controls': 'cb-calc-panel', 'data-tab': t.id });
        return b;
      }),
    );
  }

  function mount(target: HTMLElement, mime: string, payload: unknown): void {
    mounted.push(mountOutput(target, mime, payload, { katexCssUrl: host.katexCssUrl }));
  }

  function showErrors(list: HTMLElement, errors: FieldError[], inputs: Map<string, HTMLElement>): void {
    for (const input of inputs.values()) input.removeAttribute('aria-invalid');
    list.replaceChildren(...errors.map((e) => el('li', { 'data-field': e.field }, `${FIELD_LABELS[e.field] ?? e.field}: ${e.message}`)));
    for (const e of errors) inputs.get(e.field)?.setAttribute('aria-invalid', 'true');
  }

  function insertButton(make: () => { ok: true; value: string } | { ok: false; errors: FieldError[] }, onError: (errors: FieldError[]) => void): HTMLButtonElement {
    return button('Insert as a convbook cell', 'Insert the equivalent convbook cell into the notebook', () => {
      const r = make();
      if (r.ok) send({ type: 'insert-cell', source: r.value });
      else onError(r.errors);
    }, { 'data-role': 'insert', className: 'cb-primary' });
  }

  // ───── layer form (size and cost tabs) ─────
  function layerPanel(tab: 'size' | 'cost'): void {
    const f = state.layer;
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
    const errors = el('ul', { className: 'cb-errors', role: 'alert', 'data-role': 'errors' });
    const headline = el('div', { className: 'cb-result-line', 'aria-live': 'polite', 'data-role': 'headline' });
    const results = el('div', { className: 'cb-results' });
    const actions = el('div', { className: 'cb-toolbar' }, insertButton(() => layerCellSource(state.layer, tab === 'size' ? 'sweep' : 'cost'), (e) => showErrors(errors, e, inputs)));
    panel.replaceChildren(grid, checks, code, actions, errors, headline, results);

    let timer = 0;
    function compute(): void {
      clearMounts();
      results.replaceChildren();
      const call = layerCall(state.layer);
      code.textContent = call.ok ? call.value.source : '…';
      const r = evaluateLayer(state.layer);
      computed(layerSummary(tab, r));
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
      if (tab === 'size' && v.sweep) mount(target, MIME.sweep, v.sweep);
      else mount(target, MIME.formula, v.formula);
    }
    function update(patch: Partial<LayerForm>, redraw = false): void {
      state = { ...state, layer: { ...state.layer, ...patch } };
      save();
      if (redraw) {
        // The set of fields depends on the layer kind and dimensions.
        drawPanel();
        return;
      }
      clearTimeout(timer);
      timer = window.setTimeout(compute, 150);
    }
    disposables.add(() => clearTimeout(timer));
    compute();
  }

  // ───── solver ─────
  function solverPanel(): void {
    const f = state.solver;
    const inputs = new Map<string, HTMLElement>();
    const grid = el('div', { className: 'cb-form' });
    const unknown = el('select', { id: 'cb-s-unknown', 'data-field': 'unknown' });
    for (const [value, label] of [['padding', 'padding (conv)'], ['stride', 'stride (conv)'], ['output_padding', 'output_padding (transposed conv)']]) {
      const o = el('option', { value }, label);
      if (f.unknown === value) o.selected = true;
      unknown.appendChild(o);
    }
    unknown.addEventListener('change', () => {
      state = { ...state, solver: { ...state.solver, unknown: unknown.value as SolverForm['unknown'] } };
      save();
      drawPanel();
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
    const errors = el('ul', { className: 'cb-errors', role: 'alert', 'data-role': 'errors' });
    for (const [key, label] of fields) {
      const input = el('input', { type: 'text', id: `cb-s-${key}`, value: String(f[key]), 'data-field': key, autocomplete: 'off' });
      input.addEventListener('input', () => {
        state = { ...state, solver: { ...state.solver, [key]: input.value } };
        save();
        compute();
      });
      inputs.set(key, input);
      grid.append(el('label', { for: input.id }, label), input);
    }
    const actions = el('div', { className: 'cb-toolbar' }, insertButton(() => solverCellSource(state.solver), (e) => showErrors(errors, e, inputs)));
    panel.replaceChildren(el('p', { className: 'cb-subtitle' }, 'Which value gives the output size you want? Every answer is checked with the forward rule.'), grid, actions, errors, out);
    function compute(): void {
      const r = solve(state.solver);
      computed(solverSummary(r));
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

  // ───── receptive field of a pasted stack ─────
  function rfPanel(): void {
    const f = state.stack;
    const inputs = new Map<string, HTMLElement>();
    const area = el('textarea', { id: 'cb-r-source', 'data-field': 'source', spellcheck: 'false', 'aria-label': 'Layers: nn.Sequential(...) or one layer per line' });
    area.value = f.source;
    const size = el('input', { type: 'text', id: 'cb-r-size', value: f.inputSize, 'data-field': 'inputSize', placeholder: 'optional, e.g. 224' });
    inputs.set('source', area);
    inputs.set('inputSize', size);
    const errors = el('ul', { className: 'cb-errors', role: 'alert', 'data-role': 'errors' });
    const skipped = el('ul', { className: 'cb-notes', 'data-role': 'skipped' });
    const results = el('div', { className: 'cb-results' });
    const actions = el('div', { className: 'cb-toolbar' }, insertButton(() => stackCellSource(state.stack), (e) => showErrors(errors, e, inputs)));
    const fromEditor = el('ul', { className: 'cb-notes', 'data-role': 'prefill-notes' }, ...prefillNotes.map((n) => el('li', {}, n)));
    panel.replaceChildren(
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
      state = { ...state, stack: { ...state.stack, ...patch } };
      save();
      clearTimeout(timer);
      timer = window.setTimeout(compute, 200);
    };
    disposables.add(() => clearTimeout(timer));
    area.addEventListener('input', () => {
      prefillNotes = [];
      fromEditor.replaceChildren();
      update({ source: area.value });
    });
    size.addEventListener('input', () => update({ inputSize: size.value }));
    function compute(): void {
      clearMounts();
      results.replaceChildren();
      const r = stackReceptiveField(state.stack);
      computed(stackSummary(r));
      if (!r.ok) {
        showErrors(errors, r.errors, inputs);
        skipped.replaceChildren();
        return;
      }
      showErrors(errors, [], inputs);
      skipped.replaceChildren(...r.value.skipped.map((s) => el('li', {}, s)));
      const target = el('div', { 'data-role': 'view' });
      results.appendChild(target);
      mount(target, MIME.receptiveField, r.value.payload);
    }
    compute();
  }

  function drawPanel(): void {
    clearMounts();
    panel.setAttribute('aria-label', TABS.find((t) => t.id === state.tab)?.label ?? '');
    if (state.tab === 'size' || state.tab === 'cost') layerPanel(state.tab);
    else if (state.tab === 'solver') solverPanel();
    else rfPanel();
  }

  if (host.onMessage) {
    disposables.add(
      host.onMessage((message) => {
        const init = applyInit(state, message);
        if (!init) return;
        state = init.state;
        prefillNotes = init.notes;
        save();
        drawTabs();
        drawPanel();
      }),
    );
  }

  send({ type: 'ready' });
  drawTabs();
  drawPanel();
  return { dispose: () => disposables.dispose() };
}
