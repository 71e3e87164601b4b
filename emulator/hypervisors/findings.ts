// The paper's qualitative findings (Dall et al., ISCA 2016; ../shared/notes/paper-figures.md,
// "The paper's findings that any faithful model must reproduce") as checks over measured cells,
// so `armvirt bench micro` says which hold in this run and on what evidence. Each check states
// its criterion; a check whose cells were not all measured is reported as not evaluated.

import type { HypervisorName, MicroBenchmark, MicroResult } from './types';

export interface Finding {
  id: 'type1-hypercall' | 'virq-completion' | 'io-out' | 'vhe';
  /** The finding, as the paper states it. */
  claim: string;
  /** How this run decides it. */
  criterion: string;
  /** true / false, or null when a needed cell is missing. */
  holds: boolean | null;
  /** The measured figures the verdict rests on. */
  evidence: string;
}

type Cells = (h: HypervisorName, b: MicroBenchmark) => number | undefined;

const n = (v: number): string => Math.round(v).toLocaleString('en-US');

interface Rule {
  id: Finding['id'];
  claim: string;
  criterion: string;
  needs: readonly (readonly [HypervisorName, MicroBenchmark])[];
  check(c: (h: HypervisorName, b: MicroBenchmark) => number): { holds: boolean; evidence: string };
}

const RULES: readonly Rule[] = [
  {
    id: 'type1-hypercall',
    claim: 'A Type 1 hypervisor at EL2 (Xen) makes a hypercall an order of magnitude cheaper than split-mode KVM',
    criterion: 'kvm hypercall ≥ 10 × xen hypercall',
    needs: [['kvm', 'hypercall'], ['xen', 'hypercall']],
    check: (c) => {
      const k = c('kvm', 'hypercall'), x = c('xen', 'hypercall');
      return { holds: k >= 10 * x, evidence: `kvm ${n(k)} / xen ${n(x)} = ${(k / x).toFixed(1)}×` };
    },
  },
  {
    id: 'virq-completion',
    claim: 'Virtual IRQ completion costs the same, and almost nothing, on both ARM hypervisors (no trap)',
    criterion: 'kvm and xen within 15 % of each other, both below the cheapest exit (xen hypercall)',
    needs: [['kvm', 'virtual-irq-completion'], ['xen', 'virtual-irq-completion'], ['xen', 'hypercall']],
    check: (c) => {
      const k = c('kvm', 'virtual-irq-completion'), x = c('xen', 'virtual-irq-completion'), h = c('xen', 'hypercall');
      return { holds: Math.abs(k - x) <= 0.15 * Math.max(k, x) && Math.max(k, x) < h, evidence: `kvm ${n(k)}, xen ${n(x)}; xen hypercall ${n(h)}` };
    },
  },
  {
    id: 'io-out',
    claim: 'I/O latency out is lower on KVM than on Xen (the back end runs in the already running host)',
    criterion: 'kvm io-latency-out < xen io-latency-out',
    needs: [['kvm', 'io-latency-out'], ['xen', 'io-latency-out']],
    check: (c) => {
      const k = c('kvm', 'io-latency-out'), x = c('xen', 'io-latency-out');
      return { holds: k < x, evidence: `kvm ${n(k)}, xen ${n(x)}` };
    },
  },
  {
    id: 'vhe',
    claim: 'VHE (host kernel at EL2) brings KVM\'s hypercall and I/O costs close to Xen\'s',
    criterion: 'kvm-vhe hypercall and io-latency-out each at most Xen\'s, or nearer Xen\'s than split-mode KVM\'s on a log scale (< √(kvm·xen))',
    needs: [['kvm', 'hypercall'], ['xen', 'hypercall'], ['kvm-vhe', 'hypercall'], ['kvm', 'io-latency-out'], ['xen', 'io-latency-out'], ['kvm-vhe', 'io-latency-out']],
    check: (c) => {
      const close = (b: MicroBenchmark): { ok: boolean; text: string } => {
        const k = c('kvm', b), x = c('xen', b), v = c('kvm-vhe', b);
        const bound = Math.max(x, Math.sqrt(k * x));
        return { ok: v <= bound, text: `${b}: kvm-vhe ${n(v)} (kvm ${n(k)}, xen ${n(x)}, bound ${n(bound)})` };
      };
      const a = close('hypercall'), b = close('io-latency-out');
      return { holds: a.ok && b.ok, evidence: `${a.text}; ${b.text}` };
    },
  },
];

/** The findings judged on `results` (cells missing from the run leave a finding unevaluated). */
export function judgeFindings(results: readonly MicroResult[]): Finding[] {
  const cells: Cells = (h, b) => results.find((r) => r.hypervisor === h && r.benchmark === b)?.cycles;
  return RULES.map((r) => {
    const missing = r.needs.filter(([h, b]) => cells(h, b) === undefined);
    if (missing.length) {
      return { id: r.id, claim: r.claim, criterion: r.criterion, holds: null, evidence: `not measured: ${missing.map(([h, b]) => `${h} ${b}`).join(', ')}` };
    }
    const v = r.check((h, b) => cells(h, b)!);
    return { id: r.id, claim: r.claim, criterion: r.criterion, holds: v.holds, evidence: v.evidence };
  });
}
