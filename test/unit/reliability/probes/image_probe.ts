// Decodes one image through the kernel's node host in this (child) process and prints the
// outcome with the peak RSS, so a decompression bomb's memory is measured on its own.
import { NodeKernelHost } from '../../../../kernel/node_host';
import { peakRssMb } from './peak_rss';

const [root, name, budget] = process.argv.slice(2);
const host = new NodeKernelHost({ workspaceRoot: root, elementBudget: Number(budget) });
const started = performance.now();
let outcome: string;
try {
  const t = host.readImage(name, {});
  outcome = `ok ${t.shape.join('x')}`;
} catch (e) {
  outcome = `${(e as Error).name}: ${(e as Error).message}`;
}
process.stdout.write(JSON.stringify({ outcome, ms: performance.now() - started, maxRssMb: peakRssMb() }));
