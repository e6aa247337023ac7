// golden-extra/pool.json: max/avg pooling with ceil_mode, padding, dilation, count_include_pad, divisor_override, return_indices, and adaptive pooling against PyTorch,
// through the engine and through cells.

import { auditFile } from '../support/audit_tests';

auditFile('pool.json', 60);
