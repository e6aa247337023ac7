// Everything the arithmetic knows about one layer, in one payload: the constructor, the output
// shape with its per-axis formulas, parameters, operation counts and what the counting libraries
// report. Without an input shape only the shape-free parts (parameters, MACs per position) appear.

import type { FormulaPayload } from '../../contract';
import { ConvbookError } from '../errors';
import { isWindowSpec, type LayerSpec } from '../layer';
import { product, textNumber } from './format';
import { flopCount, macsPerOutputPosition, transposeLanding } from './flops';
import { formatLayer } from './layer_repr';
import { libraryCounts } from './library_counts';
import { outputSizeFormulas } from './output_formula';
import { paramCount } from './params';
import { outputShape, resolveWindow } from './spec_shape';

export { formatLayer } from './layer_repr';

function layerNotes(spec: LayerSpec, inputShape: readonly number[] | undefined): string[] {
  const notes: string[] = [];
  switch (spec.kind) {
    case 'conv': {
      const w = resolveWindow(spec);
      if (w.stride.some((s) => s > 1)) {
        notes.push('the reference post writes the strided size as ⌈(i − k + 2p + 1)/s⌉, which equals ⌊(i + 2p − k)/s⌋ + 1 whenever the window fits');
      }
      if (spec.padding === 'same' && w.padBefore.some((p, a) => p !== w.padAfter[a])) {
        notes.push("padding='same' with an even effective kernel pads one more cell after (bottom/right) than before");
      }
      if (spec.paddingMode !== 'zeros') notes.push(`padding_mode='${spec.paddingMode}' changes the padded values, not the sizes or the costs`);
      break;
    }
    case 'deform_conv': {
      const taps = product(resolveWindow(spec).kernel);
      notes.push(
        `the offsets come from a separate conv with 2·offset_groups·${taps} output channels (plus offset_groups·${taps} for a DCNv2 mask); its parameters and MACs are not included`,
        'offsets move where the kernel samples, never the output size; MACs count the conv on the sampled values, not the bilinear sampling',
      );
      break;
    }
    case 'conv_transpose': {
      const w = resolveWindow(spec);
      notes.push(`each input position costs C_in·C_out/G·∏k = ${textNumber(spec.inChannels * (spec.outChannels / spec.groups) * product(w.kernel))} MACs (the kernel is stamped onto the output)`);
      if (inputShape) {
        const { landing } = transposeLanding(spec, inputShape);
        const cropped = flopCount(spec, inputShape).multiplications - landing;
        if (cropped > 0) notes.push(`${textNumber(cropped)} of those products land in the cropped padding (padding=${w.padBefore.join(', ')}) and are discarded`);
      }
      break;
    }
    case 'batch_norm':
      notes.push('running_mean and running_var are buffers, not parameters; costs assume inference, where they fold into one scale and shift per channel');
      break;
    case 'dropout':
      notes.push('identity at inference; during training it zeroes values and rescales the rest');
      break;
    default:
      break;
  }
  return notes;
}

/** The formula payload for one layer; inputShape (whole tensor, batch first) enables sizes and costs. */
export function describeLayer(spec: LayerSpec, inputShape?: readonly number[]): FormulaPayload {
  const layer = formatLayer(spec, inputShape);
  const params = paramCount(spec);
  const payload: FormulaPayload = {
    title: layer.slice(0, layer.indexOf('(')),
    layer,
    params,
    notes: layerNotes(spec, undefined),
  };
  if (!inputShape) {
    const perPosition = macsPerOutputPosition(spec);
    if (perPosition !== undefined) payload.notes.push(`MACs per output position: ${textNumber(perPosition)}`);
    return payload;
  }
  payload.inputShape = [...inputShape];
  if (isWindowSpec(spec)) payload.outputSize = outputSizeFormulas(spec, inputShape);
  try {
    payload.outputShape = outputShape(spec, inputShape);
  } catch (e) {
    if (!(e instanceof ConvbookError)) throw e;
    payload.notes.push(`PyTorch raises ${e.pythonName}: ${e.message}`);
    return payload;
  }
  payload.flops = flopCount(spec, inputShape);
  payload.libraries = libraryCounts(spec, inputShape);
  payload.notes = layerNotes(spec, inputShape);
  if (payload.flops.macsPerOutputPosition !== undefined) {
    payload.notes.push(`MACs per output position: ${textNumber(payload.flops.macsPerOutputPosition)}`);
  }
  return payload;
}
