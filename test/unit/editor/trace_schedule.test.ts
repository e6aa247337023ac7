// The editor's re-trace scheduler on a fake clock: typing is debounced into one trace, a version
// already traced is not traced again, an older outcome never replaces a newer one, versions asked
// for during a trace collapse into the newest, and a change to an imported file traces again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceScheduler, type TraceClock, type TraceStamp } from '../../../extension/editor/trace_schedule';

class FakeClock implements TraceClock {
  now = 0;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;
  set(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.now + ms, callback, id });
    return id;
  }
  clear(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.callback();
    }
    this.now = until;
  }
}

interface Run {
  key: string;
  stamp: TraceStamp;
  finish: (value: string) => void;
  fail: (err: Error) => void;
}

function harness(debounceMs = 300) {
  const clock = new FakeClock();
  const runs: Run[] = [];
  const results: { key: string; version: number; generation: number; value: string }[] = [];
  const deps = new Map<string, string[]>();
  const scheduler = new TraceScheduler<string>({
    clock,
    debounceMs: () => debounceMs,
    run: (key, stamp) => new Promise((resolve, reject) => runs.push({ key, stamp, finish: resolve, fail: reject })),
    onResult: (key, stamp, value) => results.push({ key, ...stamp, value }),
    dependencies: (value) => deps.get(value) ?? [],
  });
  // Resolved promises settle on the microtask queue.
  const flush = () => new Promise<void>((r) => setImmediate(r));
  return { clock, runs, results, deps, scheduler, flush };
}

test('typing is debounced: five versions within the delay make one trace, of the last one', async () => {
  const { clock, runs, scheduler } = harness(300);
  for (let v = 1; v <= 5; v++) {
    scheduler.request('a.py', v);
    clock.advance(100);
  }
  assert.equal(runs.length, 0, 'no trace while typing');
  clock.advance(300);
  assert.deepEqual(runs.map((r) => r.stamp.version), [5]);
});

test('a version already traced is answered from the cache, not traced again', async () => {
  const { clock, runs, results, scheduler, flush } = harness();
  scheduler.request('a.py', 1, true);
  clock.advance(0);
  runs[0].finish('v1');
  await flush();
  assert.deepEqual(scheduler.latest('a.py'), { stamp: { version: 1, generation: 0 }, result: 'v1' });
  scheduler.request('a.py', 1);
  scheduler.request('a.py', 1, true);
  clock.advance(1000);
  assert.equal(runs.length, 1);
  assert.equal(results.length, 1);
});

test('versions asked for during a trace collapse into the newest, which runs when the trace ends', async () => {
  const { clock, runs, results, scheduler, flush } = harness(300);
  scheduler.request('a.py', 1, true);
  clock.advance(0);
  scheduler.request('a.py', 2);
  clock.advance(300);
  scheduler.request('a.py', 3);
  clock.advance(300);
  assert.equal(runs.length, 1, 'one trace per document at a time');
  runs[0].finish('v1');
  await flush();
  assert.deepEqual(runs.map((r) => r.stamp.version), [1, 3], 'version 2 never runs');
  runs[1].finish('v3');
  await flush();
  assert.deepEqual(results.map((r) => r.value), ['v1', 'v3']);
});

test('an older outcome never replaces a newer one', async () => {
  const { clock, runs, results, deps, scheduler, flush } = harness(0);
  deps.set('old', ['/ws/parts.py']);
  scheduler.request('a.py', 1, true);
  clock.advance(0);
  runs[0].finish('old');
  await flush();
  // A dependency change starts a second trace of version 1, then the document moves on to
  // version 2; the two traces finish out of order (the second document's run is the later stamp).
  scheduler.fileChanged('/ws/parts.py');
  clock.advance(0);
  scheduler.request('a.py', 2);
  clock.advance(0);
  assert.deepEqual(runs.map((r) => [r.stamp.version, r.stamp.generation]), [[1, 0], [1, 1]]);
  runs[1].finish('v1 again');
  await flush();
  assert.deepEqual(runs[2].stamp, { version: 2, generation: 1 });
  runs[2].finish('v2');
  await flush();
  assert.equal(scheduler.latest('a.py')?.result, 'v2');
  assert.deepEqual(results.map((r) => r.value), ['old', 'v1 again', 'v2']);

  // Two documents' runs are independent; a late result for a forgotten document is dropped.
  scheduler.request('b.py', 1, true);
  clock.advance(0);
  scheduler.forget('b.py');
  // Reopened as version 2 while version 1's trace still runs: version 2 traces at once, and the
  // late version 1 outcome, arriving after it, is dropped.
  scheduler.request('b.py', 2, true);
  clock.advance(0);
  assert.deepEqual(runs[4].stamp, { version: 2, generation: 0 });
  runs[4].finish('b v2');
  await flush();
  runs[3].finish('b late');
  await flush();
  assert.equal(scheduler.latest('b.py')?.result, 'b v2');
  assert.ok(!results.some((r) => r.value === 'b late'));
});

test('a change to a file the trace imported traces the document again; other files do not', async () => {
  const { clock, runs, deps, scheduler, flush } = harness(200);
  deps.set('model', ['/ws/unet/parts.py', '/ws/unet/model.py']);
  scheduler.request('/ws/unet/model.py', 4, true);
  clock.advance(0);
  runs[0].finish('model');
  await flush();
  scheduler.fileChanged('/ws/other.py');
  clock.advance(1000);
  assert.equal(runs.length, 1, 'an unrelated file changed');
  scheduler.fileChanged('/ws/unet/parts.py');
  clock.advance(199);
  assert.equal(runs.length, 1, 'debounced');
  clock.advance(1);
  assert.deepEqual(runs[1].stamp, { version: 4, generation: 1 });
});

test('a failed trace leaves the last result, and the same version may be asked for again', async () => {
  const { clock, runs, scheduler, flush } = harness(0);
  scheduler.request('a.py', 1, true);
  clock.advance(0);
  runs[0].finish('v1');
  await flush();
  scheduler.request('a.py', 2);
  clock.advance(0);
  runs[1].fail(new Error('kernel crashed'));
  await flush();
  assert.equal(scheduler.latest('a.py')?.result, 'v1');
  scheduler.request('a.py', 2);
  clock.advance(0);
  assert.equal(runs.length, 3);
  assert.equal(runs[2].stamp.version, 2);
});

test('invalidateAll (a setting changed) traces every open document again', async () => {
  const { clock, runs, scheduler, flush } = harness(0);
  scheduler.request('a.py', 1, true);
  scheduler.request('b.py', 7, true);
  clock.advance(0);
  runs.forEach((r) => r.finish(r.key));
  await flush();
  scheduler.invalidateAll();
  clock.advance(0);
  assert.deepEqual(runs.slice(2).map((r) => [r.key, r.stamp.version, r.stamp.generation]), [['a.py', 1, 1], ['b.py', 7, 1]]);
});
