// A host process with the kernel in a worker THREAD (the default isolation), as VS Code's
// extension host has it. Runs hostile cells through the real kernel client and prints what each
// did, whether the host survived, and the host's peak RSS (worker included: one process).
import { DEFAULT_KERNEL_SETTINGS } from '../../../../contract';
import { KernelClient } from '../../../../kernel/kernel_client';
import { peakRssMb } from './peak_rss';

const [workerPath, isolation, memoryLimitMb, liveDataMb, ...cells] = process.argv.slice(2);
const client = new KernelClient({ workerPath, memoryLimitMb: Number(memoryLimitMb), isolation: isolation as 'thread' | 'process' });
const settings = { ...DEFAULT_KERNEL_SETTINGS, liveDataMb: Number(liveDataMb) };
void (async () => {
  const results: { error: string | null; ms: number }[] = [];
  for (const source of cells) {
    const started = performance.now();
    const r = await client.execute('probe', source, settings);
    results.push({ error: r.error && `${r.error.name}: ${r.error.message}`, ms: performance.now() - started });
  }
  await client.dispose();
  process.stdout.write(JSON.stringify({ results, maxRssMb: peakRssMb() }));
})();
