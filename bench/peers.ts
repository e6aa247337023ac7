// The benchmark's peers (TensorFlow.js, ONNX Runtime) live in bench/package.json, not in the
// product's dependencies: onnxruntime-node's install script reaches outside npm, and a benchmark
// peer must never be able to break `npm ci`. scripts/bench_peers.mjs installs them on first use;
// a peer that is still missing is reported, and the benchmark measures what it has.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const benchRequire = createRequire(join(import.meta.dirname, 'package.json'));

/** Why a peer cannot be loaded, said so that the reader knows how to get it. */
export class PeerMissing extends Error {}

/**
 * Loads a peer package from bench/node_modules. Its types are the caller's: the peers may be
 * absent, so the project type-checks without them.
 */
export async function loadPeer<T>(name: string): Promise<T> {
  let path: string;
  try {
    path = benchRequire.resolve(name);
  } catch {
    throw new PeerMissing(`${name} is not installed; run \`npm --prefix bench ci\` (or \`npm run bench\`, which tries it first)`);
  }
  return (await import(path)) as T;
}
