// What real PyTorch did with each model fixture (test/fixtures/models/truth.json, made by
// scripts/models/ground_truth.py; schema in test/fixtures/models/README.md), typed for the tests
// that compare our torch's summary, tracer and hovers against it call by call.

import { readFileSync } from 'node:fs';

export type Shape = number[];

/** A source position: 1-based lines, 0-based columns (CPython's co_positions). */
export interface SourceSpan {
  /** Path relative to test/fixtures/models, with '/' separators. */
  file: string;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
}

/** A frame of fixture code: the position it was executing and its function's name. */
export interface FixtureFrame extends SourceSpan {
  function: string;
}

export interface ConvConfig {
  kind: 'conv' | 'conv_transpose';
  in_channels: number;
  out_channels: number;
  kernel_size: number[];
  stride: number[];
  padding: number[] | string;
  dilation: number[];
  groups: number;
  output_padding: number[];
  bias: boolean;
  padding_mode: string;
}

export interface LinearConfig {
  kind: 'linear';
  in_features: number;
  out_features: number;
  bias: boolean;
}

/** The layers the MAC rule counts carry their settings; every other module has null. */
export type MacConfig = ConvConfig | LinearConfig;

/** One module of the model, once, in named_modules() order. */
export interface TruthModule {
  /** named_modules() name: '' for the model, 'layer1.0.conv1' below it. */
  path: string;
  class: string;
  /** Elements of the module's own parameters (recurse=False). */
  params: number;
  config: MacConfig | null;
  extra_repr: string;
  /** Innermost fixture frame of the call that built the module; null when only the build expression did. */
  built_at: FixtureFrame | null;
  /** Fixture frames of that call, innermost first (conv3x3's return, BasicBlock.__init__, _make_layer...). */
  built_stack: FixtureFrame[];
}

/** One module call, in the order calls started (a module called twice appears twice). */
export interface TruthCall {
  path: string | null;
  class: string;
  /** Nesting of module calls: the model's own call is 0. */
  depth: number;
  /** Shapes of the tensor positional arguments. */
  input_shapes: Shape[];
  /** null only for calls that an exception interrupted. */
  output_shape: Shape | null;
  params: number;
  /** True MACs, bias apart (PYTHON_CONTRACT.md); null for interrupted calls. */
  macs: number | null;
  built_at: FixtureFrame | null;
}

/** A torch function or tensor method called from fixture code whose result changed shape. */
export interface TruthFunctional extends SourceSpan {
  /** PyTorch's name of the function: 'max_pool2d', 'view', 'cat', 'pad'. */
  op: string;
  /** The callee as written at the call: 'F.max_pool2d', 'x.view', 'torch.cat'. */
  call: string;
  /** Path of the innermost module whose forward was running ('' for the model's own). */
  within: string | null;
  input_shapes: Shape[];
  output_shapes: Shape[];
}

export interface TruthError {
  /** Python exception class name, e.g. RuntimeError. */
  type: string;
  /** str(exception): PyTorch's message. */
  message: string;
  /** The innermost fixture frame: where the editor puts the diagnostic. */
  at: FixtureFrame | null;
  stack: FixtureFrame[];
}

export interface TruthModel {
  id: string;
  /** Fixture file that defines the model, relative to test/fixtures/models. */
  file: string;
  /** Python module name it was imported as (fixture folder on sys.path). */
  module: string;
  /** Script arguments in sys.argv (after the file name) while the module was imported; usually []. */
  args: string[];
  /** Constructor expression evaluated in the module's namespace, e.g. 'resnet18()'. */
  build: string;
  class: string;
  input: Shape;
  output: Shape | null;
  total_params: number;
  trainable_params: number;
  total_macs: number;
  error: TruthError | null;
  modules: TruthModule[];
  calls: TruthCall[];
  functional: TruthFunctional[];
}

export interface ModelTruth {
  generator: { script: string; torch: string; torchvision: string; python: string };
  /** sha256 of each fixture .py file the truth was made from (path relative to the folder). */
  sources: Record<string, string>;
  models: TruthModel[];
}

/** Absolute path of the fixture folder (the model files sit here). */
export const MODEL_FIXTURES_DIR = new URL('../../fixtures/models/', import.meta.url);

let cached: ModelTruth | undefined;

export function loadModelTruth(): ModelTruth {
  cached ??= JSON.parse(readFileSync(new URL('truth.json', MODEL_FIXTURES_DIR), 'utf8')) as ModelTruth;
  return cached;
}

/** One model's record by id ('resnet18', 'unet', 'lenet_bug'...); a missing id is an error. */
export function modelTruth(id: string): TruthModel {
  const m = loadModelTruth().models.find((x) => x.id === id);
  if (!m) throw new Error(`model truth ${id} not found in test/fixtures/models/truth.json`);
  return m;
}

/** The source text of a fixture file, for tests that map positions back to code. */
export function fixtureSource(file: string): string {
  return readFileSync(new URL(file, MODEL_FIXTURES_DIR), 'utf8');
}

/** MACs of one call by the contract's rule, from the module's settings and the call's shapes. */
export function macsByRule(config: MacConfig | null, input: Shape, output: Shape): number {
  if (config === null) return 0;
  if (config.kind === 'linear') return numel(input) * config.out_features;
  const taps = config.kernel_size.reduce((a, b) => a * b, 1);
  if (config.kind === 'conv_transpose') return numel(input) * taps * (config.out_channels / config.groups);
  return numel(output) * (config.in_channels / config.groups) * taps;
}

export function numel(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The calls of the modules that a line built, directly or through helpers it called: what a
 *  hover on that line lists (conv3x3's `return nn.Conv2d(` line, or `self.conv1 = conv3x3(...)`). */
export function callsBuiltAt(m: TruthModel, file: string, line: number): TruthCall[] {
  const built = new Set(
    m.modules.filter((r) => r.built_stack.some((f) => f.file === file && f.line <= line && line <= f.end_line)).map((r) => r.path),
  );
  return m.calls.filter((c) => c.path !== null && built.has(c.path));
}
