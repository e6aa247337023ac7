// Traces the model of each open .py model file in the Python kernel (a worker of its own, so
// notebook cells and traces never queue behind each other), again shortly after each edit and when
// a workspace file it imported changes. Providers read the newest outcome from here and never wait
// for one: until it arrives they show the static reading. Untrusted workspaces are never traced.

import * as vscode from 'vscode';
import { dirname, join, relative, sep } from 'node:path';
import { decodeOutputItem } from '../../contract';
import type { TraceOutcome, TraceRequest } from '../../contract/trace';
import { KernelClient } from '../../kernel/kernel_client';
import { TraceIndex } from '../../reader/trace_index';
import { outcomeFromOutputs, traceCellSource } from '../../reader/trace_request';
import { applyKernelConfig, readKernelConfig } from '../kernel_settings';
import { affects, defaultInputSize, SETTINGS, traceDelayMs, traceEnabled, traceTimeoutMs } from './settings';
import { TraceScheduler, type TraceStamp } from './trace_schedule';
import type { DocumentTrace, TraceOff } from './trace_status_text';

/** An outcome with what the providers need to place it. */
export interface TracedDocument {
  outcome: TraceOutcome;
  /** Folder of the traced file: the trace's file paths are relative to it. */
  folder: string;
  /** Set when the outcome is 'traced'. */
  index?: TraceIndex;
  ms: number;
  /** Lines of the traced document's text: hints placed by line stay right while it is unchanged. */
  lineCount: number;
}

/** The trace that covers a document (its own, or one that imported it) and its name in that trace. */
export interface CoveringTrace {
  traced: TracedDocument;
  index: TraceIndex;
  /** The document's path as the trace names files: relative to the traced file's folder. */
  file: string;
  stale: boolean;
  /** Lines were added or removed since the trace: positions by line are off. */
  shifted: boolean;
}

const MODEL_FILE = /\btorch\b/;

function tracePath(folder: string, fsPath: string): string {
  return relative(folder, fsPath).split(sep).join('/');
}

export class TraceService implements vscode.Disposable {
  private client: KernelClient | undefined;
  private readonly scheduler: TraceScheduler<TracedDocument>;
  private readonly busy = new Set<string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with a document whose trace state changed (an outcome arrived, a trace started or ended). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private nextSession = 1;
  private toldUntrusted = false;

  constructor(
    private readonly workerPath: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly picks: vscode.Memento,
    private readonly cacheDir?: string,
  ) {
    this.scheduler = new TraceScheduler<TracedDocument>({
      run: (key, stamp) => this.trace(key, stamp),
      onResult: (key) => this.changed.fire(vscode.Uri.parse(key)),
      dependencies: (traced) => this.dependencies(traced),
      debounceMs: traceDelayMs,
      onActivity: (key, activity) => {
        if (activity === 'running') this.busy.add(key);
        else this.busy.delete(key);
        this.changed.fire(vscode.Uri.parse(key));
      },
    });
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.py');
    const fileChanged = (uri: vscode.Uri) => this.scheduler.fileChanged(uri.fsPath);
    this.disposables.push(
      this.changed,
      watcher,
      watcher.onDidChange(fileChanged),
      watcher.onDidCreate(fileChanged),
      watcher.onDidDelete(fileChanged),
      vscode.workspace.onDidOpenTextDocument((d) => this.request(d, true)),
      vscode.workspace.onDidChangeTextDocument((e) => this.request(e.document, false)),
      // Saving writes the text the other documents' traces read from disk.
      vscode.workspace.onDidSaveTextDocument((d) => this.scheduler.fileChanged(d.uri.fsPath)),
      vscode.workspace.onDidCloseTextDocument((d) => this.scheduler.forget(d.uri.toString())),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.requestAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, SETTINGS.trace) || affects(e, SETTINGS.defaultInputSize) || e.affectsConfiguration('convbook.kernel')) {
          this.scheduler.invalidateAll();
          this.requestAll();
        }
      }),
    );
    this.requestAll();
  }

  /** The trace state of a document, or undefined for documents that are not model files. */
  state(document: vscode.TextDocument): DocumentTrace | undefined {
    if (!this.isModelFile(document)) return undefined;
    const off = this.off(document);
    if (off) return { kind: 'off', why: off };
    const key = document.uri.toString();
    const latest = this.scheduler.latest(key);
    if (!latest) return { kind: 'pending' };
    return { kind: 'outcome', outcome: latest.result.outcome, stale: latest.stamp.version !== document.version, busy: this.busy.has(key) };
  }

  /** The newest outcome of the document's own trace. */
  outcome(document: vscode.TextDocument): TracedDocument | undefined {
    return this.scheduler.latest(document.uri.toString())?.result;
  }

  /**
   * The trace whose numbers the providers show on a document: its own when it traced, else one of
   * another open file that imported it (a U-Net's parts.py, traced through model.py).
   */
  covering(document: vscode.TextDocument): CoveringTrace | undefined {
    if (this.off(document)) return undefined;
    const key = document.uri.toString();
    const own = this.scheduler.latest(key);
    if (own?.result.index) {
      const stale = own.stamp.version !== document.version;
      return { traced: own.result, index: own.result.index, file: tracePath(own.result.folder, document.uri.fsPath), stale, shifted: stale && own.result.lineCount !== document.lineCount };
    }
    for (const other of this.scheduler.keys()) {
      const traced = this.scheduler.latest(other)?.result;
      if (!traced?.index || traced.outcome.status !== 'traced') continue;
      const file = tracePath(traced.folder, document.uri.fsPath);
      const names = traced.outcome.files ? Object.keys(traced.outcome.files) : [];
      if (names.includes(file) || traced.index.trace.calls.some((c) => c.built_at?.file === file)) {
        return { traced, index: traced.index, file, stale: document.isDirty, shifted: document.isDirty };
      }
    }
    return undefined;
  }

  /** The model expression picked for a document with the code lens, if any. */
  pickedModel(document: vscode.TextDocument): string | undefined {
    return this.picks.get<string>(this.pickKey(document));
  }

  /** Traces `expr` for the document from now on (the code lens "trace X()"). */
  async pickModel(document: vscode.TextDocument, expr: string | undefined): Promise<void> {
    await this.picks.update(this.pickKey(document), expr);
    this.scheduler.invalidate(document.uri.toString());
    this.request(document, true);
  }

  dispose(): void {
    this.scheduler.dispose();
    void this.client?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private pickKey(document: vscode.TextDocument): string {
    return `convbook.tracePick:${document.uri.toString()}`;
  }

  private isModelFile(document: vscode.TextDocument): boolean {
    return document.languageId === 'python' && document.uri.scheme === 'file' && MODEL_FILE.test(document.getText());
  }

  private off(document: vscode.TextDocument): TraceOff | undefined {
    if (!traceEnabled(document)) return 'setting';
    if (!vscode.workspace.isTrusted) return 'untrusted';
    if (!vscode.workspace.getWorkspaceFolder(document.uri)) return 'outside-workspace';
    return undefined;
  }

  private requestAll(): void {
    for (const document of vscode.workspace.textDocuments) this.request(document, true);
  }

  private request(document: vscode.TextDocument, immediate: boolean): void {
    if (!this.isModelFile(document)) return;
    const off = this.off(document);
    if (off === 'untrusted' && !this.toldUntrusted) {
      this.toldUntrusted = true;
      void vscode.window.showInformationMessage(
        'convbook: this workspace is not trusted, so model files are not traced; hovers show only what literals and # input: hints give.',
      );
    }
    if (off) {
      this.changed.fire(document.uri);
      return;
    }
    this.scheduler.request(document.uri.toString(), document.version, immediate);
  }

  private dependencies(traced: TracedDocument): string[] {
    if (traced.outcome.status !== 'traced') return [];
    const files = Object.keys(traced.outcome.files ?? {});
    if (!files.includes(traced.outcome.trace.file)) files.push(traced.outcome.trace.file);
    return files.map((f) => join(traced.folder, ...f.split('/')));
  }

  private kernel(workspaceRoot: string): { client: KernelClient; settings: ReturnType<typeof readKernelConfig>['settings'] } {
    const configuration = vscode.workspace.getConfiguration('convbook');
    const config = readKernelConfig((key) => configuration.get(key), { workspaceRoot, cacheDir: this.cacheDir });
    if (this.cacheDir) config.settings.cacheDir = this.cacheDir;
    this.client ??= new KernelClient({ workerPath: this.workerPath, memoryLimitMb: config.memoryLimitMb, isolation: config.isolation });
    applyKernelConfig(this.client, config, this.workerPath);
    return { client: this.client, settings: config.settings };
  }

  private async trace(key: string, stamp: TraceStamp): Promise<TracedDocument> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    const folder = document && vscode.workspace.getWorkspaceFolder(document.uri);
    if (!document || !folder) throw new Error(`${key} is no longer open in a workspace folder`);
    const root = folder.uri.fsPath;
    const request: TraceRequest = { file: tracePath(root, document.uri.fsPath), defaultInput: defaultInputSize(document) };
    if (document.isDirty) request.source = document.getText();
    const lineCount = document.lineCount;
    const model = this.pickedModel(document);
    // A model picked with the code lens has no input of its own: it gets the setting's, which
    // stays an assumption wherever its shapes are shown.
    if (model) Object.assign(request, { model, input: request.defaultInput });

    const { client, settings } = this.kernel(root);
    const session = `trace:${this.nextSession++}`;
    const started = Date.now();
    let timedOut = false;
    const timeoutMs = traceTimeoutMs();
    const timer = setTimeout(() => {
      timedOut = true;
      void client.restart('the trace took too long');
    }, timeoutMs);
    let outcome: TraceOutcome;
    try {
      const result = await client.execute(session, traceCellSource(request), settings);
      if (result.cancelled) throw new Error('the trace was cancelled');
      outcome = timedOut
        ? { status: 'untraced', reason: `the trace took longer than ${timeoutMs / 1000} s (setting convbook.editor.traceTimeoutSeconds)`, at: null, skipped: [] }
        : outcomeFromOutputs(result.outputs.map((items) => ({ items: items.map(decodeOutputItem) })), result.error);
    } finally {
      clearTimeout(timer);
      client.disposeSession(session);
    }
    if (model && outcome.status === 'traced' && outcome.input_source === 'cli') outcome.input_source = 'setting';
    const ms = Date.now() - started;
    const what = outcome.status === 'traced' ? `${outcome.trace.build}${outcome.trace.error ? ` raised ${outcome.trace.error.type}` : ''}` : `untraced: ${outcome.reason}`;
    this.log.info(`trace of ${request.file} (version ${stamp.version}) in ${ms} ms: ${what}`);
    const traced: TracedDocument = { outcome, folder: dirname(document.uri.fsPath), ms, lineCount };
    if (outcome.status === 'traced') traced.index = new TraceIndex(outcome.trace);
    return traced;
  }
}
