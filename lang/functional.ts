// F.conv2d and the other functional ops as cell built-ins: bind PyTorch's arguments, read them
// with PyTorch's types, and hand over to the ops (which check, budget and annotate).

import type { SpatialDims } from '../engine/layer';
import { constantShiftOffsets, randomOffsets, rotationOffsets, scalingOffsets } from '../engine/deform_offsets';
import type { Tensor } from '../engine/tensor';
import { BoundCall } from './call_args';
import { runAdaptiveAvgPool2d, runAvgPool2d, runConv, runConvTranspose, runDeformConv, runMaxPool2d, runPad, runRelu, runSigmoid, type OpLabels } from './ops';
import { pyError, type Runtime } from './runtime';
import { SIGNATURES, type FunctionSignature } from './signatures';
import { BuiltinFunction, PyTuple, type CallArgs, type PyValue } from './values';

function labelsOf(runtime: Runtime, args: CallArgs, bound: BoundCall): OpLabels {
  return {
    title: runtime.sourceOf(args.node) || bound.sig.name,
    input: runtime.sourceOf(bound.nodeOf('input')) || 'input',
    weight: runtime.sourceOf(bound.nodeOf('weight')) || 'weight',
  };
}

function define(name: string, impl: (bound: BoundCall, args: CallArgs) => PyValue): BuiltinFunction {
  const sig: FunctionSignature = SIGNATURES[name];
  return new BuiltinFunction(name, (args) => impl(BoundCall.bind(sig, args), args), sig);
}

function listOfInts(value: PyValue, name: string, fn: string): number[] {
  if (!Array.isArray(value)) throw pyError('TypeError', `${fn}(): argument '${name}' must be tuple of ints, not ${value === null ? 'NoneType' : typeof value}`);
  return value.map((v, i) => {
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    throw pyError('TypeError', `${fn}(): argument '${name}' must be tuple of ints, but found element of type ${typeof v} at pos ${i}`);
  });
}

export function functionalBuiltins(runtime: Runtime): Record<string, BuiltinFunction> {
  const out: Record<string, BuiltinFunction> = {};
  for (const dims of [1, 2, 3] as SpatialDims[]) {
    out[`F.conv${dims}d`] = define(`F.conv${dims}d`, (b, args) =>
      runConv(runtime, {
        input: b.tensor('input'),
        weight: b.tensor('weight'),
        bias: b.optionalTensor('bias'),
        dims,
        options: { stride: b.ints('stride'), padding: b.intsOrString('padding') as number | number[] | 'same' | 'valid', dilation: b.ints('dilation'), groups: b.int('groups') },
        labels: labelsOf(runtime, args, b),
      }),
    );
    out[`F.conv_transpose${dims}d`] = define(`F.conv_transpose${dims}d`, (b, args) =>
      runConvTranspose(runtime, {
        input: b.tensor('input'),
        weight: b.tensor('weight'),
        bias: b.optionalTensor('bias'),
        dims,
        options: { stride: b.ints('stride'), padding: b.ints('padding'), outputPadding: b.ints('output_padding'), dilation: b.ints('dilation'), groups: b.int('groups') },
        labels: labelsOf(runtime, args, b),
      }),
    );
  }
  out.deform_conv2d = define('deform_conv2d', (b, args) =>
    runDeformConv(runtime, {
      input: b.tensor('input'),
      offset: b.tensor('offset'),
      weight: b.tensor('weight'),
      bias: b.optionalTensor('bias'),
      options: { stride: b.ints('stride'), padding: b.ints('padding'), dilation: b.ints('dilation'), mask: b.optionalTensor('mask') },
      labels: labelsOf(runtime, args, b),
    }),
  );
  out['F.max_pool2d'] = define('F.max_pool2d', (b, args) => {
    const stride = b.value('stride');
    const { output, indices } = runMaxPool2d(
      runtime,
      b.tensor('input'),
      { kernelSize: b.ints('kernel_size'), stride: stride === null ? null : b.ints('stride'), padding: b.ints('padding'), dilation: b.ints('dilation'), ceilMode: b.bool('ceil_mode') },
      labelsOf(runtime, args, b),
    );
    return b.bool('return_indices') ? PyTuple.from_([output, indices]) : output;
  });
  out['F.avg_pool2d'] = define('F.avg_pool2d', (b, args) => {
    const stride = b.value('stride');
    const divisor = b.value('divisor_override');
    return runAvgPool2d(
      runtime,
      b.tensor('input'),
      {
        kernelSize: b.ints('kernel_size'),
        stride: stride === null ? null : b.ints('stride'),
        padding: b.ints('padding'),
        ceilMode: b.bool('ceil_mode'),
        countIncludePad: b.bool('count_include_pad'),
        divisorOverride: divisor === null ? null : b.number('divisor_override'),
      },
      labelsOf(runtime, args, b),
    );
  });
  out['F.adaptive_avg_pool2d'] = define('F.adaptive_avg_pool2d', (b, args) => {
    const size = b.value('output_size');
    let outputSize: number | (number | null)[];
    if (typeof size === 'number') outputSize = size;
    else if (Array.isArray(size) && size.every((v) => v === null || typeof v === 'number')) outputSize = size as (number | null)[];
    else throw pyError('TypeError', "adaptive_avg_pool2d(): argument 'output_size' must be an int or a tuple of ints/None");
    return runAdaptiveAvgPool2d(runtime, b.tensor('input'), outputSize, labelsOf(runtime, args, b));
  });
  out['F.relu'] = define('F.relu', (b) => runRelu(runtime, b.tensor('input')));
  out['F.sigmoid'] = define('F.sigmoid', (b) => runSigmoid(runtime, b.tensor('input')));
  out['F.pad'] = define('F.pad', (b) => {
    const value = b.value('value');
    return runPad(runtime, b.tensor('input'), listOfInts(b.value('pad'), 'pad', 'pad'), b.str('mode'), value === null ? undefined : b.number('value'));
  });
  return out;
}

/** offsets.shift / rotation / scaling / random: demo offset tensors for deform_conv2d (convbook's own). */
export function offsetBuiltins(): Record<string, BuiltinFunction> {
  const intsOf = (b: BoundCall, name: string): number | number[] => b.ints(name);
  const defineOffsets = (name: string, make: (b: BoundCall) => Tensor): BuiltinFunction => define(name, (b) => make(b));
  return {
    shift: defineOffsets('offsets.shift', (b) => constantShiftOffsets(intsOf(b, 'kernel_size'), intsOf(b, 'output_size'), b.number('dy'), b.number('dx'), b.int('offset_groups'))),
    rotation: defineOffsets('offsets.rotation', (b) => rotationOffsets(intsOf(b, 'kernel_size'), intsOf(b, 'dilation'), intsOf(b, 'output_size'), b.number('angle'), b.int('offset_groups'))),
    scaling: defineOffsets('offsets.scaling', (b) => scalingOffsets(intsOf(b, 'kernel_size'), intsOf(b, 'dilation'), intsOf(b, 'output_size'), b.number('scale'), b.int('offset_groups'))),
    random: defineOffsets('offsets.random', (b) => randomOffsets(intsOf(b, 'kernel_size'), intsOf(b, 'output_size'), b.number('amplitude'), b.number('seed'), b.int('offset_groups'))),
  };
}
