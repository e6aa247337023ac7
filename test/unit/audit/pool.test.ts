// golden-extra/pool.json: max/avg pooling with ceil_mode, padding, dilation, count_include_pad,
// divisor_override, return_indices, and adaptive pooling (non-divisible sizes, None axes), against
// PyTorch, through the engine and through cells.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { perAxis, poolDroppedWindow } from '../../../engine/shapes';
import { auditFile } from '../support/audit_tests';

const cases = auditFile('pool.json', 60);

test('pool.json covers ceil_mode windows that PyTorch drops, with padding and with dilation', () => {
  const dropped = cases.filter((c) => {
    if (c.op === 'adaptive_avg_pool2d' || !c.params.ceil_mode) return false;
    const [h, w] = c.tensors.x.shape.slice(-2);
    const k = perAxis(c.params.kernel_size as number | number[], 2);
    const s = c.params.stride === undefined || c.params.stride === null ? k : perAxis(c.params.stride as number | number[], 2);
    const p = perAxis((c.params.padding ?? 0) as number | number[], 2);
    const d = perAxis((c.params.dilation ?? 1) as number | number[], 2);
    return [h, w].some((size, a) => poolDroppedWindow(size, k[a], s[a], p[a], d[a]));
  });
  assert.ok(dropped.length >= 2, `${dropped.length} cases drop a window`);
  assert.ok(dropped.some((c) => c.params.dilation !== undefined && c.params.dilation !== 1));
  for (const op of ['max_pool2d', 'avg_pool2d', 'adaptive_avg_pool2d']) assert.ok(cases.filter((c) => c.op === op).length >= 10, op);
  assert.ok(cases.some((c) => c.params.return_indices === true && Array.isArray(c.output)));
  assert.ok(cases.some((c) => c.params.count_include_pad === false && c.params.ceil_mode === true));
  assert.ok(cases.some((c) => Array.isArray(c.params.output_size) && (c.params.output_size as unknown[]).includes(null)));
});
