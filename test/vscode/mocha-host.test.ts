// The desktop host (@vscode/test-cli, .vscode-test.mjs) loads the suite bundle under mocha's tdd UI.
// It cannot run here (VS Code desktop cannot be downloaded), so check the part that can break
// unnoticed: under mocha globals every 'dev' test registers with mocha, with its own timeout.

import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { buildSuite } from './driver/build-suite';

test('under mocha the suite bundle registers every dev test with mocha, each with its timeout', async () => {
  const bundle = await buildSuite();
  const registered: { name: string; timeout?: number }[] = [];
  const globals = globalThis as Record<string, unknown>;
  globals.suite = () => undefined;
  globals.test = (name: string, fn: (this: { timeout(ms: number): void }) => unknown) => {
    const entry: { name: string; timeout?: number } = { name };
    registered.push(entry);
    // Run just the timeout call mocha's context would receive, not the test body.
    const context = { timeout: (ms: number) => { entry.timeout = ms; throw new Error('stop'); } };
    try { void fn.call(context); } catch { /* the body is not run */ }
  };
  const Module = createRequire(import.meta.url)('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = Module._load;
  // The suite's modules touch `vscode` only inside tests; an empty stand-in satisfies the imports.
  Module._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? {} : load(request, ...rest));
  try {
    createRequire(import.meta.url)(bundle);
  } finally {
    Module._load = load;
    delete globals.suite;
    delete globals.test;
  }
  const names = registered.map((r) => r.name);
  assert.ok(names.length >= 10, `only ${names.length} tests registered: ${names.join('; ')}`);
  assert.equal(new Set(names).size, names.length, 'test names must be unique');
  assert.ok(names.includes('the extension activates'));
  assert.ok(names.some((n) => n.startsWith('the 5×5 example')));
  for (const r of registered) assert.ok(typeof r.timeout === 'number' && r.timeout > 0, `${r.name} has no timeout`);
});
