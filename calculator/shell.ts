// What the calculator's tabs share: the host (VS Code's webview API, or a test page), the shell
// each panel draws into (state, saving, mounting the notebook's views, messages to the extension),
// the page's extra styles, and the error list and insert button every form has.

import type { CalculatorViewMessage } from '../contract';
import { button, el, type Disposables } from '../renderer/dom';
import type { CalculatorState } from './state';
import type { FieldError } from './fields';

export interface CalculatorHost {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
  /** KaTeX's stylesheet (fonts beside it); without it formulas render unstyled. */
  katexCssUrl?: string;
  /** Messages from the extension (CalculatorHostMessage); returns an unsubscribe function. */
  onMessage?(listener: (message: unknown) => void): () => void;
}

/** What a panel needs from the calculator around it. */
export interface CalcShell {
  readonly panel: HTMLElement;
  readonly disposables: Disposables;
  state: CalculatorState;
  /** The extension's remarks on a pre-filled stack, shown until the stack is edited. */
  prefillNotes: string[];
  save(): void;
  /** Draws the current tab's panel again (its fields depend on the layer kind). */
  redraw(): void;
  /** Draws one convbook output into `target` with the notebook's own views. */
  mount(target: HTMLElement, mime: string, payload: unknown): void;
  clearMounts(): void;
  /** Reports the tab's result to the extension. */
  computed(result: unknown): void;
  send(message: CalculatorViewMessage): void;
}

export const CALC_CSS = `
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

/** Lists `errors` and marks their fields invalid (clearing the marks of the others). */
export function showErrors(list: HTMLElement, errors: FieldError[], inputs: Map<string, HTMLElement>): void {
  for (const input of inputs.values()) input.removeAttribute('aria-invalid');
  list.replaceChildren(...errors.map((e) => el('li', { 'data-field': e.field }, `${FIELD_LABELS[e.field] ?? e.field}: ${e.message}`)));
  for (const e of errors) inputs.get(e.field)?.setAttribute('aria-invalid', 'true');
}

/** "Insert as a convbook cell": posts the cell `make` writes, or shows why it cannot. */
export function insertButton(shell: CalcShell, make: () => { ok: true; value: string } | { ok: false; errors: FieldError[] }, onError: (errors: FieldError[]) => void): HTMLButtonElement {
  return button('Insert as a convbook cell', 'Insert the equivalent convbook cell into the notebook', () => {
    const r = make();
    if (r.ok) shell.send({ type: 'insert-cell', source: r.value });
    else onError(r.errors);
  }, { 'data-role': 'insert', className: 'cb-primary' });
}

/** The form's error list. */
export function errorList(): HTMLElement {
  return el('ul', { className: 'cb-errors', role: 'alert', 'data-role': 'errors' });
}
