// `npm start`: build, then open examples/ in VS Code with the extension loaded from this repo.
//
// - VS Code desktop on PATH (`code`): `code --extensionDevelopmentPath=<repo> examples/ examples/seed.convnb`.
// - Otherwise (or with CONVBOOK_START=server): install code-server once into .vscode-test/, serve
//   VS Code on http://127.0.0.1:8080 (PORT to choose; a free port when 8080 is taken) and print
//   the URL that opens examples/ with the extension under development. Missing Debian packages that
//   code-server builds with are installed first when running as root (scripts/system_packages.mjs). Ctrl-C stops the server
//   and everything it started. The browser profile lives in .vscode-test/start-profile/.
// `npm start -- --no-build` skips the build; CONVBOOK_START_PROFILE=<dir> uses another profile folder.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from './code-server/install.mjs';
import { ensureSystemPackages, packagesFor } from './system_packages.mjs';
import { freePort, makeProfile, portIsFree, startCodeServer } from './code-server/server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const examples = join(root, 'examples');
const seed = join(examples, 'seed.convnb');

function build() {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function desktopCode() {
  if (process.env.CONVBOOK_START === 'server') return undefined;
  const found = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
  return found || undefined;
}

async function choosePort() {
  if (process.env.PORT) {
    const port = Number(process.env.PORT);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT=${process.env.PORT} is not a port number`);
    if (!(await portIsFree(port))) throw new Error(`port ${port} (from PORT) is in use`);
    return port;
  }
  return (await portIsFree(8080)) ? 8080 : freePort();
}

async function serve() {
  const setup = ensureSystemPackages(packagesFor('start', { desktopCode: false }), { label: 'npm start' });
  if (!setup.ok) throw new Error(setup.message.replace(/^npm start: /, ''));
  const { entry } = await ensureCodeServer();
  const profileDir = process.env.CONVBOOK_START_PROFILE || join(root, '.vscode-test', 'start-profile');
  const profile = existsSync(join(profileDir, 'user-data', 'User', 'settings.json'))
    ? { dir: profileDir, userDataDir: join(profileDir, 'user-data'), extensionsDir: join(profileDir, 'extensions') }
    : makeProfile({ tmp: profileDir });
  const server = await startCodeServer({ entry, folder: examples, port: await choosePort(), profile });
  // Only the folder: a file opened from the URL is resolved before the extension has registered
  // the notebook type, so seed.convnb would open as JSON text.
  const url = server.workbenchUrl({ extensionDevelopmentPath: root });
  console.log(`\nconvbook: VS Code (code-server) is serving ${examples}`);
  console.log(`  open this URL (it loads the extension from ${root}):\n\n  ${url}\n`);
  console.log('  Open seed.convnb from the explorer to start. After `npm run build`, run "Developer: Reload Window" to pick up changes.');
  console.log('  Ctrl-C stops the server.');
  console.log(`  Server log: ${server.logFile}\n`);

  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    console.log('\nconvbook: stopping code-server');
    await server.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  process.on('SIGHUP', () => shutdown(0));
  // The server is detached (its own process group); notice when it dies on its own.
  const watch = setInterval(() => {
    if (server.exited && !stopping) {
      clearInterval(watch);
      console.error(`convbook: code-server exited (${server.exited.signal ?? server.exited.code}); see ${server.logFile}`);
      shutdown(1);
    }
  }, 1000);
}

if (!process.argv.includes('--no-build')) build();
const code = desktopCode();
if (code) {
  const args = [`--extensionDevelopmentPath=${root}`, examples];
  if (existsSync(seed)) args.push(seed);
  console.log(`convbook: ${code} ${args.join(' ')}`);
  const child = spawn(code, args, { stdio: 'inherit' });
  child.on('exit', (status) => process.exit(status ?? 0));
} else {
  serve().catch((err) => {
    console.error(`convbook: ${err.message}`);
    process.exit(1);
  });
}
