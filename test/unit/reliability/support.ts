// Shared by the reliability tests: run cells in a fresh child process and read back what each did
// and how much memory the process used, and snapshot files to prove nothing changed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../cli/main';
import { bundleWorker } from '../kernel/bundle';

export interface CellResult {
  error: { name: string; message: string; line?: number } | null;
  ms: number;
  rssMb: number;
}

export interface ProbeRun {
  results: CellResult[];
  /** Peak resident set of the child, in MB (getrusage). */
  maxRssMb: number;
  /** Wall time of the whole child, start-up included. */
  wallMs: number;
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'convbook-reliability-'));
}

/** Runs `cells` in one session in a child process; the child is killed after `timeoutMs`. */
export function runInChild(cells: string[], settings: object = {}, timeoutMs = 60_000): ProbeRun {
  const input = join(scratchDir(), 'cells.json');
  writeFileSync(input, JSON.stringify({ cells, settings }));
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'probes', 'session_probe.ts'), input], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 2 ** 20 });
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`probe failed (status ${r.status}, signal ${r.signal}): ${r.stderr.slice(-2000)}`);
  return { ...(JSON.parse(r.stdout) as Omit<ProbeRun, 'wallMs'>), wallMs };
}

/** Every file under `dir` with its bytes and mtime, to compare before and after. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    const stat = statSync(path);
    out[name] = stat.isDirectory() ? 'dir' : `${stat.mtimeMs}:${readFileSync(path).toString('base64')}`;
  }
  return out;
}

const workerPath = bundleWorker('kernel/worker.ts');

/** The CLI in this process, with the kernel worker built from the current sources. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), workerPath: await workerPath });
  return { code, out, err };
}
