// package.json's contributions agree with the code: the renderer's MIME types with the contract,
// the settings' defaults with the kernel's, every command the extension registers is declared,
// and the grammar's includes all resolve and its patterns compile.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_KERNEL_SETTINGS, NOTEBOOK_TYPE, LANGUAGE_ID, RENDERER_ID, RENDERER_MIME_TYPES } from '../../../contract';
import { DEFAULT_MEMORY_LIMIT_MB, LIMITS, readKernelConfig } from '../../../extension/kernel_settings';

const root = new URL('../../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const contributes = manifest.contributes;

describe('package.json contributions', () => {
  it('declares the notebook type, the cell language and the renderer for every convbook MIME type', () => {
    assert.deepEqual(contributes.notebooks.map((n: { type: string }) => n.type), [NOTEBOOK_TYPE]);
    assert.equal(contributes.notebooks[0].selector[0].filenamePattern, '*.convnb');
    assert.ok(contributes.languages.some((l: { id: string }) => l.id === LANGUAGE_ID));
    const renderer = contributes.notebookRenderer.find((r: { id: string }) => r.id === RENDERER_ID);
    assert.deepEqual([...renderer.mimeTypes].sort(), [...RENDERER_MIME_TYPES].sort());
    assert.equal(renderer.entrypoint, './dist/renderer.js');
  });

  it('declares every command extension.ts registers, and activates on them', () => {
    const source = readFileSync(new URL('extension/extension.ts', root), 'utf8');
    const registered = [...source.matchAll(/(\w+): '(convbook\.[\w.]+)'/g)].map((m) => m[2]);
    assert.ok(registered.includes('convbook.restartKernel') && registered.includes('convbook.newNotebook'));
    const declared = contributes.commands.map((c: { command: string }) => c.command);
    for (const id of registered) {
      assert.ok(declared.includes(id), `${id} is not in contributes.commands`);
      assert.ok(manifest.activationEvents.includes(`onCommand:${id}`), `${id} does not activate the extension`);
    }
    assert.ok(manifest.activationEvents.includes(`onNotebook:${NOTEBOOK_TYPE}`));
    assert.ok(contributes.menus['notebook/toolbar'].some((m: { command: string }) => m.command === 'convbook.restartKernel'));
  });

  it('gives the settings the defaults the kernel falls back to', () => {
    const props = contributes.configuration.properties;
    const fromManifest = readKernelConfig((key) => props[`convbook.${key}`]?.default, {});
    assert.deepEqual(fromManifest.settings, readKernelConfig(() => undefined, {}).settings);
    assert.equal(fromManifest.settings.elementBudget, DEFAULT_KERNEL_SETTINGS.elementBudget);
    assert.equal(fromManifest.settings.maxDisplayPlanes, DEFAULT_KERNEL_SETTINGS.maxDisplayPlanes);
    assert.equal(fromManifest.settings.maxDisplayValues, DEFAULT_KERNEL_SETTINGS.maxDisplayValues);
    assert.equal(fromManifest.memoryLimitMb, DEFAULT_MEMORY_LIMIT_MB);
    assert.equal(props['convbook.notebook.keepOutputs'].default, false);
    assert.equal(props['convbook.display.maxChannels'].maximum, LIMITS.maxChannels);
    assert.equal(props['convbook.display.maxValuesPerPlane'].maximum, LIMITS.maxValuesPerPlane);
    assert.equal(props['convbook.kernel.memoryLimitMb'].minimum, LIMITS.minMemoryLimitMb);
    for (const [key, spec] of Object.entries<{ markdownDescription?: string; description?: string }>(props)) {
      if (!key.startsWith('convbook.notebook.') && !key.startsWith('convbook.kernel.') && !key.startsWith('convbook.display.')) continue;
      assert.ok((spec.markdownDescription ?? spec.description ?? '').length > 20, `${key} needs a description`);
    }
  });

  it('has a grammar whose includes resolve and whose patterns compile', () => {
    const grammarEntry = contributes.grammars.find((g: { language: string }) => g.language === LANGUAGE_ID);
    const grammar = JSON.parse(readFileSync(new URL(grammarEntry.path, root), 'utf8'));
    assert.equal(grammar.scopeName, grammarEntry.scopeName);
    const includes = new Set<string>();
    let patterns = 0;
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const rec = node as Record<string, unknown>;
      if (typeof rec.include === 'string' && rec.include.startsWith('#')) includes.add(rec.include.slice(1));
      for (const key of ['match', 'begin', 'end']) {
        if (typeof rec[key] === 'string') {
          // Oniguruma's inline (?i:...) group has no JS spelling; the rest of the syntax used here is shared.
          assert.doesNotThrow(() => new RegExp((rec[key] as string).replace(/\(\?i:/g, '(?:')), `${key}: ${rec[key]}`);
          patterns++;
        }
      }
      Object.values(rec).forEach(walk);
    };
    walk(grammar);
    for (const name of includes) assert.ok(grammar.repository[name], `#${name} is not in the repository`);
    assert.ok(patterns > 20);
  });

  it('reads bad settings as defaults and says which were ignored', () => {
    const config = readKernelConfig((key) => ({ 'kernel.elementBudget': -5, 'display.maxChannels': 2.5, 'display.maxValuesPerPlane': 1e9, 'kernel.memoryLimitMb': 512 })[key], { workspaceRoot: '/w' });
    assert.equal(config.settings.elementBudget, DEFAULT_KERNEL_SETTINGS.elementBudget);
    assert.equal(config.settings.maxDisplayPlanes, DEFAULT_KERNEL_SETTINGS.maxDisplayPlanes);
    assert.equal(config.memoryLimitMb, 512);
    assert.equal(config.settings.workspaceRoot, '/w');
    assert.equal(config.settings.maxDisplayValues, DEFAULT_KERNEL_SETTINGS.maxDisplayValues);
    assert.equal(config.ignored.length, 3);
  });
});
