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

/**
 * Builds a session. `settings` is live: the server updates the same object in place when a later
 * request carries different settings (the user changed convbook.kernel.elementBudget, say), so a
 * session that reads its settings when it needs them picks the change up without losing state.
 */
export type SessionFactory = (settings: KernelSettings, key: string, context: SessionContext) => KernelSession;

export interface SessionContext {
  /** Shared with the client, which sets it to 2 (SIGINT) to interrupt a Python cell in place. */
  interruptBuffer?: Int32Array;
}

/** The subset of worker_threads' parentPort (or a MessagePort) the server talks through. */
export interface ServerPort {
  on(event: 'message', listener: (message: WorkerRequest) => void): unknown;
  postMessage(message: WorkerResponse, transferList?: ArrayBuffer[]): void;
}

interface SessionSlot {
  session: KernelSession;
  /** The live settings object the session was given. */
  settings: KernelSettings;
}

/** info.engineKernel: what the kernel computes with, announced in the ready message. */
export function serveKernel(port: ServerPort, createSession: SessionFactory, info: { engineKernel?: string } = {}): void {
  const sessions = new Map<string, SessionSlot>();
  // Requests arrive as separate messages; chaining keeps them strictly in arrival order even if a
  // session's execute ever becomes asynchronous.
  let queue: Promise<void> = Promise.resolve();
  const context: SessionContext = {};

  port.on('message', (request) => {
    queue = queue.then(() => handle(request));
  });

  async function handle(request: WorkerRequest): Promise<void> {
    if (request.type === 'dispose-session') {
      sessions.delete(request.session);
      return;
    }
    if (request.type === 'interrupt-buffer') {
      context.interruptBuffer = new Int32Array(request.buffer);
      return;
    }
    if (request.type !== 'execute') return;
    let result: ExecuteResult;
    try {
      let slot = sessions.get(request.session);
      if (!slot) {
        const settings = { ...request.settings };
        slot = { session: createSession(settings, request.session, context), settings };
        sessions.set(request.session, slot);
      } else {
        updateInPlace(slot.settings, request.settings);
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

  port.postMessage({ type: 'ready', ...info });
}

function updateInPlace(live: KernelSettings, next: KernelSettings): void {
  const target = live as unknown as Record<string, unknown>;
  for (const key of Object.keys(target)) if (!(key in next)) delete target[key];
  Object.assign(target, next);
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
