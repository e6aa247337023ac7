// convbook's display helpers for Python cells: sweep() of a computed result or of a layer's
// geometry, and compare() of two traced models. The payloads are the ones the renderer draws,
// built by the same code as every other view (lang/outputs/sweep_payload.ts, the engine's arithmetic).

import { MIME, type CellOutput, type ComparisonPayload, type FlopCount, type KernelSettings, type LayerCost, type ParamCount } from '../../contract';
import { latexNumber, textNumber } from '../../engine/arithmetic/format';
import { flopCount } from '../../engine/arithmetic/flops';
import { paramCount } from '../../engine/arithmetic/params';
import { typeError } from '../../engine/errors';
import { isWindowSpec, type LayerSpec } from '../../engine/layer';
import type { Tensor } from '../../engine/tensor';
import { comparisonMarkdown, comparisonText, deformMarkdown, deformText, sweepMarkdown, sweepText } from '../../lang/outputs/markdown';
import { sweepForLayer, sweepForResult } from '../../lang/outputs/sweep_payload';
import { rich } from './analysis';
import { parseOptions, type TensorRef } from './ref';

/** A leaf module call of a shape-only trace, as convbook/compare.py sends it. */
interface LeafCall {
  path: string;
  repr: string;
  spec: LayerSpec | null;
  input_shape: number[];
  output_shape: number[];
}

interface TracedModel {
  /** What the model is called in the comparison's title. */
  label: string;
  /** True when the model is one layer (its cost has no parts). */
  single: boolean;
  leaves: LeafCall[];
}

function sumFormula(terms: number[], total: number): { latex: string; text: string } {
  return {
    latex: `${terms.map(latexNumber).join(' + ')} = ${latexNumber(total)}`,
    text: `${terms.map(textNumber).join(' + ')} = ${textNumber(total)}`,
  };
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

/** Cost of a layer or a stack on its traced input; a stack lists its layers as parts. */
function modelCost(model: TracedModel, inputShape: readonly number[]): LayerCost & { parts?: LayerCost[] } {
  const parts: LayerCost[] = model.leaves.map((leaf) => {
    if (!leaf.spec) throw typeError(`compare(): ${leaf.repr} has no formula for parameters and FLOPs in convbook`, 'a');
    return { name: model.single ? leaf.repr : `${leaf.path}: ${leaf.repr}`, params: paramCount(leaf.spec), flops: flopCount(leaf.spec, leaf.input_shape), outputShape: [...leaf.output_shape] };
  });
  if (model.single && parts.length === 1) return parts[0];
  const outputShape = parts.length ? parts[parts.length - 1].outputShape : [...inputShape];
  return { name: model.label, params: sumParams(parts), flops: sumFlops(parts), outputShape, parts };
}

export function viewOps(settings: KernelSettings) {
  return {
    /** sweep(y): the animation of the conv or pooling call that computed y, for one output channel. */
    sweep_result: (t: TensorRef, channel: number, batch: number): CellOutput[] => {
      if (!t.provenance || t.data === null) throw typeError('sweep(): this tensor was not computed by a conv, transposed conv, deformable conv or pooling call, so there is no window to show', 'target');
      const payload = sweepForResult(t as Tensor, t.provenance, { channel, batch }, settings);
      if ('offset' in payload) return rich(MIME.deform, payload, deformMarkdown(payload), deformText(payload));
      return rich(MIME.sweep, payload, sweepMarkdown(payload), sweepText(payload));
    },
    /** sweep(layer, input_size=...): the window's geometry alone. */
    sweep_layer: (specJson: string, inputSizeJson: string, title: string): CellOutput[] => {
      const spec = parseOptions<LayerSpec>(specJson);
      if (!isWindowSpec(spec)) throw typeError(`sweep(): ${title} has no sliding window`, 'target');
      const inputSize = parseOptions<number[] | null>(inputSizeJson);
      if (!inputSize) throw typeError('sweep(layer) needs input_size=(N, C, H, W) (or just the spatial sizes)', 'input_size');
      const payload = sweepForLayer(spec, inputSize, title);
      return rich(MIME.sweep, payload, sweepMarkdown(payload), sweepText(payload));
    },
    /** compare(a, b, input_size=...): params and FLOPs side by side, from two shape-only traces. */
    compare: (aJson: string, bJson: string, inputSizeJson: string): CellOutput[] => {
      const inputShape = parseOptions<number[]>(inputSizeJson);
      const a = parseOptions<TracedModel>(aJson);
      const b = parseOptions<TracedModel>(bJson);
      const costA = modelCost(a, inputShape);
      const costB = modelCost(b, inputShape);
      const notes = ['multiplications count one per weight use, without bias (the reference convention); MACs in the parts follow the same rule'];
      if (costA.outputShape.join() !== costB.outputShape.join()) notes.push(`the two produce different shapes: [${costA.outputShape.join(', ')}] vs [${costB.outputShape.join(', ')}]`);
      const payload: ComparisonPayload = {
        title: `${a.label} vs ${b.label} on input [${inputShape.join(', ')}]`,
        a: { ...costA, name: a.label },
        b: { ...costB, name: b.label },
        paramRatio: costA.params.total === 0 ? 0 : costB.params.total / costA.params.total,
        flopRatio: costA.flops.multiplications === 0 ? 0 : costB.flops.multiplications / costA.flops.multiplications,
        notes,
      };
      return rich(MIME.comparison, payload, comparisonMarkdown(payload), comparisonText(payload));
    },
  };
}
