// Inlay shape hints after layer calls, `→ (1, 64, 112, 112)`, computed without vscode so tests can
// read them: where each goes and what it says.

import { textNumber } from '../../engine/arithmetic/format';
import type { LayerCall } from '../../lang/pyfile/python_layers';
import { shapeTuple } from './hover_text';

export interface InlayHintText {
  /** 0-based line and character, as vscode.Position takes them. */
  line: number;
  character: number;
  label: string;
  tooltip: string;
}

/** The label after a layer: its output shape. */
export function inlayLabel(call: LayerCall): string | null {
  return call.outputShape ? `→ ${shapeTuple(call.outputShape)}` : null;
}

/**
 * Hints for layers whose input is known from a `# input:` hint (directly or through the layers
 * before): inside an nn.Sequential, in an __init__ chain, or a hinted call of its own. Shapes built
 * on the assumed default size are left to the hover. A hint goes after the call, past a comma that
 * directly follows it.
 */
export function layerInlayHints(source: string, calls: readonly LayerCall[]): InlayHintText[] {
  const out: InlayHintText[] = [];
  for (const call of calls) {
    if (call.inputSource !== 'hint') continue;
    const label = inlayLabel(call);
    if (!label) continue;
    let end = call.endOffset;
    let character = call.endColumn - 1;
    if (source[end] === ',') {
      end++;
      character++;
    }
    const parts = [`${call.canonical}: ${shapeTuple(call.inputShape!)} → ${shapeTuple(call.outputShape!)}`];
    if (call.params) parts.push(`${textNumber(call.params.total)} params`);
    out.push({ line: call.endLine - 1, character, label, tooltip: parts.join(' · ') });
  }
  return out;
}
