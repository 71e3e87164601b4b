// The bridge to emulator/hypervisors: `createHypSystem(name, opts)` (index.ts) and the
// microbenchmark harness (microbench.ts), which other issues are writing now. They are looked up
// at run time so the adapter builds and answers with a clear error until they exist; once both
// modules are in the tree this file becomes two static imports. The shapes come from types.ts.

import { join } from 'node:path';
import type { HypervisorName, HypSystem, HypSystemOptions, MicroResult } from '../../emulator/hypervisors/types';

export interface MicroRow { hypervisor: string; benchmark: string; cycles: number; paper: number | null; ratio: number | null }

export interface Hypervisors {
  createHypSystem?: (name: HypervisorName, opts: HypSystemOptions) => HypSystem;
  runMicrobench?: (o: { hypervisors?: string[]; benchmarks?: string[] }) => Promise<MicroRow[]>;
}

function tryRequire(rel: string): Record<string, unknown> | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(join(__dirname, rel)) as Record<string, unknown>;
  } catch (e) {
    // Missing module: not written yet. Any other error is a real fault of that module: report it.
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes('hypervisors')) return null;
    throw e;
  }
}

let cached: Hypervisors | null = null;

export async function loadHypervisors(): Promise<Hypervisors> {
  if (cached?.createHypSystem && cached.runMicrobench) return cached;
  const out: Hypervisors = {};
  const index = tryRequire('../../emulator/hypervisors/index');
  if (index && typeof index.createHypSystem === 'function') out.createHypSystem = index.createHypSystem as Hypervisors['createHypSystem'];
  const mb = tryRequire('../../emulator/hypervisors/microbench');
  // The harness's entry point: the first exported function named like a microbenchmark runner.
  const fnName = mb ? Object.keys(mb).find((k) => typeof mb[k] === 'function' && /^(run|measure)Micro/i.test(k)) : undefined;
  if (mb && fnName) {
    const run = mb[fnName] as (h: HypervisorName, b: string) => MicroResult | Promise<MicroResult>;
    const paper = (mb.PAPER ?? mb.PAPER_CYCLES) as Record<string, Record<string, number>> | undefined;
    out.runMicrobench = async ({ hypervisors, benchmarks }) => {
      const { HYPERVISORS, MICROBENCHMARKS } = await import('../../emulator/hypervisors/types');
      const rows: MicroRow[] = [];
      for (const h of (hypervisors ?? HYPERVISORS) as HypervisorName[]) {
        for (const b of benchmarks ?? MICROBENCHMARKS) {
          const r = await run(h, b);
          const p = paper?.[h]?.[b] ?? null;
          rows.push({ hypervisor: h, benchmark: b, cycles: r.cycles, paper: p, ratio: p ? r.cycles / p : null });
        }
      }
      return rows;
    };
  }
  cached = out;
  return out;
}

/** Synchronous lookup for launch (require is synchronous). */
export function createHypSystemFn(): Hypervisors['createHypSystem'] {
  const index = tryRequire('../../emulator/hypervisors/index');
  return index && typeof index.createHypSystem === 'function' ? (index.createHypSystem as Hypervisors['createHypSystem']) : undefined;
}
