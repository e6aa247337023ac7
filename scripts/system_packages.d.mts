export declare const PURPOSE: Record<string, string>;
export declare function packagesFor(command: 'test' | 'start', options?: { suites?: string[]; desktopCode?: boolean }): string[];
export interface SetupPlan {
  action: 'none' | 'install' | 'instruct' | 'unchecked';
  packages: string[];
  command?: string;
  why?: string;
}
export declare function planSetup(state: { wanted: string[]; missing: string[]; isRoot: boolean; hasApt: boolean; hasDpkg: boolean }): SetupPlan;
export interface SystemAccess {
  isRoot(): boolean;
  hasApt(): boolean;
  hasDpkg(): boolean;
  installed(pkg: string): boolean;
  apt(args: string[]): boolean;
  aptLogTail?(): string;
  now(): number;
}
export declare const debianSystem: SystemAccess;
export declare function ensureSystemPackages(
  wanted: string[],
  options?: { system?: SystemAccess; log?: (message: string) => void; label?: string },
): { ok: true; installed: string[] } | { ok: false; message: string };
