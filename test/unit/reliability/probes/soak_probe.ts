// The soak: 200 cells in one Python session, each creating medium tensors, convolving and deleting
// them. Prints the RSS after every cell, right after a full collection (with --expose-gc).
import { join } from 'node:path';
import { DEFAULT_KERNEL_SETTINGS } from '../../../../contract';
import { torchPackageInstaller } from '../../../../python/install_package';
import { PythonSession } from '../../../../python/runtime/python_session';
import { peakRssMb } from './peak_rss';

const settings = { ...DEFAULT_KERNEL_SETTINGS, liveDataMb: 512 };
const session = new PythonSession({ settings, installer: torchPackageInstaller({ packageDir: join(__dirname, '../../../../python/pkg'), settings }) });
const gc = (globalThis as { gc?: () => void }).gc;
void (async () => {
  await session.execute('import torch\nimport torch.nn.functional as F\ntorch.manual_seed(1)\nw = torch.randn(8, 8, 1, 1)');
  const rss: number[] = [];
  const errors: string[] = [];
  for (let i = 0; i < 200; i++) {
    const { error } = await session.execute(`a${i % 7} = torch.randn(1, 8, 256, 256)\nb = F.conv2d(a${i % 7}, w)\nc = F.max_pool2d(b, 2)\ndel b`);
    if (error) errors.push(`${i}: ${error.name}: ${error.message}`);
    // A full collection after each cell: what stays is what the session really holds.
    gc?.();
    rss.push(process.memoryUsage().rss / 2 ** 20);
  }
  process.stdout.write(JSON.stringify({ rss, errors, maxRssMb: peakRssMb() }));
  process.exit(0);
})();
