// The worker side of the kernel protocol, independent of what a session is: it keeps one
// session per `session` key, runs execute requests one after another, and answers with
// encoded outputs whose buffers are transferred to the caller instead of copied. kernel/worker.ts
// plugs the real language session in; tests plug in fakes.

import type { CellError, CellOutput, EncodedOutputItem, KernelSettings, WorkerRequest, WorkerResponse } from '../contract';
import { encodeOutput } from '../contract';

export interface ExecuteResult {
  outputs: CellOutput[];
  error: CellError | null;
}

export interface KernelSession {
  execute(source: string): ExecuteResult | Promise<ExecuteResult>;
}

export type SessionFactory = (settings: KernelSettings, key: string) => KernelSession;

/** The subset of worker_threads' parentPort (or a MessagePort) the server talks through. */
export interface ServerPort {
  on(event: 'message', listener: (message: WorkerRequest) => void): unknown;
  postMessage(message: WorkerResponse, transferList?: ArrayBuffer[]): void;
}

interface SessionSlot {
  session: KernelSession;
  /** Settings the session was built with; a request with different settings rebuilds nothing (state
   * would be lost), so changed settings take effect after a kernel restart. */
  settingsKey: string;
}

export function serveKernel(port: ServerPort, createSession: SessionFactory): void {
  const sessions = new Map<string, SessionSlot>();
  // Requests arrive as separate messages; chaining keeps them strictly in arrival order even if a
  // session's execute ever becomes asynchronous.
  let queue: Promise<void> = Promise.resolve();

  port.on('message', (request) => {
    queue = queue.then(() => handle(request));
  });

  async function handle(request: WorkerRequest): Promise<void> {
    if (request.type === 'dispose-session') {
      sessions.delete(request.session);
      return;
    }
    if (request.type !== 'execute') return;
    let result: ExecuteResult;
    try {
      let slot = sessions.get(request.session);
      if (!slot) {
        slot = { session: createSession(request.settings, request.session), settingsKey: JSON.stringify(request.settings) };
        sessions.set(request.session, slot);
      }
      result = await slot.session.execute(request.source);
    } catch (err) {
      // The session reports user errors as CellError itself; anything thrown here is a kernel bug
      // or an engine failure, surfaced rather than swallowed.
      result = { outputs: [], error: internalError(err) };
    }
    const { response, transfer } = encodeResult(request.id, result);
    port.postMessage(response, transfer);
  }

  port.postMessage({ type: 'ready' });
}

/** Encodes outputs to bytes and lists each distinct backing buffer once for the transfer list. */
export function encodeResult(id: number, result: ExecuteResult): { response: WorkerResponse; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const seen = new Set<ArrayBuffer>();
  const outputs: EncodedOutputItem[][] = result.outputs.map((output) =>
    encodeOutput(output).map((item) => {
      let bytes = item.bytes;
      // Only a buffer the bytes own outright may be transferred: detaching a shared or pooled
      // buffer would break whatever else lives in it.
      if (!(bytes.buffer instanceof ArrayBuffer) || bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength || seen.has(bytes.buffer)) {
        bytes = bytes.slice();
      }
      const buffer = bytes.buffer as ArrayBuffer;
      seen.add(buffer);
      transfer.push(buffer);
      return { mime: item.mime, bytes };
    }),
  );
  return { response: { type: 'result', id, outputs, error: result.error }, transfer };
}

function internalError(err: unknown): CellError {
  if (err instanceof RangeError && /allocation failed|Invalid typed array length|Invalid array length/i.test(err.message)) {
    return { name: 'MemoryError', message: `could not allocate memory: ${err.message}` };
  }
  if (err instanceof Error) {
    // Engine errors carry the Python exception name PyTorch would raise.
    const pythonName = (err as Error & { pythonName?: unknown }).pythonName;
    if (typeof pythonName === 'string') return { name: pythonName, message: err.message };
    return { name: 'InternalError', message: `the kernel failed: ${err.message}` };
  }
  return { name: 'InternalError', message: `the kernel failed: ${String(err)}` };
}
