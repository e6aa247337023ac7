// The Node side of the import hook (convbook_imports.py): finds `a/b` as a.b's .py file, package
// folder (with or without __init__.py) beside the notebook, then in the workspace folder, and
// returns its bytes. Only files inside the workspace folder are ever read, after every symbolic
// link is followed; without a workspace folder nothing is. Module names are Python identifiers,
// checked here again so a crafted name cannot climb out with "..".

import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

export interface ModuleRoots {
  workspaceRoot?: string;
  notebookDir?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Folders searched in order: the notebook's own, then the workspace root. */
function searchFolders(roots: ModuleRoots): string[] {
  if (!roots.workspaceRoot) return [];
  const folders = roots.notebookDir ? [roots.notebookDir, roots.workspaceRoot] : [roots.workspaceRoot];
  return [...new Set(folders)];
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

function kindOf(path: string): 'file' | 'dir' | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : undefined;
  } catch {
    return undefined;
  }
}

export interface FoundModule {
  kind: 'module' | 'package' | 'dir';
  /** Path relative to the workspace root, with '/', as tracebacks show it. */
  shown: string;
  bytes: Uint8Array;
}

export function findModule(roots: ModuleRoots, modulePath: string): FoundModule | undefined {
  const parts = modulePath.split('/');
  if (!roots.workspaceRoot || !parts.every((p) => IDENTIFIER.test(p))) return undefined;
  let realRoot: string;
  try {
    realRoot = realpathSync(roots.workspaceRoot);
  } catch {
    return undefined;
  }
  for (const folder of searchFolders(roots)) {
    const base = join(folder, ...parts);
    const candidates: [FoundModule['kind'], string][] = [
      ['module', `${base}.py`],
      ['package', join(base, '__init__.py')],
      ['dir', base],
    ];
    for (const [kind, path] of candidates) {
      const found = kindOf(path);
      if (found !== (kind === 'dir' ? 'dir' : 'file')) continue;
      let real: string;
      try {
        real = realpathSync(path);
      } catch {
        continue;
      }
      if (!isInside(realRoot, real)) continue;
      const shown = relative(realRoot, real).split(sep).join('/');
      return { kind, shown, bytes: kind === 'dir' ? new Uint8Array(0) : readFileSync(real) };
    }
  }
  return undefined;
}

/** findModule's answer in the one-string form the Python side reads (no JS object crosses over). */
export function lookupForPython(roots: ModuleRoots, modulePath: string): string {
  const found = findModule(roots, modulePath);
  if (!found) return '';
  return `${found.kind}\n${found.shown}\n${Buffer.from(found.bytes).toString('latin1')}`;
}
