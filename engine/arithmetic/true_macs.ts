// True multiply–accumulates of one layer call, bias apart: what summary totals. A conv computes
// every output value from (C_in/G)·∏k products; a transposed conv scatters every input value
// through ∏k taps into C_out/G channels; a linear layer does in·out per input row. Everything else
// (norms, activations, pooling, resampling, elementwise) counts 0. Library conventions differ and
// stay in library_counts.ts.

import type { LayerSpec } from '../layer';
import { numel } from '../tensor';
import { product } from './format';

export function trueMacs(spec: LayerSpec, inputShape: readonly number[], outputShape: readonly number[]): number {
  switch (spec.kind) {
    case 'conv':
    case 'deform_conv':
      return numel(outputShape) * (spec.inChannels / spec.groups) * product(spec.kernelSize);
    case 'conv_transpose':
      return numel(inputShape) * product(spec.kernelSize) * (spec.outChannels / spec.groups);
    case 'linear':
      return (numel(inputShape) / spec.inFeatures) * spec.inFeatures * spec.outFeatures;
    default:
      return 0;
  }
}
