// golden-extra/pad.json: F.pad in every mode, negative pads included, against PyTorch,
// through the engine and through cells.

import { auditFile } from '../support/audit_tests';

auditFile('pad.json', 50);
