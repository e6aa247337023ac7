// The calculator panel's HTML: dist/calculator.js and KaTeX's stylesheet from the extension's dist/
// folder under a strict Content-Security-Policy (nothing remote, scripts only with the nonce).
// No vscode import, so tests can check it.

import type { CalculatorKind } from '../../contract';

export interface CalculatorHtmlOptions {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  /** webview.asWebviewUri(dist/calculator.js) and (dist/katex/katex.min.css), as strings. */
  scriptUri: string;
  katexCssUri: string;
  calculator: CalculatorKind;
}

export const CALCULATOR_TITLES: Record<CalculatorKind, string> = {
  outputSize: 'Output Size Calculator',
  solve: 'Solve for Output Size',
  receptiveField: 'Receptive Field of a Stack',
  cost: 'Params & FLOPs',
};

/** A random nonce for the script tags (base64-ish, 32 characters). */
export function makeNonce(random: () => number = Math.random): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars[Math.floor(random() * chars.length)];
  return out;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  // KaTeX lays formulas out with inline style attributes, hence 'unsafe-inline' for styles only.
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
  ].join('; ');
}

export function calculatorHtml(o: CalculatorHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(o.katexCssUri)}">
<title>convbook: ${CALCULATOR_TITLES[o.calculator]}</title>
</head>
<body data-calculator="${o.calculator}">
<div id="calculator-root"><p class="convbook-loading">Loading the calculator…</p></div>
<script nonce="${o.nonce}" src="${escapeAttribute(o.scriptUri)}"></script>
</body>
</html>
`;
}
