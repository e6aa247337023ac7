// The extension's end of the notebook renderer's messages: "Save PNG/SVG/GIF" in an output posts
// the file's bytes here (renderer/export/hostSave.ts); we ask where with a save dialog that opens
// in the notebook's folder, write the file, and tell the renderer where it went.

import * as os from 'node:os';
import * as vscode from 'vscode';
import { RENDERER_ID, type RendererSaveReply } from '../contract';
import { checkSaveRequest, isSaveRequest } from './renderer_save_request';

/** Where the dialog opens: beside the notebook, else the first workspace folder, else home. */
function defaultFolder(notebook: vscode.NotebookDocument): vscode.Uri {
  if (notebook.uri.scheme !== 'untitled') return vscode.Uri.joinPath(notebook.uri, '..');
  return vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
}

export function registerRendererMessaging(): vscode.Disposable {
  const messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  return messaging.onDidReceiveMessage(async ({ editor, message }) => {
    if (!isSaveRequest(message)) return;
    const reply = (r: RendererSaveReply) => void messaging.postMessage(r, editor);
    const checked = checkSaveRequest(message, (text) => Buffer.from(text, 'base64'));
    if (!checked.ok) {
      void vscode.window.showErrorMessage(`convbook: ${checked.message}`);
      if (checked.id) reply({ type: 'save-failed', id: checked.id, message: checked.message });
      return;
    }
    const { id, filename, extension, label, bytes } = checked.save;
    reply({ type: 'save-started', id });
    try {
      const target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(defaultFolder(editor.notebook), filename),
        filters: { [label]: [extension] },
        title: `Save ${filename}`,
      });
      if (!target) {
        reply({ type: 'save-cancelled', id });
        return;
      }
      await vscode.workspace.fs.writeFile(target, bytes);
      reply({ type: 'saved', id, path: target.scheme === 'file' ? target.fsPath : target.toString(true) });
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(`convbook: could not save ${filename}: ${text}`);
      reply({ type: 'save-failed', id, message: text });
    }
  });
}
