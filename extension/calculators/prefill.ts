// The receptive-field calculator pre-filled from the layers selected in a .py file, read with the
// editor's layer extraction. No vscode import.

import type { CalculatorLayerRow, ReceptiveFieldPrefill } from '../../contract';
import { ConvbookError } from '../../engine/errors';
import { formatLayer } from '../../engine/arithmetic/layer_repr';
import { resolveWindow } from '../../engine/arithmetic/spec_shape';
import type { WindowSpec } from '../../engine/layer';
import type { LayerCall } from '../../lang/pyfile/python_layers';

const PASS_THROUGH = new Set(['batch_norm', 'relu', 'sigmoid', 'dropout', 'identity']);

/** Rows for the sliding-window layers among `calls` (in order), or null when there are none. */
export function receptiveFieldPrefill(calls: readonly LayerCall[]): ReceptiveFieldPrefill | null {
  const layers: CalculatorLayerRow[] = [];
  const source: string[] = [];
  const notes: string[] = [];
  let input: number[] | undefined;
  for (const call of calls) {
    const label = call.name ?? `${call.canonical} (line ${call.line})`;
    const spec = call.spec ?? call.geometry;
    if (!spec) {
      notes.push(`${label}: left out, its arguments are not all literals (${call.symbolic.join(', ')})`);
      continue;
    }
    if (PASS_THROUGH.has(spec.kind)) continue;
    if (spec.kind === 'conv_transpose') {
      notes.push(`${label}: a transposed convolution has no single receptive field; the stack stops before it`);
      break;
    }
    if (spec.kind !== 'conv' && spec.kind !== 'deform_conv' && spec.kind !== 'max_pool' && spec.kind !== 'avg_pool') {
      notes.push(`${label}: ${call.canonical} mixes all positions; the stack stops before it`);
      break;
    }
    let w;
    try {
      w = resolveWindow(spec as WindowSpec);
    } catch (e) {
      if (!(e instanceof ConvbookError)) throw e;
      notes.push(`${label}: left out, PyTorch rejects it: ${e.message}`);
      continue;
    }
    if (w.padBefore.some((p, a) => p !== w.padAfter[a])) notes.push(`${label}: padding='same' pads ${w.padAfter.join(', ')} after and ${w.padBefore.join(', ')} before; the row uses the padding before`);
    if (layers.length === 0 && call.inputSource === 'hint' && call.inputShape) input = call.inputShape;
    layers.push({ name: label, kind: spec.kind, kernel_size: w.kernel, stride: w.stride, padding: w.padBefore, dilation: w.dilation });
    source.push(call.spec ? formatLayer(call.spec) : call.text.replace(/\s+/g, ' '));
  }
  if (layers.length === 0) return null;
  return { layers, source: source.join('\n'), ...(input ? { input_size: input } : {}), notes };
}
