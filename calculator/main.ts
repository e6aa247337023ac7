// Entry of the calculator webview bundle (dist/calculator.js, IIFE). The extension's webview HTML
// (extension/calculators/html.ts) loads it with a <script> and provides <div id="calculator-root">
// and <body data-calculator="...">; VS Code's acquireVsCodeApi carries messages and state. The
// protocol (ready / init / insert-cell / computed) is in contract/index.ts.

import { mountCalculator, type CalculatorHost } from './app';
import { applyInit, restoreState } from './state';

declare const acquireVsCodeApi: undefined | (() => { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void });

const script = document.currentScript as HTMLScriptElement | null;

function katexCssUrl(): string {
  if (script?.dataset.katexCss) return script.dataset.katexCss;
  try {
    return script?.src ? new URL('./katex/katex.min.css', script.src).toString() : '';
  } catch {
    return '';
  }
}

function start(): void {
  let root = document.getElementById('calculator-root');
  if (!root) {
    root = document.createElement('div');
    root.id = 'calculator-root';
    document.body.appendChild(root);
  }
  let memory: unknown;
  const api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : { postMessage: () => undefined, getState: () => memory, setState: (s: unknown) => (memory = s) };
  const host: CalculatorHost = {
    postMessage: (m) => api.postMessage(m),
    getState: () => api.getState(),
    setState: (s) => api.setState(s),
    katexCssUrl: katexCssUrl(),
    onMessage: (listener) => {
      const handler = (e: MessageEvent) => listener(e.data);
      window.addEventListener('message', handler);
      return () => window.removeEventListener('message', handler);
    },
  };
  // The tab the panel was opened on, until the extension's init message says otherwise.
  const opened = document.body.dataset.calculator;
  if (opened && host.getState() === undefined) {
    const init = applyInit(restoreState(undefined), { type: 'init', calculator: opened });
    if (init) host.setState(init.state);
  }
  mountCalculator(root, host);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
