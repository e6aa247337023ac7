// Entry of the calculator webview bundle (dist/calculator.js, IIFE). The extension's webview HTML
// loads it with a <script> (optionally data-katex-css="<uri of dist/katex/katex.min.css>") and may
// provide <div id="convbook-calculator">; VS Code's acquireVsCodeApi carries messages and state.

import { mountCalculator, type CalculatorHost } from './app';

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
  let root = document.getElementById('convbook-calculator');
  if (!root) {
    root = document.createElement('div');
    root.id = 'convbook-calculator';
    document.body.appendChild(root);
  }
  let memory: unknown;
  const api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : { postMessage: () => undefined, getState: () => memory, setState: (s: unknown) => (memory = s) };
  const host: CalculatorHost = {
    postMessage: (m) => api.postMessage(m),
    getState: () => api.getState(),
    setState: (s) => api.setState(s),
    katexCssUrl: katexCssUrl(),
  };
  mountCalculator(root, host);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
