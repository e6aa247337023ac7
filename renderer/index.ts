// The notebook renderer VS Code loads (ESM, no `vscode` import): one entry for every convbook MIME
// type. It resolves KaTeX's stylesheet next to this bundle, keeps each output's view state in the
// renderer state, and disposes views when VS Code asks or aborts a render. With messaging (always
// there inside VS Code, since package.json asks for it), exported files are saved by the extension.

import type { ActivationFunction, OutputItem, RendererApi, RendererContext } from 'vscode-notebook-renderer';
import { RENDERER_EVALUATED_MARK } from '../contract';
import { hostSave } from './export/hostSave';
import { mountOutput, type MountedOutput, type MountOptions } from './mount';

export { mountOutput } from './mount';
export type { MountOptions, MountedOutput, RenderedInfo, SaveHandler } from './mount';

type StoredState = { views?: Record<string, Record<string, unknown>> };

if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(RENDERER_EVALUATED_MARK);

/** How many outputs' view states the renderer remembers (oldest forgotten first). */
const MAX_REMEMBERED = 64;

function katexCssUrl(): string {
  try {
    return new URL('./katex/katex.min.css', import.meta.url).toString();
  } catch {
    return '';
  }
}

/**
 * What activate reads of VS Code's renderer context. The CLI's standalone report and the test page
 * call activate with just these (and pass `extra`, which VS Code never does).
 */
export type ConvbookRendererContext = Pick<RendererContext<StoredState>, 'getState' | 'setState' | 'postMessage' | 'onDidReceiveMessage'>;

export function activate(context: ConvbookRendererContext, extra: Partial<MountOptions> = {}): RendererApi {
  const mounted = new Map<string, MountedOutput>();
  const cssUrl = extra.katexCssUrl ?? katexCssUrl();
  const messaging = context.postMessage && context.onDidReceiveMessage
    ? { postMessage: (m: unknown) => context.postMessage?.(m), onDidReceiveMessage: (fn: (m: unknown) => void) => context.onDidReceiveMessage!(fn) }
    : undefined;
  const save = extra.save ?? (messaging ? hostSave(messaging) : undefined);

  const stateFor = (id: string): MountOptions['state'] => ({
    get: () => context.getState()?.views?.[id],
    set: (value) => {
      const views = { ...(context.getState()?.views ?? {}) };
      delete views[id];
      views[id] = value;
      const keys = Object.keys(views);
      for (const k of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED))) delete views[k];
      context.setState({ ...(context.getState() ?? {}), views });
    },
  });

  return {
    renderOutputItem(outputItem: OutputItem, element: HTMLElement, signal: AbortSignal) {
      mounted.get(outputItem.id)?.dispose();
      let payload: unknown;
      try {
        payload = outputItem.json();
      } catch {
        element.textContent = 'convbook: this output is not valid JSON.';
        return;
      }
      const handle = mountOutput(element, outputItem.mime, payload, {
        ...extra,
        signal,
        katexCssUrl: cssUrl,
        save,
        state: stateFor(outputItem.id),
      });
      mounted.set(outputItem.id, handle);
    },
    disposeOutputItem(id) {
      if (id === undefined) {
        for (const h of mounted.values()) h.dispose();
        mounted.clear();
        return;
      }
      mounted.get(id)?.dispose();
      mounted.delete(id);
    },
  };
}

// VS Code calls activate(context) as its ActivationFunction: a change to that API is a type error here.
activate satisfies ActivationFunction<StoredState>;
