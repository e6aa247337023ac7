// Soak: 200 cells creating and deleting medium tensors (2 MB each, three per cell, seven kept
// live in rotation) in one session. RSS after the warm-up stays flat within the stated margin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Allowed growth from cell 50 to cell 200, in MB: about the allocations of three cells (7 MB each). */
const DRIFT_MARGIN_MB = 24;

test('200 cells creating and deleting medium tensors keep RSS flat', (t) => {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, 'probes', 'soak_probe.ts')], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  const { rss, errors, maxRssMb } = JSON.parse(r.stdout) as { rss: number[]; errors: string[]; maxRssMb: number };
  assert.deepEqual(errors, []);
  assert.equal(rss.length, 200);
  const settled = rss.slice(50);
  const drift = Math.max(...settled.slice(-20)) - Math.min(...settled.slice(0, 20));
  const spread = Math.max(...settled) - Math.min(...settled);
  t.diagnostic(`RSS after cell 50: ${settled[0].toFixed(0)} MB, after cell 200: ${rss[199].toFixed(0)} MB, drift ${drift.toFixed(1)} MB, spread ${spread.toFixed(1)} MB, peak ${maxRssMb.toFixed(0)} MB`);
  assert.ok(drift < DRIFT_MARGIN_MB, `RSS drifted ${drift.toFixed(1)} MB`);
});
