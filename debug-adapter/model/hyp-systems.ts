// The bridge to emulator/hypervisors: `createHypSystem(name, opts)` builds the board with a
// hypervisor and its guests placed; the harness measures the paper's microbenchmarks. One cell
// at a time with a turn of the event loop between cells, so the session keeps answering (and a
// cancel stops the table early).

import { createHypSystem } from '../../emulator/hypervisors/index';
import { PAPER, runMicrobenchmark } from '../../emulator/hypervisors/microbench';
import { HYPERVISORS, MICROBENCHMARKS, type HypervisorName, type HypSystem, type HypSystemOptions, type MicroBenchmark } from '../../emulator/hypervisors/types';

export interface MicroRow { hypervisor: string; benchmark: string; cycles: number; paper: number | null; ratio: number | null }

export function createHypSystemFn(): (name: HypervisorName, opts: HypSystemOptions) => HypSystem {
  return createHypSystem;
}

export async function runMicrobench(o: { hypervisors?: string[]; benchmarks?: string[]; cancelled?: () => boolean }): Promise<MicroRow[]> {
  const hyps = (o.hypervisors ?? [...HYPERVISORS]) as HypervisorName[];
  const benches = o.benchmarks ?? [...MICROBENCHMARKS];
  for (const b of benches) {
    if (!(MICROBENCHMARKS as readonly string[]).includes(b)) throw new Error(`armvirt/microbench: unknown benchmark '${b}' (${MICROBENCHMARKS.join(', ')})`);
  }
  const rows: MicroRow[] = [];
  for (const h of hyps) {
    for (const b of benches as MicroBenchmark[]) {
      if (o.cancelled?.()) return rows;
      await new Promise<void>((r) => setImmediate(r));
      const r = runMicrobenchmark(h, b);
      const p = PAPER[h]?.[b] ?? null;
      rows.push({ hypervisor: h, benchmark: b, cycles: r.cycles, paper: p, ratio: p ? r.cycles / p : null });
    }
  }
  return rows;
}
