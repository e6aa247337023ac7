// The peak resident memory of this process. Linux keeps getrusage's maxRSS across execve, so a
// probe spawned by a large test process (one that compiled the WebAssembly kernels, say) would
// report its parent's peak; /proc's VmHWM belongs to this process's own address space.
import { readFileSync } from 'node:fs';

/** Peak RSS of this process so far, in MB. */
export function peakRssMb(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // not Linux: fall back to getrusage
  }
  return process.resourceUsage().maxRSS / 1024;
}
