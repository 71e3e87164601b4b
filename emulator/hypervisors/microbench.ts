// The microbenchmark harness: boots a hypervisor system with one of the paper's benchmark guests,
// runs it to completion and returns the mean emulated cycles the code itself measured with
// PMCCNTR_EL0 (HypSystem.benchmarkCycles). Beside it, the paper's figures as data (Dall et al.,
// ISCA 2016, Tables III and IV; ../shared/notes/paper-figures.md).

import type { MemoryModel } from '../cost/cache';
import { createHypSystem } from './index';
import { KvmSystem } from './kvm/system';
import type { HypervisorName, HypSystem, MicroBenchmark, MicroResult } from './types';

/** Table III, ARM columns (cycles). The paper has no VHE hardware: kvm-vhe has no figures. */
export const PAPER: Readonly<Record<HypervisorName, Readonly<Partial<Record<MicroBenchmark, number>>>>> = {
  'kvm': {
    'hypercall': 6500, 'irq-controller-trap': 7370, 'virtual-ipi': 11557, 'virtual-irq-completion': 71,
    'vm-switch': 10387, 'io-latency-out': 6024, 'io-latency-in': 13872,
  },
  'xen': {
    'hypercall': 376, 'irq-controller-trap': 1356, 'virtual-ipi': 5978, 'virtual-irq-completion': 71,
    'vm-switch': 8799, 'io-latency-out': 16491, 'io-latency-in': 15650,
  },
  'kvm-vhe': {},
};

export const STATE_CLASSES = ['gp', 'fp', 'el1-sysregs', 'vgic', 'timer', 'el2-config', 'el2-vm'] as const;
export type StateClass = (typeof STATE_CLASSES)[number];

export const STATE_CLASS_NAMES: Record<StateClass, string> = {
  'gp': 'GP registers', 'fp': 'FP registers', 'el1-sysregs': 'EL1 system registers', 'vgic': 'VGIC registers',
  'timer': 'Timer registers', 'el2-config': 'EL2 configuration registers', 'el2-vm': 'EL2 virtual memory registers',
};

/** Table IV: KVM ARM hypercall save/restore cost by state class (cycles). */
export const PAPER_BREAKDOWN: Readonly<Record<StateClass, { save: number; restore: number }>> = {
  'gp': { save: 152, restore: 184 },
  'fp': { save: 282, restore: 310 },
  'el1-sysregs': { save: 230, restore: 511 },
  'vgic': { save: 3250, restore: 181 },
  'timer': { save: 104, restore: 106 },
  'el2-config': { save: 92, restore: 107 },
  'el2-vm': { save: 92, restore: 107 },
};

/**
 * The lowvisor's breakdown segments (kvm.inc BD_*: segment i runs from stamp i to stamp i+1) by
 * state class and direction. A hypercall round trip saves each EL1 class twice (the host's on
 * entry, the guest's on exit) and restores it twice; Table IV's rows are read the same way, as
 * KVM 4.0's __kvm_vcpu_run does both and the table's sum (5,708) plus four exception entries and
 * returns makes the paper's 6,500-cycle hypercall. The EL2 configuration and Stage-2 base are
 * written for the guest on entry (restore) and back for the host on exit (save). The `host`
 * part of each class is reported too: VHE removes most of it.
 */
type Segment = readonly [StateClass, 'save' | 'restore', 'host' | 'guest'] | null;
const SEGMENTS: readonly Segment[] = [
  ['gp', 'save', 'host'], ['fp', 'save', 'host'], ['el1-sysregs', 'save', 'host'], ['el2-config', 'restore', 'guest'],
  ['el2-vm', 'restore', 'guest'], ['vgic', 'restore', 'guest'], ['timer', 'restore', 'guest'], ['el1-sysregs', 'restore', 'guest'],
  ['fp', 'restore', 'guest'], ['gp', 'restore', 'guest'],
  null,
  ['gp', 'save', 'guest'], ['fp', 'save', 'guest'], ['el1-sysregs', 'save', 'guest'], ['timer', 'save', 'guest'],
  ['vgic', 'save', 'guest'], ['el2-config', 'save', 'guest'], ['el2-vm', 'save', 'guest'], ['el1-sysregs', 'restore', 'host'],
  ['fp', 'restore', 'host'], ['gp', 'restore', 'host'],
];

export const DEFAULT_ITERATIONS = 100;
/** Enough for every benchmark at the default iterations; a run that needs more did not finish. */
const INSTRUCTIONS_PER_ITERATION = 200_000;

export class BenchmarkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchmarkError';
  }
}

/** Runs a system until it stops (the guest's or host's SYSTEM_OFF) or `max` instructions. */
export function runToStop(sys: HypSystem, max: number): void {
  const m = sys.machine;
  while (!m.stopped && m.instructions < max) m.runSlice(Math.min(1_000_000, max - m.instructions));
  if (!m.stopped) throw new BenchmarkError(`${sys.hypervisor}: did not finish within ${max} instructions`);
  if (m.stopped.kind !== 'poweroff') throw new BenchmarkError(`${sys.hypervisor}: stopped: ${m.stopped.reason}`);
}

export interface RunOptions {
  iterations?: number;
  /** The board's memory model (emulator/cost/cache.ts); 'l1' (every access an L1 hit) by default. */
  memoryModel?: MemoryModel;
}

/** One cell of the table: hypervisor × benchmark, in emulated cycles. */
export function runMicrobenchmark(hypervisor: HypervisorName, benchmark: MicroBenchmark, opts: RunOptions = {}): MicroResult {
  const iterations = opts.iterations ?? DEFAULT_ITERATIONS;
  const sys = createHypSystem(hypervisor, { benchmark, iterations, memoryModel: opts.memoryModel });
  runToStop(sys, (iterations + 20) * INSTRUCTIONS_PER_ITERATION);
  const cycles = sys.benchmarkCycles();
  if (cycles === null) throw new BenchmarkError(`${hypervisor} ${benchmark}: the benchmark recorded no samples`);
  return { hypervisor, benchmark, cycles };
}

export interface BreakdownRow {
  cls: StateClass;
  save: number;
  restore: number;
  /** The host's share of save/restore (its own world switched by split mode). */
  hostSave: number;
  hostRestore: number;
  paperSave: number;
  paperRestore: number;
}
export interface Breakdown {
  rows: BreakdownRow[];
  /** The host's share over all classes. */
  host: { save: number; restore: number };
  /** The whole round trip as the lowvisor stamped it (entry + exit paths). */
  total: number;
}

/**
 * The KVM hypercall's save/restore cost by state class, measured by the lowvisor itself in its
 * breakdown build (PMCCNTR_EL0 stamps between the blocks), per hypercall round trip.
 */
export function measureBreakdown(opts: RunOptions & { hypervisor?: 'kvm' | 'kvm-vhe' } = {}): Breakdown {
  const iterations = opts.iterations ?? DEFAULT_ITERATIONS;
  const sys = new KvmSystem(opts.hypervisor ?? 'kvm', { benchmark: 'hypercall', iterations, breakdown: true });
  runToStop(sys, (iterations + 20) * INSTRUCTIONS_PER_ITERATION);
  const seg = sys.breakdownSegments();
  if (!seg) throw new BenchmarkError('the breakdown build recorded no world switch');
  const rows = new Map<StateClass, BreakdownRow>(STATE_CLASSES.map((cls) => [cls, {
    cls, save: 0, restore: 0, hostSave: 0, hostRestore: 0, paperSave: PAPER_BREAKDOWN[cls].save, paperRestore: PAPER_BREAKDOWN[cls].restore,
  }]));
  const host = { save: 0, restore: 0 };
  let total = 0;
  SEGMENTS.forEach((sc, i) => {
    if (!sc) return;
    const [cls, dir, who] = sc;
    const r = rows.get(cls)!;
    r[dir] += seg[i];
    if (who === 'host') {
      if (dir === 'save') r.hostSave += seg[i]; else r.hostRestore += seg[i];
      host[dir] += seg[i];
    }
    total += seg[i];
  });
  return { rows: [...rows.values()], host, total };
}
