export interface Profile {
  dir: string;
  userDataDir: string;
  extensionsDir: string;
}
export interface RunningCodeServer {
  url: string;
  port: number;
  host: string;
  pid: number;
  profile: Profile;
  logFile: string;
  readonly exited: { code: number | null; signal: string | null } | null;
  workbenchUrl(options?: { folder?: string; extensionDevelopmentPath?: string; extensionTestsPath?: string; openFile?: string }): string;
  stop(): Promise<void>;
}
export declare function freePort(): Promise<number>;
export declare function portIsFree(port: number): Promise<boolean>;
export declare function makeProfile(options?: { settings?: Record<string, unknown>; tmp?: string }): Profile;
export declare function installExtension(entry: string, profile: Profile, vsixPath: string): string;
export declare function startCodeServer(options: {
  entry: string;
  folder?: string;
  port?: number;
  profile?: Profile;
  env?: Record<string, string>;
  host?: string;
  startTimeoutMs?: number;
  extraArgs?: string[];
}): Promise<RunningCodeServer>;
export declare function removeProfile(profile: Profile): void;
