// Warnings from what a trace saw each sliding window do: input rows or columns a conv or max-pool
// never read, and a ceil_mode window PyTorch dropped, on the input each call really had. One per
// line that built such layers, listing the module paths. No vscode import.

import { shapeTuple } from '../../engine/arithmetic/format';
import { outputSizeFormulas } from '../../engine/arithmetic/output_formula';
import type { SpatialDims, WindowSpec } from '../../engine/layer';
import type { TraceFrame, TracedModule } from '../../contract/trace';
import type { TraceIndex } from '../../reader/trace_index';

/** `kernel_size=3, stride=(2, 2), ceil_mode=True` → { kernel_size: [3], stride: [2, 2], ceil_mode: true }. */
function reprArguments(repr: string): Map<string, number[] | boolean> {
  const out = new Map<string, number[] | boolean>();
  for (const m of repr.matchAll(/(\w+)=(\([^)]*\)|[^,]+)/g)) {
    const value = m[2].trim();
    if (value === 'True' || value === 'False') out.set(m[1], value === 'True');
    else out.set(m[1], value.replace(/[()]/g, '').split(',').filter((v) => v.trim() !== '').map(Number));
  }
  return out;
}

function perAxis(value: number[] | boolean | undefined, dims: number, fallback: number): number[] | null {
  if (value === undefined) return new Array<number>(dims).fill(fallback);
  if (typeof value === 'boolean' || value.some((v) => !Number.isSafeInteger(v))) return null;
  return value.length === 1 ? new Array<number>(dims).fill(value[0]) : value;
}

/** The window a traced module slides: a conv from its settings, a max-pool from its extra_repr. */
export function windowOf(module: TracedModule): WindowSpec | null {
  const c = module.config;
  if (c && c.kind === 'conv' && typeof c.padding !== 'string') {
    return {
      kind: 'conv', dims: c.kernel_size.length as SpatialDims, inChannels: c.in_channels, outChannels: c.out_channels, kernelSize: c.kernel_size,
      stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups, bias: c.bias, paddingMode: c.padding_mode as 'zeros',
    };
  }
  const pool = /^MaxPool([123])d$/.exec(module.class);
  if (!pool) return null;
  const dims = Number(pool[1]) as SpatialDims;
  const args = reprArguments(module.extra_repr);
  const kernelSize = perAxis(args.get('kernel_size'), dims, NaN);
  const stride = perAxis(args.get('stride'), dims, NaN) ?? kernelSize;
  const padding = perAxis(args.get('padding'), dims, 0);
  const dilation = perAxis(args.get('dilation'), dims, 1);
  if (!kernelSize || kernelSize.some(Number.isNaN) || !stride || !padding || !dilation) return null;
  return { kind: 'max_pool', dims, kernelSize, stride: stride.some(Number.isNaN) ? kernelSize : stride, padding, dilation, ceilMode: args.get('ceil_mode') === true };
}

export interface TraceWarning {
  /** Where the layers were built: the innermost user frame of their construction. */
  at: TraceFrame;
  message: string;
}

/** Kept: what the input loses. The stride-over-extent note says the same more loosely. */
const KEPT = /never read|drops it/;

/** The warnings of every traced window call, one per building site. */
export function traceWarnings(index: TraceIndex): TraceWarning[] {
  const modules = new Map(index.trace.modules.map((m) => [m.path, m]));
  const bySite = new Map<string, { at: TraceFrame; lines: string[] }>();
  for (const call of index.trace.calls) {
    const module = call.path === null ? undefined : modules.get(call.path);
    const input = call.input_shapes[0];
    const spec = module && input ? windowOf(module) : null;
    if (!module?.built_at || !spec || !input) continue;
    let formulas;
    try {
      formulas = outputSizeFormulas(spec, input);
    } catch {
      continue;
    }
    const found = formulas.flatMap((f) => f.warnings.filter((w) => KEPT.test(w)));
    if (found.length === 0) continue;
    const key = `${module.built_at.file}:${module.built_at.line}:${module.built_at.column}`;
    const site = bySite.get(key) ?? { at: module.built_at, lines: [] };
    bySite.set(key, site);
    const line = `\`${module.path}\` on ${shapeTuple(input)}: ${found.join('; ')}`;
    if (!site.lines.includes(line)) site.lines.push(line);
  }
  return [...bySite.values()].map(({ at, lines }) => ({ at, message: lines.join('\n') }));
}
