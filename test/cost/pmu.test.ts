// The PMU (emulator/cpu/pmu.ts, ARM ARM D7 / D19.5) as guest code sees it: PMCCNTR_EL0 is
// exactly the core's cycles while it counts everywhere, the PMCCFILTR_EL0/PMEVTYPER filters count
// only the ELs they allow, PMCR_EL0.{E,P,C,D,LC} and the set/clear registers behave, event
// counters count CPU_CYCLES and INST_RETIRED (and nothing for other events), overflow sets
// PMOVSSET_EL0, and MDCR_EL2.HPMN/TPM and PMUSERENR_EL0 apply. Expected counts come from the
// cost table and cycle samples taken between single steps.

import assert from 'node:assert/strict';
import { steps, CODE_BASE, type TestCore } from '../cpu/harness';
import { at, setSys, sys } from '../cpu/system-util';
import { INSN_COST as I, SYSREG_COST as R } from '../../emulator/cost/table';

const NSH = 1n << 27n, P = 1n << 31n, U = 1n << 30n;
/** The part of an MRS/MSR of a PMU register charged after the access (its issue came before). */
const READ_AFTER = R.pmu.read - I.sysreg, WRITE_AFTER = R.pmu.write - I.sysreg;

/** A core at `el` running `body`, with VBAR_EL2 at `vec` (lower-EL sync at +0x400 reads PMCCNTR into x1). */
function core(body: string, el: 0 | 1 | 2 = 2): TestCore {
  const t = at(`
    ${body}
    .balign 0x800
  vec:
    .skip 0x200
    b .                     // current EL sync
    .balign 0x400
  lower:
    mrs x1, pmccntr_el0     // lower EL sync (the HVC from EL1)
    b .`, el);
  setSys(t, 'VBAR_EL2', BigInt(CODE_BASE + 0x800));
  return t;
}

/** Steps one instruction and returns the core's cycles after it. */
const step = (t: TestCore): number => { steps(t, 1); return t.cpu.cycles; };

const ENABLE_CYCLE_COUNTER = `
    msr pmccfiltr_el0, x20
    movz x0, #0x8000, lsl #16
    msr pmcntenset_el0, x0
    mov x0, #5                // PMCR_EL0.E | C: count from zero
    msr pmcr_el0, x0`;

describe('PMU: the cycle counter', () => {
  it('reads exactly the core\'s cycles since PMCR_EL0.C while counting everywhere', () => {
    const t = core(`
      ${ENABLE_CYCLE_COUNTER}
      add x2, x2, #1
      udiv x3, x2, x2
      ldr x4, [sp, #-16]!
      mrs x1, pmccntr_el0
      mrs x5, pmccntr_el0
      b .`);
    t.cpu.setXBig(20, NSH); // count EL2 as well (P = U = 0: EL0 and EL1 too)
    t.cpu.setSp(0x40100000, 0);
    steps(t, 4);
    const enabledAt = step(t) - WRITE_AFTER; // the write takes effect before the MSR's own access cost
    steps(t, 3);
    const sampledAt = step(t) - READ_AFTER; // the value is sampled before the MRS's access cost
    assert.equal(t.cpu.xBig(1), BigInt(sampledAt - enabledAt));
    assert.equal(t.cpu.xBig(1), BigInt(WRITE_AFTER + I.alu + I.div64 + I.load + I.sysreg));
    steps(t, 1);
    assert.equal(t.cpu.xBig(5) - t.cpu.xBig(1), BigInt(R.pmu.read), 'back-to-back reads differ by one MRS');
    // The host-side view agrees at any instruction boundary.
    assert.equal(t.cpu.pmu.read(t.cpu, 'PMCCNTR_EL0', 0), BigInt(t.cpu.cycles - enabledAt));
  });

  it('counts only the ELs PMCCFILTR_EL0 allows (EL2 only with NSH, EL1 unless P)', () => {
    const prog = `
      ${ENABLE_CYCLE_COUNTER}
      adr x0, el1
      msr elr_el2, x0
      mov x0, #0x3c5
      msr spsr_el2, x0
      eret
    el1:
      add x2, x2, #1
      mul x3, x2, x2
      hvc #0`;
    const run = (filter: bigint): { count: bigint; total: number } => {
      const t = core(prog);
      t.cpu.setXBig(20, filter);
      steps(t, 4);
      const enabledAt = step(t) - WRITE_AFTER;
      steps(t, 5 + 3);
      const sampledAt = step(t) - READ_AFTER; // the vector's MRS at EL2
      assert.equal(t.cpu.el, 2);
      return { count: t.cpu.xBig(1), total: sampledAt - enabledAt };
    };
    const el1Only = run(0n); // default filter: EL0 and EL1, not EL2
    assert.equal(el1Only.count, BigInt(I.alu + I.mul64 + I['exception-gen']), 'the EL1 instructions, HVC issue included');
    const el2Only = run(P | U | NSH);
    assert.equal(el2Only.count, BigInt(el2Only.total) - el1Only.count);
    const everywhere = run(NSH);
    assert.equal(everywhere.count, BigInt(everywhere.total));
  });

  it('divides by 64 with PMCR_EL0.D, freezes when disabled, resets with C and takes writes', () => {
    const t = core(`
      msr pmccfiltr_el0, x20
      movz x0, #0x8000, lsl #16
      msr pmcntenset_el0, x0
      mov x0, #0xd              // E | C | D
      msr pmcr_el0, x0
      mov x6, #200
    1:subs x6, x6, #1
      b.ne 1b
      mrs x1, pmccntr_el0
      mov x0, #1                // E only: count every cycle again
      msr pmcr_el0, x0
      movz x0, #0x8000, lsl #16
      msr pmcntenclr_el0, x0
      mrs x7, pmccntr_el0
      udiv x8, x8, x0
      mrs x9, pmccntr_el0
      mov x0, #1234
      msr pmccntr_el0, x0
      mrs x10, pmccntr_el0
      mov x0, #4                // C: reset
      msr pmcr_el0, x0
      mrs x11, pmccntr_el0
      b .`);
    t.cpu.setXBig(20, NSH);
    steps(t, 4);
    const enabledAt = step(t) - WRITE_AFTER;
    steps(t, 1 + 400);
    const sampledAt = step(t) - READ_AFTER;
    assert.equal(t.cpu.xBig(1), BigInt(Math.floor((sampledAt - enabledAt) / 64)));
    steps(t, 15);
    assert.equal(t.cpu.xBig(9), t.cpu.xBig(7), 'disabled: frozen');
    assert.equal(t.cpu.xBig(10), 1234n);
    assert.equal(t.cpu.xBig(11), 0n);
    assert.equal(sys(t, 'PMCR_EL0') & 6n, 0n, 'P and C read as zero');
  });

  it('sets PMOVSSET_EL0.C when bit 31 (LC=0) or bit 63 (LC=1) carries out, and clears it through PMOVSCLR', () => {
    const prog = (pmcr: number): string => `
      msr pmccfiltr_el0, x20
      movz x0, #0x8000, lsl #16
      msr pmcntenset_el0, x0
      msr pmccntr_el0, x21
      mov x0, #${pmcr}
      msr pmcr_el0, x0
      udiv x3, x3, x0
      udiv x3, x3, x0
      mrs x1, pmccntr_el0
      mrs x2, pmovsset_el0
      movz x0, #0x8000, lsl #16
      msr pmovsclr_el0, x0
      mrs x4, pmovsset_el0
      b .`;
    const a = core(prog(1));
    a.cpu.setXBig(20, NSH); a.cpu.setXBig(21, 0xfffffff0n);
    steps(a, 13);
    assert.ok(a.cpu.xBig(1) > 0x100000000n, 'the cycle counter is 64 bits wide');
    assert.equal(a.cpu.xBig(2), 1n << 31n);
    assert.equal(a.cpu.xBig(4), 0n);
    const b = core(prog(0x41)); // LC: overflow only at 2^64
    b.cpu.setXBig(20, NSH); b.cpu.setXBig(21, 0xfffffff0n);
    steps(b, 13);
    assert.equal(b.cpu.xBig(2), 0n);
    const c = core(prog(0x41));
    c.cpu.setXBig(20, NSH); c.cpu.setXBig(21, 0xfffffffffffffff0n);
    steps(c, 13);
    assert.equal(c.cpu.xBig(2), 1n << 31n);
    assert.ok(c.cpu.xBig(1) < 0x100n, 'wrapped');
  });
});

describe('PMU: event counters', () => {
  it('counts INST_RETIRED and CPU_CYCLES, nothing for an event it does not implement, and resets with P', () => {
    const t = core(`
      mov x0, #0x08             // INST_RETIRED
      orr x0, x0, #(1 << 27)
      msr pmevtyper0_el0, x0
      mov x0, #0x11             // CPU_CYCLES
      orr x0, x0, #(1 << 27)
      msr pmevtyper1_el0, x0
      mov x0, #0x03             // L1D_CACHE_REFILL: not implemented, counts nothing
      msr pmevtyper2_el0, x0
      msr pmccfiltr_el0, x20
      movz x0, #0x8000, lsl #16
      orr x0, x0, #7
      msr pmcntenset_el0, x0
      mov x0, #0x7              // E | P | C
      msr pmcr_el0, x0
      add x2, x2, #1
      mul x3, x2, x2
      mrs x4, pmevcntr0_el0
      mrs x5, pmevcntr1_el0
      mrs x6, pmevcntr2_el0
      mrs x7, pmccntr_el0
      mov x0, #2                // P: event counters to zero, E off
      msr pmcr_el0, x0
      mrs x8, pmevcntr0_el0
      mrs x9, pmceid0_el0
      b .`);
    t.cpu.setXBig(20, NSH);
    steps(t, 14 + 6 + 4);
    assert.equal(t.cpu.xBig(4), 3n, 'add, mul and the reading MRS retired after the enabling MSR');
    assert.equal(t.cpu.xBig(5), t.cpu.xBig(7) - BigInt(2 * R.pmu.read), 'CPU_CYCLES counts as PMCCNTR (read two MRS earlier)');
    assert.equal(t.cpu.xBig(6), 0n);
    assert.equal(t.cpu.xBig(8), 0n);
    assert.equal(t.cpu.xBig(9) & ((1n << 0n) | (1n << 8n) | (1n << 17n)), (1n << 0n) | (1n << 8n) | (1n << 17n), 'PMCEID0: SW_INCR, INST_RETIRED, CPU_CYCLES');
  });

  it('wraps a 32-bit event counter into PMOVSSET_EL0, selects through PMSELR/PMXEVCNTR, counts SW_INCR', () => {
    const t = core(`
      mov x0, #0x08
      orr x0, x0, #(1 << 27)
      msr pmevtyper0_el0, x0
      mov x0, #0                // SW_INCR on counter 3
      orr x0, x0, #(1 << 27)
      msr pmevtyper3_el0, x0
      mvn w0, wzr
      sub w0, w0, #1
      msr pmevcntr0_el0, x0     // 0xfffffffe
      mov x0, #9
      msr pmcntenset_el0, x0
      mov x0, #1
      msr pmcr_el0, x0
      nop
      nop
      mov x0, #8
      msr pmswinc_el0, x0
      msr pmswinc_el0, x0
      mov x0, #0
      msr pmselr_el0, x0
      mrs x1, pmxevcntr_el0
      mrs x2, pmovsset_el0
      mov x0, #3
      msr pmselr_el0, x0
      mrs x3, pmxevcntr_el0
      b .`);
    steps(t, 25);
    assert.equal(t.cpu.xBig(2) & 1n, 1n, 'counter 0 overflowed');
    assert.ok(t.cpu.xBig(1) < 16n, `counter 0 wrapped to ${t.cpu.xBig(1)}`);
    assert.equal(t.cpu.xBig(3), 2n);
  });
});

describe('PMU: EL2 controls', () => {
  it('shows EL1 MDCR_EL2.HPMN as PMCR_EL0.N and hides the counters above it', () => {
    const t = core(`
      mrs x1, pmcr_el0
      mov x0, #5
      msr pmevcntr4_el0, x0
      mrs x2, pmevcntr4_el0
      msr pmevcntr1_el0, x0
      mrs x3, pmevcntr1_el0
      b .`, 1);
    setSys(t, 'MDCR_EL2', 3n);
    steps(t, 6);
    assert.equal((t.cpu.xBig(1) >> 11n) & 0x1fn, 3n);
    assert.equal(t.cpu.xBig(2), 0n, 'counter 4 belongs to EL2: RAZ/WI from EL1');
    assert.equal(t.cpu.xBig(3), 5n);
    setSys(t, 'MDCR_EL2', 6n);
    t.cpu.el = 2;
    assert.equal((t.cpu.pmu.read(t.cpu, 'PMCR_EL0', 0) >> 11n) & 0x1fn, 6n, 'EL2 sees all six');
  });

  it('traps EL1 PMU accesses to EL2 with MDCR_EL2.TPM and PMCR_EL0 with TPMCR; EL0 ones to EL1 unless PMUSERENR_EL0.EN', () => {
    for (const [mdcr, reg] of [[1n << 6n, 'pmccntr_el0'], [1n << 6n, 'pmevtyper3_el0'], [1n << 6n, 'pmccfiltr_el0'], [1n << 5n, 'pmcr_el0']] as const) {
      const t = core(`mrs x0, ${reg}\n`, 1);
      setSys(t, 'MDCR_EL2', 6n | mdcr);
      steps(t, 1);
      assert.equal(t.cpu.el, 2, reg);
      assert.equal(sys(t, 'ESR_EL2') >> 26n, 0x18n, reg);
    }
    const t = core(`mrs x0, pmccntr_el0\n`, 0);
    setSys(t, 'VBAR_EL1', BigInt(CODE_BASE + 0x800));
    steps(t, 1);
    assert.equal(t.cpu.el, 1);
    assert.equal(sys(t, 'ESR_EL1') >> 26n, 0x18n);
    const u = core(`mrs x0, pmccntr_el0\nb .\n`, 0);
    setSys(u, 'PMUSERENR_EL0', 1n);
    steps(u, 1);
    assert.equal(u.cpu.el, 0, 'PMUSERENR_EL0.EN lets EL0 read it');
  });

  it('is deterministic and restarts from zero on a core reset', () => {
    const src = `${ENABLE_CYCLE_COUNTER}
      mov x6, #50
    1:subs x6, x6, #1
      b.ne 1b
      mrs x1, pmccntr_el0
      b .`;
    const a = core(src), b = core(src);
    for (const t of [a, b]) { t.cpu.setXBig(20, NSH); steps(t, 5 + 1 + 100 + 1); }
    assert.equal(a.cpu.xBig(1), b.cpu.xBig(1));
    assert.equal(a.cpu.cycles, b.cpu.cycles);
    a.cpu.reset();
    assert.equal(a.cpu.pmu.read(a.cpu, 'PMCCNTR_EL0', 0), 0n);
    assert.equal(a.cpu.cycles, 0);
  });
});

describe('PMU: checkpoints', () => {
  it('continues counting exactly from a restored checkpoint (registers, cycles, elTime, PMU state)', () => {
    const src = `${ENABLE_CYCLE_COUNTER}
      add x2, x2, #1
      udiv x3, x3, x2
      mrs x1, pmccntr_el0
      b .`;
    const t = core(src);
    t.cpu.setXBig(20, NSH);
    steps(t, 6);
    const saved = { sys: t.cpu.sys.slice(), cycles: t.cpu.cycles, icount: t.cpu.icount, el: Float64Array.from(t.cpu.elTime), pmu: t.cpu.pmu.saveState(), pc: t.cpu.pc };
    steps(t, 2);
    const first = t.cpu.xBig(1);
    // Later work disturbs the PMU state; restoring the checkpoint replays to the same value.
    steps(t, 50);
    t.cpu.pmu.write(t.cpu, 'PMCR_EL0', 0, 4n, 4n);
    t.cpu.sys.set(saved.sys); t.cpu.cycles = saved.cycles; t.cpu.icount = saved.icount; t.cpu.elTime.set(saved.el);
    t.cpu.pmu.loadState(saved.pmu); t.cpu.pc = saved.pc; t.cpu.setXBig(1, 0n);
    steps(t, 2);
    assert.equal(t.cpu.xBig(1), first);
  });
});
