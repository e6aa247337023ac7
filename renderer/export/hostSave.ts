// Saving through the extension, for the notebook renderer inside VS Code. The webview's own
// download route (VS Code intercepts an <a download> and shows a save dialog) never tells the
// renderer whether the user saved or cancelled, nor where the file went; this route posts the
// bytes to the extension (extension/renderer_messaging.ts), which shows the dialog, writes the file
// and answers. The protocol is RendererSaveRequest / RendererSaveReply in the contract.

import type { RendererSaveReply, RendererSaveRequest } from '../../contract';
import { downloadBlob, type SaveHandler, type SaveOutcome } from './save';

/** The messaging half of VS Code's renderer context (present when requiresMessaging allows it). */
export interface RendererMessaging {
  postMessage(message: unknown): void;
  onDidReceiveMessage(listener: (message: unknown) => void): { dispose(): void };
}

export interface HostSaveOptions {
  /**
   * How long to wait for the extension to acknowledge a request before saving through `fallback`
   * instead (an extension that is not listening would otherwise leave the button waiting forever).
   * The save dialog itself may stay open as long as the user likes.
   */
  acknowledgeMs?: number;
  fallback?: SaveHandler;
}

const REPLY_TYPES = new Set(['save-started', 'saved', 'save-cancelled', 'save-failed']);

function isReply(m: unknown): m is RendererSaveReply {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  return typeof r.type === 'string' && REPLY_TYPES.has(r.type) && typeof r.id === 'string';
}

/** The blob's bytes as base64 (FileReader's data URL minus its prefix: no string building per byte). */
export function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('the exported file could not be read'));
    reader.readAsDataURL(blob);
  });
}

export function hostSave(messaging: RendererMessaging, options: HostSaveOptions = {}): SaveHandler {
  const acknowledgeMs = options.acknowledgeMs ?? 4000;
  const fallback = options.fallback ?? downloadBlob;
  const pending = new Map<string, (reply: RendererSaveReply) => void>();
  messaging.onDidReceiveMessage((message) => {
    if (isReply(message)) pending.get(message.id)?.(message);
  });
  let counter = 0;

  return async (blob, filename) => {
    const base64 = await blobToBase64(blob);
    const id = `save-${Date.now().toString(36)}-${++counter}`;
    return new Promise<void | SaveOutcome>((resolve, reject) => {
      const unanswered = setTimeout(() => {
        pending.delete(id);
        Promise.resolve()
          .then(() => fallback(blob, filename))
          .then(resolve, reject);
      }, acknowledgeMs);
      const finish = () => {
        clearTimeout(unanswered);
        pending.delete(id);
      };
      pending.set(id, (reply) => {
        switch (reply.type) {
          case 'save-started':
            clearTimeout(unanswered);
            return;
          case 'saved':
            finish();
            resolve({ path: String(reply.path) });
            return;
          case 'save-cancelled':
            finish();
            resolve({ cancelled: true });
            return;
          case 'save-failed':
            finish();
            reject(new Error(String(reply.message)));
            return;
        }
      });
      const request: RendererSaveRequest = { type: 'save', id, filename, mime: blob.type || 'application/octet-stream', base64 };
      messaging.postMessage(request);
    });
  };
}
