// The suite's tiny test framework. Test files call `test(name, fn, options)`. Two hosts load them:
// - the code-server driver (test/vscode/vscode.test.ts) calls run() from index.ts, which runs the
//   tests here one by one, each with its own timeout, and reports every result to the driver's
//   bridge (and to the console);
// - @vscode/test-cli (.vscode-test.mjs) loads the same bundle under mocha's tdd UI, where
//   `test` forwards to mocha's global `test`.

import { bridge } from './bridge';

export type Group = 'dev' | 'installed';

export interface TestOptions {
  /** Milliseconds; the test fails when it takes longer. */
  timeout?: number;
  /** Which runs include the test: 'dev' (extension loaded from the repo, the default) and/or 'installed' (from the .vsix). */
  groups?: Group[];
}

interface RegisteredTest {
  name: string;
  fn: () => Promise<void>;
  timeout: number;
  groups: Group[];
}

const DEFAULT_TIMEOUT = 60_000;
const registered: RegisteredTest[] = [];
/** The running test's figures (see figure()). */
let figures: string[] = [];

/**
 * Reports a measurement of the running test (a latency, say) as a figure printed beside its
 * result, never as a pass/fail condition: timings depend on the machine and its load.
 */
export function figure(text: string): void {
  figures.push(text);
  console.log(`[convbook-suite] figure: ${text}`);
}

type MochaTest = (name: string, fn: (this: { timeout(ms: number): void }) => Promise<void>) => void;
const mochaTest = (globalThis as { test?: MochaTest }).test;

export function test(name: string, fn: () => Promise<void>, options: TestOptions = {}): void {
  const entry: RegisteredTest = {
    name,
    fn,
    timeout: options.timeout ?? DEFAULT_TIMEOUT,
    groups: options.groups ?? ['dev'],
  };
  if (typeof mochaTest === 'function') {
    // Under @vscode/test-cli the extension is always the development copy.
    if (entry.groups.includes('dev')) {
      mochaTest(name, function () {
        this.timeout(entry.timeout);
        return entry.fn();
      });
    }
    return;
  }
  registered.push(entry);
}

export interface RunSummary {
  passed: number;
  failed: number;
}

/** Runs the registered tests of one group in order; never throws for a failing test. */
export async function runRegistered(group: Group, only?: RegExp): Promise<RunSummary> {
  const selected = registered.filter((t) => t.groups.includes(group) && (!only || only.test(t.name)));
  await bridge.plan(selected.map((t) => t.name));
  const summary: RunSummary = { passed: 0, failed: 0 };
  for (const t of selected) {
    const started = Date.now();
    figures = [];
    let error: unknown;
    try {
      await withTimeout(t.fn(), t.timeout, t.name);
    } catch (e) {
      error = e;
    }
    const ms = Date.now() - started;
    if (error === undefined) {
      summary.passed++;
      console.log(`[convbook-suite] ok   ${t.name} (${ms} ms)`);
      await bridge.result({ name: t.name, ok: true, ms, figures });
    } else {
      summary.failed++;
      await bridge.screenshot(`FAILED ${t.name}`.slice(0, 80)).catch(() => undefined);
      const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
      console.log(`[convbook-suite] FAIL ${t.name} (${ms} ms)\n${message}`);
      await bridge.result({ name: t.name, ok: false, ms, error: message, figures });
    }
  }
  return summary;
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`"${name}" timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
