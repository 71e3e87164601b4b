// The paper's findings as checks (emulator/hypervisors/findings.ts): each criterion decides on
// the cells it names, and a finding whose cells were not measured is not judged.

import { strict as assert } from 'node:assert';
import { judgeFindings } from '../../emulator/hypervisors/findings';
import type { HypervisorName, MicroBenchmark, MicroResult } from '../../emulator/hypervisors/types';

const cells = (t: Partial<Record<HypervisorName, Partial<Record<MicroBenchmark, number>>>>): MicroResult[] =>
  Object.entries(t).flatMap(([h, row]) => Object.entries(row!).map(([b, cycles]) => ({ hypervisor: h as HypervisorName, benchmark: b as MicroBenchmark, cycles: cycles! })));

const verdicts = (r: MicroResult[]): Record<string, boolean | null> => Object.fromEntries(judgeFindings(r).map((f) => [f.id, f.holds]));

describe('the paper\'s findings, judged on measured cells', () => {
  it('holds on the paper\'s own figures (with a VHE column near Xen)', () => {
    const r = cells({
      kvm: { 'hypercall': 6500, 'virtual-irq-completion': 71, 'io-latency-out': 6024 },
      xen: { 'hypercall': 376, 'virtual-irq-completion': 71, 'io-latency-out': 16491 },
      'kvm-vhe': { 'hypercall': 900, 'io-latency-out': 3000 },
    });
    assert.deepEqual(verdicts(r), { 'type1-hypercall': true, 'virq-completion': true, 'io-out': true, 'vhe': true });
  });

  it('fails each criterion when its cells say otherwise', () => {
    const r = cells({
      kvm: { 'hypercall': 3000, 'virtual-irq-completion': 71, 'io-latency-out': 9000 },
      xen: { 'hypercall': 376, 'virtual-irq-completion': 500, 'io-latency-out': 8000 },
      // VHE's hypercall is nearer split mode's than Xen's on a log scale (√(3000·376) ≈ 1,062)
      'kvm-vhe': { 'hypercall': 2000, 'io-latency-out': 4000 },
    });
    assert.deepEqual(verdicts(r), { 'type1-hypercall': false, 'virq-completion': false, 'io-out': false, 'vhe': false });
  });

  it('does not judge a finding whose cells were not measured, and names them', () => {
    const f = judgeFindings(cells({ kvm: { hypercall: 6500 } }));
    assert.ok(f.every((x) => x.holds === null));
    assert.match(f.find((x) => x.id === 'type1-hypercall')!.evidence, /not measured: xen hypercall/);
  });
});
