// golden-extra/transpose.json: F.conv_transpose1d/2d/3d and nn.ConvTransposeNd with output_size= against PyTorch,
// through the engine and through cells.

import { auditFile } from '../support/audit_tests';

auditFile('transpose.json', 45);
