// The host-neutral entry: draws one convbook output into an element. The notebook renderer
// (renderer/index.ts), the calculator webview and the CLI's standalone report all call this.

import { Disposables, button, el } from './dom';
import { downloadBlob, fileNameFor, type SaveHandler } from './export/save';
import { ensureDocumentKatexStylesheet, katexLink } from './math';
import { BASE_CSS } from './styles';
import { readPalette, watchTheme, type Palette } from './theme';
import { PayloadError, type RenderedInfo, type View, type ViewContext, type ViewState } from './view';
import { validatePayload } from './validate/payloads';
import { viewFor } from './views/registry';

export type { RenderedInfo } from './view';
export type { SaveHandler } from './export/save';

export interface MountOptions {
  /** Aborting disposes the output (VS Code passes one per renderOutputItem call). */
  signal?: AbortSignal;
  /** Called after the first paint with its duration. */
  onRendered?: (info: RenderedInfo) => void;
  /** URL of KaTeX's stylesheet (its fonts are resolved next to it). Without it formulas render unstyled. */
  katexCssUrl?: string;
  /** Where exported PNG/GIF/SVG files go; default: a download through <a download> (the notebook renderer passes export/hostSave). */
  save?: SaveHandler;
  /** Persisted view state (current step, mode, zoom...), e.g. backed by the renderer's setState. */
  state?: { get(): Record<string, unknown> | undefined; set(state: Record<string, unknown>): void };
}

export interface MountedOutput {
  dispose(): void;
}

let sharedStyle: CSSStyleSheet | null | undefined;

function styleSheet(): CSSStyleSheet | null {
  if (sharedStyle !== undefined) return sharedStyle;
  try {
    sharedStyle = new CSSStyleSheet();
    sharedStyle.replaceSync(BASE_CSS);
  } catch {
    sharedStyle = null;
  }
  return sharedStyle;
}

export function mountOutput(element: HTMLElement, mime: string, payload: unknown, options: MountOptions = {}): MountedOutput {
  const started = performance.now();
  const disposables = new Disposables();
  const controller = new AbortController();
  disposables.add(() => controller.abort());
  if (options.signal) {
    if (options.signal.aborted) controller.abort();
    const onAbort = () => handle.dispose();
    options.signal.addEventListener('abort', onAbort, { once: true });
    disposables.add(() => options.signal?.removeEventListener('abort', onAbort));
  }

  if (options.katexCssUrl) ensureDocumentKatexStylesheet(options.katexCssUrl);
  const host = el('div', { className: 'cb-host' });
  const shadow = host.attachShadow({ mode: 'open' });
  const sheet = styleSheet();
  if (sheet) shadow.adoptedStyleSheets = [sheet];
  else shadow.appendChild(el('style', { text: BASE_CSS }));
  if (options.katexCssUrl) shadow.appendChild(katexLink(options.katexCssUrl));
  const root = el('div', { className: 'cb-root' });
  shadow.appendChild(root);
  element.replaceChildren(host);
  disposables.add(() => host.remove());

  let palette: Palette | null = null;
  const themeListeners: (() => void)[] = [];
  const stopWatching = watchTheme(() => {
    palette = null;
    for (const fn of themeListeners) fn();
  });
  disposables.add(stopWatching);

  const stored = options.state?.get() ?? {};
  const state: ViewState = {
    get: <T,>(key: string) => stored[key] as T | undefined,
    set: (key, value) => {
      stored[key] = value;
      options.state?.set(stored);
    },
  };

  let reported = false;
  const ctx: ViewContext = {
    mime,
    root,
    disposables,
    signal: controller.signal,
    palette: () => (palette ??= readPalette(root)),
    onThemeChange: (fn) => themeListeners.push(fn),
    save: options.save ?? downloadBlob,
    state,
    rendered: (view) => {
      if (reported) return;
      reported = true;
      const paintMs = performance.now() - started;
      // On the element too, for whoever profiles a notebook from outside (the VS Code latency suite).
      host.dataset.cbPaintMs = paintMs.toFixed(1);
      options.onRendered?.({ mime, view, paintMs });
    },
  };

  const handle: MountedOutput = { dispose: () => disposables.dispose() };
  if (controller.signal.aborted) {
    handle.dispose();
    return handle;
  }

  const factory = viewFor(mime);
  try {
    if (!factory) throw new PayloadError(`convbook has no view for ${mime}`);
    // Stored outputs travel in notebook files: nothing reaches a view unchecked.
    validatePayload(mime, payload);
    const view = factory(ctx, payload);
    if (view.exporters.length) root.appendChild(exportBar(ctx, view));
  } catch (error) {
    root.replaceChildren(
      el('p', { className: 'cb-error', role: 'alert' }, `convbook could not draw this output: ${error instanceof Error ? error.message : String(error)}`),
    );
    if (!(error instanceof PayloadError)) console.warn('convbook renderer:', error);
    ctx.rendered('error');
  }
  return handle;
}

function exportBar(ctx: ViewContext, view: View): HTMLElement {
  const status = el('span', { className: 'cb-readout', role: 'status', 'aria-live': 'polite' });
  const bar = el('div', { className: 'cb-toolbar cb-export', role: 'toolbar', 'aria-label': 'Export' });
  for (const exporter of view.exporters) {
    const b = button(`Save ${exporter.label}`, `Save ${view.title} as ${exporter.format.toUpperCase()}`, async () => {
      b.disabled = true;
      const format = exporter.format.toUpperCase();
      status.textContent = `Preparing ${format}…`;
      try {
        const blob = await exporter.make(ctx.signal);
        status.textContent = `Saving ${format}…`;
        const outcome = await ctx.save(blob, fileNameFor(view.title, exporter.format));
        const size = `${Math.max(1, Math.round(blob.size / 1024))} KB`;
        status.textContent = outcome?.path ? `Saved to ${outcome.path} (${size})` : outcome?.cancelled ? 'Save cancelled' : `Saved ${format} (${size})`;
      } catch (error) {
        status.textContent = ctx.signal.aborted ? '' : `Export failed: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        b.disabled = false;
      }
    });
    b.dataset.export = exporter.format;
    bar.appendChild(b);
  }
  bar.appendChild(status);
  return bar;
}
