// The renderer's animation payloads for a result of conv / transposed conv / pooling (SweepPayload)
// and of deformable conv (DeformPayload): the geometry from the engine, plus the data of one output
// channel — the input planes of its group, its kernel planes, its bias and its output plane.

import type { DeformPayload, KernelSettings, SweepPayload } from '../../contract';
import { describeLayer } from '../../engine/arithmetic/describe';
import { windowConfigFor } from '../../engine/arithmetic/spec_shape';
import { ConvbookError } from '../../engine/errors';
import type { WindowSpec } from '../../engine/layer';
import { numel, type Tensor } from '../../engine/tensor';

/** What a conv or pooling result keeps of the call that made it, for its sweep animation. */
export interface WindowProvenance {
  /** The op as a weight-free spec (functional calls get one built from the tensors' shapes). */
  spec: WindowSpec;
  /** The input as the op saw it, batched. */
  input: Tensor;
  /** conv/conv_transpose/deform: the weight; pooling: null. */
  weight: Tensor | null;
  bias: Tensor | null;
  /** deform_conv2d only. */
  offset?: Tensor;
  mask?: Tensor | null;
  /** What the sweep is titled. */
  title: string;
}

function indexError(message: string): ConvbookError {
  return new ConvbookError('IndexError', message);
}

/** Results whose planes are at most this many values get their sweep without being asked. */
export const AUTO_SWEEP_MAX_PLANE = 32 * 32;
/** ... and whose group has at most this many input channels. */
export const AUTO_SWEEP_MAX_CHANNELS = 8;

function plane(t: Tensor, leading: number[]): number[] {
  const spatial = t.shape.slice(leading.length);
  const size = numel(spatial);
  let offset = 0;
  for (let d = 0; d < leading.length; d++) offset = offset * t.shape[d] + leading[d];
  return Array.from(t.data.subarray(offset * size, (offset + 1) * size));
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

/** True when the result is small enough to animate without being asked. */
export function wantsAutoSweep(prov: WindowProvenance): boolean {
  const spec = prov.spec;
  if (spec.dims > 2) return false;
  const inputPlane = numel(prov.input.shape.slice(2));
  if (inputPlane > AUTO_SWEEP_MAX_PLANE) return false;
  const groupChannels = spec.kind === 'max_pool' || spec.kind === 'avg_pool' ? 1 : spec.inChannels / spec.groups;
  return groupChannels <= AUTO_SWEEP_MAX_CHANNELS;
}

export interface SweepSelection {
  channel: number;
  batch: number;
}

/** The sweep (or deform) payload of a result tensor, for one output channel of one batch element. */
export function sweepForResult(output: Tensor, prov: WindowProvenance, selection: SweepSelection, settings: KernelSettings): SweepPayload | DeformPayload {
  const spec = prov.spec;
  const input = prov.input;
  const batchSize = input.shape[0];
  const out = output.shape.length === input.shape.length ? output : { shape: [1, ...output.shape], data: output.data };
  const channels = out.shape[1];
  const { channel, batch } = selection;
  if (!Number.isInteger(batch) || batch < 0 || batch >= batchSize) throw indexError(`batch ${batch} is out of range for a batch of ${batchSize}`);
  if (!Number.isInteger(channel) || channel < 0 || channel >= channels) throw indexError(`channel ${channel} is out of range for ${channels} output channels`);

  const config = windowConfigFor(spec, input.shape);
  const notes: string[] = [];
  const inputPlaneSize = numel(input.shape.slice(2));
  const outputPlaneSize = numel(out.shape.slice(2));
  const withData = spec.dims <= 2 && inputPlaneSize <= settings.maxDisplayValues && outputPlaneSize <= settings.maxDisplayValues;
  if (!withData) {
    notes.push(spec.dims > 2 ? '3-D windows: geometry only' : `planes over ${settings.maxDisplayValues} values: geometry only`);
  }

  if (spec.kind === 'deform_conv') return deformPayload(prov, spec, config, batch, channel, withData, notes);

  const payload: SweepPayload = { title: prov.title, config, notes };
  if (spec.kind === 'max_pool' || spec.kind === 'avg_pool') {
    notes.unshift(`channel ${channel} of ${channels}, batch element ${batch} of ${batchSize}; pooling works on each channel alone`);
    if (withData) {
      payload.inputPlanes = [plane(input, [batch, channel])];
      payload.output = plane(out, [batch, channel]);
    }
  } else {
    const weight = prov.weight!;
    const groups = spec.groups;
    const inPerGroup = spec.inChannels / groups;
    const outPerGroup = spec.outChannels / groups;
    const group = Math.floor(channel / outPerGroup);
    const inputChannels = range(group * inPerGroup, inPerGroup);
    const shown = inputChannels.slice(0, settings.maxDisplayPlanes);
    const groupText = groups > 1 ? ` (group ${group} of ${groups})` : '';
    notes.unshift(
      `output channel ${channel} of ${channels}${groupText}, batch element ${batch} of ${batchSize}; it reads input channel${inputChannels.length > 1 ? `s ${inputChannels[0]}–${inputChannels[inputChannels.length - 1]}` : ` ${inputChannels[0]}`}`,
    );
    if (shown.length < inputChannels.length) notes.push(`showing ${shown.length} of the group's ${inputChannels.length} input channels`);
    if (withData) {
      payload.inputPlanes = shown.map((c) => plane(input, [batch, c]));
      payload.weightPlanes =
        spec.kind === 'conv'
          ? shown.map((_, j) => plane(weight, [channel, j]))
          : // Transposed weights are (C_in, C_out/groups, k...): the kernel linking input c to this output channel.
            shown.map((c) => plane(weight, [c, channel % outPerGroup]));
      if (prov.bias) payload.bias = prov.bias.data[channel];
      payload.output = plane(out, [batch, channel]);
    }
  }
  try {
    payload.formula = describeLayer(spec as WindowSpec, input.shape);
  } catch (error) {
    if (!(error instanceof ConvbookError)) throw error;
  }
  return payload;
}

function deformPayload(
  prov: WindowProvenance,
  spec: Extract<WindowSpec, { kind: 'deform_conv' }>,
  config: SweepPayload['config'],
  batch: number,
  channel: number,
  withData: boolean,
  notes: string[],
): DeformPayload {
  const offset = prov.offset!;
  const taps = numel(config.kernelSize);
  const offsetGroups = offset.shape[1] / (2 * taps);
  const inPerGroup = spec.inChannels / spec.groups;
  const outPerGroup = spec.outChannels / spec.groups;
  const inputChannel = Math.floor(channel / outPerGroup) * inPerGroup;
  const offsetGroup = Math.floor(inputChannel / (spec.inChannels / offsetGroups));
  const planeSize = numel(offset.shape.slice(2));
  const offsetData = Array.from(offset.data.subarray((batch * offset.shape[1] + offsetGroup * 2 * taps) * planeSize, (batch * offset.shape[1] + (offsetGroup + 1) * 2 * taps) * planeSize));
  const payload: DeformPayload = {
    title: prov.title,
    config,
    offset: offsetData,
    selected: config.outputSize.map(() => 0),
    notes: [
      `output channel ${channel}, batch element ${batch}; samples drawn on input channel ${inputChannel} with offset group ${offsetGroup} of ${offsetGroups}`,
      ...notes,
    ],
  };
  if (withData) payload.input = plane(prov.input, [batch, inputChannel]);
  if (prov.mask) {
    const m = prov.mask;
    payload.mask = Array.from(m.data.subarray((batch * m.shape[1] + offsetGroup * taps) * planeSize, (batch * m.shape[1] + (offsetGroup + 1) * taps) * planeSize));
  }
  return payload;
}

/** Geometry-only sweep for a layer and an input size (no tensors involved). */
export function sweepForLayer(spec: WindowSpec, inputShape: readonly number[], title: string): SweepPayload {
  const config = windowConfigFor(spec, inputShape);
  const payload: SweepPayload = { title, config, notes: ['geometry only: call sweep(y) on a computed result to see the values'] };
  try {
    payload.formula = describeLayer(spec, inputShape.length === spec.dims ? undefined : inputShape);
  } catch (error) {
    if (!(error instanceof ConvbookError)) throw error;
  }
  return payload;
}
