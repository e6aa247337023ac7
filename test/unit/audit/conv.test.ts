// golden-extra/conv.json: F.conv1d/2d/3d and nn.ConvNd (padding modes, 'same' with even kernels, groups, unbatched inputs) against PyTorch,
// through the engine and through cells.

import { auditFile } from '../support/audit_tests';

auditFile('conv.json', 60);
