// Registers one test per audit case of a golden-extra file: the case through the engine and through
// a Python cell must agree with PyTorch, or differ in one of the deliberate ways (audit_deliberate.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deliberateFor, type ReplayPath } from './audit_deliberate';
import { disagreement, loadAudit, replayCell, replayEngine, type AuditCase } from './audit_replay';

/** null when convbook's outcome on this path is PyTorch's, or the deliberate difference's. */
export async function verdict(c: AuditCase, path: ReplayPath): Promise<string | null> {
  const outcome = path === 'engine' ? replayEngine(c) : await replayCell(c);
  const deliberate = deliberateFor(c, path);
  return deliberate ? deliberate.check(c, outcome) : disagreement(c, outcome);
}

export function auditFile(file: string, minimumCases: number, paths: readonly ReplayPath[] = ['engine', 'cell']): AuditCase[] {
  const { generator, cases } = loadAudit(file);
  test(`${file}: ${cases.length} cases from ${generator}`, () => {
    assert.match(generator, /^PyTorch 1\.13/);
    assert.ok(cases.length >= minimumCases, `only ${cases.length} cases`);
  });
  for (const c of cases) {
    test(`${file}: ${c.name}`, async () => {
      for (const path of paths) assert.equal(await verdict(c, path), null, `through the ${path}:\n${c.call}`);
    });
  }
  return cases;
}
