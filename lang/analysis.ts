// convbook's analysis built-ins: summary(), receptive_field(), cost(), sweep() and compare().
// They read layers' configurations (never their weights) and hand them to the engine's
// arithmetic; the results display as the renderer's rich views with text fallbacks.

import { MIME, type ComparisonPayload, type FlopCount, type LayerCost, type OutputItem, type ParamCount } from '../contract';
import { describeLayer } from '../engine/arithmetic/describe';
import { latexNumber, textNumber } from '../engine/arithmetic/format';
import { flopCount } from '../engine/arithmetic/flops';
import { paramCount } from '../engine/arithmetic/params';
import { receptiveField } from '../engine/arithmetic/receptive_field';
import { outputShape } from '../engine/arithmetic/spec_shape';
import { summarize } from '../engine/arithmetic/summary';
import { isWindowSpec, type WindowSpec } from '../engine/layer';
import { BoundCall } from './call_args';
import { comparisonMarkdown, comparisonText, deformMarkdown, deformText, formulaMarkdown, formulaText, receptiveFieldMarkdown, receptiveFieldText, summaryMarkdown, summaryText, sweepMarkdown, sweepText } from './markdown';
import { layerRepr } from './repr';
import { pyError, type Runtime } from './runtime';
import { SIGNATURES } from './signatures';
import { sweepForLayer, sweepForResult } from './sweep_payload';
import { BuiltinFunction, isTensorValue, LayerModule, RichValue, SequentialModule, typeName, type CallArgs, type ModuleValue, type PyValue } from './values';

export interface NamedLayer {
  name: string;
  module: LayerModule;
}

/** The leaf layers of a module in order, named like PyTorch's named_modules ('0', '3.1', ...). */
export function leafLayers(model: ModuleValue, prefix = ''): NamedLayer[] {
  if (model instanceof LayerModule) return [{ name: prefix || model.className, module: model }];
  return model.layers.flatMap((layer, i) => leafLayers(layer, prefix ? `${prefix}.${i}` : String(i)));
}

function requireModel(value: PyValue, fn: string, name: string): ModuleValue {
  if (value instanceof LayerModule || value instanceof SequentialModule) return value;
  throw pyError('TypeError', `${fn}(): argument '${name}' must be a layer or nn.Sequential, not ${typeName(value)}`);
}

/** input_size as a tuple/list/torch.Size of ints, or a tensor (its shape). */
export function shapeValue(value: PyValue, fn: string, name = 'input_size'): number[] {
  if (isTensorValue(value)) return [...value.shape];
  if (Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0)) return value as number[];
  throw pyError('TypeError', `${fn}(): argument '${name}' must be a shape like (1, 3, 224, 224), not ${typeName(value)}`);
}

function rich(kind: string, mime: string, payload: unknown, markdown: string, text: string): RichValue {
  const items: OutputItem[] = [
    { mime, value: payload },
    { mime: MIME.markdown, value: markdown },
    { mime: MIME.plain, value: text },
  ];
  return new RichValue(kind, items, text, payload);
}

function define(name: string, impl: (bound: BoundCall, args: CallArgs) => PyValue): BuiltinFunction {
  const sig = SIGNATURES[name];
  return new BuiltinFunction(name, (args) => impl(BoundCall.bind(sig, args), args), sig);
}

function sumParams(parts: LayerCost[]): ParamCount {
  const weights = parts.reduce((s, p) => s + p.params.weights, 0);
  const bias = parts.reduce((s, p) => s + p.params.bias, 0);
  const total = weights + bias;
  return { weights, bias, total, formula: sumFormula(parts.map((p) => p.params.total), total) };
}

function sumFlops(parts: LayerCost[]): FlopCount {
  const sum = (pick: (f: FlopCount) => number): number => parts.reduce((s, p) => s + pick(p.flops), 0);
  const macs = sum((f) => f.macs);
  return {
    multiplications: sum((f) => f.multiplications),
    additions: sum((f) => f.additions),
    biasAdditions: sum((f) => f.biasAdditions),
    macs,
    formula: sumFormula(parts.map((p) => p.flops.macs), macs),
  };
}

function sumFormula(terms: number[], total: number): { latex: string; text: string } {
  return {
    latex: `${terms.map(latexNumber).join(' + ')} = ${latexNumber(total)}`,
    text: `${terms.map(textNumber).join(' + ')} = ${textNumber(total)}`,
  };
}

/** Cost of a layer or a stack on an input shape; stacks list their layers as parts. */
function modelCost(model: ModuleValue, inputShape: readonly number[]): LayerCost & { parts?: LayerCost[] } {
  const layers = leafLayers(model);
  let shape = [...inputShape];
  const parts: LayerCost[] = layers.map(({ name, module }) => {
    const flops = flopCount(module.spec, shape);
    shape = outputShape(module.spec, shape);
    return { name: model instanceof SequentialModule ? `${name}: ${layerRepr(module)}` : layerRepr(module), params: paramCount(module.spec), flops, outputShape: [...shape] };
  });
  if (model instanceof LayerModule) return parts[0];
  return { name: 'Sequential', params: sumParams(parts), flops: sumFlops(parts), outputShape: shape, parts };
}

export function analysisBuiltins(runtime: Runtime): Record<string, BuiltinFunction> {
  return {
    summary: define('summary', (b) => {
      const model = requireModel(b.value('model'), 'summary', 'model');
      const inputShape = shapeValue(b.value('input_size'), 'summary');
      const layers = leafLayers(model).map(({ name, module }) => ({ name, spec: module.spec }));
      const payload = summarize(layers, inputShape);
      return rich('Summary', MIME.summary, payload, summaryMarkdown(payload), summaryText(payload));
    }),
    receptive_field: define('receptive_field', (b) => {
      const model = requireModel(b.value('model'), 'receptive_field', 'model');
      const layers = leafLayers(model);
      const inputValue = b.value('input_size');
      const indexValue = b.value('output_index');
      const options: Parameters<typeof receptiveField>[1] = { names: layers.map(({ name, module }) => `${name}: ${layerRepr(module)}`) };
      if (inputValue !== null) {
        const shape = shapeValue(inputValue, 'receptive_field');
        const dims = layers.find((l) => isWindowSpec(l.module.spec))?.module.spec as WindowSpec | undefined;
        options.inputSize = dims ? shape.slice(shape.length - dims.dims) : shape.slice(2);
      }
      if (indexValue !== null) {
        if (!options.inputSize) throw pyError('TypeError', 'receptive_field(): output_index needs input_size');
        const index = typeof indexValue === 'number' ? options.inputSize.map(() => indexValue) : shapeValue(indexValue, 'receptive_field', 'output_index');
        options.outputIndex = index;
      }
      const payload = receptiveField(layers.map((l) => l.module.spec), options);
      return rich('ReceptiveField', MIME.receptiveField, payload, receptiveFieldMarkdown(payload), receptiveFieldText(payload));
    }),
    cost: define('cost', (b) => {
      const model = requireModel(b.value('layer'), 'cost', 'layer');
      if (model instanceof SequentialModule) throw pyError('TypeError', 'cost() describes one layer; use summary(model, input_size=...) or compare(a, b, input_size=...) for a stack');
      const inputValue = b.value('input_size');
      const payload = describeLayer(model.spec, inputValue === null ? undefined : shapeValue(inputValue, 'cost'));
      payload.layer = model.written || payload.layer;
      return rich('Cost', MIME.formula, payload, formulaMarkdown(payload), formulaText(payload));
    }),
    sweep: define('sweep', (b, args) => {
      const target = b.value('target');
      const selection = { channel: b.int('channel'), batch: b.int('batch') };
      if (isTensorValue(target)) {
        const provenance = runtime.infoOf(target)?.provenance;
        if (!provenance) throw pyError('TypeError', 'sweep(): this tensor was not computed by a conv, transposed conv, deformable conv or pooling call, so there is no window to show');
        const payload = sweepForResult(target, provenance, selection, runtime.settings);
        if ('offset' in payload) return rich('Deform', MIME.deform, payload, deformMarkdown(payload), deformText(payload));
        return rich('Sweep', MIME.sweep, payload, sweepMarkdown(payload), sweepText(payload));
      }
      if (target instanceof LayerModule) {
        if (!isWindowSpec(target.spec)) throw pyError('TypeError', `sweep(): ${target.className} has no sliding window`);
        const inputValue = b.value('input_size');
        if (inputValue === null) throw pyError('TypeError', "sweep(layer) needs input_size=(N, C, H, W) (or just the spatial sizes)");
        const payload = sweepForLayer(target.spec, shapeValue(inputValue, 'sweep'), target.written || runtime.sourceOf(args.positionalNodes[0]) || layerRepr(target));
        return rich('Sweep', MIME.sweep, payload, sweepMarkdown(payload), sweepText(payload));
      }
      throw pyError('TypeError', `sweep(): argument 'target' must be a layer or a tensor computed by a conv or pooling call, not ${typeName(target)}`);
    }),
    compare: define('compare', (b, args) => {
      const a = requireModel(b.value('a'), 'compare', 'a');
      const second = requireModel(b.value('b'), 'compare', 'b');
      const inputShape = shapeValue(b.value('input_size'), 'compare');
      const costA = modelCost(a, inputShape);
      const costB = modelCost(second, inputShape);
      const short = (label: string, fallback: string): string => (label && label.length <= 60 ? label : fallback);
      const labelA = short(runtime.sourceOf(args.positionalNodes[0]), costA.name);
      const labelB = short(runtime.sourceOf(args.positionalNodes[1]), costB.name);
      const notes = ['multiplications count one per weight use, without bias (the reference convention); MACs in the parts follow the same rule'];
      if (costA.outputShape.join() !== costB.outputShape.join()) notes.push(`the two produce different shapes: [${costA.outputShape.join(', ')}] vs [${costB.outputShape.join(', ')}]`);
      const payload: ComparisonPayload = {
        title: `${labelA} vs ${labelB} on input [${inputShape.join(', ')}]`,
        a: { ...costA, name: labelA },
        b: { ...costB, name: labelB },
        paramRatio: costA.params.total === 0 ? 0 : costB.params.total / costA.params.total,
        flopRatio: costA.flops.multiplications === 0 ? 0 : costB.flops.multiplications / costA.flops.multiplications,
        notes,
      };
      return rich('Comparison', MIME.comparison, payload, comparisonMarkdown(payload), comparisonText(payload));
    }),
  };
}
