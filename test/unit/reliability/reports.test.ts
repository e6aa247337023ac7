// Reports on realistic and hostile output: large reports stream instead of becoming one string,
// fences and the CSP hold against the content, and errors are one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { streamJson } from '../../../cli/json_stream';
import { fenced } from '../../../cli/run_cells';
import { bundleWorker } from '../kernel/bundle';
import { cli, scratchDir } from './support';

interface CliRun {
  code: number;
  err: string;
  longest: number;
  total: number;
  maxRssMb: number;
}

async function cliInChild(outFile: string, ...argv: string[]): Promise<CliRun> {
  const worker = await bundleWorker('kernel/worker.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'probes', 'cli_probe.ts'), worker, outFile, ...argv], { encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0) throw new Error(`cli probe failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as CliRun;
}

function head(file: string, bytes: number): string {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(bytes);
  readSync(fd, buffer, 0, bytes, 0);
  closeSync(fd);
  return buffer.toString('utf8');
}

function tail(file: string, bytes: number): string {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(bytes);
  readSync(fd, buffer, 0, bytes, statSync(file).size - bytes);
  closeSync(fd);
  return buffer.toString('utf8');
}

test('streamJson writes exactly JSON.stringify, in short pieces', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.array(fc.double(), { maxLength: 20_000 }), (value, numbers) => {
      for (const v of [value, { numbers, nested: [numbers, { value }] }]) {
        const pieces: string[] = [];
        streamJson(v, (p) => pieces.push(p));
        assert.equal(pieces.join(''), JSON.stringify(v));
        assert.ok(Math.max(...pieces.map((p) => p.length)) < 8192 * 26);
      }
    }),
    { numRuns: 200, seed: 13 },
  );
});

test('--json of 8 × 4M-element tensors streams 700 MB with full data instead of dying', async (t) => {
  const dir = scratchDir();
  writeFileSync(join(dir, 'big.py'), Array.from({ length: 8 }, (_, i) => `# %%\nimport torch\ntorch.manual_seed(${i})\ntorch.randn(1, 4, 1024, 1024)\n`).join(''));
  const out = join(dir, 'out.json');
  const run = await cliInChild(out, 'run', join(dir, 'big.py'), '--json');
  t.diagnostic(`${(run.total / 2 ** 20).toFixed(0)} MB of JSON, longest piece ${run.longest} characters, peak RSS ${run.maxRssMb.toFixed(0)} MB`);
  assert.equal(run.code, 0, run.err);
  assert.ok(run.total > 512 * 2 ** 20, 'more than V8 can hold in one string');
  assert.ok(run.longest <= 2 ** 20 + 8192 * 26, `longest piece ${run.longest}`);
  assert.match(head(out, 100), /^\{"cells":\[\{"index":0,"kind":"code","outputs":\[/);
  assert.match(tail(out, 40), /"error":null\}\]\}\n$/);
  rmSync(dir, { recursive: true });
});

test('--html of 30 cells each showing a 1×64×128×128 tensor is written, capped as the notebook caps it', async (t) => {
  const dir = scratchDir();
  writeFileSync(join(dir, 'maps.py'), Array.from({ length: 30 }, (_, i) => `# %%\nimport torch\ntorch.manual_seed(${i})\ntorch.randn(1, 64, 128, 128)\n`).join(''));
  const report = join(dir, 'maps.html');
  const run = await cliInChild(join(dir, 'stdout.txt'), 'run', join(dir, 'maps.py'), '--html', report);
  const size = statSync(report).size;
  t.diagnostic(`${(size / 2 ** 20).toFixed(0)} MB report, peak RSS ${run.maxRssMb.toFixed(0)} MB`);
  assert.equal(run.code, 0, run.err);
  assert.ok(size > 512 * 2 ** 20, 'more than V8 can hold in one string');
  assert.match(tail(report, 20), /<\/html>\n$/);
  // The cells' sections come before the outputs' data: one drawn output per cell.
  assert.equal(head(report, 8 * 2 ** 20).match(/<div class="output" id="output-\d+"><pre class="fallback">/g)?.length, 30);
  rmSync(dir, { recursive: true });
});

test('--md fences are longer than any run of backticks in the content', async () => {
  const dir = scratchDir();
  writeFileSync(join(dir, 'ticks.py'), '# %%\nprint("```\\n<script>alert(1)</script>")\n# %%\ns = "`````"\nprint(s)\n');
  const r = await cli('run', join(dir, 'ticks.py'), '--md');
  assert.equal(r.code, 0, r.err);
  // print's own newline ends each output.
  assert.ok(r.out.includes('````\n```\n<script>alert(1)</script>\n\n````'), r.out);
  assert.ok(r.out.includes('``````python\ns = "`````"\nprint(s)\n``````'), r.out);
  assert.ok(r.out.includes('``````\n`````\n\n``````'), r.out);
  assert.equal(fenced('no ticks'), '```\nno ticks\n```');
});

test('the HTML report allows its one inline script by hash: no unsafe-inline for scripts', async () => {
  const dir = scratchDir();
  writeFileSync(join(dir, 'nb.py'), '# %%\nimport torch\ntorch.ones(2, 2)\n');
  const report = join(dir, 'nb.html');
  assert.equal((await cli('run', join(dir, 'nb.py'), '--html', report)).code, 0);
  const html = readFileSync(report, 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
  const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'))!;
  assert.doesNotMatch(scriptSrc, /unsafe-inline|unsafe-eval/);
  const scripts = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.equal(scripts.length, 1);
  const hash = createHash('sha256').update(scripts[0]).digest('base64');
  assert.equal(scriptSrc, `script-src 'sha256-${hash}' blob:`);
});
