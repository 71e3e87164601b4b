// GICv2 virtualization extensions: GICH (IHI 0048B 5.3) and GICV (5.4). The hypervisor writes
// list registers; the guest acknowledges and completes through GICV without any trap.

import { strict as assert } from 'node:assert';
import { GICC, GICC_CTLR } from '../../emulator/devices/gicv2-cpu-interface';
import { GICD } from '../../emulator/devices/gicv2-distributor';
import { GICH, GICH_HCR, GICH_MISR, GICH_VTR_VALUE, LR_STATE, lr } from '../../emulator/devices/gicv2-hyp-interface';
import { GICV2_VIRT_MAP } from '../../emulator/devices/gicv2';
import { PPI } from '../../emulator/devices/irq-types';
import { rig, type Rig } from './gicv2-helpers';

const LR = (i: number): number => GICH.LR0 + 4 * i;
/** GICH_HCR.En, guest CPU interface Group 0 enabled, PMR 0xf8 (through GICH_VMCR). */
function vsetup(r: Rig, vctlr = 1): Rig {
  r.hw(GICH.HCR, GICH_HCR.En);
  r.hw(GICH.VMCR, vctlr | (0x1f << 27));
  return r;
}

describe('GICv2 virtual interface (GICH)', () => {
  it('VTR = 4 list registers, 5 priority and preemption bits (0x90000003, as QEMU)', () => {
    assert.equal(rig().h(GICH.VTR), GICH_VTR_VALUE);
    assert.equal(GICH_VTR_VALUE, 0x90000003);
  });

  it('VMCR round-trips and is the guest view: VMCtlr ↔ GICV_CTLR, VMPriMask ↔ GICV_PMR, BPR minima', () => {
    const r = rig();
    assert.equal(r.h(GICH.VMCR), (3 << 18) | (2 << 21), 'reset BPR 2, ABPR 3');
    r.hw(GICH.VMCR, 0x201 | (4 << 18) | (5 << 21) | (0x10 << 27));
    assert.equal(r.v(GICC.CTLR), 0x201);
    assert.equal(r.v(GICC.PMR), 0x80);
    assert.equal(r.v(GICC.BPR), 5);
    assert.equal(r.v(GICC.ABPR), 4);
    r.vw(GICC.PMR, 0xff);
    r.vw(GICC.BPR, 0);
    assert.equal(r.v(GICC.PMR), 0xf8, '5 priority bits');
    assert.equal(r.v(GICC.BPR), 2, 'minimum virtual BPR is 2');
    assert.equal(r.h(GICH.VMCR) >>> 27, 0x1f);
  });

  it('HCR keeps En/UIE/LRENPIE/NPIE/VGrp*IE/EOICount; LR reserved bits [22:20] are RAZ/WI; LR4+ RAZ/WI', () => {
    const r = rig();
    r.hw(GICH.HCR, 0xffffffff);
    assert.equal(r.h(GICH.HCR), 0xf80000ff);
    r.hw(GICH.HCR, 0);
    r.hw(LR(0), 0xffffffff);
    assert.equal(r.h(LR(0)), 0xff8fffff);
    r.hw(LR(4), 0xffffffff);
    assert.equal(r.h(LR(4)), 0);
    for (const o of [0x0c, 0x14, 0x24, 0x34, 0x40, 0xec, 0x1fc]) { r.hw(o, 0xffffffff); assert.equal(r.h(o), 0, `0x${o.toString(16)}`); }
  });

  it('ELRSR shows empty LRs; EISR shows invalid HW=0 LRs with EOI=1', () => {
    const r = rig();
    assert.equal(r.h(GICH.ELRSR0), 0xf);
    r.hw(LR(1), lr.make({ vintid: 40, state: LR_STATE.PENDING }));
    r.hw(LR(2), lr.make({ vintid: 41, state: LR_STATE.INVALID, eoi: true }));
    r.hw(LR(3), lr.make({ vintid: 42, state: LR_STATE.INVALID, hw: true, pintid: 0x200 | 42 }));
    assert.equal(r.h(GICH.ELRSR0), 0b1001);
    assert.equal(r.h(GICH.EISR0), 0b0100);
    assert.equal(r.h(GICH.ELRSR1), 0);
  });
});

describe('GICv2 virtual CPU interface (GICV)', () => {
  it('acknowledge and EOI of a virtual interrupt need no trap: LR pending → active → invalid, virq follows', () => {
    const r = vsetup(rig());
    const val = lr.make({ vintid: 44, state: LR_STATE.PENDING, priority: 0xa0 });
    r.hw(LR(0), val);
    assert.equal(r.gic.lines(0).virq, true);
    assert.equal(r.gic.lines(0).irq, false, 'nothing physical');
    assert.equal(r.v(GICC.HPPIR), 44);
    assert.equal(r.v(GICC.IAR), 44);
    assert.equal(lr.state(r.h(LR(0))), LR_STATE.ACTIVE);
    assert.equal(r.gic.lines(0).virq, false);
    assert.equal(r.v(GICC.RPR), 0xa0);
    assert.equal(r.h(GICH.APR), 1 << (0xa0 >> 3));
    assert.equal(r.v(GICC.APR0), 1 << (0xa0 >> 3));
    r.vw(GICC.EOIR, 44);
    assert.equal(r.h(LR(0)), lr.withState(val, LR_STATE.INVALID));
    assert.equal(r.h(GICH.APR), 0);
    assert.equal(r.v(GICC.RPR), 0xff);
    assert.equal(r.h(GICH.ELRSR0) & 1, 1);
    const kinds = r.events.map((e) => e.kind);
    assert.deepEqual(kinds, ['irq-inject', 'irq-ack', 'irq-eoi']);
    const inj = r.events[0];
    assert.ok(inj.kind === 'irq-inject' && inj.vintid === 44 && inj.pintid === -1 && inj.priority === 0xa0 && inj.lr === 0);
  });

  it('HW=1: the guest EOI deactivates the physical interrupt in the distributor', () => {
    const r = vsetup(rig());
    r.dw(GICD.CTLR, 1);
    r.cw(GICC.CTLR, GICC_CTLR.EnableGrp0 | GICC_CTLR.EOImode);
    r.cw(GICC.PMR, 0xff);
    r.dw(GICD.ISENABLER, 1 << PPI.VIRT_TIMER);
    r.gic.setLevel(PPI.VIRT_TIMER, 0, true);
    assert.equal(r.gic.lines(0).irq, true);
    // The hypervisor takes the physical timer PPI, drops priority, and forwards it as HW=1.
    assert.equal(r.c(GICC.IAR), PPI.VIRT_TIMER);
    r.cw(GICC.EOIR, PPI.VIRT_TIMER);
    r.hw(LR(0), lr.make({ vintid: 27, state: LR_STATE.PENDING, hw: true, pintid: PPI.VIRT_TIMER, priority: 0x50 }));
    assert.equal((r.d(GICD.ISACTIVER) >>> 27) & 1, 1);
    assert.equal(r.v(GICC.IAR), 27);
    r.gic.setLevel(PPI.VIRT_TIMER, 0, false); // the guest quiets its timer
    r.vw(GICC.EOIR, 27);
    assert.equal((r.d(GICD.ISACTIVER) >>> 27) & 1, 0, 'physical deactivated');
    assert.equal(lr.state(r.h(LR(0))), LR_STATE.INVALID);
    const eoi = r.events.filter((e) => e.kind === 'irq-eoi' && e.virtual).pop();
    assert.ok(eoi && eoi.kind === 'irq-eoi' && eoi.pintid === 27 && eoi.deactivated);
  });

  it('EOI=1 LR: deactivation raises the maintenance interrupt (MISR.EOI, PPI 25) until the LR is rewritten', () => {
    const r = vsetup(rig());
    r.dw(GICD.CTLR, 1);
    r.cw(GICC.CTLR, GICC_CTLR.EnableGrp0);
    r.cw(GICC.PMR, 0xff);
    r.dw(GICD.ISENABLER, 1 << PPI.MAINTENANCE);
    r.hw(LR(2), lr.make({ vintid: 50, state: LR_STATE.PENDING, eoi: true }));
    r.v(GICC.IAR);
    assert.equal(r.gic.lines(0).maintenance, false);
    r.vw(GICC.EOIR, 50);
    assert.equal(r.h(GICH.EISR0), 0b100);
    assert.equal(r.h(GICH.MISR), GICH_MISR.EOI);
    assert.equal(r.gic.lines(0).maintenance, true);
    assert.equal(r.gic.lines(0).irq, true, 'PPI 25 pending at the physical CPU interface');
    assert.equal(r.c(GICC.IAR), PPI.MAINTENANCE);
    r.hw(LR(2), 0);
    assert.equal(r.gic.lines(0).maintenance, false);
    r.cw(GICC.EOIR, PPI.MAINTENANCE);
    assert.equal(r.gic.lines(0).irq, false);
    const m = r.events.filter((e) => e.kind === 'maintenance').map((e) => e.kind === 'maintenance' && e.level);
    assert.deepEqual(m, [true, false]);
  });

  it('MISR: U (≤1 valid LR), NP (no pending LR), VGrp0E/D, VGrp1E/D follow HCR enables; En gates the output', () => {
    const r = rig();
    r.hw(GICH.HCR, GICH_HCR.UIE | GICH_HCR.NPIE | GICH_HCR.VGrp0DIE | GICH_HCR.VGrp1EIE);
    assert.equal(r.h(GICH.MISR), GICH_MISR.U | GICH_MISR.NP | GICH_MISR.VGrp0D);
    assert.equal(r.gic.lines(0).maintenance, false, 'GICH_HCR.En = 0');
    r.hw(GICH.HCR, GICH_HCR.En | GICH_HCR.UIE | GICH_HCR.NPIE | GICH_HCR.VGrp0DIE | GICH_HCR.VGrp1EIE);
    assert.equal(r.gic.lines(0).maintenance, true);
    r.hw(LR(0), lr.make({ vintid: 40, state: LR_STATE.PENDING }));
    r.hw(LR(1), lr.make({ vintid: 41, state: LR_STATE.ACTIVE }));
    r.vw(GICC.CTLR, 3);
    assert.equal(r.h(GICH.MISR), GICH_MISR.VGrp1E);
    r.hw(GICH.HCR, GICH_HCR.En | GICH_HCR.VGrp0EIE);
    assert.equal(r.h(GICH.MISR), GICH_MISR.VGrp0E);
    r.hw(GICH.HCR, GICH_HCR.En);
    assert.equal(r.h(GICH.MISR), 0);
    assert.equal(r.gic.lines(0).maintenance, false);
  });

  it('EOI with no matching active LR increments EOICount (LRENP maintenance)', () => {
    const r = vsetup(rig());
    r.hw(GICH.HCR, GICH_HCR.En | GICH_HCR.LRENPIE);
    r.hw(LR(0), lr.make({ vintid: 60, state: LR_STATE.PENDING, priority: 0x40 }));
    assert.equal(r.v(GICC.IAR), 60);
    r.hw(LR(0), 0); // the hypervisor evicted the active interrupt (e.g. to reuse the LR)
    r.vw(GICC.EOIR, 60);
    assert.equal(r.h(GICH.HCR) >>> 27, 1);
    assert.equal(r.h(GICH.MISR), GICH_MISR.LRENP);
    assert.equal(r.gic.lines(0).maintenance, true);
    r.vw(GICC.EOIR, 60); // nothing active any more: no priority dropped, no count
    assert.equal(r.h(GICH.HCR) >>> 27, 1);
  });

  it('priorities: the highest-priority pending LR is taken; vPMR and the virtual running priority gate virq', () => {
    const r = vsetup(rig());
    r.hw(LR(0), lr.make({ vintid: 40, state: LR_STATE.PENDING, priority: 0x80 }));
    r.hw(LR(1), lr.make({ vintid: 41, state: LR_STATE.PENDING, priority: 0x40 }));
    r.vw(GICC.PMR, 0x40);
    assert.equal(r.gic.lines(0).virq, false, 'PMR 0x40 masks priorities 0x40 and 0x80');
    assert.equal(r.v(GICC.IAR), 1023);
    r.vw(GICC.PMR, 0xf8);
    assert.equal(r.v(GICC.IAR), 41);
    assert.equal(r.gic.lines(0).virq, false, '0x80 cannot preempt 0x40');
    r.vw(GICC.EOIR, 41);
    assert.equal(r.gic.lines(0).virq, true);
    assert.equal(r.v(GICC.IAR), 40);
    r.hw(LR(2), lr.make({ vintid: 42, state: LR_STATE.PENDING, priority: 0x08 }));
    assert.equal(r.gic.lines(0).virq, true, '0x08 preempts 0x80');
  });

  it('EOImode=1: GICV_EOIR only drops priority, GICV_DIR deactivates; DIR ignored with EOImode=0', () => {
    const r = vsetup(rig(), 1 | GICC_CTLR.EOImode);
    r.hw(LR(0), lr.make({ vintid: 40, state: LR_STATE.PENDING, priority: 0x80 }));
    r.v(GICC.IAR);
    r.vw(GICC.EOIR, 40);
    assert.equal(r.h(GICH.APR), 0);
    assert.equal(lr.state(r.h(LR(0))), LR_STATE.ACTIVE);
    r.vw(GICC.DIR, 40);
    assert.equal(lr.state(r.h(LR(0))), LR_STATE.INVALID);
    r.vw(GICC.CTLR, 1);
    r.hw(LR(0), lr.make({ vintid: 40, state: LR_STATE.PENDING, priority: 0x80 }));
    r.v(GICC.IAR);
    r.vw(GICC.DIR, 40);
    assert.equal(lr.state(r.h(LR(0))), LR_STATE.ACTIVE);
  });

  it('pending+active LR is not re-acknowledged; after EOI it becomes pending and is taken again', () => {
    const r = vsetup(rig());
    r.hw(LR(0), lr.make({ vintid: 40, state: LR_STATE.PENDING_ACTIVE, priority: 0x80 }));
    assert.equal(r.gic.lines(0).virq, false);
    assert.equal(r.v(GICC.IAR), 1023);
    r.hw(GICH.APR, 1 << 16);
    r.vw(GICC.EOIR, 40);
    assert.equal(lr.state(r.h(LR(0))), LR_STATE.PENDING);
    assert.equal(r.v(GICC.IAR), 40);
  });

  it('virtual SGI reports its CPUID; Group 1 needs AckCtl; Group 0 with FIQEn is vFIQ', () => {
    const r = vsetup(rig(), 3);
    r.hw(LR(0), lr.make({ vintid: 5, state: LR_STATE.PENDING, cpuid: 3, priority: 0x10 }));
    assert.equal(r.v(GICC.IAR), 5 | (3 << 10));
    r.vw(GICC.EOIR, 5 | (3 << 10));
    assert.equal(lr.state(r.h(LR(0))), LR_STATE.INVALID);
    r.hw(LR(1), lr.make({ vintid: 70, state: LR_STATE.PENDING, group: 1, priority: 0x10 }));
    assert.equal(r.v(GICC.IAR), 1022);
    r.vw(GICC.CTLR, 3 | GICC_CTLR.AckCtl | GICC_CTLR.FIQEn);
    assert.deepEqual([r.gic.lines(0).virq, r.gic.lines(0).vfiq], [true, false]);
    assert.equal(r.v(GICC.IAR), 70);
    r.hw(LR(2), lr.make({ vintid: 71, state: LR_STATE.PENDING, group: 0, priority: 0x00 }));
    assert.deepEqual([r.gic.lines(0).virq, r.gic.lines(0).vfiq], [false, true]);
  });

  it('misprogrammed LRs are deterministic: duplicates resolve to the lowest LR, odd IDs never throw', () => {
    const r = vsetup(rig());
    r.hw(LR(1), lr.make({ vintid: 40, state: LR_STATE.PENDING, priority: 0x80 }));
    r.hw(LR(3), lr.make({ vintid: 40, state: LR_STATE.PENDING, priority: 0x80 }));
    assert.equal(r.v(GICC.IAR), 40);
    assert.deepEqual([1, 3].map((i) => lr.state(r.h(LR(i)))), [LR_STATE.ACTIVE, LR_STATE.PENDING]);
    r.vw(GICC.EOIR, 40);
    assert.equal(lr.state(r.h(LR(1))), LR_STATE.INVALID);
    // vINTID 1023 (special) pending: presented as-is, acknowledging returns it without activation.
    r.hw(LR(0), lr.make({ vintid: 1023, state: LR_STATE.PENDING, priority: 0x00 }));
    assert.equal(r.v(GICC.IAR), 1023);
    // HW=1 with an SGI pINTID: the deactivation is ignored (UNPREDICTABLE), the LR stays active.
    r.hw(LR(0), lr.make({ vintid: 90, state: LR_STATE.ACTIVE, hw: true, pintid: 3 }));
    r.hw(GICH.APR, 1);
    r.vw(GICC.EOIR, 90);
    assert.equal(lr.state(r.h(LR(0))), LR_STATE.ACTIVE);
    // HW=1 with a pINTID beyond the GIC's 288 interrupts: ignored by the distributor.
    r.hw(LR(0), lr.make({ vintid: 91, state: LR_STATE.ACTIVE, hw: true, pintid: 900 }));
    r.hw(GICH.APR, 1);
    r.vw(GICC.EOIR, 91);
    assert.equal(lr.state(r.h(LR(0))), LR_STATE.INVALID);
  });

  it('frames are banked per core; per-core GICH frames only with hypCoreFrames; windows as QEMU virt', () => {
    const r = rig({ cores: 2 });
    r.on(1).hw(LR(0), lr.make({ vintid: 33, state: LR_STATE.PENDING }));
    assert.equal(r.on(0).h(LR(0)), 0);
    assert.equal(r.gic.hypFrame.read(0x1000 + GICH.LR0, 4), null, 'QEMU virt maps no per-core GICH frames');
    const f = rig({ cores: 2, hypCoreFrames: true });
    f.on(0).gic.hypFrame.write(0x1200 + GICH.LR0, 4, 0x10000021, 0);
    assert.equal(f.on(1).h(LR(0)), 0x10000021);
    assert.equal(f.gic.hypFrame.read(0x1400, 4), null, 'no core 2');
    assert.equal(r.gic.vcpuFrame.read(0x2000, 4), null);
    assert.equal(r.gic.vcpuFrame.read(0x1000, 4), 0);
    assert.deepEqual([GICV2_VIRT_MAP.DIST_BASE, GICV2_VIRT_MAP.CPU_BASE, GICV2_VIRT_MAP.HYP_BASE, GICV2_VIRT_MAP.VCPU_BASE],
      [0x08000000, 0x08010000, 0x08030000, 0x08040000]);
  });
});
