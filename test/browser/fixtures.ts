// Payloads for the browser tests, built by the functions the kernel builds its outputs with (the
// Python package's engine bridge, lang/outputs/display, lang/outputs/sweep_payload), from PyTorch's reference
// tensors (test/fixtures/golden) or from cells run in Python as the kernel runs them: no geometry
// typed in by hand, so a wrong one from the engine reaches these tests too.

import type { DeformPayload, SweepPayload, TensorPayload } from '../../contract';
import type { MaxPool2dOptions } from '../../engine/pool_args';
import { makeTensor, type Tensor } from '../../engine/tensor';
import { tensorPayload as displayedTensor } from '../../lang/outputs/display';
import { sweepForResult } from '../../lang/outputs/sweep_payload';
import type { TensorRef } from '../../python/bridge/ref';
import { windowOps } from '../../python/bridge/window_ops';
import { goldenCase, tensorOf, type GoldenCase, type GoldenTensor } from '../unit/support/golden';
import { execute, PREAMBLE } from '../unit/support/cells';
import type { ComparisonPayload, FormulaPayload, ReceptiveFieldPayload, SummaryPayload } from '../../contract';
import { describeLayer } from '../../engine/arithmetic/describe';
import { receptiveField } from '../../engine/arithmetic/receptive_field';
import { summarize } from '../../engine/arithmetic/summary';
import { layerSpecFromCall } from '../../lang/syntax/layer_from_call';
import { DEFAULT_KERNEL_SETTINGS, MIME } from '../../contract';

export type { GoldenCase, GoldenTensor };
export const golden = goldenCase;

/** The 5×5 example from the reference post; PyTorch's conv2d gives [[12,12,17],[10,17,19],[9,6,14]]. */
export const BLOG = golden('conv', 'seed example: 5x5 input, 3x3 kernel');

/** The payload the kernel displays for tensor `t` (lang/outputs/display), with `notes` as the kernel's. */
export function tensorPayload(name: string, t: GoldenTensor, notes: string[] = []): TensorPayload {
  return displayedTensor(tensorOf(t), name, notes, DEFAULT_KERNEL_SETTINGS);
}

/** A deterministic feature map (smooth waves, both signs) for the paint-time measurement, as the kernel displays it. */
export function featureMap(channels: number, size: number): TensorPayload {
  const data = new Float32Array(channels * size * size);
  for (let c = 0; c < channels; c++)
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) data[(c * size + y) * size + x] = Math.sin((x + c) / 7) * Math.cos((y - 2 * c) / 9) * (1 + c / channels);
  return displayedTensor(makeTensor([1, channels, size, size], data), 'features', [], DEFAULT_KERNEL_SETTINGS);
}

// ───────────── sweep and deform payloads: PyTorch's tensors through the kernel's own code ─────────────
// Each golden case's tensors run through the op the Python package calls for F.conv2d & co. (the
// engine bridge's window ops), and the payload is the one the kernel displays (lang/outputs/sweep_payload),
// so a geometry the engine got wrong would reach the renderer's tests. The engine's output plane is
// checked against PyTorch's on the way, so the frames the tests compare are still PyTorch's numbers.

/** Plane of a tensor selected by leading indices (any rank), row-major. */
export function planeAt(t: GoldenTensor, lead: number[]): number[] {
  const spatialSize = t.shape.slice(lead.length).reduce((a, b) => a * b, 1);
  let offset = 0;
  for (let i = 0; i < lead.length; i++) offset = offset * t.shape[i] + lead[i];
  return t.data.slice(offset * spatialSize, (offset + 1) * spatialSize);
}

const ops = () => windowOps(DEFAULT_KERNEL_SETTINGS);

/** The payload the kernel shows for `output`, after checking its data against PyTorch's plane. */
function kernelPayload(output: TensorRef, c: GoldenCase, channel: number, title: string): SweepPayload | DeformPayload {
  if (!output.provenance) throw new Error(`${c.op}: ${c.name}: the op left no provenance for its sweep`);
  const payload = sweepForResult(output as Tensor, { ...output.provenance, title }, { channel, batch: 0 }, DEFAULT_KERNEL_SETTINGS);
  const expected = planeAt(c.output, [0, channel]);
  const actual = 'offset' in payload ? null : payload.output;
  if (actual && (actual.length !== expected.length || actual.some((v, i) => Math.abs(v - expected[i]) > 1e-5 * Math.max(1, Math.abs(expected[i]))))) {
    throw new Error(`${c.op}: ${c.name}: the engine's output channel ${channel} differs from PyTorch's`);
  }
  return payload;
}

const param = <T>(c: GoldenCase, key: string, fallback: T): T => (c.params[key] === undefined || c.params[key] === null ? fallback : (c.params[key] as T));
const biasOf = (c: GoldenCase) => (c.bias ? tensorOf(c.bias) : null);
const titleOf = (c: GoldenCase) => `${c.op}: ${c.name}`;
const dimsOf = (c: GoldenCase) => (c.input.shape.length - 2) as 1 | 2 | 3;
const shared = (c: GoldenCase) => ({ stride: param(c, 'stride', 1), padding: param(c, 'padding', 0), dilation: param(c, 'dilation', 1), groups: param(c, 'groups', 1) });

export function convSweep(c: GoldenCase, outChannel = 0): SweepPayload {
  const options = { ...shared(c), paddingMode: param(c, 'padding_mode', 'zeros') };
  const output = ops().conv(tensorOf(c.input), tensorOf(c.weight!), biasOf(c), JSON.stringify(options), dimsOf(c));
  return kernelPayload(output, c, outChannel, titleOf(c)) as SweepPayload;
}

/** The same payload without its tensors: the geometry (from the engine) drawn alone. */
export function geometryOnly(p: SweepPayload): SweepPayload {
  return { title: p.title, config: p.config, notes: ['geometry only'] };
}

export function transposeSweep(c: GoldenCase, outChannel = 0): SweepPayload {
  const options = { ...shared(c), outputPadding: param(c, 'output_padding', 0) };
  const output = ops().conv_transpose(tensorOf(c.input), tensorOf(c.weight!), biasOf(c), JSON.stringify(options), dimsOf(c));
  return kernelPayload(output, c, outChannel, titleOf(c)) as SweepPayload;
}

const list2 = (v: number | number[]): number[] => (Array.isArray(v) ? v : [v, v]);

/** F.max_pool2d's spec, as the Python package builds it (torch/nn/functional.py). */
function maxPoolSpec(o: MaxPool2dOptions) {
  const stride = o.stride === null || o.stride === undefined || (Array.isArray(o.stride) && o.stride.length === 0) ? [] : list2(o.stride);
  return { kind: 'max_pool', dims: 2, kernelSize: list2(o.kernelSize), stride, padding: list2(o.padding ?? 0), dilation: list2(o.dilation ?? 1), ceilMode: !!o.ceilMode };
}

export function poolSweep(c: GoldenCase, channel = 0): SweepPayload {
  const kernelSize = param<number | number[]>(c, 'kernel_size', 1);
  const stride = param<number | number[] | null>(c, 'stride', null);
  const padding = param<number | number[]>(c, 'padding', 0);
  const ceilMode = param(c, 'ceil_mode', false);
  const spec = c.op.startsWith('max')
    ? maxPoolSpec({ kernelSize, stride, padding, dilation: param(c, 'dilation', 1), ceilMode })
    : { kind: 'avg_pool', dims: 2, kernelSize: list2(kernelSize), stride: stride === null ? [] : list2(stride), padding: list2(padding), ceilMode, countIncludePad: param(c, 'count_include_pad', true) };
  const [output] = ops().pool(JSON.stringify(spec), tensorOf(c.input), false);
  return kernelPayload(output, c, channel, titleOf(c)) as SweepPayload;
}

/** A max pool over a given input, run as the kernel runs F.max_pool2d. */
export function maxPoolSweep(input: GoldenTensor, options: MaxPool2dOptions, title: string): SweepPayload {
  const [output] = ops().pool(JSON.stringify(maxPoolSpec(options)), tensorOf(input), false);
  return sweepForResult(output as Tensor, { ...output.provenance!, title }, { channel: 0, batch: 0 }, DEFAULT_KERNEL_SETTINGS) as SweepPayload;
}

// ───────────── deformable conv payloads ─────────────

/** The kernel's deform payload for output channel 0, with `selected` the output position the view starts on. */
export function deformPayload(c: GoldenCase, selected: number[] = [1, 1]): DeformPayload {
  const options = { stride: param(c, 'stride', 1), padding: param(c, 'padding', 0), dilation: param(c, 'dilation', 1) };
  const output = ops().deform_conv2d(tensorOf(c.input), tensorOf(c.offset!), tensorOf(c.weight!), biasOf(c), c.mask ? tensorOf(c.mask) : null, JSON.stringify(options));
  return { ...(kernelPayload(output, c, 0, `deform_conv2d: ${c.name}`) as DeformPayload), selected };
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

/** A depthwise-separable conv against a dense one, as the compare() cell computes it (bias-free, so the ratio is 1/C_out + 1/k²). */
export function comparisonPayload(): Promise<ComparisonPayload> {
  return cellPayload<ComparisonPayload>(COMPARE_SEPARABLE, MIME.comparison);
}

/** The payload of `mime` that a convbook cell outputs, run in Python as the kernel runs it. */
export async function cellPayload<T>(source: string, mime: string): Promise<T> {
  const result = await execute(`${PREAMBLE}\nfrom convbook import compare, offsets, sweep\n${source}`, false);
  if (result.error) throw new Error(`${result.error.name}: ${result.error.message}`);
  for (const output of result.outputs) for (const item of output.items) if (item.mime === mime) return item.value as T;
  throw new Error(`the cell printed no ${mime}`);
}

/** The task's examples: a grouped conv, and a depthwise-separable Sequential, against a dense conv. */
export const COMPARE_GROUPED = 'compare(nn.Conv2d(64, 128, 3, padding=1), nn.Conv2d(64, 128, 3, padding=1, groups=4), input_size=(1, 64, 56, 56))';
export const COMPARE_SEPARABLE =
  'compare(nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.Sequential(nn.Conv2d(32, 32, 3, padding=1, groups=32, bias=False), nn.Conv2d(32, 64, 1, bias=False)), input_size=(1, 32, 56, 56))';
export const COMPARE_SEQUENTIAL = 'compare(nn.Conv2d(64, 128, 3, padding=1), nn.Sequential(nn.Conv2d(64, 64, 3, padding=1, groups=64), nn.Conv2d(64, 128, 1)), input_size=(1, 64, 56, 56))';

/** The cell "Visualize in notebook" writes for the hover's Conv2d (extension/editor/hover_text.ts). */
export const VISUALIZE_CELL = 'layer = nn.Conv2d(64, 128, 3, stride=2, padding=1)\nsweep(layer, input_size=(1, 64, 56, 56))';

/** One output of every view (two for tensors, sweeps and comparisons): [element id, MIME, payload]. */
export async function everyView(): Promise<[string, string, unknown][]> {
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
    ['comparison', MIME.comparison, await comparisonPayload()],
    ['sequential', MIME.comparison, await cellPayload<ComparisonPayload>(COMPARE_SEQUENTIAL, MIME.comparison)],
  ];
}
