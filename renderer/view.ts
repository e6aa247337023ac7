// What every view receives from its host and gives back: a container inside the shadow root, a
// disposal list, theme colours, persisted state, a save route, and a way to report its first paint.

import type { Disposables } from './dom';
import type { SaveHandler } from './export/save';
import type { Palette } from './theme';

export interface RenderedInfo {
  mime: string;
  view: string;
  /** Milliseconds from mount to the end of the first synchronous paint. */
  paintMs: number;
}

export interface ViewState {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

export interface ViewContext {
  mime: string;
  /** The view's root (a .cb-root inside an open shadow root). */
  root: HTMLElement;
  disposables: Disposables;
  signal: AbortSignal;
  palette(): Palette;
  /** Registers a repaint for theme changes. */
  onThemeChange(fn: () => void): void;
  save: SaveHandler;
  state: ViewState;
  /** Called once, after the first paint. */
  rendered(view: string): void;
}

export interface Exporter {
  /** File extension: png, gif, svg. */
  format: string;
  label: string;
  make(signal: AbortSignal): Promise<Blob>;
}

export interface View {
  /** A short title used for file names. */
  title: string;
  exporters: Exporter[];
}

export type ViewFactory = (ctx: ViewContext, payload: unknown) => View;

/** Thrown by views when a payload lacks what they need; the host shows the message as text. */
export class PayloadError extends Error {}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isNumberArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'number');
}

export function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function asString(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}
