// Command-palette calculators: output size, solving for an output size, the receptive field of a
// stack (pre-filled from the selection in a .py file), params & FLOPs. Each command opens the same
// panel on its tab. An object argument is passed to the calculator as its initial state (tests use
// this); convbook.calc._lastResult returns the last {calculator, result} the panel reported.

import * as vscode from 'vscode';
import type { CalculatorKind } from '../../contract';
import type { LayerDocuments } from '../editor/documents';
import { callsInRange } from '../editor/layer_cache';
import { CalculatorPanel } from './panel';
import { receptiveFieldPrefill } from './prefill';

export const CALCULATOR_COMMANDS: Record<CalculatorKind, string> = {
  outputSize: 'convbook.calc.outputSize',
  solve: 'convbook.calc.solve',
  receptiveField: 'convbook.calc.receptiveField',
  cost: 'convbook.calc.cost',
};

export const LAST_RESULT_COMMAND = 'convbook.calc._lastResult';

/** The receptive-field state from the selected layers of the active .py (or cell) editor. */
function selectionPrefill(documents: LayerDocuments | undefined): unknown {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !documents || editor.selection.isEmpty) return undefined;
  const { document, selection } = editor;
  if (document.languageId !== 'python' && document.languageId !== 'convbook') return undefined;
  const calls = callsInRange(documents.calls(document), document.offsetAt(selection.start), document.offsetAt(selection.end));
  return receptiveFieldPrefill(calls) ?? undefined;
}

export function registerCalculators(context: vscode.ExtensionContext, documents?: LayerDocuments): vscode.Disposable {
  const panel = new CalculatorPanel(context.extensionUri);
  const stateArg = (arg: unknown) => (arg !== null && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? arg : undefined);
  const commands = (Object.keys(CALCULATOR_COMMANDS) as CalculatorKind[]).map((kind) =>
    vscode.commands.registerCommand(CALCULATOR_COMMANDS[kind], (arg?: unknown) => {
      const state = stateArg(arg) ?? (kind === 'receptiveField' ? selectionPrefill(documents) : undefined);
      panel.show(kind, state);
    }),
  );
  return vscode.Disposable.from(panel, ...commands, vscode.commands.registerCommand(LAST_RESULT_COMMAND, () => panel.lastResult));
}
