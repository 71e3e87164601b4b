// A program's cycles are the sum of its instructions' class costs plus its events (exception
// entry and return, system register accesses, MMIO, table walks), each expected value computed
// here from the calibration table by naming the class of every instruction by hand — not from
// the classifier under test. Also: determinism, and the cycle stamp on trace events.

import assert from 'node:assert/strict';
import { steps, CODE_BASE, type TestCore } from '../cpu/harness';
import { at, setSys } from '../cpu/system-util';
import { EXCEPTION_ENTRY, ERET_COST, INSN_COST as I, MMIO_COST, SYSREG_COST as R, WALK_COST } from '../../emulator/cost/table';
import { MmuTranslator } from '../../emulator/memory/translator';
import { slotOf } from '../../emulator/cpu/sysregs/index';
import { boot, SYSTEM_OFF_SMC } from '../machine/boot';

/** Runs n instructions and returns the cycles they took. */
function cyclesOf(t: TestCore, n: number): number {
  const before = t.cpu.cycles;
  steps(t, n);
  return t.cpu.cycles - before;
}

const VECTORS = `
  .balign 0x800
vec:
  .skip 0x200
  eret              // current EL, SPx, synchronous
`;

describe('cycle accounting', () => {
  it('charges each instruction its class cost and each event its table cost', () => {
    const t = at(`
      movz x6, #0x4010, lsl #16
      mov x0, #5
      add x1, x0, #1
      mul x2, x0, x1
      udiv x3, x2, x0
      udiv w4, w2, w0
      str x0, [x6, #8]
      ldr x5, [x6, #8]
      stp x0, x1, [x6, #16]
      ldp x7, x8, [x6, #16]
      b 1f
    1:isb
      dmb ish
      dsb sy
      mrs x9, tpidr_el2
      msr tpidr_el1, x9
      mrs x10, midr_el1
      hvc #0
      nop
      b .
    ${VECTORS}`, 2);
    setSys(t, 'VBAR_EL2', BigInt(CODE_BASE + 0x800));
    const expected =
      4 * I.alu + I.mul64 + I.div64 + I.div32 + I.store + I.load + I['store-pair'] + I['load-pair'] + I.branch +
      I.isb + I.dmb + I.dsb + R.plain.read + R.plain.write + R.id.read +
      I['exception-gen'] + EXCEPTION_ENTRY.sync.toEl2 + // hvc
      I.eret + ERET_COST + // the vector's eret
      I.hint; // nop
    assert.equal(cyclesOf(t, 21), expected);
    assert.equal(t.cpu.icount, 21);
    assert.equal(t.cpu.pc, BigInt(CODE_BASE + 19 * 4), 'back after the hvc, past the nop');
  });

  it('charges the same through the fast run loop as through single steps', () => {
    const src = `
      mov x0, #100
    1:add x1, x1, #1
      mul x2, x1, x1
      sub x0, x0, #1
      cbnz x0, 1b
      b .`;
    const a = at(src, 2);
    const b = at(src, 2);
    a.cpu.run(1 + 4 * 100);
    steps(b, 1 + 4 * 100);
    assert.equal(a.cpu.icount, b.cpu.icount);
    assert.equal(a.cpu.cycles, b.cpu.cycles);
    assert.equal(a.cpu.cycles, I.alu + 100 * (2 * I.alu + I.mul64 + I.branch));
  });

  it('charges an UNDEFINED encoding its issue plus the exception entry', () => {
    const t = at(`udf #0\n${VECTORS}`, 2);
    setSys(t, 'VBAR_EL2', BigInt(CODE_BASE + 0x800));
    assert.equal(cyclesOf(t, 1), I.undefined + EXCEPTION_ENTRY.sync.toEl2);
  });

  it('charges a trapped system register access the trap, not the access', () => {
    // EL1 read of a PMU register with MDCR_EL2.TPM: EC 0x18 to EL2, no PMU access cost.
    const t = at(`mrs x0, pmccntr_el0\n`, 1);
    setSys(t, 'MDCR_EL2', 6n | (1n << 6n));
    assert.equal(cyclesOf(t, 1), I.sysreg + EXCEPTION_ENTRY.sync.toEl2);
    assert.equal(t.cpu.el, 2);
    assert.equal(Number(t.cpu.sys[slotOf('ESR_EL2')] >> 26n), 0x18);
  });

  it('charges MMIO per device and direction: a GICH read is far dearer than a system register read', () => {
    const t = at(`
      ldr w0, [x1]
      str w0, [x1, #8]
      ldr w0, [x2]
      mrs x3, tpidr_el2
      b .`, 2);
    t.bus.map(0x08030000, 0x1000, { name: 'gic-hyp', read: () => 7, write: () => true });
    t.bus.map(0x09000000, 0x1000, { name: 'pl011', read: () => 0, write: () => true });
    t.cpu.setXBig(1, 0x08030000n);
    t.cpu.setXBig(2, 0x09000000n);
    const gichRead = cyclesOf(t, 1), gichWrite = cyclesOf(t, 1), uartRead = cyclesOf(t, 1), sysRead = cyclesOf(t, 1);
    assert.equal(gichRead, I.load + MMIO_COST['gic-hyp'].read);
    assert.equal(gichWrite, I.store + MMIO_COST['gic-hyp'].write);
    assert.equal(uartRead, I.load + MMIO_COST.pl011.read);
    assert.equal(sysRead, R.plain.read);
    assert.ok(gichRead > 20 * sysRead, `GICH read ${gichRead} vs MRS ${sysRead}`);
    assert.equal(t.cpu.xBig(0), 0n);
  });

  it('charges a TLB miss its walk per descriptor read, stage 1 and stage 2, and a hit nothing', () => {
    // EL2 stage 1: 39-bit VA (TCR_EL2.T0SZ = 25, start level 1), one 1 GB block at 0x40000000.
    const t = at(`
      ldr x0, [x1]
      ldr x0, [x1, #8]
      ldr x0, [x2]
      b .`, 2);
    const table = 0x40200000;
    t.bus.view.setBigUint64(table + 8 - 0x40000000, 0x40000000n | (1n << 10n) | 1n, true); // L1[1]: block, AF
    t.cpu.translator = new MmuTranslator(t.bus);
    setSys(t, 'MAIR_EL2', 0xffn);
    setSys(t, 'TCR_EL2', 25n | (2n << 16n));
    setSys(t, 'TTBR0_EL2', BigInt(table));
    setSys(t, 'SCTLR_EL2', 1n);
    t.cpu.setXBig(1, 0x40300000n);
    t.cpu.setXBig(2, 0x40301000n);
    t.cpu.flushTranslation();
    // First: the fetch misses (one level-1 read), then the load misses (one read).
    assert.equal(cyclesOf(t, 1), 2 * (WALK_COST.tlbMiss + WALK_COST.s1Level) + I.load);
    assert.equal(cyclesOf(t, 1), I.load, 'same page: a TLB hit costs nothing extra');
    assert.equal(cyclesOf(t, 1), WALK_COST.tlbMiss + WALK_COST.s1Level + I.load, 'next page: one more walk');

    // EL1 with only stage 2 (HCR_EL2.VM): VTCR_EL2.T0SZ = 25, SL0 = 1 (level 1), one 1 GB block.
    const g = at(`
      ldr x0, [x1]
      b .`, 1, { hcr: 1n });
    const s2 = 0x40400000;
    // Block, AF, S2AP = RW (7:6), MemAttr = Normal WB (5:2 = 0xf).
    g.bus.view.setBigUint64(s2 + 8 - 0x40000000, 0x40000000n | (1n << 10n) | (3n << 6n) | (0xfn << 2n) | 1n, true);
    g.cpu.translator = new MmuTranslator(g.bus);
    setSys(g, 'VTCR_EL2', 25n | (1n << 6n) | (2n << 16n));
    setSys(g, 'VTTBR_EL2', BigInt(s2));
    g.cpu.setXBig(1, 0x40300000n);
    g.cpu.flushTranslation();
    assert.equal(cyclesOf(g, 1), 2 * (WALK_COST.tlbMiss + WALK_COST.s2Level) + I.load);
    assert.equal(g.cpu.el, 1, 'no fault');
  });

  it('is deterministic, and stamps every trace event with its core\'s cycle count', () => {
    const src = `
      .global _start
    _start:
      mov x0, #0
      adr x1, vec
      msr vbar_el2, x1
      hvc #1
      hvc #2
      ${SYSTEM_OFF_SMC}
    ${VECTORS}`;
    const runOnce = (): { cycles: number; events: string } => {
      const b = boot(src);
      const s = b.run(10_000);
      assert.equal(s?.kind, 'poweroff', s?.reason);
      return { cycles: b.m.cpu.cycles, events: JSON.stringify(b.events) };
    };
    const a = runOnce(), b = runOnce();
    assert.equal(a.cycles, b.cycles);
    assert.equal(a.events, b.events);
    const evs = JSON.parse(a.events) as { kind: string; cycle?: number }[];
    const exc = evs.filter((e) => e.kind === 'exception' || e.kind === 'eret');
    assert.ok(exc.length >= 4, a.events);
    let last = -1;
    for (const e of evs) {
      assert.equal(typeof e.cycle, 'number', JSON.stringify(e));
      assert.ok(e.cycle! >= last, 'non-decreasing');
      last = e.cycle!;
    }
    // Between the two HVCs' exception events: eret (1 + ERET_COST) and the second hvc's issue,
    // then its entry — the entry cost is charged before the event is emitted.
    const hvcs = evs.filter((e) => e.kind === 'exception');
    assert.equal(hvcs[1].cycle! - hvcs[0].cycle!, I.eret + ERET_COST + I['exception-gen'] + EXCEPTION_ENTRY.sync.toEl2);
  });
});
