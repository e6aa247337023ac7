// Which documents the editor features serve, and the shared per-version extraction of their layers.

import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../../contract';
import type { LayerCall } from '../../lang/pyfile/python_layers';
import { LayerCallCache } from './layer_cache';

export const PYTHON_SELECTOR: vscode.DocumentFilter = { language: 'python' };
export const CELL_SELECTOR: vscode.DocumentFilter = { language: LANGUAGE_ID };
export const LAYER_SELECTOR: vscode.DocumentSelector = [PYTHON_SELECTOR, CELL_SELECTOR];

export class LayerDocuments implements vscode.Disposable {
  private readonly cache = new LayerCallCache();
  private readonly closing: vscode.Disposable;

  constructor() {
    this.closing = vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString()));
  }

  calls(document: vscode.TextDocument): LayerCall[] {
    return this.cache.get(document.uri.toString(), document.version, () => document.getText());
  }

  dispose(): void {
    this.closing.dispose();
    this.cache.clear();
  }
}
