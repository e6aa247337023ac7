// Builds a worker entry the way scripts/build.mjs does (esbuild, node, cjs) into a temp folder, so
// the worker tests always run the current sources and never a stale dist/.
import * as esbuild from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'convbook-worker-'));
const built = new Map<string, Promise<string>>();

export function bundleWorker(entry: string): Promise<string> {
  let promise = built.get(entry);
  if (!promise) {
    const outfile = join(outDir, entry.replace(/[\\/]/g, '_').replace(/\.ts$/, '.js'));
    promise = esbuild
      .build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', absWorkingDir: root, logLevel: 'error' })
      .then(() => outfile);
    built.set(entry, promise);
  }
  return promise;
}
