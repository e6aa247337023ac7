// golden-extra/elementwise.json: broadcasting arithmetic between tensors and Python numbers against PyTorch,
// through the engine and through cells.

import { auditFile } from '../support/audit_tests';

auditFile('elementwise.json', 10);
