// Checks a save request from the notebook renderer before the extension acts on it (no `vscode`
// here, so it is unit-tested). The webview is ours, but its messages still cross a process
// boundary: only image types we export, a bounded size, a plain file name whose extension
// matches the type, and base64 that really is base64.

import type { RendererSaveRequest } from '../contract';

/** MIME type → file extension and the save dialog's filter label. */
export const SAVE_TYPES: Readonly<Record<string, { extension: string; label: string }>> = {
  'image/png': { extension: 'png', label: 'PNG image' },
  'image/gif': { extension: 'gif', label: 'GIF image' },
  'image/svg+xml': { extension: 'svg', label: 'SVG image' },
};

/** Larger than any export the renderer makes (long GIF sweeps stay well under this). */
export const MAX_SAVE_BYTES = 64 * 1024 * 1024;

export interface CheckedSave {
  id: string;
  filename: string;
  mime: string;
  extension: string;
  label: string;
  bytes: Uint8Array;
}

export type SaveCheck = { ok: true; save: CheckedSave } | { ok: false; id?: string; message: string };

export function isSaveRequest(m: unknown): m is { type: 'save' } {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'save';
}

/** A file name without folders or characters Windows refuses, ending in `extension`. */
export function safeFileName(name: string, extension: string): string {
  const base = name
    .replace(/^.*[\\/]/, '')
    .replace(/[<>:"|?*\u0000-\u001f]/g, '-')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 120);
  const stem = base.replace(/\.[^.]*$/, '') || 'convbook';
  return `${stem}.${extension}`;
}

export function checkSaveRequest(message: unknown, decodeBase64: (text: string) => Uint8Array): SaveCheck {
  if (!isSaveRequest(message)) return { ok: false, message: 'not a save request' };
  const m = message as Partial<RendererSaveRequest>;
  const id = typeof m.id === 'string' ? m.id : undefined;
  if (!id) return { ok: false, message: 'the save request has no id' };
  const type = typeof m.mime === 'string' ? SAVE_TYPES[m.mime] : undefined;
  if (!type) return { ok: false, id, message: `convbook does not save files of type ${String(m.mime)}` };
  if (typeof m.base64 !== 'string') return { ok: false, id, message: 'the save request carries no file' };
  if ((m.base64.length / 4) * 3 > MAX_SAVE_BYTES + 2) return { ok: false, id, message: `the exported file is larger than ${MAX_SAVE_BYTES / 1024 / 1024} MB` };
  if (m.base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(m.base64)) return { ok: false, id, message: 'the exported file arrived damaged (not base64)' };
  const bytes = decodeBase64(m.base64);
  if (bytes.length === 0) return { ok: false, id, message: 'the exported file is empty' };
  return {
    ok: true,
    save: { id, filename: safeFileName(typeof m.filename === 'string' ? m.filename : '', type.extension), mime: m.mime as string, extension: type.extension, label: type.label, bytes },
  };
}
