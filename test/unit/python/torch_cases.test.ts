// Snippets recorded with real PyTorch 1.13 (scripts/python_package/torch_cases.py) run through
// convbook's Python torch package: the same exception and message, the same shape, repr or values.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { loadPython, REPO, type Python } from './support';

interface Case {
  code: string;
  error?: string;
  shape?: number[];
  shapes?: number[][];
  repr?: string;
  value?: unknown;
}

const fixture = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/python/torch_cases.json'), 'utf8')) as { cases: Case[] };

const DESCRIBE = fs.readFileSync(path.join(REPO, 'scripts/python_package/describe_case.py'), 'utf8');

/** Float32 values against PyTorch's: equal to within float32 rounding. */
function close(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') return Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
  if (Array.isArray(expected) && Array.isArray(actual)) return expected.length === actual.length && expected.every((e, i) => close(actual[i], e));
  return JSON.stringify(actual) === JSON.stringify(expected);
}

let py: Python;
before(async () => {
  py = await loadPython();
  py.run(DESCRIBE);
  py.run('import torchvision');
});

test('the fixture covers errors, shapes, reprs and values', () => {
  assert.ok(fixture.cases.length > 150);
  for (const key of ['error', 'shape', 'repr', 'value'] as const) assert.ok(fixture.cases.some((c) => key in c), key);
});

for (const c of fixture.cases) {
  test(c.code, () => {
    const { code, ...expected } = c;
    const actual = JSON.parse(py.run(`run_case_json(${JSON.stringify(code)}, globals())`) as string) as Omit<Case, 'code'>;
    if ('value' in expected && 'value' in actual) assert.ok(close(actual.value, expected.value), `${JSON.stringify(actual.value)} ≠ ${JSON.stringify(expected.value)}`);
    else assert.deepEqual(actual, expected);
  });
}
