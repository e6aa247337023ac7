export declare const CODE_SERVER_VERSION: string;
export interface CodeServerPaths {
  cacheDir: string;
  dir: string;
  partial: string;
  lock: string;
  log: string;
  entry: string;
  marker: string;
}
export declare function codeServerPaths(cacheDir?: string): CodeServerPaths;
export interface EnsuredCodeServer {
  /** code-server's out/node/entry.js. */
  entry: string;
  dir: string;
  installedNow: boolean;
  /** Seconds the install took (0 when cached). */
  seconds: number;
}
export declare function ensureCodeServer(options?: { cacheDir?: string; log?: (message: string) => void; timeoutMs?: number }): Promise<EnsuredCodeServer>;
