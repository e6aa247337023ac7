// The caller's side of the kernel: owns one worker thread, sends it execute requests strictly one
// at a time in the order they were asked for, and survives the worker dying. Interrupting a
// Python cell in a worker thread raises KeyboardInterrupt through Pyodide's interrupt buffer and
// keeps the state; otherwise (a child process, which shares no memory, or Python stuck outside
// its eval loop past a grace period) it terminates the worker (Worker.terminate stops even a tight
// loop almost at once) and starts a fresh one; the cell reports that its state was lost.
// A crash, e.g. the heap limit being hit, fails only the running cell: the next one gets a fresh
// worker. No vscode here, so the CLI and the unit tests drive the same code the extension does.

import { DEFAULT_KERNEL_SETTINGS, type CellError, type EncodedOutputItem, type KernelSettings, type WorkerRequest, type WorkerResponse } from '../contract';
import { openChannel, type ChannelExit, type KernelChannel, type KernelIsolation } from './kernel_channel';

/** 'starting': a worker is loading (a request may already wait for it); 'busy': running a request. */
export type KernelState = 'stopped' | 'starting' | 'idle' | 'busy';

export interface KernelClientOptions {
  /** The bundled worker entry (dist/worker.js). */
  workerPath: string;
  /** Heap limit of the worker (resourceLimits.maxOldGenerationSizeMb). Tensor data lives outside
   * the JS heap, so the kernel's element budget, not this, is what bounds tensor sizes. */
  memoryLimitMb: number;
  /** Extra node flags for the worker, e.g. to load a TypeScript loader in tests. */
  execArgv?: string[];
  /** 'thread' (default) or 'process'; see kernel_channel.ts for the trade-off. */
  isolation?: KernelIsolation;
  /** Process isolation: memory past the heap limit plus the session's live-data budget before the watchdog kills the kernel. */
  rssHeadroomMb?: number;
  onStateChange?: (state: KernelState) => void;
  /** How long an interrupted Python cell may take to stop before the worker is replaced (ms). */
  interruptGraceMs?: number;
}

export interface KernelRunResult {
  outputs: EncodedOutputItem[][];
  error: CellError | null;
  /** True when the request never reached the kernel because an interrupt or restart dropped it. */
  cancelled: boolean;
}

export interface ExecuteOptions {
  /** Called when the request is handed to the worker, i.e. when the cell really starts running. */
  onStart?: () => void;
}

interface PendingRequest {
  id: number;
  session: string;
  source: string;
  settings: KernelSettings;
  options: ExecuteOptions;
  resolve: (result: KernelRunResult) => void;
  /** Called once the request has its result, whatever it is. */
  onFinish?: () => void;
}

/** One live kernel and whether we still listen to it; retired kernels' events are ignored. */
interface WorkerHandle {
  channel: KernelChannel;
  retired: boolean;
  ready: boolean;
  engineKernel?: string;
  /** Pyodide's interrupt flag, shared with a worker thread (a child process shares no memory). */
  interruptBuffer?: Int32Array;
}

/** The value Pyodide's interrupt buffer takes for SIGINT: KeyboardInterrupt. */
const SIGINT = 2;

export const KERNEL_RESTARTED = 'KernelRestarted';
/** Code, buffers and display payloads beyond the heap and the live data (measured: an idle kernel is ~60 MB). */
export const RSS_HEADROOM_MB = 512;
export const KERNEL_CRASHED = 'KernelCrashed';

export class KernelClient {
  private handle: WorkerHandle | undefined;
  private readonly queue: PendingRequest[] = [];
  private inFlight: PendingRequest | undefined;
  private nextId = 1;
  private memoryLimitMb: number;
  private isolation: KernelIsolation;
  private extraExecArgv: string[] = [];
  private state: KernelState = 'stopped';
  private disposed = false;
  /** The live-data budget of the latest request: with the heap limit, what the kernel may hold. */
  private liveDataMb = DEFAULT_KERNEL_SETTINGS.liveDataMb;

  constructor(private readonly options: KernelClientOptions) {
    this.memoryLimitMb = options.memoryLimitMb;
    this.isolation = options.isolation ?? 'thread';
  }

  get kernelState(): KernelState {
    return this.state;
  }

  /** The GEMM kernel the running kernel's engine picked, once it is ready. */
  get engineKernel(): string | undefined {
    return this.handle?.engineKernel;
  }

  /** Takes effect the next time a worker is started (a heap limit cannot change in a live one). */
  setMemoryLimit(mb: number): void {
    this.memoryLimitMb = mb;
  }

  /** Takes effect the next time a kernel is started. */
  setIsolation(isolation: KernelIsolation): void {
    this.isolation = isolation;
  }

  /** Node flags of the next kernel started (e.g. the permission model's), on top of execArgv. */
  setExtraExecArgv(flags: string[]): void {
    this.extraExecArgv = flags;
  }

  /** Starts the worker now rather than on the first execute, e.g. right after a restart. */
  start(): void {
    if (!this.handle && !this.disposed) this.spawn();
  }

  execute(session: string, source: string, settings: KernelSettings, options: ExecuteOptions = {}): Promise<KernelRunResult> {
    if (this.disposed) return Promise.resolve({ outputs: [], error: null, cancelled: true });
    return new Promise((resolve) => {
      this.liveDataMb = settings.liveDataMb ?? this.liveDataMb;
      this.queue.push({ id: this.nextId++, session, source, settings, options, resolve });
      this.pump();
    });
  }

  /** Drops a notebook's variables in the worker (if one is running); nothing else is affected. */
  disposeSession(session: string): void {
    this.post({ type: 'dispose-session', session });
  }

  /**
   * Stops whatever is running by terminating the worker, then starts a fresh one. The running
   * request ends with a KernelRestarted error, queued ones are returned as cancelled. Resolves
   * once the old worker is gone.
   */
  async restart(reason = 'the kernel was restarted'): Promise<void> {
    const running = this.inFlight;
    const queued = this.queue.splice(0);
    this.inFlight = undefined;
    const old = this.retire();
    if (running) running.resolve({ outputs: [], error: restartedError(reason), cancelled: false });
    for (const request of queued) request.resolve({ outputs: [], error: null, cancelled: true });
    if (!this.disposed) this.spawn();
    if (old) await old.terminate().catch(() => undefined);
  }

  /**
   * The interrupt button. A cell in a worker thread is asked to raise KeyboardInterrupt and keeps
   * every variable; a kernel in a child process (no shared flag), or a cell that does not stop
   * within the grace period, is stopped by replacing the worker, as restart does.
   */
  async interrupt(): Promise<void> {
    const running = this.inFlight;
    const buffer = this.handle?.interruptBuffer;
    if (running && buffer) {
      Atomics.store(buffer, 0, SIGINT);
      if (await this.finishesWithin(running, this.options.interruptGraceMs ?? 2000)) return;
      // Restarted or finished some other way while we waited: nothing left to stop.
      if (this.inFlight !== running) return;
    }
    return this.restart('the kernel was interrupted and restarted');
  }

  private finishesWithin(request: PendingRequest, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      request.onFinish = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const running = this.inFlight;
    const queued = this.queue.splice(0);
    this.inFlight = undefined;
    const old = this.retire();
    if (running) running.resolve({ outputs: [], error: restartedError('the kernel was shut down'), cancelled: false });
    for (const request of queued) request.resolve({ outputs: [], error: null, cancelled: true });
    this.setState('stopped');
    if (old) await old.terminate().catch(() => undefined);
  }

  private pump(): void {
    if (this.inFlight || this.queue.length === 0 || this.disposed) return;
    const request = this.queue.shift()!;
    this.inFlight = request;
    if (!this.handle) this.spawn();
    if (!this.handle) {
      this.finish(request, { outputs: [], error: { name: KERNEL_CRASHED, message: 'the kernel worker could not be started' }, cancelled: false });
      return;
    }
    this.setState(this.handle.ready ? 'busy' : 'starting');
    request.options.onStart?.();
    this.post({ type: 'execute', id: request.id, session: request.session, source: request.source, settings: request.settings });
  }

  private finish(request: PendingRequest, result: KernelRunResult): void {
    if (this.inFlight === request) this.inFlight = undefined;
    request.resolve(result);
    request.onFinish?.();
    if (this.handle) this.setState(this.handle.ready ? 'idle' : 'starting');
    this.pump();
  }

  private post(message: WorkerRequest): void {
    this.handle?.channel.post(message);
  }

  private spawn(): void {
    const memoryLimitMb = this.memoryLimitMb;
    const handle: WorkerHandle = { channel: undefined as unknown as KernelChannel, retired: false, ready: false };
    try {
      handle.channel = openChannel(
        {
          workerPath: this.options.workerPath,
          isolation: this.isolation,
          memoryLimitMb,
          execArgv: [...(this.options.execArgv ?? []), ...this.extraExecArgv],
          rssLimitMb: () => memoryLimitMb + this.liveDataMb + (this.options.rssHeadroomMb ?? RSS_HEADROOM_MB),
        },
        {
          message: (message) => this.onMessage(handle, message),
          exit: (exit) => this.onExit(handle, exit, memoryLimitMb),
        },
      );
    } catch {
      this.handle = undefined;
      this.setState('stopped');
      return;
    }
    if (this.isolation === 'thread' && typeof SharedArrayBuffer === 'function') {
      handle.interruptBuffer = new Int32Array(new SharedArrayBuffer(4));
      handle.channel.post({ type: 'interrupt-buffer', buffer: handle.interruptBuffer.buffer as SharedArrayBuffer });
    }
    this.handle = handle;
    this.setState('starting');
  }

  private onMessage(handle: WorkerHandle, message: WorkerResponse): void {
    if (handle.retired) return;
    if (message.type === 'ready') {
      handle.ready = true;
      handle.engineKernel = message.engineKernel;
      this.setState(this.inFlight ? 'busy' : 'idle');
      return;
    }
    const request = this.inFlight;
    if (message.type === 'result' && request && request.id === message.id) {
      this.finish(request, { outputs: message.outputs, error: message.error, cancelled: false });
    }
  }

  private onExit(handle: WorkerHandle, exit: ChannelExit, memoryLimitMb: number): void {
    if (handle.retired) return;
    handle.retired = true;
    if (this.handle === handle) this.handle = undefined;
    this.setState('stopped');
    const request = this.inFlight;
    if (request) this.finish(request, { outputs: [], error: crashError(exit, memoryLimitMb), cancelled: false });
  }

  private retire(): KernelChannel | undefined {
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) return undefined;
    handle.retired = true;
    return handle.channel;
  }

  private setState(state: KernelState): void {
    if (state === this.state) return;
    this.state = state;
    this.options.onStateChange?.(state);
  }
}

function restartedError(reason: string): CellError {
  return {
    name: KERNEL_RESTARTED,
    message: `${reason}; every variable defined so far is lost. Run the cells above again to rebuild the state.`,
  };
}

function crashError(exit: ChannelExit, memoryLimitMb: number): CellError {
  if (exit.overRssMb !== undefined) {
    return {
      name: 'MemoryError',
      message:
        `the kernel's memory reached ${Math.round(exit.overRssMb)} MB, past its heap limit plus its live-data budget (settings convbook.kernel.memoryLimitMb and convbook.kernel.liveDataMb), ` +
        'so it was stopped and restarted; every variable defined so far is lost.',
    };
  }
  if (exit.outOfMemory) {
    return {
      name: 'MemoryError',
      message:
        `the kernel ran out of memory (its heap limit is ${memoryLimitMb} MB, setting convbook.kernel.memoryLimitMb) ` +
        'and was restarted; every variable defined so far is lost.',
    };
  }
  const detail = exit.detail ? `: ${exit.detail}` : '';
  return { name: KERNEL_CRASHED, message: `the kernel stopped unexpectedly${detail}. It was restarted and every variable defined so far is lost.` };
}
