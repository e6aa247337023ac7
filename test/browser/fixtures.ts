// Payloads for the browser tests, built from PyTorch's reference results
// (test/fixtures/golden) and from the engine's own shape rules, never typed in by hand where a
// real result exists.

import type { DeformPayload, SweepPayload, TensorPayload, TensorPlane, WindowConfig } from '../../contract';
import { convOutputLength, convTransposeOutputLength, perAxis, poolOutputLength, samePadding } from '../../engine/shapes';
import { goldenCase, type GoldenCase, type GoldenTensor } from '../unit/support/golden';
import type { ComparisonPayload, FormulaPayload, ReceptiveFieldPayload, SummaryPayload } from '../../contract';
import { describeLayer } from '../../engine/arithmetic/describe';
import { receptiveField } from '../../engine/arithmetic/receptive_field';
import { separableComparison } from '../../engine/arithmetic/separable';
import { summarize } from '../../engine/arithmetic/summary';
import { layerSpecFromCall } from '../../lang/layer_from_call';
import { Session } from '../../lang/session';
import { DEFAULT_KERNEL_SETTINGS, MIME } from '../../contract';

export type { GoldenCase, GoldenTensor };
export const golden = goldenCase;

/** The 5×5 example from the reference post; PyTorch's conv2d gives [[12,12,17],[10,17,19],[9,6,14]]. */
export const BLOG = golden('conv', 'seed example: 5x5 input, 3x3 kernel');

/** Plane (n, c) of an N,C,H,W tensor, row-major. */
export function plane(t: GoldenTensor, n: number, c: number): number[] {
  const [, C, H, W] = t.shape;
  const start = (n * C + c) * H * W;
  return t.data.slice(start, start + H * W);
}

export function tensorPayload(name: string, t: GoldenTensor, notes: string[] = []): TensorPayload {
  const [N, C, H, W] = t.shape.length === 4 ? t.shape : [1, 1, t.shape.at(-2) ?? 1, t.shape.at(-1) ?? 1];
  const planes: TensorPlane[] = [];
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) planes.push({ index: [n, c], height: H, width: W, data: plane({ shape: [N, C, H, W], data: t.data }, n, c) });
  return { name, shape: t.shape, planes, downsample: 1, planesTotal: planes.length, min: Math.min(...t.data), max: Math.max(...t.data), notes };
}

/** A deterministic feature map (smooth waves, both signs) for the paint-time measurement. */
export function featureMap(channels: number, size: number): TensorPayload {
  const planes: TensorPlane[] = [];
  let min = Infinity;
  let max = -Infinity;
  for (let c = 0; c < channels; c++) {
    const data = new Array<number>(size * size);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const v = Math.sin((x + c) / 7) * Math.cos((y - 2 * c) / 9) * (1 + c / channels);
        data[y * size + x] = Math.fround(v);
        if (v < min) min = v;
        if (v > max) max = v;
      }
    planes.push({ index: [0, c], height: size, width: size, data });
  }
  return { name: 'features', shape: [1, channels, size, size], planes, downsample: 1, planesTotal: channels, min, max, notes: [] };
}

// ───────────── sweep payloads from golden cases ─────────────


function spatial(t: GoldenTensor): number[] {
  return t.shape.slice(2);
}

/** Plane of a tensor selected by leading indices (any rank), row-major. */
export function planeAt(t: GoldenTensor, lead: number[]): number[] {
  const spatialSize = t.shape.slice(lead.length).reduce((a, b) => a * b, 1);
  let offset = 0;
  for (let i = 0; i < lead.length; i++) offset = offset * t.shape[i] + lead[i];
  return t.data.slice(offset * spatialSize, (offset + 1) * spatialSize);
}

export function convSweep(c: GoldenCase, outChannel = 0): SweepPayload {
  const size = spatial(c.input);
  const dims = size.length;
  const weight = c.weight!;
  const k = weight.shape.slice(2);
  const stride = perAxis(c.params.stride as number | number[], dims);
  const dilation = perAxis(c.params.dilation as number | number[], dims);
  let padBefore: number[];
  let padAfter: number[];
  if (c.params.padding === 'same') {
    const same = k.map((kk, a) => samePadding(kk, dilation[a]));
    padBefore = same.map((s) => s.before);
    padAfter = same.map((s) => s.after);
  } else if (c.params.padding === 'valid') {
    padBefore = padAfter = new Array(dims).fill(0);
  } else {
    padBefore = padAfter = perAxis(c.params.padding as number | number[], dims);
  }
  const outputSize = size.map((s, a) => convOutputLength(s, k[a], stride[a], padBefore[a], padAfter[a], dilation[a]));
  const config: WindowConfig = {
    kind: 'conv',
    inputSize: size,
    kernelSize: k,
    stride,
    dilation,
    padBefore,
    padAfter,
    outputPadding: new Array(dims).fill(0),
    paddingMode: (c.params.padding_mode as WindowConfig['paddingMode']) ?? 'zeros',
    ceilMode: false,
    countIncludePad: true,
    outputSize,
  };
  const groups = (c.params.groups as number) ?? 1;
  const cinPerGroup = weight.shape[1];
  const coutPerGroup = weight.shape[0] / groups;
  const group = Math.floor(outChannel / coutPerGroup);
  const inputPlanes = Array.from({ length: cinPerGroup }, (_, i) => planeAt(c.input, [0, group * cinPerGroup + i]));
  const weightPlanes = Array.from({ length: cinPerGroup }, (_, i) => planeAt(weight, [outChannel, i]));
  return {
    title: `${c.op}: ${c.name}`,
    config,
    inputPlanes,
    weightPlanes,
    bias: c.bias ? c.bias.data[outChannel] : undefined,
    output: planeAt(c.output, [0, outChannel]),
    notes: [`batch 0, output channel ${outChannel}`],
  };
}

export function transposeSweep(c: GoldenCase, outChannel = 0): SweepPayload {
  const size = spatial(c.input);
  const dims = size.length;
  const weight = c.weight!;
  const k = weight.shape.slice(2);
  const stride = perAxis(c.params.stride as number | number[], dims);
  const dilation = perAxis(c.params.dilation as number | number[], dims);
  const padding = perAxis(c.params.padding as number | number[], dims);
  const outputPadding = perAxis(c.params.output_padding as number | number[], dims);
  const outputSize = size.map((s, a) => convTransposeOutputLength(s, k[a], stride[a], padding[a], dilation[a], outputPadding[a]));
  const groups = (c.params.groups as number) ?? 1;
  const cin = c.input.shape[1];
  const cinPerGroup = cin / groups;
  const coutPerGroup = weight.shape[1];
  const group = Math.floor(outChannel / coutPerGroup);
  const inputPlanes = Array.from({ length: cinPerGroup }, (_, i) => planeAt(c.input, [0, group * cinPerGroup + i]));
  const weightPlanes = Array.from({ length: cinPerGroup }, (_, i) => planeAt(weight, [group * cinPerGroup + i, outChannel % coutPerGroup]));
  return {
    title: `${c.op}: ${c.name}`,
    config: {
      kind: 'conv_transpose',
      inputSize: size,
      kernelSize: k,
      stride,
      dilation,
      padBefore: padding,
      padAfter: padding,
      outputPadding,
      paddingMode: 'zeros',
      ceilMode: false,
      countIncludePad: true,
      outputSize,
    },
    inputPlanes,
    weightPlanes,
    bias: c.bias ? c.bias.data[outChannel] : undefined,
    output: planeAt(c.output, [0, outChannel]),
    notes: [`batch 0, output channel ${outChannel}`],
  };
}

export function poolSweep(c: GoldenCase, channel = 0): SweepPayload {
  const size = spatial(c.input);
  const dims = size.length;
  const kernel = perAxis(c.params.kernel_size as number | number[], dims);
  const stride = c.params.stride === null || c.params.stride === undefined ? kernel : perAxis(c.params.stride as number | number[], dims);
  const padding = perAxis((c.params.padding as number | number[]) ?? 0, dims);
  const dilation = perAxis((c.params.dilation as number | number[]) ?? 1, dims);
  const ceilMode = Boolean(c.params.ceil_mode);
  const outputSize = size.map((s, a) => poolOutputLength(s, kernel[a], stride[a], padding[a], dilation[a], ceilMode));
  const kind = c.op.startsWith('max') ? 'max_pool' : 'avg_pool';
  return {
    title: `${c.op}: ${c.name}`,
    config: {
      kind,
      inputSize: size,
      kernelSize: kernel,
      stride,
      dilation,
      padBefore: padding,
      padAfter: padding,
      outputPadding: new Array(dims).fill(0),
      paddingMode: 'zeros',
      ceilMode,
      countIncludePad: c.params.count_include_pad === undefined ? true : Boolean(c.params.count_include_pad),
      outputSize,
    },
    inputPlanes: [planeAt(c.input, [0, channel])],
    output: planeAt(c.output, [0, channel]),
    notes: [`batch 0, channel ${channel}`],
  };
}

/** The same sweep without data: geometry only. */
export function geometryOnly(p: SweepPayload): SweepPayload {
  return { title: p.title, config: p.config, notes: ['geometry only'] };
}

// ───────────── deformable conv payloads ─────────────

export function deformPayload(c: GoldenCase, selected: number[] = [1, 1], inputChannel = 0, offsetGroup = 0): DeformPayload {
  const [, , H, W] = c.input.shape;
  const [, , kh, kw] = c.weight!.shape;
  const [, , oh, ow] = c.output.shape;
  const dims = 2;
  const stride = perAxis(c.params.stride as number | number[], dims);
  const padding = perAxis(c.params.padding as number | number[], dims);
  const dilation = perAxis(c.params.dilation as number | number[], dims);
  const taps = kh * kw;
  const offsetPlanes = Array.from({ length: 2 * taps }, (_, k) => planeAt(c.offset!, [0, offsetGroup * 2 * taps + k]));
  const maskPlanes = c.mask ? Array.from({ length: taps }, (_, k) => planeAt(c.mask!, [0, offsetGroup * taps + k])) : undefined;
  return {
    title: `deform_conv2d: ${c.name}`,
    config: {
      kind: 'conv',
      inputSize: [H, W],
      kernelSize: [kh, kw],
      stride,
      dilation,
      padBefore: padding,
      padAfter: padding,
      outputPadding: [0, 0],
      paddingMode: 'zeros',
      ceilMode: false,
      countIncludePad: true,
      outputSize: [oh, ow],
    },
    input: planeAt(c.input, [0, inputChannel]),
    offset: offsetPlanes.flat(),
    mask: maskPlanes?.flat(),
    selected,
    notes: [`batch 0, input channel ${inputChannel}, offset group ${offsetGroup}`],
  };
}

// ───────────── formula, receptive field, comparison and summary payloads from the engine ─────────────

export function formulaPayload(name: string, positional: unknown[], keywords: Record<string, unknown>, inputShape: number[]): FormulaPayload {
  return describeLayer(layerSpecFromCall(name, positional, keywords), inputShape);
}

/** The "small CNN" stack of test/fixtures/golden/shapes.json (PyTorch: 8,202 parameters). */
export const SMALL_CNN: { name: string; call: [string, unknown[], Record<string, unknown>] }[] = [
  { name: 'conv1', call: ['nn.Conv2d', [3, 16, 3], { padding: 1 }] },
  { name: 'relu1', call: ['nn.ReLU', [], {}] },
  { name: 'pool1', call: ['nn.MaxPool2d', [2], {}] },
  { name: 'conv2', call: ['nn.Conv2d', [16, 32, 3], { stride: 2, padding: 1, bias: false }] },
  { name: 'bn2', call: ['nn.BatchNorm2d', [32], {}] },
  { name: 'relu2', call: ['nn.ReLU', [], {}] },
  { name: 'dw', call: ['nn.Conv2d', [32, 32, 3], { padding: 1, groups: 32 }] },
  { name: 'pw', call: ['nn.Conv2d', [32, 64, 1], {}] },
  { name: 'gap', call: ['nn.AdaptiveAvgPool2d', [1], {}] },
  { name: 'flatten', call: ['nn.Flatten', [], {}] },
  { name: 'fc', call: ['nn.Linear', [64, 10], {}] },
];

export function summaryPayload(): SummaryPayload {
  const layers = SMALL_CNN.map((l) => ({ name: l.name, spec: layerSpecFromCall(...l.call) }));
  return summarize(layers, [1, 3, 32, 32]);
}

export function receptiveFieldPayload(): ReceptiveFieldPayload {
  const calls: [string, unknown[], Record<string, unknown>][] = [
    ['nn.Conv2d', [3, 64, 11], { stride: 4, padding: 2 }],
    ['nn.MaxPool2d', [3], { stride: 2 }],
    ['nn.Conv2d', [64, 192, 5], { padding: 2 }],
    ['nn.MaxPool2d', [3], { stride: 2 }],
  ];
  return receptiveField(calls.map((c) => layerSpecFromCall(...c)), { names: ['conv1', 'pool1', 'conv2', 'pool2'], inputSize: [224, 224], outputIndex: [5, 5] });
}

export function comparisonPayload(): ComparisonPayload {
  return separableComparison(32, 64, 3, [1, 32, 56, 56], { padding: 1 });
}

/** The payload of `mime` that a convbook cell outputs, run through the kernel's own session (lang). */
export function cellPayload<T>(source: string, mime: string): T {
  const result = new Session({ settings: DEFAULT_KERNEL_SETTINGS }).execute(source);
  if (result.error) throw new Error(`${result.error.name}: ${result.error.message}`);
  for (const output of result.outputs) for (const item of output.items) if (item.mime === mime) return item.value as T;
  throw new Error(`the cell printed no ${mime}`);
}

/** The task's examples: a grouped conv, and a depthwise-separable Sequential, against a dense conv. */
export const COMPARE_GROUPED = 'compare(nn.Conv2d(64, 128, 3, padding=1), nn.Conv2d(64, 128, 3, padding=1, groups=4), input_size=(1, 64, 56, 56))';
export const COMPARE_SEQUENTIAL = 'compare(nn.Conv2d(64, 128, 3, padding=1), nn.Sequential(nn.Conv2d(64, 64, 3, padding=1, groups=64), nn.Conv2d(64, 128, 1)), input_size=(1, 64, 56, 56))';

/** One output of every view (two for tensors, sweeps and comparisons): [element id, MIME, payload]. */
export function everyView(): [string, string, unknown][] {
  return [
    ['numbers', MIME.tensor, tensorPayload('x', BLOG.input)],
    ['planes', MIME.tensor, featureMap(3, 8)],
    ['sweep', MIME.sweep, convSweep(BLOG)],
    ['transposed', MIME.sweep, transposeSweep(golden('transpose', 'k3 s2 p1 output_padding 1 bias'))],
    ['deform', MIME.deform, deformPayload(golden('deform', 'modulated (DCNv2 mask) stride 2 bias'), [1, 1])],
    ['formula', MIME.formula, formulaPayload('nn.Conv2d', [64, 128, 3], { stride: 2, padding: 1 }, [1, 64, 56, 56])],
    // Stride 2 leaves row and column 7 unread: the warnings' colour is checked too.
    ['warnings', MIME.formula, formulaPayload('nn.Conv2d', [1, 1, 3], { stride: 2, bias: false }, [1, 1, 8, 8])],
    ['rf', MIME.receptiveField, receptiveFieldPayload()],
    ['summary', MIME.summary, summaryPayload()],
    ['comparison', MIME.comparison, comparisonPayload()],
    ['sequential', MIME.comparison, cellPayload<ComparisonPayload>(COMPARE_SEQUENTIAL, MIME.comparison)],
  ];
}
