// What real PyTorch did with each model fixture (test/fixtures/models/truth.json, made by
// scripts/models/ground_truth.py; schema in test/fixtures/models/README.md), typed for the tests
// that compare our torch's summary, tracer and hovers against it call by call.

import { readFileSync } from 'node:fs';

import type { MacConfig, ModelTrace, Shape, TracedCall } from '../../../contract/trace';

export type { ConvConfig, LinearConfig, MacConfig, Shape } from '../../../contract/trace';
export type {
  TraceFrame as FixtureFrame,
  TraceSpan as SourceSpan,
  TracedModule as TruthModule,
  TracedCall as TruthCall,
  TracedFunctional as TruthFunctional,
  TraceError as TruthError,
} from '../../../contract/trace';

/** What PyTorch recorded for one fixture model: a ModelTrace (contract/trace.ts), named. */
export interface TruthModel extends ModelTrace {
  id: string;
  /** Python module name it was imported as (fixture folder on sys.path). */
  module: string;
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
export function callsBuiltAt(m: TruthModel, file: string, line: number): TracedCall[] {
  const built = new Set(
    m.modules.filter((r) => r.built_stack.some((f) => f.file === file && f.line <= line && line <= f.end_line)).map((r) => r.path),
  );
  return m.calls.filter((c) => c.path !== null && built.has(c.path));
}
