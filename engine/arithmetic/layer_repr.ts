// A layer description printed back as the PyTorch constructor that builds it. Conv layers follow
// PyTorch's own repr (tuples, stride always shown, other arguments only when not the default);
// pools and the rest use the shortest call that builds the same module.

import type { LayerSpec } from '../layer';

function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/** An int when every axis agrees, else a tuple: what a user would type for pools. */
function pyIntOrTuple(values: readonly (number | null)[]): string {
  const show = (v: number | null) => (v === null ? 'None' : String(v));
  if (values.length > 0 && values.every((v) => v === values[0])) return show(values[0]);
  return values.length === 1 ? `(${show(values[0])},)` : `(${values.map(show).join(', ')})`;
}

function expand(values: readonly number[], dims: number): number[] {
  return values.length === 1 && dims > 1 ? new Array<number>(dims).fill(values[0]) : [...values];
}

function allEqual(values: readonly number[], v: number): boolean {
  return values.every((x) => x === v);
}

/** BatchNorm's class depends on the input rank, which the layer description does not carry. */
function batchNormDims(inputShape?: readonly number[]): number {
  if (!inputShape) return 2;
  if (inputShape.length <= 3) return 1;
  return inputShape.length === 5 ? 3 : 2;
}

export function formatLayer(spec: LayerSpec, inputShape?: readonly number[]): string {
  switch (spec.kind) {
    case 'conv':
    case 'conv_transpose':
    case 'deform_conv': {
      const dims = spec.dims;
      const cls = spec.kind === 'conv' ? `nn.Conv${dims}d` : spec.kind === 'conv_transpose' ? `nn.ConvTranspose${dims}d` : 'torchvision.ops.DeformConv2d';
      const args = [`${spec.inChannels}`, `${spec.outChannels}`, `kernel_size=${pyTuple(expand(spec.kernelSize, dims))}`, `stride=${pyTuple(expand(spec.stride, dims))}`];
      if (typeof spec.padding === 'string') args.push(`padding='${spec.padding}'`);
      else if (!allEqual(spec.padding, 0)) args.push(`padding=${pyTuple(expand(spec.padding, dims))}`);
      if (spec.kind === 'conv_transpose' && !allEqual(spec.outputPadding, 0)) args.push(`output_padding=${pyTuple(expand(spec.outputPadding, dims))}`);
      if (!allEqual(spec.dilation, 1)) args.push(`dilation=${pyTuple(expand(spec.dilation, dims))}`);
      if (spec.groups !== 1) args.push(`groups=${spec.groups}`);
      if (!spec.bias) args.push('bias=False');
      if (spec.kind === 'conv' && spec.paddingMode !== 'zeros') args.push(`padding_mode='${spec.paddingMode}'`);
      return `${cls}(${args.join(', ')})`;
    }
    case 'max_pool':
    case 'avg_pool': {
      const dims = spec.dims;
      const kernel = expand(spec.kernelSize, dims);
      const cls = spec.kind === 'max_pool' ? `nn.MaxPool${dims}d` : `nn.AvgPool${dims}d`;
      const args = [`kernel_size=${pyIntOrTuple(kernel)}`];
      const stride = spec.stride.length === 0 ? kernel : expand(spec.stride, dims);
      // stride defaults to kernel_size, so it is shown only when it differs.
      if (stride.some((s, a) => s !== kernel[a])) args.push(`stride=${pyIntOrTuple(stride)}`);
      if (!allEqual(spec.padding, 0)) args.push(`padding=${pyIntOrTuple(expand(spec.padding, dims))}`);
      if (spec.kind === 'max_pool' && !allEqual(spec.dilation, 1)) args.push(`dilation=${pyIntOrTuple(expand(spec.dilation, dims))}`);
      if (spec.ceilMode) args.push('ceil_mode=True');
      if (spec.kind === 'avg_pool' && !spec.countIncludePad) args.push('count_include_pad=False');
      return `${cls}(${args.join(', ')})`;
    }
    case 'adaptive_avg_pool':
      return `nn.AdaptiveAvgPool${spec.dims}d(${pyIntOrTuple(spec.outputSize)})`;
    case 'batch_norm':
      return `nn.BatchNorm${batchNormDims(inputShape)}d(${spec.numFeatures}${spec.affine ? '' : ', affine=False'})`;
    case 'linear':
      return `nn.Linear(${spec.inFeatures}, ${spec.outFeatures}${spec.bias ? '' : ', bias=False'})`;
    case 'flatten':
      if (spec.endDim === -1) return spec.startDim === 1 ? 'nn.Flatten()' : `nn.Flatten(${spec.startDim})`;
      return `nn.Flatten(${spec.startDim}, ${spec.endDim})`;
    case 'relu':
      return 'nn.ReLU()';
    case 'sigmoid':
      return 'nn.Sigmoid()';
    case 'dropout':
      return 'nn.Dropout()';
    case 'identity':
      return 'nn.Identity()';
  }
}
