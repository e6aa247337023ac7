// `convbook inspect --json` for a traced model: every layer call written in the model's files,
// read as the static reader reads it, joined with what the trace saw that call build. A layer's
// own shapes and MACs are set only when all its calls agree; every call is listed apart.
// Portable: the caller reads the files.

import type { ModelTrace } from '../contract/trace';
import { inspectPython, type InspectedLayer } from '../lang/inspect';
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
      const traced = calls.length > 0;
      layers.push({
        ...layer,
        file,
        input_shape: traced ? same(calls.map((c) => c.input_shape)) : layer.input_shape,
        output_shape: traced ? same(calls.map((c) => c.output_shape)) : layer.output_shape,
        macs: traced ? same(calls.map((c) => c.macs)) : layer.macs,
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
