// The hover's command links: "Visualize in notebook" (a new convbook notebook with the layer and a
// sweep of it, run at once) and "Copy formula". Both also work from the palette on the layer under
// the cursor.

import * as vscode from 'vscode';
import { callAtOffset } from './layer_cache';
import type { LayerDocuments } from './documents';
import { COPY_FORMULA_COMMAND, formulaText, VISUALIZE_COMMAND, visualizeCellSource } from './hover_text';
import { openNotebookWithCells } from './notebook_cells';
import { findLayerCalls, type LayerCall } from '../../lang/pyfile/python_layers';
import { defaultInputSize } from './settings';

/** The layer a command is about: from its argument (call text), else under the cursor. */
function layerFrom(documents: LayerDocuments, arg: unknown): LayerCall | null {
  const text = typeof arg === 'string' ? arg : typeof (arg as { layer?: unknown })?.layer === 'string' ? (arg as { layer: string }).layer : null;
  if (text !== null) return findLayerCalls(text)[0] ?? null;
  const editor = vscode.window.activeTextEditor;
  if (!editor) return null;
  return callAtOffset(documents.calls(editor.document), editor.document.offsetAt(editor.selection.active));
}

export function registerLayerCommands(documents: LayerDocuments): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(VISUALIZE_COMMAND, async (arg?: unknown) => {
      let source = typeof (arg as { source?: unknown })?.source === 'string' ? (arg as { source: string }).source : null;
      if (source === null) {
        const call = layerFrom(documents, arg);
        source = call ? visualizeCellSource(call, { defaultInputSize: defaultInputSize() }) : null;
      }
      if (source === null) {
        void vscode.window.showInformationMessage('convbook: put the cursor on a PyTorch layer whose arguments are all literals to visualize it.');
        return undefined;
      }
      const notebook = await openNotebookWithCells([source], true);
      return notebook.uri;
    }),
    vscode.commands.registerCommand(COPY_FORMULA_COMMAND, async (arg?: unknown) => {
      let text = typeof (arg as { text?: unknown })?.text === 'string' ? (arg as { text: string }).text : null;
      if (text === null) {
        const call = layerFrom(documents, arg);
        text = call ? formulaText(call) : null;
      }
      if (text === null) {
        void vscode.window.showInformationMessage('convbook: no output-size formula for this call.');
        return undefined;
      }
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage('convbook: formula copied', 3000);
      return text;
    }),
  );
}
