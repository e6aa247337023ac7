// The hover of a PyTorch layer call, as markdown, and the texts its command links carry (the
// formula to copy, the notebook cell to visualize). No vscode import, so tests can read it.

import { ConvbookError } from '../../engine/errors';
import { flopCount, macsPerOutputPosition } from '../../engine/arithmetic/flops';
import { shapeTuple, textNumber } from '../../engine/arithmetic/format';
import { formatLayer } from '../../engine/arithmetic/layer_repr';
import { outputSizeFormulas } from '../../engine/arithmetic/output_formula';
import { paramCount } from '../../engine/arithmetic/params';
import type { AxisFormula } from '../../contract';
import { isWindowSpec, type SpatialDims, type WindowSpec } from '../../engine/layer';
import { cellImports } from '../../calculator/layer';
import { formatLiteral, type PyLiteral } from '../../lang/syntax/literal';
import type { LayerCall } from '../../lang/pyfile/python_layers';

export const VISUALIZE_COMMAND = 'convbook.visualizeLayer';
export const COPY_FORMULA_COMMAND = 'convbook.copyFormula';

export interface HoverTextOptions {
  /** Input assumed when the call's input is unknown (for the spatial formulas of symbolic layers). */
  defaultInputSize?: number[];
  /** Add the "Visualize in notebook" and "Copy formula" command links. */
  commandLinks?: boolean;
  /** A trace above gives this call's shapes: no advice on giving its input, no visualization on a guessed one. */
  traced?: boolean;
}

/** A shape as Python prints a tuple: (1, 64, 56, 56), (10,). */
export { shapeTuple };

function guard<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ConvbookError) return null;
    throw e;
  }
}

/**
 * A stand-in spec for a functional conv, whose kernel lives in the weight tensor: the general
 * formula depends only on whether stride and dilation are 1 and padding is symmetric, which the
 * call does say.
 */
function functionalGeometry(call: LayerCall): WindowSpec | null {
  if (!call.functional || call.spec) return null;
  const dims = Number(/(\d)d$/.exec(call.canonical)?.[1] ?? 2) as SpatialDims;
  const list = (name: string, fallback: number): number[] | null => {
    const value = call.config[name] as PyLiteral | undefined;
    if (call.symbolic.includes(name)) return null;
    if (value === undefined) return [fallback];
    if (typeof value === 'number') return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
    return null;
  };
  const stride = list('stride', 1);
  const dilation = list('dilation', 1);
  const kernelSize = new Array<number>(dims).fill(1);
  if (!stride || !dilation) return null;
  if (/conv_transpose/.test(call.canonical)) {
    const padding = list('padding', 0);
    const outputPadding = list('output_padding', 0);
    if (!padding || !outputPadding) return null;
    return { kind: 'conv_transpose', dims, inChannels: 1, outChannels: 1, kernelSize, stride, padding, outputPadding: outputPadding.map(() => 0), dilation, groups: 1, bias: false };
  }
  const rawPadding = call.config.padding;
  const padding = rawPadding === 'same' || rawPadding === 'valid' ? rawPadding : list('padding', 0);
  if (!padding) return null;
  return { kind: 'conv', dims, inChannels: 1, outChannels: 1, kernelSize, stride, padding, dilation, groups: 1, bias: false, paddingMode: 'zeros' };
}

/** Per-axis output-size formulas of the call, with its numbers: when its geometry and input are known. */
export function axisFormulas(call: LayerCall): AxisFormula[] | null {
  const spec = call.spec ?? call.geometry;
  if (!isWindowSpec(spec) || !call.inputShape) return null;
  return guard(() => outputSizeFormulas(spec, call.inputShape!));
}

/** The general per-axis formulas of a window layer whose input is unknown: symbols only, no numbers. */
function generalFormulas(geometry: WindowSpec | null): AxisFormula[] | null {
  return geometry ? guard(() => outputSizeFormulas(geometry, new Array<number>(geometry.dims).fill(64))) : null;
}

function valueText(value: unknown): string {
  return formatLiteral(value as PyLiteral);
}

function inputSourceText(call: LayerCall): string {
  return call.inputSource === 'hint' ? 'input from the `# input:` hint' : '';
}

/** Said when the input is unknown: shapes are left out rather than guessed, and how to get them. */
const UNKNOWN_INPUT = 'Input shape unknown, so output shape and MACs are left out: write `# input: (N, C, H, W)` on the line above this layer or above its `nn.Sequential`.';

function configTable(call: LayerCall, given: ReadonlySet<string>): string[] {
  const rows = Object.entries(call.config).map(([name, value]) => {
    if (call.symbolic.includes(name)) {
      const inferred = call.inferred[name];
      return `| ${name} | \`${String(value)}\` ${inferred !== undefined ? `→ \`${inferred}\` (from the input)` : '*(not a literal)*'} |`;
    }
    return `| ${name} | \`${valueText(value)}\`${given.has(name) ? '' : ' *default*'} |`;
  });
  if (rows.length === 0) return [];
  return ['| argument | value |', '|:--|:--|', ...rows];
}

/** The hover markdown of a layer call. */
export function layerHoverMarkdown(call: LayerCall, options: HoverTextOptions = {}): string {
  const out: string[] = [];
  const title = `**${call.canonical}**${call.name ? ` \`${call.name}\`` : ''}${call.callee !== call.canonical ? ` — written \`${call.callee}\`` : ''}`;
  out.push(title);

  const spec = call.spec;
  if (call.inputShape && call.outputShape) {
    out.push(`\`${shapeTuple(call.inputShape)}\` → **\`${shapeTuple(call.outputShape)}\`** · ${inputSourceText(call)}`);
  } else if (call.inputShape) {
    out.push(`input \`${shapeTuple(call.inputShape)}\` · ${inputSourceText(call)}; output shape unknown`);
  } else if (!call.functional && !options.traced) {
    out.push(`*${UNKNOWN_INPUT}*`);
  }

  const costs: string[] = [];
  if (call.params) costs.push(`**${textNumber(call.params.total)}** params (${textNumber(call.params.weights)} weights + ${textNumber(call.params.bias)} bias)`);
  const flops = spec && call.inputShape && call.outputShape ? guard(() => flopCount(spec, call.inputShape!)) : null;
  if (flops && flops.macs > 0) costs.push(`${textNumber(flops.macs)} MACs`);
  if (costs.length) out.push(costs.join(' · '));

  if (call.functional && !spec) {
    out.push(
      `Kernel size and channels come from the weight \`${call.weightText ?? 'weight'}\`, whose shape is not in the call; ` +
        `${call.hasBias ? 'a bias tensor is passed' : 'no bias'}.`,
    );
  }

  const table = configTable(call, new Set(call.given));
  if (table.length) out.push(table.join('\n'));

  const formulas = axisFormulas(call);
  if (formulas) {
    const lines = formulas.map((f) => `- ${f.axis}: \`${f.general.text}\` → \`${f.substituted.text}\``);
    out.push(`**Output size** per axis\n\n${lines.join('\n')}`);
  } else {
    const known = call.spec ?? call.geometry;
    const geometry = isWindowSpec(known) ? known : functionalGeometry(call);
    const general = generalFormulas(geometry);
    if (general) {
      const why = isWindowSpec(known) ? '' : ' (k from the weight)';
      out.push(`**Output size** per axis${why}\n\n${general.map((f) => `- ${f.axis}: \`${f.general.text}\``).join('\n')}`);
    }
  }

  if (spec) {
    const params = guard(() => paramCount(spec));
    if (params && params.total > 0) out.push(`**Params** \`${params.formula.text}\``);
    const perPosition = guard(() => macsPerOutputPosition(spec));
    if (perPosition !== undefined && perPosition !== null) {
      out.push(`**MACs per output position** ${textNumber(perPosition)}${spec.kind === 'linear' ? ' (per row)' : ' (all output channels)'}`);
    }
  }

  if (call.warnings.length) out.push(call.warnings.map((w) => `⚠️ ${w}`).join('\n\n'));
  const symbolic = call.symbolic.filter((s) => call.inferred[s] === undefined);
  if (symbolic.length) {
    const listed = symbolic.map((s) => (s.startsWith('*') ? `\`${s}\`` : `\`${s}=${String(call.config[s])}\``)).join(', ');
    const one = symbolic.length === 1;
    out.push(`*${listed} ${one ? 'is not a literal' : 'are not literals'}, so convbook cannot know ${one ? 'its value' : 'their values'}: what depends on ${one ? 'it' : 'them'} is left out.*`);
  }
  if (call.notes.length) out.push(call.notes.map((n) => `*${n}*`).join('\n\n'));

  if (options.commandLinks) {
    const links: string[] = [];
    const cell = options.traced && !call.inputShape ? null : visualizeCellSource(call, options);
    if (cell) links.push(`[Visualize in notebook](${commandUri(VISUALIZE_COMMAND, { source: cell, layer: call.text })})`);
    const formula = formulaText(call);
    if (formula) links.push(`[Copy formula](${commandUri(COPY_FORMULA_COMMAND, { text: formula })})`);
    if (links.length) out.push(links.join(' · '));
  }
  return out.join('\n\n');
}

export function commandUri(command: string, arg: unknown): string {
  // Parentheses are escaped too: markdown would read an unbalanced one as the end of the link.
  return `command:${command}?${encodeURIComponent(JSON.stringify([arg])).replace(/\(/g, '%28').replace(/\)/g, '%29')}`;
}

/** What "Copy formula" copies: each axis's formula with the numbers, then the parameter count. */
export function formulaText(call: LayerCall): string | null {
  const lines: string[] = [];
  for (const f of axisFormulas(call) ?? []) lines.push(`${f.axis}_out = ${f.general.text} = ${f.substituted.text}`);
  const params = call.spec ? guard(() => paramCount(call.spec!)) : null;
  if (params && params.total > 0) lines.push(`params = ${params.formula.text}`);
  return lines.length ? lines.join('\n') : null;
}

/**
 * The notebook cell "Visualize in notebook" opens: the layer (as PyTorch prints it, so aliases and
 * defaults are resolved) and a sweep of it over its input, or its costs for non-window layers.
 */
export function visualizeCellSource(call: LayerCall, options: HoverTextOptions = {}): string | null {
  const spec = call.spec ?? null;
  if (!spec) return null;
  const input = call.inputShape ?? null;
  const layer = formatLayer(spec, input ?? undefined);
  const size = input ?? (isWindowSpec(spec) && options.defaultInputSize ? options.defaultInputSize : null);
  const inputArg = size ? `, input_size=${shapeTuple(size)}` : '';
  const header = `# ${call.text.replace(/\s+/g, ' ')}${call.inputShape ? `  (input ${shapeTuple(call.inputShape)})` : ''}`;
  const helper = isWindowSpec(spec) && size ? 'sweep' : 'cost';
  return [header, ...cellImports(layer, helper), `layer = ${layer}`, `${helper}(layer${inputArg})`].join('\n');
}
