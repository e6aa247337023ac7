// A cell that runs too long under `convbook run` is stopped at --timeout, at once, with a
// positioned message and a non-zero exit; the cells after it are reported as not run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CELL_TIMEOUT_S } from '../../../cli/main';
import { cli, scratchDir, snapshot } from './support';

test('--timeout stops a long cell at once: exit 1, the cell and line named, later cells not run', async (t) => {
  const dir = scratchDir();
  const nb = join(dir, 'slow.py');
  // Eight convolutions of 28.5 GMAC each, every one under the work budget: seconds of work even
  // with the SIMD kernels on two threads (one alone can end within a second).
  const convs = Array.from({ length: 8 }, () => 'y = F.conv2d(x, w)').join('\n');
  writeFileSync(nb, `# %%\nimport torch\nimport torch.nn.functional as F\nx = torch.ones(1, 512, 112, 112)\nw = torch.ones(512, 512, 3, 3)\n# %%\n${convs}\n# %%\ny.shape\n`);
  const before = snapshot(dir);
  await cli('help'); // builds the worker bundle (and its WebAssembly) before the clock starts
  const started = performance.now();
  const r = await cli('run', nb, '--timeout', '1');
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`the run ended after ${seconds.toFixed(2)} s in all (1 s timeout; kernel start-up and the first cell included)`);
  assert.equal(r.code, 1);
  assert.match(r.err, /slow\.py: cell 2: TimeoutError: the cell ran longer than the 1 s timeout and was stopped \(--timeout SECONDS raises it; 0 means none\) \(line 1, column 1\)\ny = F\.conv2d/);
  assert.match(r.err, /the last 1 cell was not run: the kernel that held the variables was stopped/);
  assert.ok(seconds < 6, `${seconds} s`);
  assert.deepEqual(snapshot(dir), before);
});

test('the default timeout is 120 s and the usage says so; a bad value is a usage error', async () => {
  assert.equal(DEFAULT_CELL_TIMEOUT_S, 120);
  const help = await cli('help');
  assert.match(help.out, /--timeout  stop a cell that runs longer \(default 120; 0: no limit\)/);
  const bad = await cli('run', 'x.py', '--timeout', 'soon');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--timeout must be a number of seconds/);
});
