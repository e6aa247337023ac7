// The notebook controller for .convnb notebooks. Each notebook gets its own kernel (a child
// process or worker thread, started when the notebook opens), so a long cell in one notebook never blocks another and
// interrupting one never wipes another's variables. Cells run strictly in the order they were
// asked for. Interrupt = terminate the worker and start a fresh one (a synchronous computation
// cannot be paused): the running cell says the kernel was restarted and its state lost.

import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { LANGUAGE_ID, NOTEBOOK_TYPE } from '../contract';
import { KernelClient, type KernelRunResult, type KernelState } from '../kernel/kernel_client';
import { formatCellError } from './cell_error_format';
import { applyKernelConfig, readKernelConfig, type KernelConfig } from './kernel_settings';

export const CONTROLLER_ID = 'convbook-kernel';

/** A running cell's previous outputs are cleared once it has run this long (ms). */
const CLEAR_OUTPUTS_AFTER_MS = 150;

export interface KernelInfo {
  state: KernelState;
  engineKernel?: string;
}

interface NotebookKernel {
  /** The document this kernel belongs to. An untitled notebook's URI is reused by the next new
   * one, so the URI alone cannot tell a closed notebook from its successor. */
  notebook: vscode.NotebookDocument;
  client: KernelClient;
  /** Jupyter-style [n] numbers, per notebook, reset by a restart. */
  executionOrder: number;
  /** Ends the "starting kernel" progress shown in the status bar. */
  endStartProgress?: () => void;
  startedAt?: number;
}

export class ConvbookController implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private readonly kernels = new Map<string, NotebookKernel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly workerPath: string,
    private readonly log: vscode.LogOutputChannel,
    /** The extension's global storage: the Python runtime caches its memory snapshot there. */
    private readonly cacheDir?: string,
  ) {
    this.controller = vscode.notebooks.createNotebookController(CONTROLLER_ID, NOTEBOOK_TYPE, 'convbook');
    this.controller.supportedLanguages = [LANGUAGE_ID];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = 'runs cells in CPython (WebAssembly), sandboxed';
    this.controller.executeHandler = (cells, notebook) => this.execute(cells, notebook);
    this.controller.interruptHandler = (notebook) => this.interrupt(notebook);
    this.disposables.push(
      this.controller,
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.prefer(nb)),
      vscode.workspace.onDidCloseNotebookDocument((nb) => void this.shutdown(nb)),
    );
    for (const nb of vscode.workspace.notebookDocuments) this.prefer(nb);
  }

  /** Restarts a notebook's kernel: its variables are lost and execution numbers start again at 1. */
  async restart(notebook: vscode.NotebookDocument): Promise<void> {
    const kernel = this.kernelFor(notebook);
    kernel.executionOrder = 0;
    this.log.info(`restarting the kernel of ${notebook.uri.toString(true)}`);
    this.configure(kernel.client, this.config(notebook));
    await kernel.client.restart();
  }

  /** The kernel's state for a notebook ('stopped' before it starts), for tests and status. */
  kernelState(notebook: vscode.NotebookDocument): KernelState {
    const kernel = this.kernels.get(notebook.uri.toString());
    return kernel && kernel.notebook === notebook ? kernel.client.kernelState : 'stopped';
  }

  /** What a notebook's kernel runs: its state and the engine's GEMM kernel once ready. */
  kernelInfo(notebook: vscode.NotebookDocument): KernelInfo {
    const kernel = this.kernels.get(notebook.uri.toString());
    const live = kernel && kernel.notebook === notebook ? kernel : undefined;
    return { state: this.kernelState(notebook), engineKernel: live?.client.engineKernel };
  }

  dispose(): void {
    for (const kernel of this.kernels.values()) {
      kernel.endStartProgress?.();
      void kernel.client.dispose();
    }
    this.kernels.clear();
    for (const d of this.disposables) d.dispose();
  }

  private prefer(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType !== NOTEBOOK_TYPE) return;
    this.controller.updateNotebookAffinity(notebook, vscode.NotebookControllerAffinity.Preferred);
    this.preload(notebook);
  }

  /**
   * A notebook's kernel starts as soon as the notebook opens, so the first Run finds it ready.
   * CPython takes a while even from its memory snapshot, so an empty cell also creates the
   * interpreter (it runs no user code). Only in trusted workspaces, where cells may run at all.
   */
  private preload(notebook: vscode.NotebookDocument): void {
    if (!vscode.workspace.isTrusted) return;
    const config = this.config(notebook);
    const kernel = this.kernelFor(notebook);
    this.configure(kernel.client, config);
    void kernel.client.execute(notebook.uri.toString(), '', config.settings);
  }

  private async execute(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      // Real Python is real code: an untrusted workspace's notebooks open but do not run.
      void vscode.window.showWarningMessage('convbook: cells run only in trusted workspaces (Workspace Trust).');
      return;
    }
    const kernel = this.kernelFor(notebook);
    const config = this.config(notebook);
    this.configure(kernel.client, config);
    // Every cell is queued at once (all show as pending); the client runs them one by one.
    await Promise.all(cells.map((cell) => this.runCell(kernel, cell, notebook, config)));
  }

  private configure(client: KernelClient, config: KernelConfig): void {
    applyKernelConfig(client, config, this.workerPath);
  }

  private async runCell(kernel: NotebookKernel, cell: vscode.NotebookCell, notebook: vscode.NotebookDocument, config: KernelConfig): Promise<void> {
    let execution: vscode.NotebookCellExecution;
    try {
      execution = this.controller.createNotebookCellExecution(cell);
    } catch (err) {
      // Already queued or running, or removed from the notebook meanwhile.
      this.log.warn(`cell ${cell.index} not run: ${(err as Error).message}`);
      return;
    }
    const source = cell.document.getText();
    let started = false;
    let clearing: ReturnType<typeof setTimeout> | undefined;
    const start = () => {
      started = true;
      execution.executionOrder = ++kernel.executionOrder;
      execution.start(Date.now());
      // The previous outputs go only if the cell is still running after a moment: a quick cell's
      // new outputs replace them in one step, sparing the webview a clear and a redraw (a flicker).
      clearing = setTimeout(() => void execution.clearOutput(), CLEAR_OUTPUTS_AFTER_MS);
    };
    let result: KernelRunResult;
    try {
      result = await kernel.client.execute(notebook.uri.toString(), source, config.settings, { onStart: start });
    } catch (err) {
      result = { outputs: [], error: { name: 'InternalError', message: (err as Error).message }, cancelled: false };
    }
    clearTimeout(clearing);
    try {
      if (result.cancelled) {
        // Dropped by an interrupt before it ran: leave its previous outputs alone.
        execution.end(undefined);
        return;
      }
      if (!started) start();
      const outputs = result.outputs.map(
        (items) => new vscode.NotebookCellOutput(items.map((item) => new vscode.NotebookCellOutputItem(item.bytes, item.mime))),
      );
      if (result.error) {
        outputs.push(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(formatCellError(result.error, source))]));
        if (result.error.name === 'KernelRestarted' || result.error.name === 'KernelCrashed' || result.error.name === 'MemoryError') {
          this.log.warn(`cell ${cell.index} of ${notebook.uri.toString(true)}: ${result.error.name}: ${result.error.message}`);
        }
      }
      // Not awaited before end(): VS Code batches output updates for 10 ms before sending them,
      // and end() sends the batch at once, ahead of the end itself, so the order holds and the
      // outputs reach the notebook that much sooner.
      const replaced = execution.replaceOutput(outputs);
      execution.end(result.error === null, Date.now());
      await replaced;
    } catch (err) {
      this.log.error(`cell ${cell.index}: could not report its result: ${(err as Error).message}`);
    }
  }

  private async interrupt(notebook: vscode.NotebookDocument): Promise<void> {
    const kernel = this.kernels.get(notebook.uri.toString());
    if (!kernel || kernel.notebook !== notebook) return;
    const t0 = Date.now();
    await kernel.client.interrupt();
    this.log.info(`interrupted ${notebook.uri.toString(true)}: old worker gone after ${Date.now() - t0} ms`);
  }

  private async shutdown(notebook: vscode.NotebookDocument): Promise<void> {
    const key = notebook.uri.toString();
    const kernel = this.kernels.get(key);
    if (!kernel || kernel.notebook !== notebook) return;
    this.kernels.delete(key);
    kernel.endStartProgress?.();
    await kernel.client.dispose();
  }

  private kernelFor(notebook: vscode.NotebookDocument): NotebookKernel {
    const key = notebook.uri.toString();
    let kernel = this.kernels.get(key);
    if (kernel && kernel.notebook !== notebook) {
      // A closed notebook's kernel whose close event has not arrived yet: never share it.
      kernel.endStartProgress?.();
      void kernel.client.dispose();
      kernel = undefined;
    }
    if (!kernel) {
      const config = this.config(notebook);
      const created: NotebookKernel = {
        notebook,
        executionOrder: 0,
        client: new KernelClient({
          workerPath: this.workerPath,
          memoryLimitMb: config.memoryLimitMb,
          isolation: config.isolation,
          onStateChange: (state) => this.onKernelState(created, notebook, state),
        }),
      };
      kernel = created;
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  private onKernelState(kernel: NotebookKernel, notebook: vscode.NotebookDocument, state: KernelState): void {
    if (state === 'starting') {
      if (kernel.endStartProgress) return;
      kernel.startedAt = Date.now();
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'convbook: starting kernel' },
        () => new Promise<void>((resolve) => (kernel.endStartProgress = resolve)),
      );
      return;
    }
    if (kernel.endStartProgress) {
      kernel.endStartProgress();
      kernel.endStartProgress = undefined;
      if (state !== 'stopped' && kernel.startedAt !== undefined) {
        this.log.info(`kernel for ${notebook.uri.toString(true)} ready in ${Date.now() - kernel.startedAt} ms (engine: ${kernel.client.engineKernel ?? 'not announced'})`);
      }
    }
  }

  private config(notebook: vscode.NotebookDocument): KernelConfig {
    const configuration = vscode.workspace.getConfiguration('convbook', notebook.uri);
    const notebookDir = notebook.uri.scheme === 'file' ? dirname(notebook.uri.fsPath) : undefined;
    const folder = vscode.workspace.getWorkspaceFolder(notebook.uri) ?? (notebook.isUntitled ? vscode.workspace.workspaceFolders?.[0] : undefined);
    // A notebook outside every workspace folder may still read images beside it.
    const workspaceRoot = folder?.uri.scheme === 'file' ? folder.uri.fsPath : notebookDir;
    const config = readKernelConfig((key) => configuration.get(key), { workspaceRoot, notebookDir, cacheDir: this.cacheDir });
    for (const message of config.ignored) this.log.warn(`ignored setting ${message}`);
    return config;
  }
}
