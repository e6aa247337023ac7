// Input-shape hints written as comments in Python code, so the editor knows what flows into a
// model: `# input: (1, 3, 224, 224)`, `# input shape: [1, 3, 224, 224]`, `# input: 1x3x224x224`.
// A hint belongs to the statement (or layer line) it sits on, or directly above.

import type { ScannedComment } from './python_scan';

const HINT = /^\s*input(?:[ _]?shape)?\s*[:=]\s*[([]?\s*(\d+(?:\s*(?:,|x|×|\*)\s*\d+)*)\s*,?\s*[)\]]?/i;

/** The shape in a hint comment's text (without its `#`), or null when the comment is not a hint. */
export function parseInputHint(commentText: string): number[] | null {
  const m = HINT.exec(commentText);
  if (!m) return null;
  const dims = m[1].split(/\s*(?:,|x|×|\*)\s*/).map(Number);
  if (dims.length < 2 || dims.some((d) => !Number.isSafeInteger(d) || d < 1)) return null;
  return dims;
}

export interface HintIndex {
  /** The hint on this 0-based line or on the comment-only lines directly above it. */
  at(line: number): { shape: number[]; line: number } | null;
}

export function indexHints(comments: readonly ScannedComment[]): HintIndex {
  const byLine = new Map<number, ScannedComment>();
  for (const c of comments) byLine.set(c.line, c);
  return {
    at(line: number) {
      const own = byLine.get(line);
      if (own) {
        const shape = parseInputHint(own.text);
        if (shape) return { shape, line };
      }
      for (let l = line - 1; l >= 0; l--) {
        const c = byLine.get(l);
        if (!c || !c.ownLine) break;
        const shape = parseInputHint(c.text);
        if (shape) return { shape, line: l };
      }
      return null;
    },
  };
}
