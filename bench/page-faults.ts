/**
 * What a page fault costs on this machine: a fresh Node process touches each 4 KiB page of 64 MiB it has just
 * allocated, once, and the time is divided by the minor faults that took. On this project's VM (a Firecracker guest
 * whose freed memory goes back to the host) a first touch took ~10–13 µs, which a bare-metal Linux machine does in
 * well under 1 µs: there, memory a run touches for the first time is a share of its wall time that its instruction
 * count does not show (bench/instructions.ts), and the bench reads each row's page faults as seconds by it.
 */
import { spawnSync } from 'node:child_process';

const SIZE = 64 << 20;
const TOUCH = `const size=${SIZE};const before=process.resourceUsage().minorPageFault;const start=process.hrtime.bigint();
const b=Buffer.allocUnsafeSlow(size);for(let i=0;i<size;i+=4096)b[i]=1;
process.stdout.write(JSON.stringify({ns:Number(process.hrtime.bigint()-start),faults:process.resourceUsage().minorPageFault-before}));`;

/** Microseconds a page fault took, in each of `samples` fresh processes. */
export function pageFaultMicroseconds(samples: number): number[] {
  const costs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const child = spawnSync(process.execPath, ['-e', TOUCH], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`the page-fault probe failed: ${child.stderr}`);
    const { ns, faults } = JSON.parse(child.stdout) as { ns: number; faults: number };
    // Fewer faults than pages: the allocator gave pages already touched (or huge pages), and the probe says nothing.
    if (faults < SIZE / 4096 / 2) throw new Error(`the page-fault probe took ${faults} faults for ${SIZE / 4096} fresh pages`);
    costs.push(ns / 1000 / faults);
  }
  return costs;
}
