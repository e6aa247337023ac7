// The one calculator panel: a webview running dist/calculator.js. Commands choose its tab with an
// `init` message; it asks for notebook cells with `insert-cell`, and reports every computation
// with `computed`, whose last value the internal command convbook.calc._lastResult returns.

import * as vscode from 'vscode';
import type { CalculatorHostMessage, CalculatorKind, CalculatorViewMessage } from '../../contract';
import { insertConvbookCell } from '../editor/notebook_cells';
import { CALCULATOR_TITLES, calculatorHtml, makeNonce } from './html';

export const CALCULATOR_VIEW_TYPE = 'convbook.calculator';

export interface LastResult {
  calculator: CalculatorKind;
  result: unknown;
}

export class CalculatorPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private current: CalculatorHostMessage = { type: 'init', calculator: 'outputSize' };
  private last: LastResult | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri) {}

  get lastResult(): LastResult | null {
    return this.last;
  }

  /** Opens (or reveals) the panel on this calculator, with an optional pre-filled state. */
  show(calculator: CalculatorKind, state?: unknown): void {
    this.current = state === undefined ? { type: 'init', calculator } : { type: 'init', calculator, state };
    if (this.panel) {
      this.panel.title = `convbook: ${CALCULATOR_TITLES[calculator]}`;
      this.panel.reveal(undefined, false);
      if (this.ready) void this.panel.webview.postMessage(this.current);
      return;
    }
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(CALCULATOR_VIEW_TYPE, `convbook: ${CALCULATOR_TITLES[calculator]}`, vscode.ViewColumn.Beside, {
      enableScripts: true,
      // The calculator keeps its inputs when the tab is in the background.
      retainContextWhenHidden: true,
      localResourceRoots: [dist],
    });
    this.panel = panel;
    this.ready = false;
    const webview = panel.webview;
    webview.html = calculatorHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'calculator.js')).toString(),
      katexCssUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'katex', 'katex.min.css')).toString(),
      calculator,
    });
    this.disposables.push(
      webview.onDidReceiveMessage((message: CalculatorViewMessage) => this.receive(message)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
      }),
    );
  }

  private async receive(message: CalculatorViewMessage): Promise<void> {
    switch (message?.type) {
      case 'ready':
        this.ready = true;
        await this.panel?.webview.postMessage(this.current);
        break;
      case 'computed':
        this.last = { calculator: message.calculator, result: message.result };
        break;
      case 'insert-cell':
        if (typeof message.source === 'string' && message.source.trim() !== '') await insertConvbookCell(message.source);
        break;
      default:
        break;
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
