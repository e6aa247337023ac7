// The worker-side protocol over an in-process MessageChannel: sessions keyed per notebook, order,
// and output buffers that are transferred (detached on the sending side), not copied.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { serveKernel, encodeResult, type KernelSession, type ServerPort } from '../../../kernel/worker_server';
import { DEFAULT_KERNEL_SETTINGS, MIME, decodeOutputItem, type KernelSettings, type WorkerRequest, type WorkerResponse } from '../../../contract';

function counterSession(): KernelSession {
  let n = 0;
  return {
    execute(source) {
      if (source === 'boom') throw new RangeError('bad');
      n += 1;
      return { outputs: [{ items: [{ mime: MIME.tensor, value: { n, source } }, { mime: MIME.plain, value: `n=${n}` }] }], error: null };
    },
  };
}

function harness() {
  const { port1, port2 } = new MessageChannel();
  const sent: ArrayBuffer[][] = [];
  const serverPort: ServerPort = {
    on: (event, listener) => port1.on(event, listener),
    postMessage(message, transfer) {
      port1.postMessage(message, transfer);
      sent.push(transfer ?? []);
    },
  };
  const created: string[] = [];
  serveKernel(serverPort, (_settings, key) => {
    created.push(key);
    return counterSession();
  });
  const responses: WorkerResponse[] = [];
  const waiters: ((r: WorkerResponse) => void)[] = [];
  port2.on('message', (r: WorkerResponse) => {
    const w = waiters.shift();
    if (w) w(r);
    else responses.push(r);
  });
  const next = () => new Promise<WorkerResponse>((resolve) => (responses.length ? resolve(responses.shift()!) : waiters.push(resolve)));
  const send = (r: WorkerRequest) => port2.postMessage(r);
  const close = () => {
    port1.close();
    (port2 as MessagePort).close();
  };
  return { sent, created, next, send, close };
}

describe('serveKernel', () => {
  it('announces itself, keeps one session per key and answers in order', async () => {
    const h = harness();
    assert.deepEqual(await h.next(), { type: 'ready' });
    const exec = (id: number, session: string, source: string): WorkerRequest => ({ type: 'execute', id, session, source, settings: DEFAULT_KERNEL_SETTINGS });
    h.send(exec(1, 'a', 'x'));
    h.send(exec(2, 'a', 'y'));
    h.send(exec(3, 'b', 'z'));
    h.send({ type: 'dispose-session', session: 'a' });
    h.send(exec(4, 'a', 'w'));
    const got = [await h.next(), await h.next(), await h.next(), await h.next()];
    const ns = got.map((r) => (r.type === 'result' ? (decodeOutputItem(r.outputs[0][0]).value as { n: number }).n : -1));
    assert.deepEqual(got.map((r) => (r.type === 'result' ? r.id : -1)), [1, 2, 3, 4]);
    assert.deepEqual(ns, [1, 2, 1, 1]);
    assert.deepEqual(h.created, ['a', 'b', 'a']);
    h.close();
  });

  it('updates a session\'s settings object in place when a request brings new ones', async () => {
    const { port1, port2 } = new MessageChannel();
    const seen: KernelSettings[] = [];
    serveKernel({ on: (e, l) => port1.on(e, l), postMessage: (m, t) => port1.postMessage(m, t) }, (settings) => ({
      execute() {
        seen.push(settings);
        return { outputs: [{ items: [{ mime: MIME.plain, value: String(settings.elementBudget) }] }], error: null };
      },
    }));
    const replies: WorkerResponse[] = [];
    const got = new Promise<void>((resolve) => port2.on('message', (r: WorkerResponse) => (replies.push(r), replies.length === 3 && resolve())));
    port2.postMessage({ type: 'execute', id: 1, session: 's', source: '', settings: { ...DEFAULT_KERNEL_SETTINGS, elementBudget: 10, workspaceRoot: '/a' } });
    port2.postMessage({ type: 'execute', id: 2, session: 's', source: '', settings: { ...DEFAULT_KERNEL_SETTINGS, elementBudget: 20 } });
    await got;
    assert.equal(seen[0], seen[1], 'the same object');
    assert.equal(seen[1].elementBudget, 20);
    assert.equal(seen[1].workspaceRoot, undefined);
    const last = replies[2];
    assert.equal(last.type === 'result' && decodeOutputItem(last.outputs[0][0]).value, '20');
    port1.close();
  });

  it('transfers every output buffer: the sending side is left with detached buffers', async () => {
    const h = harness();
    await h.next();
    h.send({ type: 'execute', id: 1, session: 's', source: 'hello', settings: DEFAULT_KERNEL_SETTINGS });
    const r = await h.next();
    assert.equal(r.type, 'result');
    if (r.type !== 'result') return;
    const transfer = h.sent.at(-1)!;
    assert.equal(transfer.length, 2);
    for (const buffer of transfer) assert.equal(buffer.byteLength, 0, 'buffer was copied, not transferred');
    assert.deepEqual(decodeOutputItem(r.outputs[0][0]).value, { n: 1, source: 'hello' });
    assert.equal(decodeOutputItem(r.outputs[0][1]).value, 'n=1');
    h.close();
  });

  it('turns a thrown exception into an error result instead of dying', async () => {
    const h = harness();
    await h.next();
    h.send({ type: 'execute', id: 9, session: 's', source: 'boom', settings: DEFAULT_KERNEL_SETTINGS });
    const r = await h.next();
    assert.equal(r.type === 'result' && r.error?.name, 'InternalError');
    h.send({ type: 'execute', id: 10, session: 's', source: 'ok', settings: DEFAULT_KERNEL_SETTINGS });
    const ok = await h.next();
    assert.equal(ok.type === 'result' && ok.error, null);
    h.close();
  });

  it('lists each output item buffer exactly once', () => {
    const { transfer, response } = encodeResult(1, {
      outputs: [{ items: [{ mime: MIME.plain, value: 'a' }, { mime: MIME.plain, value: 'b' }] }, { items: [{ mime: MIME.plain, value: 'c' }] }],
      error: null,
    });
    assert.equal(new Set(transfer).size, transfer.length);
    assert.equal(transfer.length, 3);
    assert.equal(response.type, 'result');
  });
});
