export interface ZipEntry {
  name: string;
  /** Uncompressed size in bytes. */
  size: number;
  read(): Buffer;
}
export declare function packageVsix(outFile?: string): string;
export declare function zipEntries(file: string): ZipEntry[];
export declare function checkVsix(vsixFile: string, repo?: string): {
  problems: string[];
  entries: ZipEntry[];
  manifest?: Record<string, unknown>;
  totalBytes?: number;
  vsixBytes?: number;
};
