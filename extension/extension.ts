// Entry point of the extension. Activation stays cheap: it only registers things; a notebook's
// kernel starts when the notebook opens. Each feature registers on its own, so one that
// fails to load is logged to the "convbook" output channel and the others still work.

import * as vscode from 'vscode';
import { LANGUAGE_ID, NOTEBOOK_TYPE } from '../contract';
import { checkCell } from '../lang/syntax/static_check';
import { registerCellLanguage } from './cell_language/providers';
import { registerEditorFeatures } from './editor';
import { CONTROLLER_ID, ConvbookController, type KernelInfo } from './controller';
import { registerRendererMessaging } from './renderer_messaging';
import { ConvbookSerializer, KEEP_OUTPUTS_SETTING } from './serializer';

export const COMMANDS = {
  restartKernel: 'convbook.restartKernel',
  newNotebook: 'convbook.newNotebook',
} as const;

export { CONTROLLER_ID };

/** What activate returns to other extensions (the VS Code suite reads the kernel's figures through it). */
export interface ConvbookApi {
  kernelInfo(notebook: vscode.NotebookDocument): KernelInfo | undefined;
}

export function activate(context: vscode.ExtensionContext): ConvbookApi {
  const log = vscode.window.createOutputChannel('convbook', { log: true });
  context.subscriptions.push(log);

  const safely = (feature: string, register: () => vscode.Disposable | vscode.Disposable[] | void) => {
    try {
      const registered = register();
      if (registered) context.subscriptions.push(...(Array.isArray(registered) ? registered : [registered]));
    } catch (err) {
      log.error(`${feature} could not be registered: ${(err as Error)?.stack ?? String(err)}`);
    }
  };

  safely('notebook serializer', () => registerSerializer());
  let controller: ConvbookController | undefined;
  safely('notebook kernel', () => (controller = new ConvbookController(context.asAbsolutePath('dist/worker.js'), log, context.globalStorageUri.fsPath)));
  safely('commands', () => [
    vscode.commands.registerCommand(COMMANDS.restartKernel, async (target?: unknown) => {
      const notebook = notebookFrom(target);
      if (!notebook || notebook.notebookType !== NOTEBOOK_TYPE) {
        void vscode.window.showInformationMessage('convbook: open a convbook notebook to restart its kernel.');
        return false;
      }
      if (!controller) throw new Error('the convbook kernel failed to load; see the "convbook" output channel');
      await controller.restart(notebook);
      return true;
    }),
    vscode.commands.registerCommand(COMMANDS.newNotebook, async () => {
      const document = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, starterNotebook());
      await vscode.window.showNotebookDocument(document);
      return document.uri;
    }),
  ]);
  safely('cell language features', () => registerCellLanguage(log, checkCell));
  safely('editor features and calculators', () => registerEditorFeatures(context, log));
  safely('renderer messaging (saving exported images)', () => registerRendererMessaging());
  log.info('convbook activated');
  return { kernelInfo: (notebook) => controller?.kernelInfo(notebook) };
}

export function deactivate(): void {
  // Workers are terminated through the disposables in context.subscriptions.
}

/**
 * Outputs only count as content when they are saved; otherwise running a cell should not make
 * the notebook dirty. Registration options are fixed, so the serializer is registered again
 * when the setting changes.
 */
function registerSerializer(): vscode.Disposable {
  const serializer = new ConvbookSerializer();
  const register = () =>
    vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, serializer, {
      transientOutputs: !vscode.workspace.getConfiguration('convbook').get<boolean>(KEEP_OUTPUTS_SETTING, false),
      transientCellMetadata: { inputCollapsed: true, outputCollapsed: true },
    });
  let registration = register();
  const watcher = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(`convbook.${KEEP_OUTPUTS_SETTING}`)) return;
    registration.dispose();
    registration = register();
  });
  return { dispose: () => (registration.dispose(), watcher.dispose()) };
}

/** The notebook a command is about: a Uri, a notebook toolbar context, or the active editor's. */
function notebookFrom(target: unknown): vscode.NotebookDocument | undefined {
  const find = (uri: vscode.Uri) => vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === uri.toString());
  if (target instanceof vscode.Uri) return find(target);
  if (target && typeof target === 'object') {
    const t = target as { notebookEditor?: { notebookUri?: unknown }; notebookUri?: unknown; uri?: unknown; notebook?: unknown };
    for (const candidate of [t.notebookEditor?.notebookUri, t.notebookUri, t.uri]) {
      if (candidate instanceof vscode.Uri) return find(candidate);
    }
  }
  return vscode.window.activeNotebookEditor?.notebook;
}

function starterNotebook(): vscode.NotebookData {
  const markdown = new vscode.NotebookCellData(
    vscode.NotebookCellKind.Markup,
    '# Convolution arithmetic\n\nCells use PyTorch names (`torch`, `nn`, `F`) and run in convbook\'s own kernel: no Python needed.',
    'markdown',
  );
  const code = new vscode.NotebookCellData(
    vscode.NotebookCellKind.Code,
    'x = torch.randn(1, 3, 32, 32)\nconv = nn.Conv2d(3, 8, 3, stride=2, padding=1)\ny = conv(x)\ny.shape',
    LANGUAGE_ID,
  );
  return new vscode.NotebookData([markdown, code]);
}
