// The editor features' settings, read from the `convbook` configuration section.

import * as vscode from 'vscode';

export const SETTINGS = {
  defaultInputSize: 'defaultInputSize',
  inlayHints: 'inlayHints.enabled',
  diagnostics: 'diagnostics.enabled',
  trace: 'editor.trace',
  traceDelay: 'editor.traceDelayMs',
  traceTimeout: 'editor.traceTimeoutSeconds',
} as const;

export const DEFAULT_INPUT_SIZE = [1, 3, 224, 224];

function config(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('convbook', scope);
}

/** convbook.defaultInputSize, or (1, 3, 224, 224) when it is missing or not a list of positive ints. */
export function defaultInputSize(scope?: vscode.ConfigurationScope): number[] {
  const value = config(scope).get<unknown>(SETTINGS.defaultInputSize);
  if (Array.isArray(value) && value.length >= 2 && value.every((v) => Number.isSafeInteger(v) && (v as number) >= 1)) return value as number[];
  return DEFAULT_INPUT_SIZE;
}

export function inlayHintsEnabled(scope?: vscode.ConfigurationScope): boolean {
  return config(scope).get<boolean>(SETTINGS.inlayHints, true);
}

export function diagnosticsEnabled(scope?: vscode.ConfigurationScope): boolean {
  return config(scope).get<boolean>(SETTINGS.diagnostics, true);
}

/** Whether model files are traced (in trusted workspaces). */
export function traceEnabled(scope?: vscode.ConfigurationScope): boolean {
  return config(scope).get<boolean>(SETTINGS.trace, true);
}

function boundedNumber(key: string, fallback: number, min: number, max: number): number {
  const value = config().get<unknown>(key);
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}

/** How long after the last edit a model file is traced again. */
export function traceDelayMs(): number {
  return boundedNumber(SETTINGS.traceDelay, 500, 0, 10_000);
}

/** How long a trace may run before the kernel running it is restarted. */
export function traceTimeoutMs(): number {
  return boundedNumber(SETTINGS.traceTimeout, 30, 1, 600) * 1000;
}

export function affects(e: vscode.ConfigurationChangeEvent, setting: string): boolean {
  return e.affectsConfiguration(`convbook.${setting}`);
}
