// A torchinfo-style table for a flat stack of layers: output shape, parameters and MACs per row,
// plus the receptive field and effective stride reached so far (while the stack is still a chain of
// sliding windows). MACs follow torchinfo's convention so the totals can be checked against it.

import type { SummaryPayload, SummaryRow } from '../../contract';
import { ConvbookError } from '../errors';
import type { LayerSpec } from '../layer';
import { textNumber } from './format';
import { flopCount } from './flops';
import { formatLayer } from './layer_repr';
import { torchinfoMacs } from './library_counts';
import { paramCount } from './params';
import { receptiveField } from './receptive_field';
import { outputShape } from './spec_shape';

const SPATIAL_CHAIN_ENDS = new Set<LayerSpec['kind']>(['conv_transpose', 'adaptive_avg_pool', 'linear', 'flatten']);

export function summarize(layers: { name: string; spec: LayerSpec }[], inputShape: readonly number[]): SummaryPayload {
  const rows: SummaryRow[] = [];
  let shape = [...inputShape];
  let referenceMacs = 0;
  // The receptive field is defined while every layer so far is a window or shape-preserving layer,
  // over the spatial axes of the first window layer (the input may be unbatched: one axis fewer).
  const firstWindow = layers.find(({ spec }) => 'dims' in spec);
  const spatialDims = firstWindow && 'dims' in firstWindow.spec ? firstWindow.spec.dims : inputShape.length - 2;
  let chainOpen = spatialDims >= 1 && spatialDims <= 3 && inputShape.length >= spatialDims + 1;
  const chain: LayerSpec[] = [];
  for (const { name, spec } of layers) {
    const layerInput = shape;
    try {
      shape = outputShape(spec, layerInput);
    } catch (e) {
      if (e instanceof ConvbookError) throw new ConvbookError(e.pythonName, `${name}: ${e.message}`, e.argument);
      throw e;
    }
    if (SPATIAL_CHAIN_ENDS.has(spec.kind)) chainOpen = false;
    let rf: number[] | null = null;
    let stride: number[] | null = null;
    if (chainOpen) {
      chain.push(spec);
      const field = receptiveField(chain, { inputSize: layerInput.slice(layerInput.length - spatialDims).map(() => 1) });
      rf = field.receptive_field;
      stride = field.effective_stride;
    }
    const macs = torchinfoMacs(spec, layerInput);
    referenceMacs += flopCount(spec, layerInput).macs;
    rows.push({
      name,
      layer: formatLayer(spec, layerInput),
      depth: 1,
      output_shape: shape,
      params: paramCount(spec).total,
      macs,
      receptive_field: rf,
      effective_stride: stride,
    });
  }
  const totalMacs = rows.reduce((s, r) => s + r.macs, 0);
  return {
    title: 'Layer summary',
    input_shape: [...inputShape],
    layers: rows,
    total_params: rows.reduce((s, r) => s + r.params, 0),
    total_macs: totalMacs,
    notes: [
      'MACs follow torchinfo 1.8.0 (LayerInfo.calculate_macs): conv layers count (weights + bias) × batch × output positions, other layers with parameters count output_size[0] × their parameters, and layers without parameters count 0',
      `the reference convention (multiplications only, no bias, BatchNorm as one multiply-add per value) gives ${textNumber(referenceMacs)} MACs for the same stack`,
      'receptive field and effective stride are shown while the stack is still a chain of sliding windows; transposed convs, adaptive pooling, Flatten and Linear end it',
    ],
  };
}
