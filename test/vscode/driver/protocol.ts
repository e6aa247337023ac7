// Messages between the suite (extension host) and the driver (node, next to the browser).

export interface WebviewQuery {
  /** Wait until the outputs' text (whitespace collapsed to single spaces) contains every one of these. */
  texts?: string[];
  /** Wait until each selector matches at least this many elements inside the outputs frame. */
  selectors?: Record<string, number>;
  timeoutMs?: number;
}

export interface WebviewSnapshot {
  /** True when every condition of the query held before the timeout. */
  satisfied: boolean;
  /** The outputs frame's text, whitespace collapsed. */
  text: string;
  /** Element counts for the query's selectors. */
  counts: Record<string, number>;
}

export type BridgeRequest =
  | { op: 'plan'; names: string[] }
  /** figures: measurements the test reports as text (latencies), printed beside its result. */
  | { op: 'result'; name: string; ok: boolean; ms: number; error?: string; figures?: string[] }
  | { op: 'webview'; query: WebviewQuery }
  | { op: 'notifications'; waitForText?: string; timeoutMs?: number }
  | { op: 'screenshot'; name: string }
  /** Wait until no webview is loading a resource; answers how many loads are still pending. */
  | { op: 'settle'; timeoutMs?: number }
  /**
   * From now on, note the time (Date.now() in the webview) at which a renderer output that is not
   * already there appears whose text contains every one of `texts`; answers whether it could watch.
   */
  | { op: 'watchDrawn'; texts: string[] }
  /**
   * Waits for the time watchDrawn noted; answers { at: null } if none by the timeout. paintMs: the
   * renderer's own time drawing the outputs new by then (the sum of their data-cb-paint-ms).
   */
  | { op: 'drawnAt'; timeoutMs?: number }
  /** How the renderer bundle started in the visible notebook webview (see RendererStart). */
  | { op: 'rendererStart' };

/** From the outputs frame's performance timeline, ms from the frame's start; null when not seen. */
export interface RendererStart {
  /** renderer.js requested, and its bytes received. */
  requested: number | null;
  received: number | null;
  /** The bundle evaluated (its RENDERER_EVALUATED_MARK). */
  evaluated: number | null;
}
