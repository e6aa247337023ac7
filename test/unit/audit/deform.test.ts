// golden-extra/deform.json: torchvision's deform_conv2d and DeformConv2d (offset groups, masks, stride, dilation, far offsets) against PyTorch,
// through the engine and through cells.

import { auditFile } from '../support/audit_tests';

auditFile('deform.json', 18);
