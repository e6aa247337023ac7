// When to trace a model file again: shortly after typing stops (debounced), once per document
// version (a version already traced is answered from the cache), again when a workspace file the
// trace imported changes, and never with an older outcome replacing a newer one. At most one trace
// per document runs at a time; versions asked for meanwhile collapse into the newest, which runs
// when the current one ends. No vscode import: the unit tests drive it with a fake clock.

/** A document's version, and how many times the files it depends on changed under it. */
export interface TraceStamp {
  version: number;
  /** Bumped when an imported file or a setting changes: the same text then needs a new trace. */
  generation: number;
}

export interface TraceClock {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const REAL_CLOCK: TraceClock = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export type TraceActivity = 'waiting' | 'running' | 'idle';

export interface TraceSchedulerOptions<T> {
  /** Traces document `key` as it is now; the scheduler calls it with the stamp it will file the result under. */
  run: (key: string, stamp: TraceStamp) => Promise<T>;
  /** A result that is the newest for its document. */
  onResult: (key: string, stamp: TraceStamp, result: T) => void;
  /** Files a result depends on (absolute paths): a change to one traces the document again. */
  dependencies: (result: T) => readonly string[];
  debounceMs: () => number;
  onActivity?: (key: string, activity: TraceActivity) => void;
  clock?: TraceClock;
}

interface DocumentState<T> {
  wanted: TraceStamp;
  timer?: unknown;
  running?: TraceStamp;
  latest?: { stamp: TraceStamp; result: T };
  dependencies: Set<string>;
}

export function newer(a: TraceStamp, b: TraceStamp): boolean {
  return a.version > b.version || (a.version === b.version && a.generation > b.generation);
}

function same(a: TraceStamp, b: TraceStamp): boolean {
  return a.version === b.version && a.generation === b.generation;
}

export class TraceScheduler<T> {
  private readonly documents = new Map<string, DocumentState<T>>();
  private readonly clock: TraceClock;
  private disposed = false;

  constructor(private readonly options: TraceSchedulerOptions<T>) {
    this.clock = options.clock ?? REAL_CLOCK;
  }

  /** The newest result of a document and the stamp it was traced at, if any. */
  latest(key: string): { stamp: TraceStamp; result: T } | undefined {
    return this.documents.get(key)?.latest;
  }

  /** Every document with a result, for looking up which trace covers an imported file. */
  keys(): string[] {
    return [...this.documents.keys()].filter((k) => this.documents.get(k)?.latest);
  }

  /**
   * Document `key` is now at `version`: trace it after the debounce delay (at once with
   * `immediate`, e.g. when it opens), unless that version is already traced or being traced.
   */
  request(key: string, version: number, immediate = false): void {
    if (this.disposed) return;
    let state = this.documents.get(key);
    if (!state) {
      state = { wanted: { version, generation: 0 }, dependencies: new Set() };
      this.documents.set(key, state);
    } else if (version !== state.wanted.version) {
      state.wanted = { version, generation: state.wanted.generation };
    } else if (this.settled(state)) {
      return;
    }
    this.arm(key, state, immediate ? 0 : this.options.debounceMs());
  }

  /** A file changed on disk: every document whose last trace read it is traced again. */
  fileChanged(path: string): void {
    for (const [key, state] of this.documents) {
      if (!state.dependencies.has(path)) continue;
      this.retrace(key, state);
    }
  }

  /** Something every trace depends on changed (a setting, trust): trace every document again. */
  invalidateAll(): void {
    for (const [key, state] of this.documents) this.retrace(key, state);
  }

  /** The document must be traced again though its text did not change (another model was picked). */
  invalidate(key: string): void {
    const state = this.documents.get(key);
    if (state) this.retrace(key, state);
  }

  /** The document closed: drop its state; a trace still running for it is ignored when it ends. */
  forget(key: string): void {
    const state = this.documents.get(key);
    if (state?.timer !== undefined) this.clock.clear(state.timer);
    this.documents.delete(key);
  }

  dispose(): void {
    this.disposed = true;
    for (const key of [...this.documents.keys()]) this.forget(key);
  }

  private retrace(key: string, state: DocumentState<T>): void {
    state.wanted = { version: state.wanted.version, generation: state.wanted.generation + 1 };
    this.arm(key, state, this.options.debounceMs());
  }

  /** The wanted stamp is traced already, or is being traced. */
  private settled(state: DocumentState<T>): boolean {
    return (state.latest !== undefined && same(state.latest.stamp, state.wanted)) || (state.running !== undefined && same(state.running, state.wanted));
  }

  private arm(key: string, state: DocumentState<T>, delay: number): void {
    if (state.timer !== undefined) this.clock.clear(state.timer);
    this.options.onActivity?.(key, 'waiting');
    state.timer = this.clock.set(() => {
      state.timer = undefined;
      this.start(key, state);
    }, delay);
  }

  private start(key: string, state: DocumentState<T>): void {
    // A trace of an older version is still running: the newest starts when it ends.
    if (state.running || this.disposed || this.documents.get(key) !== state) return;
    if (this.settled(state)) {
      this.options.onActivity?.(key, 'idle');
      return;
    }
    const stamp = state.wanted;
    state.running = stamp;
    this.options.onActivity?.(key, 'running');
    const done = (result: T | undefined, ok: boolean) => {
      state.running = undefined;
      if (this.documents.get(key) !== state) return;
      if (ok && (!state.latest || newer(stamp, state.latest.stamp))) {
        state.latest = { stamp, result: result as T };
        state.dependencies = new Set(this.options.dependencies(result as T));
        this.options.onResult(key, stamp, result as T);
      }
      if (!same(stamp, state.wanted) && state.timer === undefined) this.start(key, state);
      else if (state.timer === undefined) this.options.onActivity?.(key, 'idle');
    };
    this.options.run(key, stamp).then((result) => done(result, true), () => done(undefined, false));
  }
}
