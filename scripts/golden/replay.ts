// Replays a file of audit cases (fixture format, e.g. from scripts/golden/fuzz.py) through the
// engine and through Python cells, and prints the disagreements grouped by their first line.
//
//   node --import tsx scripts/golden/replay.ts CASES.json [--all] [--engine-only|--cell-only]
//
// Cases covered by a deliberate difference (test/unit/support/audit_deliberate.ts) are judged by it.

import { readFileSync } from 'node:fs';
import { deliberateFor } from '../../test/unit/support/audit_deliberate';
import { cellSource, disagreement, replayCell, replayEngine, type AuditFile } from '../../test/unit/support/audit_replay';

const [file, ...flags] = process.argv.slice(2);
const { cases } = JSON.parse(readFileSync(file, 'utf8')) as AuditFile;
const paths = flags.includes('--engine-only') ? ['engine'] : flags.includes('--cell-only') ? ['cell'] : ['engine', 'cell'];
const groups = new Map<string, string[]>();
let failures = 0;
void (async () => {
for (const c of cases) {
  for (const path of paths) {
    let problem: string | null;
    try {
      const outcome = path === 'engine' ? replayEngine(c) : await replayCell(c);
      const deliberate = deliberateFor(c, path === 'engine' ? 'engine' : 'cell');
      problem = deliberate ? deliberate.check(c, outcome) : disagreement(c, outcome);
    } catch (error) {
      problem = `crash: ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
    }
    if (!problem) continue;
    failures++;
    const key = `[${path}] ${c.op}: ${problem.replace(/\d+/g, 'N').split('\n').slice(0, 2).join(' | ').slice(0, 300)}`;
    const list = groups.get(key) ?? [];
    list.push(`${c.name}\n${cellSource(c).split('\n').filter((l) => !l.startsWith('x = torch.tensor') && !l.startsWith('w = torch.tensor')).join('\n')}\n${problem}`);
    groups.set(key, list);
  }
}
const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
for (const [key, list] of sorted) {
  console.log(`\n=== ${list.length}× ${key}`);
  for (const example of list.slice(0, flags.includes('--all') ? list.length : 2)) console.log(example.replace(/^/gm, '    '));
}
console.log(`\n${cases.length} cases, ${failures} disagreements in ${groups.size} groups`);
process.exit(0);
})();
