// The functions, constructors and methods the editor knows, with PyTorch's parameter names,
// positional order and defaults (the Python package implements the same signatures). One table
// serves the static checker, the .py reader and the editor (completions, signature help, hovers).

import { ConvbookError } from '../../engine/errors';

export type ParameterKind = 'positional' | 'var-positional' | 'keyword-only';

export interface ParameterSpec {
  name: string;
  /** 'positional' (positional-or-keyword) unless said otherwise. */
  kind?: ParameterKind;
  /** The default as Python source text ("1", "'zeros'", "None", "(1, 1)"); absent: required. */
  default?: string;
  /** One line on what the argument means. */
  doc?: string;
}

export type SignatureKind = 'function' | 'module' | 'method' | 'analysis';

export interface FunctionSignature {
  /** Canonical dotted name: 'nn.Conv2d', 'F.conv2d', 'torch.zeros', 'deform_conv2d', 'Tensor.size'. */
  name: string;
  kind: SignatureKind;
  params: ParameterSpec[];
  /** One-line description. */
  doc: string;
  /** True when the function is convbook's own (not in PyTorch). */
  convbook?: boolean;
}

// ───────────── shared parameter lists ─────────────

const SEED: ParameterSpec = {
  name: 'seed',
  kind: 'keyword-only',
  default: '0',
  doc: "convbook: seed of the reproducible random draw (PyTorch's global RNG is not modelled)",
};
const DEVICE: ParameterSpec = { name: 'device', default: 'None', doc: 'accepted and ignored: convbook computes on the CPU' };
const DTYPE: ParameterSpec = { name: 'dtype', default: 'None', doc: 'None or torch.float32: convbook computes in float32' };
const DTYPE_KW: ParameterSpec = { ...DTYPE, kind: 'keyword-only' };
const INPUT: ParameterSpec = { name: 'input', doc: 'input tensor' };

function convFunctional(dims: number): ParameterSpec[] {
  return [
    { name: 'input', doc: `input of shape (N, C_in, ${spatial(dims)}) or unbatched (C_in, ${spatial(dims)})` },
    { name: 'weight', doc: `filters of shape (C_out, C_in/groups, ${kernelAxes(dims)})` },
    { name: 'bias', default: 'None', doc: 'optional bias of shape (C_out,)' },
    { name: 'stride', default: '1', doc: 'step of the sliding window: an int or one per spatial axis' },
    { name: 'padding', default: '0', doc: "implicit zero padding on both sides: an int, one per axis, 'valid' or 'same'" },
    { name: 'dilation', default: '1', doc: 'spacing between kernel taps' },
    { name: 'groups', default: '1', doc: 'split input channels into this many groups (C_in must be divisible by it)' },
  ];
}

function convTransposeFunctional(dims: number): ParameterSpec[] {
  return [
    { name: 'input', doc: `input of shape (N, C_in, ${spatial(dims)})` },
    { name: 'weight', doc: `filters of shape (C_in, C_out/groups, ${kernelAxes(dims)})` },
    { name: 'bias', default: 'None', doc: 'optional bias of shape (C_out,)' },
    { name: 'stride', default: '1', doc: 'spacing of the stamped kernels in the output (zeros inserted between inputs)' },
    { name: 'padding', default: '0', doc: 'dilation·(kernel_size−1)−padding zeros are added to both sides of the input' },
    { name: 'output_padding', default: '0', doc: 'extra size added to one side of the output; must be smaller than stride or dilation' },
    { name: 'groups', default: '1', doc: 'split input channels into this many groups' },
    { name: 'dilation', default: '1', doc: 'spacing between kernel taps' },
  ];
}

function convModule(dims: number): ParameterSpec[] {
  return [
    { name: 'in_channels', doc: 'channels of the input' },
    { name: 'out_channels', doc: 'channels produced' },
    { name: 'kernel_size', doc: 'size of the kernel: an int or one per spatial axis' },
    { name: 'stride', default: '1', doc: 'step of the sliding window' },
    { name: 'padding', default: '0', doc: `padding added to all sides of the ${spatial(dims)} axes: an int, a tuple, 'valid' or 'same'` },
    { name: 'dilation', default: '1', doc: 'spacing between kernel taps' },
    { name: 'groups', default: '1', doc: 'blocked connections from input to output channels' },
    { name: 'bias', default: 'True', doc: 'add a learnable bias' },
    { name: 'padding_mode', default: "'zeros'", doc: "'zeros', 'reflect', 'replicate' or 'circular'" },
    DEVICE,
    DTYPE,
    SEED,
  ];
}

function convTransposeModule(): ParameterSpec[] {
  return [
    { name: 'in_channels', doc: 'channels of the input' },
    { name: 'out_channels', doc: 'channels produced' },
    { name: 'kernel_size', doc: 'size of the kernel' },
    { name: 'stride', default: '1', doc: 'spacing of the stamped kernels in the output' },
    { name: 'padding', default: '0', doc: 'dilation·(kernel_size−1)−padding zeros are added to both sides of the input' },
    { name: 'output_padding', default: '0', doc: 'extra size added to one side of the output' },
    { name: 'groups', default: '1', doc: 'blocked connections from input to output channels' },
    { name: 'bias', default: 'True', doc: 'add a learnable bias' },
    { name: 'dilation', default: '1', doc: 'spacing between kernel taps' },
    { name: 'padding_mode', default: "'zeros'", doc: "only 'zeros' is supported, as in PyTorch" },
    DEVICE,
    DTYPE,
    SEED,
  ];
}

function spatial(dims: number): string {
  return ['L', 'H, W', 'D, H, W'][dims - 1];
}

function kernelAxes(dims: number): string {
  return ['kL', 'kH, kW', 'kD, kH, kW'][dims - 1];
}

const SIZE: ParameterSpec = { name: 'size', kind: 'var-positional', doc: 'the shape: ints, or one tuple/list of ints' };

// ───────────── the table ─────────────

const TABLE: FunctionSignature[] = [
  // Tensors
  { name: 'torch.tensor', kind: 'function', doc: 'A tensor from (nested) lists of numbers. convbook tensors are always float32.', params: [{ name: 'data', doc: 'a number or nested lists of numbers' }, DTYPE_KW] },
  { name: 'torch.zeros', kind: 'function', doc: 'A tensor filled with 0.', params: [SIZE, DTYPE_KW] },
  { name: 'torch.ones', kind: 'function', doc: 'A tensor filled with 1.', params: [SIZE, DTYPE_KW] },
  { name: 'torch.full', kind: 'function', doc: 'A tensor filled with fill_value.', params: [{ name: 'size', doc: 'the shape' }, { name: 'fill_value', doc: 'the value' }, DTYPE_KW] },
  {
    name: 'torch.arange',
    kind: 'function',
    doc: 'Values start, start+step, ... below end: arange(end) or arange(start, end, step).',
    params: [{ name: 'start', doc: 'first value (or end when it is the only argument)' }, { name: 'end', default: 'None', doc: 'end, excluded' }, { name: 'step', default: '1', doc: 'spacing' }, DTYPE_KW],
  },
  { name: 'torch.rand', kind: 'function', doc: "Uniform random values in [0, 1) from the default generator: after torch.manual_seed, PyTorch's values.", params: [SIZE, { name: 'generator', default: 'None', kind: 'keyword-only', doc: 'accepted; convbook draws from the default generator' }, DTYPE_KW] },
  { name: 'torch.randn', kind: 'function', doc: "Standard normal random values from the default generator: after torch.manual_seed, PyTorch's values.", params: [SIZE, { name: 'generator', default: 'None', kind: 'keyword-only', doc: 'accepted; convbook draws from the default generator' }, DTYPE_KW] },
  {
    name: 'image',
    kind: 'function',
    convbook: true,
    doc: 'Reads a PNG or JPEG from the workspace as a (1, C, H, W) tensor with values in [0, 1].',
    params: [
      { name: 'path', doc: 'path relative to the notebook' },
      { name: 'size', default: 'None', doc: 'resize to size×size or (height, width)' },
      { name: 'gray', default: 'False', doc: 'convert to one gray channel' },
    ],
  },

  // Functional: convolutions
  { name: 'F.conv1d', kind: 'function', doc: '1-D convolution (cross-correlation) over (N, C, L).', params: convFunctional(1) },
  { name: 'F.conv2d', kind: 'function', doc: '2-D convolution (cross-correlation: the kernel is not flipped) over (N, C, H, W).', params: convFunctional(2) },
  { name: 'F.conv3d', kind: 'function', doc: '3-D convolution over (N, C, D, H, W).', params: convFunctional(3) },
  { name: 'F.conv_transpose1d', kind: 'function', doc: '1-D transposed convolution: each input stamps the kernel onto the output.', params: convTransposeFunctional(1) },
  { name: 'F.conv_transpose2d', kind: 'function', doc: '2-D transposed convolution ("deconvolution"): each input stamps the kernel onto the output.', params: convTransposeFunctional(2) },
  { name: 'F.conv_transpose3d', kind: 'function', doc: '3-D transposed convolution.', params: convTransposeFunctional(3) },
  {
    name: 'deform_conv2d',
    kind: 'function',
    doc: "torchvision.ops.deform_conv2d: 2-D convolution whose taps sample at learned fractional offsets (bilinear).",
    params: [
      { name: 'input', doc: 'input of shape (N, C_in, H, W)' },
      { name: 'offset', doc: 'offsets of shape (N, 2·offset_groups·kH·kW, H_out, W_out): (Δy, Δx) per tap' },
      { name: 'weight', doc: 'filters of shape (C_out, C_in/groups, kH, kW)' },
      { name: 'bias', default: 'None', doc: 'optional bias of shape (C_out,)' },
      { name: 'stride', default: '(1, 1)', doc: 'step of the sliding window' },
      { name: 'padding', default: '(0, 0)', doc: 'zero padding on both sides' },
      { name: 'dilation', default: '(1, 1)', doc: 'spacing between kernel taps' },
      { name: 'mask', default: 'None', doc: 'modulation of shape (N, offset_groups·kH·kW, H_out, W_out) (DCNv2)' },
    ],
  },

  // Functional: pooling, activations, padding
  {
    name: 'F.max_pool2d',
    kind: 'function',
    doc: 'Maximum over each window; padding counts as −∞.',
    params: [
      INPUT,
      { name: 'kernel_size', doc: 'window size' },
      { name: 'stride', default: 'None', doc: 'step; None means kernel_size' },
      { name: 'padding', default: '0', doc: 'implicit −∞ padding, at most half the kernel' },
      { name: 'dilation', default: '1', doc: 'spacing between window taps' },
      { name: 'ceil_mode', default: 'False', doc: 'round the output size up (a window starting in the right padding is dropped)' },
      { name: 'return_indices', default: 'False', doc: 'also return the flat index of each maximum' },
    ],
  },
  {
    name: 'F.avg_pool2d',
    kind: 'function',
    doc: 'Mean over each window.',
    params: [
      INPUT,
      { name: 'kernel_size', doc: 'window size' },
      { name: 'stride', default: 'None', doc: 'step; None means kernel_size' },
      { name: 'padding', default: '0', doc: 'implicit zero padding, at most half the kernel' },
      { name: 'ceil_mode', default: 'False', doc: 'round the output size up' },
      { name: 'count_include_pad', default: 'True', doc: 'count padded zeros in the divisor' },
      { name: 'divisor_override', default: 'None', doc: 'divide by this instead of the window size' },
    ],
  },
  { name: 'F.adaptive_avg_pool2d', kind: 'function', doc: 'Average pooling to a fixed output size (bins may overlap).', params: [INPUT, { name: 'output_size', doc: 'int or (H_out, W_out); None keeps the input size' }] },
  { name: 'F.relu', kind: 'function', doc: 'max(0, x), elementwise.', params: [INPUT, { name: 'inplace', default: 'False', doc: 'accepted; convbook never mutates tensors' }] },
  { name: 'F.sigmoid', kind: 'function', doc: '1 / (1 + e^−x), elementwise.', params: [INPUT] },
  {
    name: 'F.pad',
    kind: 'function',
    doc: 'Pads the last dimensions: pad = (left, right, top, bottom, ...) from the last dim backwards.',
    params: [
      INPUT,
      { name: 'pad', doc: 'pairs of (before, after) starting from the last dimension' },
      { name: 'mode', default: "'constant'", doc: "'constant', 'reflect', 'replicate' or 'circular'" },
      { name: 'value', default: 'None', doc: "fill value for 'constant' (default 0)" },
    ],
  },

  // Modules
  { name: 'nn.Conv1d', kind: 'module', doc: '1-D convolution layer with weight (C_out, C_in/groups, k) and bias, PyTorch-initialised.', params: convModule(1) },
  { name: 'nn.Conv2d', kind: 'module', doc: '2-D convolution layer with weight (C_out, C_in/groups, kH, kW) and bias, PyTorch-initialised.', params: convModule(2) },
  { name: 'nn.Conv3d', kind: 'module', doc: '3-D convolution layer, PyTorch-initialised.', params: convModule(3) },
  { name: 'nn.ConvTranspose1d', kind: 'module', doc: '1-D transposed convolution layer with weight (C_in, C_out/groups, k).', params: convTransposeModule() },
  { name: 'nn.ConvTranspose2d', kind: 'module', doc: '2-D transposed convolution layer with weight (C_in, C_out/groups, kH, kW).', params: convTransposeModule() },
  { name: 'nn.ConvTranspose3d', kind: 'module', doc: '3-D transposed convolution layer.', params: convTransposeModule() },
  {
    name: 'DeformConv2d',
    kind: 'module',
    doc: 'torchvision.ops.DeformConv2d: called as layer(input, offset, mask=None).',
    params: [
      { name: 'in_channels', doc: 'channels of the input' },
      { name: 'out_channels', doc: 'channels produced' },
      { name: 'kernel_size', doc: 'size of the kernel' },
      { name: 'stride', default: '1', doc: 'step of the sliding window' },
      { name: 'padding', default: '0', doc: 'zero padding on both sides' },
      { name: 'dilation', default: '1', doc: 'spacing between kernel taps' },
      { name: 'groups', default: '1', doc: 'blocked connections from input to output channels' },
      { name: 'bias', default: 'True', doc: 'add a learnable bias' },
      SEED,
    ],
  },
  {
    name: 'nn.MaxPool2d',
    kind: 'module',
    doc: 'Max pooling layer.',
    params: [
      { name: 'kernel_size', doc: 'window size' },
      { name: 'stride', default: 'None', doc: 'step; None means kernel_size' },
      { name: 'padding', default: '0', doc: 'implicit −∞ padding' },
      { name: 'dilation', default: '1', doc: 'spacing between window taps' },
      { name: 'return_indices', default: 'False', doc: 'also return the indices of the maxima' },
      { name: 'ceil_mode', default: 'False', doc: 'round the output size up' },
    ],
  },
  {
    name: 'nn.AvgPool2d',
    kind: 'module',
    doc: 'Average pooling layer.',
    params: [
      { name: 'kernel_size', doc: 'window size' },
      { name: 'stride', default: 'None', doc: 'step; None means kernel_size' },
      { name: 'padding', default: '0', doc: 'implicit zero padding' },
      { name: 'ceil_mode', default: 'False', doc: 'round the output size up' },
      { name: 'count_include_pad', default: 'True', doc: 'count padded zeros in the divisor' },
      { name: 'divisor_override', default: 'None', doc: 'divide by this instead of the window size' },
    ],
  },
  { name: 'nn.AdaptiveAvgPool2d', kind: 'module', doc: 'Average pooling to a fixed output size.', params: [{ name: 'output_size', doc: 'int or (H_out, W_out); None keeps that axis' }] },
  {
    name: 'nn.BatchNorm2d',
    kind: 'module',
    doc: 'Batch normalisation in eval mode: running_mean 0, running_var 1, weight 1, bias 0 (a fresh layer), so y = x / √(1 + eps).',
    params: [
      { name: 'num_features', doc: 'channels C of the (N, C, H, W) input' },
      { name: 'eps', default: '1e-05', doc: 'added to the variance' },
      { name: 'momentum', default: '0.1', doc: 'accepted; running statistics are not updated (eval mode)' },
      { name: 'affine', default: 'True', doc: 'learnable weight and bias (2·C parameters)' },
      { name: 'track_running_stats', default: 'True', doc: 'accepted; eval mode always uses the running statistics' },
      DEVICE,
      DTYPE,
    ],
  },
  { name: 'nn.ReLU', kind: 'module', doc: 'max(0, x).', params: [{ name: 'inplace', default: 'False', doc: 'accepted; convbook never mutates tensors' }] },
  { name: 'nn.Sigmoid', kind: 'module', doc: '1 / (1 + e^−x).', params: [] },
  { name: 'nn.Identity', kind: 'module', doc: 'Returns its input.', params: [] },
  { name: 'nn.Flatten', kind: 'module', doc: 'Flattens dims start_dim..end_dim into one.', params: [{ name: 'start_dim', default: '1', doc: 'first dim to flatten' }, { name: 'end_dim', default: '-1', doc: 'last dim to flatten' }] },
  {
    name: 'nn.Linear',
    kind: 'module',
    doc: 'y = x·Wᵀ + b over the last dimension, PyTorch-initialised.',
    params: [{ name: 'in_features', doc: 'size of the last input dim' }, { name: 'out_features', doc: 'size of the last output dim' }, { name: 'bias', default: 'True', doc: 'add a learnable bias' }, DEVICE, DTYPE, SEED],
  },
  { name: 'nn.Dropout', kind: 'module', doc: 'Identity in eval mode (convbook never trains).', params: [{ name: 'p', default: '0.5', doc: 'drop probability, in [0, 1]' }, { name: 'inplace', default: 'False', doc: 'accepted; ignored' }] },
  { name: 'nn.Sequential', kind: 'module', doc: 'Runs its layers in order.', params: [{ name: 'args', kind: 'var-positional', doc: 'the layers' }] },

  // Calling modules
  { name: 'nn.ConvTranspose1d.forward', kind: 'method', doc: 'Applies the layer; output_size picks among the valid sizes.', params: [INPUT, { name: 'output_size', default: 'None', doc: 'desired output size (spatial dims, or the full shape)' }] },
  { name: 'nn.ConvTranspose2d.forward', kind: 'method', doc: 'Applies the layer; output_size picks among the valid sizes.', params: [INPUT, { name: 'output_size', default: 'None', doc: 'desired output size (spatial dims, or the full shape)' }] },
  { name: 'nn.ConvTranspose3d.forward', kind: 'method', doc: 'Applies the layer; output_size picks among the valid sizes.', params: [INPUT, { name: 'output_size', default: 'None', doc: 'desired output size (spatial dims, or the full shape)' }] },
  { name: 'DeformConv2d.forward', kind: 'method', doc: 'Applies the layer at the given offsets.', params: [INPUT, { name: 'offset', doc: 'offsets (N, 2·offset_groups·kH·kW, H_out, W_out)' }, { name: 'mask', default: 'None', doc: 'optional modulation' }] },
  { name: 'Module.forward', kind: 'method', doc: 'Applies the layer to a tensor.', params: [INPUT] },

  // Tensor methods
  { name: 'Tensor.size', kind: 'method', doc: 'The shape, or its length along dim.', params: [{ name: 'dim', default: 'None', doc: 'one dimension' }] },
  { name: 'Tensor.dim', kind: 'method', doc: 'Number of dimensions.', params: [] },
  { name: 'Tensor.numel', kind: 'method', doc: 'Number of elements.', params: [] },
  { name: 'Tensor.sum', kind: 'method', doc: 'Sum of all elements (a 0-d tensor).', params: [] },
  { name: 'Tensor.mean', kind: 'method', doc: 'Mean of all elements (a 0-d tensor).', params: [] },
  { name: 'Tensor.max', kind: 'method', doc: 'Largest element (a 0-d tensor).', params: [] },
  { name: 'Tensor.min', kind: 'method', doc: 'Smallest element (a 0-d tensor).', params: [] },
  { name: 'Tensor.item', kind: 'method', doc: 'The value of a one-element tensor as a Python number.', params: [] },
  { name: 'Tensor.tolist', kind: 'method', doc: 'Nested lists of the values.', params: [] },
  { name: 'Tensor.flatten', kind: 'method', doc: 'Flattens dims start_dim..end_dim into one.', params: [{ name: 'start_dim', default: '0', doc: 'first dim' }, { name: 'end_dim', default: '-1', doc: 'last dim' }] },
  { name: 'Tensor.reshape', kind: 'method', doc: 'Same values, new shape (one dim may be -1).', params: [{ name: 'shape', kind: 'var-positional', doc: 'ints or one tuple' }] },
  { name: 'Tensor.view', kind: 'method', doc: 'Same values, new shape (one dim may be -1).', params: [{ name: 'shape', kind: 'var-positional', doc: 'ints or one tuple' }] },
  { name: 'Tensor.unsqueeze', kind: 'method', doc: 'Inserts a size-1 dim.', params: [{ name: 'dim', doc: 'where' }] },
  { name: 'Tensor.squeeze', kind: 'method', doc: 'Removes size-1 dims (or only dim).', params: [{ name: 'dim', default: 'None', doc: 'only this dim' }] },

  // Analysis
  {
    name: 'summary',
    kind: 'analysis',
    convbook: true,
    doc: 'Layer-by-layer output shapes, parameters, MACs and receptive fields, like torchinfo.summary.',
    params: [{ name: 'model', doc: 'a layer or nn.Sequential' }, { name: 'input_size', doc: 'input shape, e.g. (1, 3, 224, 224)' }],
  },
  {
    name: 'receptive_field',
    kind: 'analysis',
    convbook: true,
    doc: 'Receptive field, effective stride and padding of a stack, with the layer-by-layer recursion.',
    params: [{ name: 'model', doc: 'a layer or nn.Sequential' }, { name: 'input_size', default: 'None', doc: 'optional input shape, to probe which input span one output sees' }, { name: 'output_index', default: 'None', doc: 'output position to probe (per spatial axis)' }],
  },
  {
    name: 'cost',
    kind: 'analysis',
    convbook: true,
    doc: 'Output-size formulas, parameter count and FLOPs/MACs of a layer, with what common libraries report.',
    params: [{ name: 'layer', doc: 'a layer' }, { name: 'input_size', default: 'None', doc: 'input shape, needed for output sizes and FLOPs' }],
  },
  {
    name: 'sweep',
    kind: 'analysis',
    convbook: true,
    doc: 'Animates the sliding window: sweep(layer, input_size=...) for geometry only, or sweep(y) for a result of conv/pool/transposed conv with its data.',
    params: [
      { name: 'target', doc: 'a layer, or a tensor computed by a conv/pool/transposed-conv call' },
      { name: 'input_size', default: 'None', doc: 'input shape (for a layer)' },
      { name: 'channel', default: '0', doc: 'output channel to draw' },
      { name: 'batch', default: '0', doc: 'batch element to draw' },
    ],
  },
  {
    name: 'compare',
    kind: 'analysis',
    convbook: true,
    doc: 'Parameters and FLOPs of two layers or stacks side by side, e.g. dense vs depthwise-separable.',
    params: [{ name: 'a', doc: 'first layer or nn.Sequential' }, { name: 'b', doc: 'second layer or nn.Sequential' }, { name: 'input_size', doc: 'input shape' }],
  },
  // Demo offsets for deformable convolution (convbook's own)
  {
    name: 'offsets.shift',
    kind: 'function',
    convbook: true,
    doc: 'Offsets moving every tap by the same (dy, dx): deform_conv2d then equals a conv on a shifted input.',
    params: [
      { name: 'kernel_size', doc: 'kernel size of the deformable conv' },
      { name: 'output_size', doc: 'output (H_out, W_out) of the deformable conv' },
      { name: 'dy', doc: 'vertical shift in input cells' },
      { name: 'dx', doc: 'horizontal shift in input cells' },
      { name: 'offset_groups', default: '1', doc: 'offset groups' },
    ],
  },
  {
    name: 'offsets.rotation',
    kind: 'function',
    convbook: true,
    doc: 'Offsets that rotate the sampling grid about the kernel centre (clockwise on screen for a positive angle).',
    params: [
      { name: 'kernel_size', doc: 'kernel size' },
      { name: 'output_size', doc: 'output (H_out, W_out)' },
      { name: 'angle', doc: 'degrees' },
      { name: 'dilation', default: '1', doc: 'dilation of the conv' },
      { name: 'offset_groups', default: '1', doc: 'offset groups' },
    ],
  },
  {
    name: 'offsets.scaling',
    kind: 'function',
    convbook: true,
    doc: 'Offsets that scale the sampling grid about the kernel centre (scale 2 acts like dilation 2).',
    params: [
      { name: 'kernel_size', doc: 'kernel size' },
      { name: 'output_size', doc: 'output (H_out, W_out)' },
      { name: 'scale', doc: 'grid scale factor' },
      { name: 'dilation', default: '1', doc: 'dilation of the conv' },
      { name: 'offset_groups', default: '1', doc: 'offset groups' },
    ],
  },
  {
    name: 'offsets.random',
    kind: 'function',
    convbook: true,
    doc: 'Independent uniform offsets in [−amplitude, amplitude) per tap and position, reproducible through seed.',
    params: [
      { name: 'kernel_size', doc: 'kernel size' },
      { name: 'output_size', doc: 'output (H_out, W_out)' },
      { name: 'amplitude', doc: 'largest offset' },
      { name: 'seed', default: '0', doc: 'random seed' },
      { name: 'offset_groups', default: '1', doc: 'offset groups' },
    ],
  },
  { name: 'nn.Parameter', kind: 'function', doc: 'Marks a tensor as a parameter; in convbook it returns the tensor (for layer.weight = nn.Parameter(...)).', params: [{ name: 'data', doc: 'the tensor' }, { name: 'requires_grad', default: 'True', doc: 'accepted; convbook has no autograd' }] },

  // Python built-ins
  { name: 'len', kind: 'function', doc: 'Number of items (a tensor: its first dimension).', params: [{ name: 'obj', doc: 'a list, tuple, string, tensor or nn.Sequential' }] },
  { name: 'range', kind: 'function', doc: 'The ints start, start+step, ... below stop, as a list.', params: [{ name: 'start', doc: 'first value (or stop when alone)' }, { name: 'stop', default: 'None', doc: 'end, excluded' }, { name: 'step', default: '1', doc: 'spacing' }] },
  { name: 'list', kind: 'function', doc: 'A list of the items.', params: [{ name: 'iterable', default: '()', doc: 'items' }] },
  { name: 'tuple', kind: 'function', doc: 'A tuple of the items.', params: [{ name: 'iterable', default: '()', doc: 'items' }] },
  { name: 'int', kind: 'function', doc: 'Converts to an int (truncating).', params: [{ name: 'x', default: '0', doc: 'a number, string or one-element tensor' }] },
  { name: 'float', kind: 'function', doc: 'Converts to a float.', params: [{ name: 'x', default: '0.0', doc: 'a number, string or one-element tensor' }] },
  { name: 'abs', kind: 'function', doc: 'Absolute value.', params: [{ name: 'x', doc: 'a number or tensor' }] },
  { name: 'round', kind: 'function', doc: "Rounds half to even, as Python's round.", params: [{ name: 'number', doc: 'a number' }, { name: 'ndigits', default: 'None', doc: 'decimal digits' }] },
  { name: 'min', kind: 'function', doc: 'Smallest of the arguments (or of one iterable).', params: [{ name: 'args', kind: 'var-positional', doc: 'numbers, or one list' }] },
  { name: 'max', kind: 'function', doc: 'Largest of the arguments (or of one iterable).', params: [{ name: 'args', kind: 'var-positional', doc: 'numbers, or one list' }] },
  { name: 'print', kind: 'function', doc: 'Writes values as text.', params: [{ name: 'values', kind: 'var-positional', doc: 'what to print' }] },
];

export const SIGNATURES: Record<string, FunctionSignature> = Object.fromEntries(TABLE.map((sig) => [sig.name, sig]));

/** Other spellings of the same callables, as cells and .py files write them. */
export const SIGNATURE_ALIASES: Record<string, string> = {
  tensor: 'torch.tensor',
  zeros: 'torch.zeros',
  ones: 'torch.ones',
  full: 'torch.full',
  arange: 'torch.arange',
  rand: 'torch.rand',
  randn: 'torch.randn',
  'torch.conv1d': 'F.conv1d',
  'torch.conv2d': 'F.conv2d',
  'torch.conv3d': 'F.conv3d',
  'torch.conv_transpose1d': 'F.conv_transpose1d',
  'torch.conv_transpose2d': 'F.conv_transpose2d',
  'torch.conv_transpose3d': 'F.conv_transpose3d',
  'torch.max_pool2d': 'F.max_pool2d',
  'torch.avg_pool2d': 'F.avg_pool2d',
  'torch.relu': 'F.relu',
  'torch.sigmoid': 'F.sigmoid',
  'ops.deform_conv2d': 'deform_conv2d',
  'ops.DeformConv2d': 'DeformConv2d',
  'torchvision.ops.deform_conv2d': 'deform_conv2d',
  'torchvision.ops.DeformConv2d': 'DeformConv2d',
};

/** Resolves a dotted name as written ('torch.nn.Conv2d', 'ops.DeformConv2d', 'tensor') to the canonical key, or null. */
export function canonicalName(name: string): string | null {
  const spaced = name.replace(/\s+/g, '');
  const candidates = [spaced, spaced.replace(/^torch\.nn\.functional\./, 'F.'), spaced.replace(/^torch\.nn\./, 'nn.')];
  for (const candidate of candidates) {
    if (SIGNATURES[candidate]) return candidate;
    if (SIGNATURE_ALIASES[candidate]) return SIGNATURE_ALIASES[candidate];
  }
  return null;
}

export function lookupSignature(name: string): FunctionSignature | null {
  const key = canonicalName(name);
  return key ? SIGNATURES[key] : null;
}

/** The name Python would show in a TypeError: 'conv2d()', 'Conv2d.__init__()'. */
export function pythonCallName(sig: FunctionSignature): string {
  const parts = sig.name.split('.');
  if (sig.kind === 'module') return `${parts[parts.length - 1]}.__init__()`;
  if (sig.kind === 'method') return `${parts.slice(-2).join('.')}()`;
  return `${parts[parts.length - 1]}()`;
}

/** `conv2d(input, weight, bias=None, stride=1, ...)`: the signature as Python's help() shows it. */
export function formatSignature(sig: FunctionSignature): string {
  const parts: string[] = [];
  let starShown = false;
  for (const p of sig.params) {
    if (p.kind === 'var-positional') {
      parts.push(`*${p.name}`);
      starShown = true;
    } else if (p.kind === 'keyword-only' && !starShown) {
      parts.push('*');
      starShown = true;
      parts.push(p.default === undefined ? p.name : `${p.name}=${p.default}`);
    } else {
      parts.push(p.default === undefined ? p.name : `${p.name}=${p.default}`);
    }
  }
  return `${sig.name}(${parts.join(', ')})`;
}

// ───────────── binding ─────────────

/** A TypeError from binding, knowing which argument it is about so the caret can point at it. */
export class ArgumentError extends ConvbookError {
  constructor(
    message: string,
    argument: string | undefined,
    /** Index of the offending positional argument, when the error is about one. */
    readonly positionalIndex?: number,
    /** Name of the offending keyword as written, when the error is about one. */
    readonly keyword?: string,
  ) {
    super('TypeError', message, argument);
  }
}

export interface BoundArguments<T> {
  /** Parameters that were given, by name. Absent ones take their default. */
  given: Map<string, T>;
  /** Values collected by the var-positional parameter (e.g. the dims of torch.zeros(2, 3)). */
  rest: T[];
}

/**
 * Binds call arguments to parameters the way Python does, raising Python's TypeErrors for
 * unexpected keywords, repeated values, too many positionals and missing required parameters.
 */
export function bindArguments<T>(sig: FunctionSignature, positional: readonly T[], keywords: Readonly<Record<string, T>> | ReadonlyArray<readonly [string, T]>): BoundArguments<T> {
  const fn = pythonCallName(sig);
  const given = new Map<string, T>();
  const rest: T[] = [];
  const positionalParams = sig.params.filter((p) => (p.kind ?? 'positional') === 'positional');
  const varPositional = sig.params.find((p) => p.kind === 'var-positional');

  positional.forEach((value, index) => {
    if (index < positionalParams.length) given.set(positionalParams[index].name, value);
    else if (varPositional) rest.push(value);
    else {
      const required = positionalParams.filter((p) => p.default === undefined).length;
      const range = required === positionalParams.length ? `${required}` : `from ${required} to ${positionalParams.length}`;
      const plural = positionalParams.length === 1 && required === 1 ? 'argument' : 'arguments';
      throw new ArgumentError(`${fn} takes ${range} positional ${plural} but ${positional.length} were given`, undefined, index);
    }
  });

  const entries = Array.isArray(keywords) ? (keywords as ReadonlyArray<readonly [string, T]>) : Object.entries(keywords as Record<string, T>);
  for (const [name, value] of entries) {
    const param = sig.params.find((p) => p.name === name && p.kind !== 'var-positional');
    if (!param) {
      const suggestion = closestName(name, sig.params.filter((p) => p.kind !== 'var-positional').map((p) => p.name));
      const hint = suggestion ? `. Did you mean '${suggestion}'?` : '';
      throw new ArgumentError(`${fn} got an unexpected keyword argument '${name}'${hint}`, name, undefined, name);
    }
    if (given.has(name)) throw new ArgumentError(`${fn} got multiple values for argument '${name}'`, name, undefined, name);
    given.set(name, value);
  }

  const missing = sig.params.filter((p) => p.default === undefined && p.kind !== 'var-positional' && !given.has(p.name));
  if (missing.length) {
    const kind = missing.every((p) => p.kind === 'keyword-only') ? 'keyword-only' : 'positional';
    const names = missing.map((p) => `'${p.name}'`);
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    throw new ArgumentError(`${fn} missing ${missing.length} required ${kind} argument${missing.length > 1 ? 's' : ''}: ${list}`, missing[0].name);
  }
  return { given, rest };
}

/** The parameter a misspelt keyword most likely meant: within edit distance 2, or a prefix of it ('kernel' → 'kernel_size'). */
export function closestName(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best || name.length < 4) return best;
  return candidates.find((c) => c.toLowerCase().startsWith(name.toLowerCase())) ?? null;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
