// Reverse execution replays from checkpoints: a restored checkpoint must bring back the GIC,
// the timers, the cycle count and the PMU with the registers, or a replay across an interrupt
// diverges. Run a program that programs the GIC, a timer and the PMU; restore the entry
// checkpoint; run again; the machine must end in exactly the same state.

import { strict as assert } from 'node:assert';
import { Checkpoints } from '../../debug-adapter/model/snapshots';
import { saveState } from '../../debug-adapter/model/device-state';
import { boot, SYSTEM_OFF_SMC } from '../machine/boot';

const PROG = `
  .text
_start:
  ldr x1, =0x08000000
  mov w2, #1
  str w2, [x1]              // GICD_CTLR.Enable
  ldr x3, =0x08000f00
  ldr w4, =0x00010000 | 5   // GICD_SGIR: SGI 5 to CPU 0
  str w4, [x3]
  ldr x5, =0x08030000
  ldr w6, =0x10000007 | (0xa0 << 23)
  str w6, [x5, #0x100]      // GICH_LR0: pending vINTID 7
  mov w7, #1
  str w7, [x5]              // GICH_HCR.En
  mov x8, #1000
  msr cnthp_tval_el2, x8
  mov x8, #1
  msr cnthp_ctl_el2, x8
  mov x9, #1
  msr pmcr_el0, x9
  mov x9, #1 << 31
  msr pmcntenset_el0, x9
  mov x10, #200
0: subs x10, x10, #1
  b.ne 0b
  mrs x11, pmccntr_el0
  ${SYSTEM_OFF_SMC}
`;

describe('reverse-execution checkpoints', () => {
  it('restore the GIC, timers, cycles and PMU so a replay ends in the same state', () => {
    const b = boot(PROG);
    const m = b.m;
    const cp = new Checkpoints<null>(m);
    const gicAtEntry = JSON.stringify(saveState(m.gic, new Set([...m.cpus, m.bus])), (_, v) => typeof v === 'bigint' ? v.toString() : v);
    cp.take(null);
    assert.equal(b.run()?.kind, 'poweroff');
    const end = { x11: m.cpu.xBig(11), cycles: m.cpu.cycles, gic: JSON.stringify(saveState(m.gic, new Set([...m.cpus, m.bus])), (_, v) => typeof v === 'bigint' ? v.toString() : v) };
    assert.notEqual(end.gic, gicAtEntry, 'the program changed the GIC');
    cp.restore(cp.before(0)!);
    assert.equal(m.cpu.cycles, 0);
    assert.equal(JSON.stringify(saveState(m.gic, new Set([...m.cpus, m.bus])), (_, v) => typeof v === 'bigint' ? v.toString() : v), gicAtEntry);
    assert.equal(b.run()?.kind, 'poweroff');
    assert.equal(m.cpu.xBig(11), end.x11);
    assert.equal(m.cpu.cycles, end.cycles);
    assert.equal(JSON.stringify(saveState(m.gic, new Set([...m.cpus, m.bus])), (_, v) => typeof v === 'bigint' ? v.toString() : v), end.gic);
  });
});
