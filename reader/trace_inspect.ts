// `convbook inspect --json` for a traced model: every layer call written in the model's files,
// read as the static reader reads it, joined with what the trace saw that call build. A layer's
// own shapes and MACs are set only when all its calls agree; every call is listed apart.
// Portable: the caller reads the files.

import type { MacConfig, ModelTrace, TracedCall } from '../contract/trace';
import { inspectPython, type InspectedLayer } from '../lang/pyfile/inspect';
import { TraceIndex } from './trace_index';

export interface InspectedCall {
  /** Module path: 'layer1.0.conv1'. */
  module: string;
  input_shape: number[] | null;
  output_shape: number[] | null;
  params: number;
  macs: number | null;
}

export interface TracedLayer extends InspectedLayer {
  /** The file the layer is written in, relative to the inspected file's folder. */
  file: string;
  calls: InspectedCall[];
}

export interface TracedInspectResult {
  status: 'traced';
  reason: null;
  /** The expression that built the model. */
  model: string;
  input: number[];
  /** Where the input came from: a `# input:` hint, --input, or the assumed default. */
  input_source: 'hint' | 'cli' | 'setting';
  total_params: number;
  /** True MACs, bias apart. */
  total_macs: number;
  /** What the traced forward raised, if it did. */
  error: { type: string; message: string; file: string | null; line: number | null; column: number | null } | null;
  layers: TracedLayer[];
}

/**
 * A layer's parameters from its traced modules, where the static reading could not count them
 * (`nn.Conv2d(cin, cout, 3)`): when every module it built has as many, split into weights and bias
 * by the layer's settings (conv and linear), or none at all (ReLU, pooling). Else unknown.
 */
function tracedParams(calls: readonly TracedCall[], configs: ReadonlyMap<string, MacConfig | null>): InspectedLayer['params'] {
  const total = same(calls.map((c) => c.params));
  if (total === null) return null;
  if (total === 0) return { weights: 0, bias: 0, total: 0 };
  const config = same(calls.map((c) => configs.get(c.path ?? '') ?? null));
  if (!config) return null;
  const bias = !config.bias ? 0 : config.kind === 'linear' ? config.out_features : config.out_channels;
  return { weights: total - bias, bias, total };
}

/** Functional ops that multiply-accumulate: their calls' MACs are not in the trace. */
const FUNCTIONAL_WITH_MACS = /^(conv|linear|bilinear|matmul|mm|bmm|einsum)/;

function same<T>(values: readonly T[]): T | null {
  if (values.length === 0) return null;
  const first = JSON.stringify(values[0]);
  return values.every((v) => JSON.stringify(v) === first) ? values[0] : null;
}

/**
 * Joins the static reading of each traced file with the trace. `sources` holds the text of every
 * file the trace names (relative paths as in the trace); files it lacks are left out.
 */
export function inspectTraced(trace: ModelTrace, sources: ReadonlyMap<string, string>, inputSource: TracedInspectResult['input_source']): TracedInspectResult {
  const index = new TraceIndex(trace);
  const configs = new Map(trace.modules.map((m) => [m.path, m.config]));
  const layers: TracedLayer[] = [];
  for (const [file, source] of sources) {
    for (const layer of inspectPython(source).layers) {
      // Columns: the static reader's are 1-based, the trace's 0-based like CPython's.
      const built = index.callsBuiltAt(file, layer.line, layer.column - 1);
      const calls: InspectedCall[] = built.map((c) => ({
        module: c.path ?? '',
        input_shape: c.input_shapes[0] ?? null,
        output_shape: c.output_shape,
        params: c.params,
        macs: c.macs,
      }));
      // A functional layer (F.max_pool2d) is its calls from there; the trace keeps those that
      // changed the shape. They own no parameters; MACs are counted for conv and linear modules only.
      if (calls.length === 0 && !layer.layer.startsWith('nn.')) {
        for (const f of index.functionalAt(file, layer.line, layer.column - 1)) {
          calls.push({ module: f.within ?? '', input_shape: f.input_shapes[0] ?? null, output_shape: f.output_shapes[0] ?? null, params: 0, macs: FUNCTIONAL_WITH_MACS.test(f.op) ? null : 0 });
        }
      }
      const traced = calls.length > 0;
      layers.push({
        ...layer,
        file,
        input_shape: traced ? same(calls.map((c) => c.input_shape)) : layer.input_shape,
        output_shape: traced ? same(calls.map((c) => c.output_shape)) : layer.output_shape,
        macs: traced ? same(calls.map((c) => c.macs)) : layer.macs,
        params: layer.params ?? tracedParams(built, configs),
        calls,
      });
    }
  }
  const at = trace.error?.at ?? null;
  return {
    status: 'traced',
    reason: null,
    model: trace.build,
    input: trace.input,
    input_source: inputSource,
    total_params: trace.total_params,
    total_macs: trace.total_macs,
    error: trace.error ? { type: trace.error.type, message: trace.error.message, file: at?.file ?? null, line: at?.line ?? null, column: at ? at.column + 1 : null } : null,
    layers,
  };
}
