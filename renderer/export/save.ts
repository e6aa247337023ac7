// Saving a file from a view. The default, a blob URL on an <a download>, serves browser pages (the
// CLI report, the calculator). Inside VS Code the renderer routes saves through the extension
// instead (export/hostSave.ts), which can answer where the file went.

/** What became of a save, when the route can tell: the path written, or a cancelled dialog. */
export interface SaveOutcome {
  path?: string;
  cancelled?: boolean;
}

export type SaveHandler = (blob: Blob, filename: string) => void | SaveOutcome | Promise<void | SaveOutcome>;

export const downloadBlob: SaveHandler = (blob, filename) => {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The click starts the download synchronously; revoke on the next turn so it has the URL.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

/** A file name from a title: letters, digits, dots, dashes; never empty. */
export function fileNameFor(title: string, extension: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'convbook'}.${extension}`;
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded as PNG'))), 'image/png');
  });
}

export function svgBlob(svg: string): Blob {
  return new Blob([svg], { type: 'image/svg+xml' });
}
