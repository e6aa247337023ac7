// The engine bridge the Python torch package imports as the JS module `_convbook_engine`: every
// op's shape rule, checks and values, reached through Pyodide's FFI.

import type { KernelSettings } from '../../contract';
import type { KernelHost } from '../runtime/host';
import { analysisOps } from './analysis';
import { mathOps } from './math_ops';
import { modelPickOps } from './model_pick';
import { normActOps } from './norm_act';
import { allocateData, checkAllocation, dropData, holdData, liveBytes, parseOptions, type TensorRef } from './ref';
import { resampleOps } from './resample';
import { sourceOps } from './sources';
import { tensorOps } from './tensor_ops';
import { valueOps } from './values';
import { viewOps } from './views';
import { windowOps } from './window_ops';

export function createEngineBridge(settings: KernelSettings, host?: KernelHost) {
  const values = valueOps(settings);
  return {
    ...tensorOps(settings),
    ...mathOps(settings),
    ...windowOps(settings),
    ...normActOps(settings),
    ...resampleOps(settings),
    ...analysisOps(),
    ...modelPickOps(),
    ...viewOps(settings),
    ...sourceOps(settings, host),
    ...values,
    /** Materialises a shape-only tensor's data in place, within the element budget. */
    allocate: (t: TensorRef): void => {
      if (t.data !== null) return;
      (t as { data: Float32Array | null }).data = allocateData(settings, t.shape, () => new Float32Array(t.shape.reduce((a, b) => a * b, 1)));
      holdData(settings, t);
    },
    check_allocation: (shapeJson: string): void => checkAllocation(settings, parseOptions<number[]>(shapeJson)),
    hold: (t: TensorRef): void => holdData(settings, t),
    drop: (t: TensorRef): void => dropData(settings, t),
    live_bytes: (): number => liveBytes(settings),
  };
}

export type EngineBridge = ReturnType<typeof createEngineBridge>;
