// `npm run typecheck` (and the first step of `npm test`): one tsc run per platform, each with its
// own tsconfig.json, so code cannot lean on another platform's globals or modules:
//   tsconfig.json            everything, with Node, DOM and vscode types (tests, scripts, cli, kernel)
//   engine/tsconfig.json     the portable core (engine/, lang/, reader/, contract/): no DOM, no Node, no vscode
//   renderer/tsconfig.json   renderer/ and calculator/: the DOM, no Node, no vscode
//   extension/tsconfig.json  extension/: Node and vscode, no DOM
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PROJECTS = ['.', 'engine', 'renderer', 'extension'];

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs tsc on every project; the exit status of the first that fails, else 0. */
export function typecheck() {
  for (const project of PROJECTS) {
    const r = spawnSync('npx', ['tsc', '-p', project], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`type check failed: tsc -p ${project}`);
      return r.status ?? 1;
    }
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(typecheck());
