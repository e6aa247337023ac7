// The soak: 200 cells in one session, each creating medium tensors, convolving and deleting
// them. Prints the RSS after every cell, right after a full collection (with --expose-gc).
import { DEFAULT_KERNEL_SETTINGS } from '../../../../contract';
import { Session } from '../../../../lang/session';
import { peakRssMb } from './peak_rss';

const session = new Session({ settings: { ...DEFAULT_KERNEL_SETTINGS, liveDataMb: 512 } });
const gc = (globalThis as { gc?: () => void }).gc;
session.execute('import torch\nimport torch.nn.functional as F\nw = torch.randn(8, 8, 1, 1, seed=1)');
const rss: number[] = [];
const errors: string[] = [];
for (let i = 0; i < 200; i++) {
  const { error } = session.execute(`a${i % 7} = torch.randn(1, 8, 256, 256, seed=${i})\nb = F.conv2d(a${i % 7}, w)\nc = F.max_pool2d(b, 2)\ndel b`);
  if (error) errors.push(`${i}: ${error.name}: ${error.message}`);
  // A full collection after each cell: what stays is what the session really holds.
  gc?.();
  rss.push(process.memoryUsage().rss / 2 ** 20);
}
process.stdout.write(JSON.stringify({ rss, errors, maxRssMb: peakRssMb() }));
