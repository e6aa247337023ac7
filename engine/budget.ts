// A session's budgets over the machine: how much data may be live at once, and how much work one
// op may ask for. The Python torch bridge (python/bridge/ref.ts) charges the live-data budget
// before it allocates and checks an op's MAC count, known from its geometry, before the op runs.
// Portable: no Node, no DOM.
//
// Releasing data has two spellings, because front ends know different things:
// - a census: a front end that can enumerate what it still holds recounts when a charge would go
//   over, so data dropped by `del` or rebinding is freed exactly;
// - tracking: a front end that learns of a drop (a Python tensor's finalizer, or the JavaScript
//   garbage collector) calls track() after allocating and release() when the owner is gone;
//   FinalizationRegistry releases whatever nobody released explicitly.

import { ConvbookError } from './errors';

export const FLOAT32_BYTES = 4;
/** One list slot: a pointer or an unboxed double. */
export const LIST_SLOT_BYTES = 8;

/**
 * Conv MACs per second of the engine with its WebAssembly SIMD kernels on one thread, measured on a
 * 2-core Xeon (KVM) as MACs per second of process CPU time, which other load on the machine does
 * not inflate (median of 3 to 20 runs each): relaxed SIMD 20.3 GMAC/s on 1×64×56×56 by 64×64×3×3,
 * 24.4 on 1×256×56×56 by 256×256×3×3, 22.9 on 1×512×40×40 by 512×512×7×7; plain SIMD 16.6 to
 * 18.3. Rounded down to one figure: one thread is what the confined Python kernel runs (two
 * threads reach up to 1.8× this, the TypeScript fallback a tenth). Used to turn a MAC count into
 * the time it would take, in messages.
 */
export const MEASURED_MACS_PER_SECOND = 2e10;

/** What a census found: the bytes still reachable, and who holds the most (for the message). */
export interface Census {
  bytes: number;
  holders: { name: string; bytes: number }[];
}

export interface LiveDataOptions {
  /** The limit, in bytes; read on every charge so a settings change applies at once. */
  limitBytes: () => number;
  /** How to free data or raise the limit, in the front end's words: ends the MemoryError. */
  remedy: string;
  /** What the limit is called in the message; default "the session budget". */
  name?: string;
  census?: () => Census;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function formatCount(n: number): string {
  if (n >= 1e12) return `${(n / 1e12).toFixed(2)}e12`;
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function formatSeconds(s: number): string {
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export class LiveDataBudget {
  /** Bytes counted live: the last census's total plus every charge and track since, minus releases. */
  private live = 0;
  /** Charged since the current statement began: its temporaries, which no census can see. */
  private pinned = 0;
  private readonly registry = new FinalizationRegistry<number>((bytes) => {
    this.live = Math.max(0, this.live - bytes);
  });

  constructor(private readonly options: LiveDataOptions) {}

  get liveBytes(): number {
    return this.live;
  }

  /** A new statement: the previous one's temporaries are either bound (the census sees them) or dropped. */
  beginStatement(): void {
    this.pinned = 0;
  }

  /**
   * Call before allocating `bytes` for `what` (e.g. "a tensor of shape [1, 10, 2000, 2000]").
   * Throws a MemoryError naming what is live and how to free it when it would not fit.
   */
  charge(bytes: number, what: string): void {
    const limit = this.options.limitBytes();
    let census: Census | undefined;
    if (this.live + bytes > limit && this.options.census) {
      census = this.options.census();
      this.live = census.bytes + this.pinned;
    }
    if (this.live + bytes > limit) throw this.overBudget(bytes, what, limit, census);
    this.live += bytes;
    this.pinned += bytes;
  }

  /** Throws what charge() would for `bytes`, without charging: a check before building the data. */
  check(bytes: number, what: string): void {
    const limit = this.options.limitBytes();
    if (this.live + bytes > limit) throw this.overBudget(bytes, what, limit, this.options.census?.());
  }

  /** After allocating: releases the charge when `data` is garbage collected, unless release() came first. */
  track(data: ArrayBufferView): void {
    this.registry.register(data, data.byteLength, data);
  }

  /** The owner of `data` dropped it (a Python tensor's finalizer ran). Idempotent. */
  release(data: ArrayBufferView): void {
    if (this.registry.unregister(data)) this.live = Math.max(0, this.live - data.byteLength);
  }

  private overBudget(bytes: number, what: string, limit: number, census?: Census): ConvbookError {
    const holders = (census?.holders ?? [])
      .filter((h) => h.bytes > 0)
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 4)
      .map((h) => `${h.name} (${formatBytes(h.bytes)})`);
    const held = holders.length ? `; the largest are ${holders.join(', ')}` : '';
    return new ConvbookError(
      'MemoryError',
      `refusing to allocate ${formatBytes(bytes)} for ${what}: ${formatBytes(this.live)} is already live in this session${held}, and ${this.options.name ?? 'the session budget'} is ${formatBytes(limit)}. ${this.options.remedy}`,
    );
  }
}

/**
 * Refuses at once an op whose multiply-accumulate count is over the work budget, before any of
 * it runs, with the count, the time it would take here, and the setting to raise.
 */
export function checkWork(macs: number, budget: number, what: string, setting: string): void {
  if (!(macs > budget)) return;
  const seconds = macs / MEASURED_MACS_PER_SECOND;
  throw new ConvbookError(
    'RuntimeError',
    `refusing to run ${what}: ${formatCount(macs)} multiply-accumulates would take about ${formatSeconds(seconds)} here, over the work budget of ${formatCount(budget)} (about ${formatSeconds(budget / MEASURED_MACS_PER_SECOND)}; setting ${setting})`,
  );
}
