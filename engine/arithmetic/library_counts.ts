// What the popular PyTorch counters report for one layer, next to the reference count, so a reader
// can see why the same network is "4.1 GFLOPs" in one paper and "8.2" in another. Each rule below
// models one function of one library release (named in the comments); values are for the whole
// input tensor, batch included, as each library's hook sees it.

import type { LibraryCount } from '../../contract';
import type { LayerSpec } from '../layer';
import { numel } from '../tensor';
import { textNumber, product } from './format';
import { flopCount } from './flops';
import { paramCount } from './params';
import { outputShape, resolveWindow } from './spec_shape';

interface Shapes {
  input: number[];
  output: number[];
  /** Set when an unbatched window-layer input was counted as a batch of one. */
  unbatched: boolean;
}

/** The libraries' hooks always see batched tensors; an unbatched input is counted as a batch of 1. */
function shapesFor(spec: LayerSpec, inputShape: readonly number[]): Shapes {
  const output = outputShape(spec, inputShape);
  const windowLike = 'dims' in spec && spec.kind !== 'adaptive_avg_pool';
  const adaptive = spec.kind === 'adaptive_avg_pool';
  if ((windowLike || adaptive) && inputShape.length === (spec as { dims: number }).dims + 1) {
    return { input: [1, ...inputShape], output: [1, ...output], unbatched: true };
  }
  return { input: [...inputShape], output, unbatched: false };
}

function spatial(shape: number[]): number[] {
  return shape.slice(2);
}

function differs(value: number, reference: number): string {
  if (value === reference) return 'same as the reference';
  const diff = value - reference;
  return `${diff > 0 ? '+' : '−'}${textNumber(Math.abs(diff))} vs the reference`;
}

/** The reference count: MACs for layers that multiply, comparisons or additions for the others. */
function referenceEntry(spec: LayerSpec, inputShape: readonly number[]): LibraryCount {
  const f = flopCount(spec, inputShape);
  if (f.macs > 0) {
    const how: Partial<Record<LayerSpec['kind'], string>> = {
      conv: 'C_in/G·∏k products per output value',
      deform_conv: 'C_in/G·∏k products per output value, on the sampled values',
      conv_transpose: 'C_in·C_out/G·∏k products per input position (every product the scatter computes)',
      linear: 'in_features products per output value',
      batch_norm: 'one multiply-add per value (inference)',
    };
    return { library: 'reference', value: f.macs, label: 'MACs (multiplications)', note: `${how[spec.kind] ?? 'multiplications'}; bias additions counted apart` };
  }
  if (f.comparisons) return { library: 'reference', value: f.comparisons, label: 'comparisons', note: 'no multiplications; comparisons per window (∏k − 1) or per value (ReLU)' };
  if (f.additions) return { library: 'reference', value: f.additions, label: 'additions', note: `no multiplications; additions per window, plus ${textNumber(f.divisions ?? 0)} divisions` };
  return { library: 'reference', value: 0, label: 'MACs', note: 'no arithmetic counted for this layer' };
}

/**
 * torchinfo 1.8.0, LayerInfo.calculate_macs: for every parameter named weight or bias, a class whose
 * name contains "Conv" adds numel(param) · prod(output_size[:1] + output_size[2:]); any other class
 * adds output_size[0] · numel(param). Layers without parameters add nothing.
 */
function torchinfo(spec: LayerSpec, s: Shapes): LibraryCount {
  const params = paramCount(spec);
  const label = 'Mult-Adds';
  switch (spec.kind) {
    case 'conv':
    case 'conv_transpose':
    case 'deform_conv': {
      const value = params.total * s.output[0] * product(spatial(s.output));
      const where = spec.kind === 'conv_transpose' ? ', on the output grid (overcounts a strided transposed conv)' : '';
      return { library: 'torchinfo', value, label, note: `(weights + bias) × N × output positions${where}; the bias adds ${spec.bias ? 'one MAC per output value' : 'nothing here'}` };
    }
    case 'linear': {
      const value = s.output[0] * params.total;
      const rank = s.input.length > 2 ? '; torchinfo after 1.8.0 multiplies by every leading axis instead of output_size[0] only' : '';
      return { library: 'torchinfo', value, label, note: `output_size[0] × (weights + bias)${rank}` };
    }
    case 'batch_norm':
      return {
        library: 'torchinfo',
        value: s.output[0] * params.total,
        label,
        note: 'output_size[0] × (γ + β): its parameter rule, not a per-value cost',
      };
    default:
      return { library: 'torchinfo', value: 0, label, note: 'layers without parameters count 0' };
  }
}

/**
 * ptflops 0.7.5, pytorch backend (get_model_complexity_info's default backend): the module hooks in
 * pytorch_ops.py. conv_flops_counter_hook: ∏k · C_in · C_out/G per active position, where active
 * positions are N·∏out for Conv and N·∏in for ConvTranspose (since 0.7.5; earlier releases used the
 * output grid), plus N·C_out·∏out when there is a bias. deformable_conv_flops_counter_hook adds 24
 * per tap and position for sampling. pool_flops_counter_hook: numel(input); bn_flops_counter_hook:
 * numel(input), doubled with affine; relu_flops_counter_hook: numel(output);
 * linear_flops_counter_hook: (in·out + out) per row. compute_average_flops_cost divides the module
 * counts by the batch size (it reports per image, and get_model_complexity_info runs a batch of 1).
 */
function ptflops(spec: LayerSpec, s: Shapes): LibraryCount {
  const whole = ptflopsWholeBatch(spec, s);
  const batch = s.input[0];
  if (batch <= 1) return whole;
  return { ...whole, value: whole.value / batch, note: `${whole.note}; per image (the batch of ${batch} is divided out)` };
}

function ptflopsWholeBatch(spec: LayerSpec, s: Shapes): LibraryCount {
  const label = 'MACs per image (reported as "Mac")';
  const functional = '; the functional patch (count_functional=True) counts the F.* call inside the module again in the model total';
  switch (spec.kind) {
    case 'conv':
    case 'conv_transpose':
    case 'deform_conv': {
      const w = resolveWindow(spec);
      const batch = s.input[0];
      const extra = spec.kind === 'deform_conv' ? 24 : 0;
      const perPosition = product(w.kernel) * (spec.inChannels * (spec.outChannels / spec.groups) + extra);
      const grid = spec.kind === 'conv_transpose' ? spatial(s.input) : spatial(s.output);
      const bias = spec.bias ? batch * product(s.output.slice(1)) : 0;
      const value = perPosition * batch * product(grid) + bias;
      const parts = [
        spec.kind === 'conv_transpose' ? 'counted on the input grid' : 'counted on the output grid',
        spec.bias ? 'includes one addition per output value for the bias' : 'no bias',
      ];
      if (spec.kind === 'deform_conv') parts.push('adds 24 per tap and position for bilinear sampling (25 when the mask is passed positionally)');
      return { library: 'ptflops', value, label, note: parts.join('; ') };
    }
    case 'max_pool':
    case 'avg_pool':
    case 'adaptive_avg_pool':
      return { library: 'ptflops', value: numel(s.input), label, note: `numel(input), whatever the window${functional}` };
    case 'batch_norm':
      return { library: 'ptflops', value: numel(s.input) * (spec.affine ? 2 : 1), label, note: `numel(input)${spec.affine ? ' × 2 (affine)' : ''}` };
    case 'relu':
      return { library: 'ptflops', value: numel(s.output), label, note: `numel(output)${functional}` };
    case 'linear': {
      const rows = numel(s.input.slice(0, -1));
      return { library: 'ptflops', value: (spec.inFeatures * spec.outFeatures + (spec.bias ? spec.outFeatures : 0)) * rows, label, note: 'in·out per row, plus out per row for the bias' };
    }
    default:
      return { library: 'ptflops', value: 0, label, note: 'not in MODULES_MAPPING: counted as 0' };
  }
}

/**
 * fvcore (FlopCountAnalysis, fvcore/nn/jit_handles.py): conv_flop_jit → conv_flop_count,
 * N · prod(weight.shape) · prod(spatial), on the output grid for Conv and on the input grid for
 * transposed conv, bias ignored; linear_flop_jit: numel(input) · out_features; batchnorm_flop_jit:
 * numel(input) × 2 with affine (× 1 without) in eval mode, × 5 (4) in training mode;
 * adaptive_avg_pool2d: numel(input). Ops without a handle (pools, ReLU, deform_conv2d) count 0.
 */
function fvcore(spec: LayerSpec, s: Shapes): LibraryCount {
  const label = 'flops (one fused multiply-add = one flop)';
  switch (spec.kind) {
    case 'conv':
    case 'conv_transpose': {
      const weightNumel = paramCount(spec).weights;
      const grid = spec.kind === 'conv_transpose' ? spatial(s.input) : spatial(s.output);
      return {
        library: 'fvcore',
        value: s.input[0] * weightNumel * product(grid),
        label,
        note: `${spec.kind === 'conv_transpose' ? 'input grid × all weights' : 'multiplications only'}; bias ignored`,
      };
    }
    case 'deform_conv':
      return { library: 'fvcore', value: 0, label, note: 'torchvision::deform_conv2d has no handle: skipped (0) with an "unsupported operator" warning' };
    case 'linear':
      return { library: 'fvcore', value: numel(s.input) * spec.outFeatures, label, note: 'numel(input)·out_features; bias ignored' };
    case 'batch_norm':
      return {
        library: 'fvcore',
        value: numel(s.input) * (spec.affine ? 2 : 1),
        label,
        note: `eval mode: numel(input) × ${spec.affine ? 2 : 1}; a module left in training mode counts × ${spec.affine ? 5 : 4}`,
      };
    case 'adaptive_avg_pool':
      if (spec.dims === 2) return { library: 'fvcore', value: numel(s.input), label, note: 'numel(input) (aten::adaptive_avg_pool2d handle)' };
      return { library: 'fvcore', value: 0, label, note: `aten::adaptive_avg_pool${spec.dims}d has no default handle: skipped (0)` };
    default:
      return { library: 'fvcore', value: 0, label, note: 'no default handle for this op: skipped or ignored (0)' };
  }
}

/**
 * thop 0.1.1 (pytorch-OpCounter, thop/vision/basic_hooks.py): count_convNd → calculate_conv2d_flops,
 * numel(output) · (C_in/G) · ∏k for Conv and ConvTranspose alike, no bias (thop ≤ 0.0.31 added one
 * per output value when the layer had a bias); count_normalization: 2·numel(input), doubled again
 * with affine; count_linear: in_features · numel(output); count_avgpool: numel(output);
 * count_adap_avgpool: (∏(in/out) + 1) · numel(output); ReLU, MaxPool and Dropout are zero_ops;
 * unregistered modules (DeformConv2d, Flatten, Sigmoid, Identity) count 0.
 */
function thop(spec: LayerSpec, s: Shapes): LibraryCount {
  const label = 'MACs (returned as "macs")';
  switch (spec.kind) {
    case 'conv':
    case 'conv_transpose': {
      const w = resolveWindow(spec);
      const value = numel(s.output) * Math.floor(s.input[1] / spec.groups) * product(w.kernel);
      const where = spec.kind === 'conv_transpose' ? '; on the output grid, so a strided transposed conv counts its zero-stuffed taps' : '';
      return { library: 'thop', value, label, note: `numel(output)·(C_in/G)·∏k, bias ignored${where}` };
    }
    case 'batch_norm':
      return { library: 'thop', value: 2 * numel(s.input) * (spec.affine ? 2 : 1), label, note: `2·numel(input)${spec.affine ? ' × 2 (affine)' : ''}` };
    case 'linear':
      return { library: 'thop', value: spec.inFeatures * numel(s.output), label, note: 'in_features·numel(output); bias ignored' };
    case 'avg_pool':
      return { library: 'thop', value: numel(s.output), label, note: 'numel(output): one op per output value' };
    case 'adaptive_avg_pool': {
      const inSpatial = spatial(s.input);
      const outSpatial = spatial(s.output);
      // torch.prod over the float64 ratios, then int() truncates, as calculate_adaptive_avg does.
      let kernel = 1;
      for (let a = 0; a < inSpatial.length; a++) kernel *= inSpatial[a] / outSpatial[a];
      return { library: 'thop', value: Math.trunc((kernel + 1) * numel(s.output)), label, note: '(∏ in/out + 1) · numel(output), truncated to an integer' };
    }
    case 'max_pool':
    case 'relu':
    case 'dropout':
      return { library: 'thop', value: 0, label, note: 'registered as zero_ops' };
    default:
      return { library: 'thop', value: 0, label, note: 'no hook registered for this module: counted as 0' };
  }
}

/** torchinfo's Mult-Adds for one layer (the summary's MACs column). */
export function torchinfoMacs(spec: LayerSpec, inputShape: readonly number[]): number {
  return torchinfo(spec, shapesFor(spec, inputShape)).value;
}

/** The reference count and what torchinfo, ptflops, fvcore and thop report for the same layer. */
export function libraryCounts(spec: LayerSpec, inputShape: readonly number[]): LibraryCount[] {
  const shapes = shapesFor(spec, inputShape);
  const reference = referenceEntry(spec, shapes.input);
  const entries = [torchinfo(spec, shapes), ptflops(spec, shapes), fvcore(spec, shapes), thop(spec, shapes)];
  const suffix = shapes.unbatched ? '; the unbatched input is counted as a batch of 1' : '';
  return [
    reference,
    ...entries.map((e) => {
      // ptflops reports per image; compare its whole-batch equivalent.
      const comparable = e.library === 'ptflops' ? e.value * Math.max(shapes.input[0], 1) : e.value;
      return { ...e, note: `${e.note}${suffix} (${differs(comparable, reference.value)})` };
    }),
  ];
}
