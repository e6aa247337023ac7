// Which PyTorch calls the editor understands, and how one call's arguments become a configuration
// (defaults applied) and a LayerSpec. Literal arguments are read as values; anything else (a
// variable, `self.inplanes`, `cfg.k`) stays symbolic, named, and keeps the spec from being built
// unless the caller supplies a value for it (channels inferred from a known input).
// Portable: no vscode, no node, no DOM.

import { ConvbookError, typeError, valueError } from '../../engine/errors';
import { resolveWindow } from '../../engine/arithmetic/spec_shape';
import type { LayerSpec, SpatialDims, WindowSpec } from '../../engine/layer';
import { LAYER_CONSTRUCTORS, layerSpecFromCall } from '../syntax/layer_from_call';
import { formatLiteral, literalValue, withDefaults, type PyLiteral } from '../syntax/literal';
import type { ArgSite, CallSite } from './python_calls';
import { bindArguments, canonicalName, SIGNATURES, type FunctionSignature } from '../syntax/signatures';

export type CallFamily =
  /** A layer constructor: nn.Conv2d(...). */
  | 'module'
  /** A functional op on tensors: F.conv2d(x, w, ...); the weight's shape is not in the call. */
  | 'functional'
  /** nn.Sequential(...) */
  | 'sequential'
  /** collections.OrderedDict(...) inside a Sequential. */
  | 'ordered_dict'
  /** Shape-preserving modules convbook does not model but can see through (activations, norms). */
  | 'passthrough'
  /** Containers whose order is not a forward order (ModuleList, ModuleDict). */
  | 'collection';

export interface KnownCall {
  canonical: string;
  family: CallFamily;
  /** For functional pools, the module whose spec they share; for functional convs, the module kind. */
  module?: string;
  dims?: SpatialDims;
}

/** Pools PyTorch has in 1-D and 3-D too; their arguments are named like the 2-D ones. */
const EXTRA_POOLS: Record<string, { base: string; dims: SpatialDims }> = {
  'nn.MaxPool1d': { base: 'nn.MaxPool2d', dims: 1 },
  'nn.MaxPool3d': { base: 'nn.MaxPool2d', dims: 3 },
  'nn.AvgPool1d': { base: 'nn.AvgPool2d', dims: 1 },
  'nn.AvgPool3d': { base: 'nn.AvgPool2d', dims: 3 },
};

const PASSTHROUGH = new Set([
  'nn.ReLU6', 'nn.LeakyReLU', 'nn.PReLU', 'nn.ELU', 'nn.SELU', 'nn.CELU', 'nn.GELU', 'nn.SiLU', 'nn.Mish', 'nn.Tanh',
  'nn.Hardswish', 'nn.Hardsigmoid', 'nn.Hardtanh', 'nn.Softplus', 'nn.Softmax', 'nn.LogSoftmax',
  'nn.Dropout1d', 'nn.Dropout2d', 'nn.Dropout3d', 'nn.AlphaDropout',
  'nn.BatchNorm1d', 'nn.BatchNorm3d', 'nn.SyncBatchNorm', 'nn.GroupNorm', 'nn.LayerNorm',
  'nn.InstanceNorm1d', 'nn.InstanceNorm2d', 'nn.InstanceNorm3d', 'nn.LocalResponseNorm',
]);

const FUNCTIONAL_WINDOWS: Record<string, { module: string; dims: SpatialDims }> = {
  'F.conv1d': { module: 'nn.Conv1d', dims: 1 },
  'F.conv2d': { module: 'nn.Conv2d', dims: 2 },
  'F.conv3d': { module: 'nn.Conv3d', dims: 3 },
  'F.conv_transpose1d': { module: 'nn.ConvTranspose1d', dims: 1 },
  'F.conv_transpose2d': { module: 'nn.ConvTranspose2d', dims: 2 },
  'F.conv_transpose3d': { module: 'nn.ConvTranspose3d', dims: 3 },
  deform_conv2d: { module: 'DeformConv2d', dims: 2 },
  'F.max_pool1d': { module: 'nn.MaxPool1d', dims: 1 },
  'F.max_pool2d': { module: 'nn.MaxPool2d', dims: 2 },
  'F.max_pool3d': { module: 'nn.MaxPool3d', dims: 3 },
  'F.avg_pool1d': { module: 'nn.AvgPool1d', dims: 1 },
  'F.avg_pool2d': { module: 'nn.AvgPool2d', dims: 2 },
  'F.avg_pool3d': { module: 'nn.AvgPool3d', dims: 3 },
  'F.adaptive_avg_pool2d': { module: 'nn.AdaptiveAvgPool2d', dims: 2 },
};

/** What a callee's short name ('nn.Conv2d', 'F.conv2d', 'ops.DeformConv2d'...) is to the editor, or null. */
export function classifyCall(shortName: string): KnownCall | null {
  if (shortName === 'nn.Sequential') return { canonical: 'nn.Sequential', family: 'sequential' };
  if (shortName === 'collections.OrderedDict') return { canonical: 'OrderedDict', family: 'ordered_dict' };
  if (shortName === 'nn.ModuleList' || shortName === 'nn.ModuleDict') return { canonical: shortName, family: 'collection' };
  if (EXTRA_POOLS[shortName]) return { canonical: shortName, family: 'module', dims: EXTRA_POOLS[shortName].dims };
  if (PASSTHROUGH.has(shortName)) return { canonical: shortName, family: 'passthrough' };
  const functional = FUNCTIONAL_WINDOWS[shortName] ? shortName : null;
  const key = functional ?? canonicalName(shortName);
  if (!key) return null;
  if (FUNCTIONAL_WINDOWS[key]) return { canonical: key, family: 'functional', module: FUNCTIONAL_WINDOWS[key].module, dims: FUNCTIONAL_WINDOWS[key].dims };
  if (LAYER_CONSTRUCTORS.includes(key)) {
    const dims = /(\d)d$/.exec(key);
    return { canonical: key, family: 'module', ...(dims ? { dims: Number(dims[1]) as SpatialDims } : {}) };
  }
  return null;
}

/** The signature whose parameter names and defaults a call binds against. */
export function signatureOf(known: KnownCall): FunctionSignature | null {
  if (EXTRA_POOLS[known.canonical]) return SIGNATURES[EXTRA_POOLS[known.canonical].base];
  if (known.family === 'functional') {
    const sig = SIGNATURES[known.canonical];
    if (sig) return sig;
    // The 1-D and 3-D functional pools take the same arguments as the 2-D ones.
    if (/^F\.max_pool/.test(known.canonical)) return SIGNATURES['F.max_pool2d'];
    if (/^F\.avg_pool/.test(known.canonical)) return SIGNATURES['F.avg_pool2d'];
    return null;
  }
  return SIGNATURES[known.canonical] ?? null;
}

/** Parameters of functional ops that are tensors: never part of the configuration. */
const TENSOR_PARAMS = new Set(['input', 'weight', 'bias', 'offset', 'mask']);
/** convbook-only or storage parameters a hover need not list unless they were given. */
const QUIET_PARAMS = new Set(['seed', 'device', 'dtype']);

/** An argument's value: a literal, or the source text of a symbolic expression. */
export type ArgValue = { literal: PyLiteral } | { symbolic: string };

export interface BoundCall {
  /** Parameter name → argument, for the arguments given. */
  given: Map<string, ArgSite>;
  /** Parameter name → value, defaults included (symbolic values as their source text). */
  values: Map<string, ArgValue>;
  /** Names of parameters whose argument is not a literal (`*args`/`**kwargs` appear as written). */
  symbolic: string[];
  /** A binding error Python would raise (unexpected keyword, too many arguments...). */
  error: ConvbookError | null;
  /** For functional convs: the text of the weight and whether a bias tensor is passed. */
  weightText?: string;
  hasBias?: boolean;
}

export function argText(source: string, arg: ArgSite): string {
  return source.slice(arg.valueStart, arg.valueEnd).replace(/\s+/g, ' ');
}

/** Binds a call's arguments to the signature, reading literals and naming the symbolic ones. */
export function bindCall(source: string, site: CallSite, known: KnownCall): BoundCall {
  const sig = signatureOf(known);
  const given = new Map<string, ArgSite>();
  const values = new Map<string, ArgValue>();
  const symbolic: string[] = [];
  let error: ConvbookError | null = null;
  if (!sig) return { given, values, symbolic, error };

  const positional = site.args.filter((a) => a.keyword === null && a.star === '');
  const keywords = site.args.filter((a) => a.keyword !== null).map((a) => [a.keyword!, a] as const);
  const starred = site.args.filter((a) => a.star !== '');
  for (const s of starred) symbolic.push(`${s.star}${argText(source, s)}`);
  try {
    const bound = bindArguments<ArgSite>(sig, positional, keywords);
    for (const [name, arg] of bound.given) given.set(name, arg);
  } catch (e) {
    if (!(e instanceof ConvbookError)) throw e;
    // With *args or **kwargs the missing or extra arguments may well be in there.
    if (starred.length === 0) error = e;
    // Keep what binds cleanly so the hover still shows it.
    const names = sig.params.filter((p) => (p.kind ?? 'positional') === 'positional').map((p) => p.name);
    positional.forEach((arg, i) => {
      if (i < names.length) given.set(names[i], arg);
    });
    for (const [name, arg] of keywords) if (sig.params.some((p) => p.name === name) && !given.has(name)) given.set(name, arg);
  }

  const literals = new Map<string, PyLiteral>();
  for (const [name, arg] of given) {
    const value = arg.expr ? literalValue(arg.expr) : undefined;
    if (TENSOR_PARAMS.has(name) && known.family === 'functional') continue;
    if (value === undefined) {
      symbolic.push(name);
      values.set(name, { symbolic: argText(source, arg) });
    } else {
      literals.set(name, value);
    }
  }
  let defaults: Record<string, PyLiteral>;
  try {
    defaults = withDefaults(sig, literals);
  } catch {
    defaults = Object.fromEntries(literals);
  }
  for (const param of sig.params) {
    if (values.has(param.name) || param.kind === 'var-positional') continue;
    if (TENSOR_PARAMS.has(param.name) && known.family === 'functional') continue;
    if (QUIET_PARAMS.has(param.name) && !given.has(param.name)) continue;
    if (param.name === 'seed') continue;
    if (param.name in defaults) values.set(param.name, { literal: defaults[param.name] });
  }
  const out: BoundCall = { given, values, symbolic, error };
  if (known.family === 'functional' && !known.module!.includes('Pool')) {
    const weight = given.get('weight');
    if (weight) out.weightText = argText(source, weight);
    const bias = given.get('bias');
    out.hasBias = !!bias && !(bias.expr?.kind === 'None');
  }
  return out;
}

/** The configuration as plain values: literals as they are, symbolic arguments as their source text. */
export function configOf(bound: BoundCall): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of bound.values) out[name] = 'literal' in value ? value.literal : value.symbolic;
  return out;
}

/** The module a call's spec is built for: the call itself, or the module a functional pool matches. */
function moduleOf(known: KnownCall): string {
  return known.family === 'functional' ? known.module! : known.canonical;
}

/** True when the call's spec can be built without a weight tensor. */
export function specBuildable(known: KnownCall): boolean {
  if (known.family === 'module') return true;
  return known.family === 'functional' && /Pool/.test(known.module!);
}

/**
 * The LayerSpec for the bound call, with `overrides` standing in for symbolic parameters.
 * Throws ConvbookError with PyTorch's message when PyTorch would reject the configuration.
 * Returns null when a symbolic parameter has no override.
 */
export function buildSpec(known: KnownCall, bound: BoundCall, overrides: ReadonlyMap<string, PyLiteral> = new Map()): LayerSpec | null {
  if (!specBuildable(known)) return null;
  if (bound.symbolic.some((s) => s.startsWith('*'))) return null;
  const keywords: Record<string, PyLiteral> = {};
  for (const name of bound.given.keys()) {
    if (TENSOR_PARAMS.has(name) && known.family === 'functional') continue;
    const value = bound.values.get(name)!;
    if ('literal' in value) keywords[name] = value.literal;
    else if (overrides.has(name)) keywords[name] = overrides.get(name)!;
    else return null;
  }
  if (known.family === 'functional') {
    // F.max_pool*'s return_indices and ceil_mode swap places relative to nn.MaxPool*d; by name they agree.
    delete keywords.input;
  }
  const module = moduleOf(known);
  const key = `${module}|${JSON.stringify(keywords)}`;
  let memo = SPEC_MEMO.get(key);
  if (!memo) {
    try {
      memo = { spec: specOf(module, keywords) };
    } catch (e) {
      if (!(e instanceof ConvbookError)) throw e;
      memo = { error: e };
    }
    if (SPEC_MEMO.size >= SPEC_MEMO_LIMIT) SPEC_MEMO.clear();
    SPEC_MEMO.set(key, memo);
  }
  if ('error' in memo) throw memo.error;
  return memo.spec;
}

/**
 * Specs by module and literal arguments. A file is re-read on every edit, and most of its layers
 * did not change, so their specs (immutable values) are looked up instead of rebuilt.
 */
const SPEC_MEMO = new Map<string, { spec: LayerSpec | null } | { error: ConvbookError }>();
const SPEC_MEMO_LIMIT = 4096;

function specOf(module: string, keywords: Record<string, PyLiteral>): LayerSpec | null {
  if (EXTRA_POOLS[module]) return poolSpec(module, EXTRA_POOLS[module].dims, keywords);
  if (module === 'nn.AdaptiveAvgPool2d' || LAYER_CONSTRUCTORS.includes(module)) return layerSpecFromCall(module, [], keywords);
  return null;
}

/**
 * nn.MaxPool1d/3d and nn.AvgPool1d/3d, which layerSpecFromCall does not build: the same arguments
 * as the 2-D pools, one value per axis, then the engine's constructor checks (resolveWindow).
 */
function poolSpec(module: string, dims: SpatialDims, keywords: Record<string, PyLiteral>): WindowSpec {
  const sig = SIGNATURES[EXTRA_POOLS[module].base];
  const cls = module.slice(3);
  const { given } = bindArguments<PyLiteral>(sig, [], keywords);
  const all = withDefaults(sig, given);
  const ints = (name: string): number[] => {
    const value = all[name];
    const list = typeof value === 'number' ? new Array<PyLiteral>(dims).fill(value) : value;
    if (!Array.isArray(list) || list.length !== dims || !list.every((v) => typeof v === 'number' && Number.isInteger(v))) {
      throw valueError(`${cls}: ${name} must be an int or a tuple of ${dims} int${dims === 1 ? '' : 's'}, got ${formatLiteral(value)}`, name);
    }
    return list as number[];
  };
  const bool = (name: string): boolean => {
    if (typeof all[name] !== 'boolean') throw typeError(`${cls}: argument '${name}' must be bool, not ${formatLiteral(all[name])}`, name);
    return all[name] as boolean;
  };
  const kernelSize = ints('kernel_size');
  const stride = all.stride === null ? [] : ints('stride');
  const padding = ints('padding');
  const spec: WindowSpec = module.startsWith('nn.MaxPool')
    ? { kind: 'max_pool', dims, kernelSize, stride, padding, dilation: ints('dilation'), ceilMode: bool('ceil_mode') }
    : { kind: 'avg_pool', dims, kernelSize, stride, padding, ceilMode: bool('ceil_mode'), countIncludePad: bool('count_include_pad') };
  resolveWindow(spec);
  return spec;
}

/** The parameter a symbolic channel count can be inferred from the input for, per module. */
export function inputChannelParam(known: KnownCall): string | null {
  const module = moduleOf(known);
  if (/^nn\.Conv(Transpose)?\dd$/.test(module) || module === 'DeformConv2d') return 'in_channels';
  if (module === 'nn.BatchNorm2d') return 'num_features';
  if (module === 'nn.Linear') return 'in_features';
  return null;
}

/** Channel parameters that do not affect spatial geometry, so placeholders can stand in for them. */
const CHANNEL_PARAMS = new Set(['in_channels', 'out_channels']);

/**
 * A spec good for spatial geometry only (output-size formulas, receptive fields) when the
 * only symbolic arguments are channel counts: they are replaced by the group count.
 */
export function geometrySpec(known: KnownCall, bound: BoundCall): LayerSpec | null {
  if (!specBuildable(known) || bound.symbolic.length === 0) return null;
  if (!bound.symbolic.every((s) => CHANNEL_PARAMS.has(s))) return null;
  const groups = bound.values.get('groups');
  const g = groups && 'literal' in groups && typeof groups.literal === 'number' ? groups.literal : 1;
  try {
    return buildSpec(known, bound, new Map(bound.symbolic.map((s) => [s, g])));
  } catch {
    return null;
  }
}
