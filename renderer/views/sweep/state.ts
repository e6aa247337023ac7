// What a sweep output remembers while it plays: the model for the current mode and channel, the
// frame and its trace, the speed, and what the pointer is over. The canvas, the player, the
// controls and the pointer handlers all read and change this one object.

import type { SweepPayload } from '../../../contract';
import type { ViewState } from '../../view';
import type { Hover } from './overlay';
import { SweepModel } from './model';
import type { FrameInfo, SweepMode } from './types';

export const SPEEDS = [0.5, 1, 2, 4, 8, 15, 30, 60];

export interface SweepState {
  readonly payload: SweepPayload;
  mode: SweepMode;
  channel: number;
  model: SweepModel;
  frame: number;
  info: FrameInfo;
  /** The frame just left by a one-step move, for the window's glide; null after a jump. */
  previous: FrameInfo | null;
  glideStart: number;
  /** Steps per second. */
  speed: number;
  playing: boolean;
  hover: Hover | null;
}

/** The state a sweep starts in, resuming the stored mode, channel, frame and speed. */
export function initialState(payload: SweepPayload, stored: ViewState): SweepState {
  const isTransposed = payload.config.kind === 'conv_transpose';
  const mode: SweepMode = isTransposed ? (stored.get<SweepMode>('mode') === 'gather' ? 'gather' : 'scatter') : 'direct';
  const channel = stored.get<number>('channel') ?? 0;
  const model = new SweepModel(payload, mode, channel);
  const frame = Math.min(Math.max(0, stored.get<number>('frame') ?? 0), model.frames - 1);
  const defaultSpeed = SPEEDS.find((s) => model.frames / s <= 20) ?? 60;
  return {
    payload,
    mode,
    channel,
    model,
    frame,
    info: model.frameInfo(frame),
    previous: null,
    glideStart: 0,
    speed: stored.get<number>('speed') ?? Math.max(1, defaultSpeed),
    playing: false,
    hover: null,
  };
}

/** Builds the model again after a mode or channel change, keeping the frame where it can. */
export function remodel(s: SweepState): void {
  s.model = new SweepModel(s.payload, s.mode, s.channel);
  s.frame = Math.min(s.frame, s.model.frames - 1);
  s.info = s.model.frameInfo(s.frame);
  s.previous = null;
  s.hover = null;
}
