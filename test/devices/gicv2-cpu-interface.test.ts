// GICv2 physical CPU interface (IHI 0048B 4.4) and the interrupt state machine (3.2.4):
// acknowledge, priority drop, deactivation, preemption, EOImode split, edge vs level.

import { strict as assert } from 'node:assert';
import { GICC, GICC_CTLR, GICC_IIDR_VALUE } from '../../emulator/devices/gicv2-cpu-interface';
import { GICD } from '../../emulator/devices/gicv2-distributor';
import { rig, type Rig } from './gicv2-helpers';

/** Distributor and CPU interface on (Group 0), PMR open, SPI `intid` enabled at `prio`. */
function setup(r: Rig, ...irqs: [number, number][]): Rig {
  r.dw(GICD.CTLR, 1);
  r.cw(GICC.CTLR, GICC_CTLR.EnableGrp0);
  r.cw(GICC.PMR, 0xff);
  for (const [intid, prio] of irqs) {
    r.dw(GICD.ISENABLER + 4 * (intid >> 5), 1 << (intid & 31));
    r.gic.distributorFrame.write(GICD.IPRIORITYR + intid, 1, prio, 0);
  }
  return r;
}
const pendBit = (r: Rig, intid: number): number => (r.d(GICD.ISPENDR + 4 * (intid >> 5)) >>> (intid & 31)) & 1;
const actBit = (r: Rig, intid: number): number => (r.d(GICD.ISACTIVER + 4 * (intid >> 5)) >>> (intid & 31)) & 1;

describe('GICv2 CPU interface', () => {
  it('resets with everything off: IAR/HPPIR spurious, RPR idle 0xff, IIDR 0x0002043b, BPR 0 / ABPR 1', () => {
    const r = rig();
    assert.equal(r.c(GICC.IAR), 1023);
    assert.equal(r.c(GICC.HPPIR), 1023);
    assert.equal(r.c(GICC.RPR), 0xff);
    assert.equal(r.c(GICC.IIDR), GICC_IIDR_VALUE);
    assert.equal(r.c(GICC.BPR), 0);
    assert.equal(r.c(GICC.ABPR), 1);
    r.cw(GICC.ABPR, 0);
    assert.equal(r.c(GICC.ABPR), 1, 'ABPR minimum is 1');
    r.cw(GICC.CTLR, 0xffffffff);
    assert.equal(r.c(GICC.CTLR), 0x21f, 'bypass bits and bit 10 RAZ/WI');
  });

  it('edge SPI: pending → active on IAR → inactive on EOIR; the IRQ output follows', () => {
    const r = setup(rig(), [40, 0x80]);
    const seen: boolean[] = [];
    r.gic.onChange = (_c, l) => seen.push(l.irq);
    r.dw(GICD.ISPENDR + 4, 1 << 8);
    assert.equal(r.gic.lines(0).irq, true);
    assert.equal(r.c(GICC.HPPIR), 40);
    assert.equal(r.c(GICC.IAR), 40);
    assert.equal(pendBit(r, 40), 0);
    assert.equal(actBit(r, 40), 1);
    assert.equal(r.gic.lines(0).irq, false);
    assert.equal(r.c(GICC.RPR), 0x80);
    assert.equal(r.c(GICC.IAR), 1023, 'nothing else pending');
    r.cw(GICC.EOIR, 40);
    assert.equal(actBit(r, 40), 0);
    assert.equal(r.c(GICC.RPR), 0xff);
    assert.deepEqual(seen, [true, false]);
  });

  it('edge: a new edge while active gives active+pending, taken again after EOI', () => {
    const r = setup(rig(), [40, 0x80]);
    r.dw(GICD.ICFGR + 8, 2 << 16);
    r.gic.setLevel(40, 0, true);
    assert.equal(r.c(GICC.IAR), 40);
    r.gic.setLevel(40, 0, false);
    r.gic.setLevel(40, 0, true);
    assert.equal(pendBit(r, 40) + actBit(r, 40), 2, 'active and pending');
    assert.equal(r.gic.lines(0).irq, false, 'an active interrupt is not signalled again');
    r.cw(GICC.EOIR, 40);
    assert.equal(r.gic.lines(0).irq, true);
    assert.equal(r.c(GICC.IAR), 40);
  });

  it('level SPI: stays pending while the line is high (active+pending after IAR), clears when it drops', () => {
    const r = setup(rig(), [40, 0x80]);
    r.gic.setLevel(40, 0, true);
    assert.equal(r.c(GICC.IAR), 40);
    assert.equal(pendBit(r, 40) + actBit(r, 40), 2);
    r.cw(GICC.EOIR, 40);
    assert.equal(r.gic.lines(0).irq, true, 'still asserted: pending again');
    assert.equal(r.c(GICC.IAR), 40);
    r.gic.setLevel(40, 0, false);
    assert.equal(pendBit(r, 40), 0);
    r.cw(GICC.EOIR, 40);
    assert.equal(r.gic.lines(0).irq, false);
    assert.equal(r.c(GICC.IAR), 1023);
  });

  it('picks the highest priority (lowest value), lowest INTID on ties', () => {
    const r = setup(rig(), [40, 0x80], [41, 0x40], [42, 0x40]);
    r.dw(GICD.ISPENDR + 4, 0b111 << 8);
    assert.equal(r.c(GICC.IAR), 41);
    assert.equal(r.c(GICC.IAR), 1023, '42 has the same group priority: no preemption');
  });

  it('preemption: a higher group priority preempts the running one; BPR coarsens the comparison', () => {
    const r = setup(rig(), [40, 0x80], [41, 0x40]);
    r.dw(GICD.ISPENDR + 4, 1 << 8);
    assert.equal(r.c(GICC.IAR), 40);
    r.dw(GICD.ISPENDR + 4, 1 << 9);
    assert.equal(r.gic.lines(0).irq, true);
    assert.equal(r.c(GICC.IAR), 41);
    assert.equal(r.c(GICC.RPR), 0x40);
    // 0x80 → level 64 (APR2 bit 0), 0x40 → level 32 (APR1 bit 0).
    assert.deepEqual([0, 4, 8, 12].map((o) => r.c(GICC.APR0 + o)), [0, 1, 1, 0]);
    r.cw(GICC.EOIR, 41);
    assert.equal(r.c(GICC.RPR), 0x80);
    r.cw(GICC.EOIR, 40);
    assert.equal(r.c(GICC.RPR), 0xff);
    // With BPR=7 (no group priority bits), nothing preempts anything.
    r.cw(GICC.BPR, 7);
    r.dw(GICD.ISPENDR + 4, 1 << 8);
    assert.equal(r.c(GICC.IAR), 40);
    assert.equal(r.c(GICC.RPR), 0);
    r.dw(GICD.ISPENDR + 4, 1 << 9);
    assert.equal(r.gic.lines(0).irq, false);
    assert.equal(r.c(GICC.IAR), 1023);
  });

  it('APR records the preemption level (group priority >> 1); writing APR sets the running priority', () => {
    const r = setup(rig(), [40, 0x84]);
    r.dw(GICD.ISPENDR + 4, 1 << 8);
    r.c(GICC.IAR);
    assert.equal(r.c(GICC.APR0 + 8), 1 << (0x42 - 64));
    r.cw(GICC.APR0 + 8, 0);
    r.cw(GICC.APR0, 1 << 4);
    assert.equal(r.c(GICC.RPR), 8);
  });

  it('PMR masks: only priorities strictly below PMR are presented', () => {
    const r = setup(rig(), [40, 0x80]);
    r.cw(GICC.PMR, 0x80);
    r.dw(GICD.ISPENDR + 4, 1 << 8);
    assert.equal(r.gic.lines(0).irq, false);
    assert.equal(r.c(GICC.HPPIR), 1023);
    r.cw(GICC.PMR, 0x81);
    assert.equal(r.gic.lines(0).irq, true);
  });

  it('EOImode=1 splits priority drop (EOIR) from deactivation (DIR); DIR is ignored with EOImode=0', () => {
    const r = setup(rig(), [40, 0x80]);
    r.cw(GICC.CTLR, GICC_CTLR.EnableGrp0 | GICC_CTLR.EOImode);
    r.dw(GICD.ISPENDR + 4, 1 << 8);
    assert.equal(r.c(GICC.IAR), 40);
    r.cw(GICC.EOIR, 40);
    assert.equal(r.c(GICC.RPR), 0xff, 'priority dropped');
    assert.equal(actBit(r, 40), 1, 'still active');
    r.dw(GICD.ISPENDR + 4, 1 << 8);
    assert.equal(r.gic.lines(0).irq, false, 'an active interrupt cannot be taken again');
    r.cw(GICC.DIR, 40);
    assert.equal(actBit(r, 40), 0);
    assert.equal(r.gic.lines(0).irq, true);
    r.cw(GICC.CTLR, GICC_CTLR.EnableGrp0);
    assert.equal(r.c(GICC.IAR), 40);
    r.cw(GICC.DIR, 40);
    assert.equal(actBit(r, 40), 1, 'DIR without EOImode is ignored');
    const eois = r.events.filter((e) => e.kind === 'irq-eoi');
    assert.deepEqual(eois.map((e) => e.kind === 'irq-eoi' && [e.op, e.deactivated]), [['eoi', false], ['dir', true]]);
  });

  it('EOIR of a spurious/non-existent ID or with nothing active is ignored', () => {
    const r = setup(rig(), [40, 0x80]);
    r.dw(GICD.ISACTIVER + 4, 1 << 8);
    r.cw(GICC.EOIR, 40);
    assert.equal(actBit(r, 40), 1, 'no running priority: ignored');
    r.dw(GICD.ISPENDR + 4, 1 << 9);
    r.dw(GICD.ISENABLER + 4, 1 << 9);
    r.c(GICC.IAR);
    r.cw(GICC.EOIR, 1023);
    r.cw(GICC.EOIR, 700);
    assert.equal(r.c(GICC.RPR), 0);
  });

  it('groups: Group 1 gives 1022 without AckCtl, is acknowledged with it; Group 0 with FIQEn is FIQ', () => {
    const r = setup(rig(), [40, 0x80], [41, 0x90]);
    r.dw(GICD.IGROUPR + 4, 1 << 8);
    r.dw(GICD.CTLR, 3);
    r.cw(GICC.CTLR, GICC_CTLR.EnableGrp0 | GICC_CTLR.EnableGrp1);
    r.dw(GICD.ISPENDR + 4, 1 << 8);
    assert.equal(r.c(GICC.HPPIR), 1022);
    assert.equal(r.c(GICC.IAR), 1022);
    assert.equal(pendBit(r, 40), 1);
    r.cw(GICC.CTLR, GICC_CTLR.EnableGrp0 | GICC_CTLR.EnableGrp1 | GICC_CTLR.AckCtl | GICC_CTLR.FIQEn);
    assert.deepEqual([r.gic.lines(0).irq, r.gic.lines(0).fiq], [true, false], 'Group 1 is always IRQ');
    assert.equal(r.c(GICC.IAR), 40);
    r.cw(GICC.EOIR, 40);
    r.dw(GICD.ISPENDR + 4, 1 << 9);
    assert.deepEqual([r.gic.lines(0).irq, r.gic.lines(0).fiq], [false, true]);
    // Group 1 uses ABPR-1 for its group priority unless CBPR.
    r.dw(GICD.ICPENDR + 4, 1 << 9);
    r.dw(GICD.ISPENDR + 4, 1 << 8);
    r.cw(GICC.ABPR, 4); // group priority bits [7:4]
    r.gic.distributorFrame.write(GICD.IPRIORITYR + 40, 1, 0x8c, 0);
    assert.equal(r.c(GICC.IAR), 40);
    assert.equal(r.c(GICC.RPR), 0x80);
    assert.equal(r.c(GICC.NSAPR0 + 8), 1, 'Group 1 activity goes in NSAPR (level 0x80 >> 1 = 64)');
    assert.equal(r.c(GICC.APR0 + 8), 0);
  });

  it('a group disabled in GICD_CTLR is not forwarded; one disabled in GICC_CTLR is not signalled', () => {
    const r = setup(rig(), [40, 0x80]);
    r.dw(GICD.ISPENDR + 4, 1 << 8);
    r.dw(GICD.CTLR, 2);
    assert.equal(r.gic.lines(0).irq, false);
    assert.equal(r.c(GICC.IAR), 1023);
    r.dw(GICD.CTLR, 1);
    r.cw(GICC.CTLR, GICC_CTLR.EnableGrp1);
    assert.equal(r.gic.lines(0).irq, false);
    assert.equal(r.c(GICC.IAR), 1023);
    assert.equal(pendBit(r, 40), 1);
  });

  it('SGIs between cores: IAR reports CPUID, one source at a time, lowest first', () => {
    const r = rig({ cores: 3 });
    for (const c of [0, 1, 2]) setup(r.on(c));
    r.on(2).dw(GICD.SGIR, (1 << 16) | 3);
    r.on(1).dw(GICD.SGIR, (1 << 16) | 3);
    r.on(0);
    assert.equal(r.gic.lines(0).irq, true);
    assert.equal(r.gic.lines(1).irq, false);
    assert.equal(r.c(GICC.HPPIR), 3 | (1 << 10));
    assert.equal(r.c(GICC.IAR), 3 | (1 << 10));
    r.cw(GICC.EOIR, 3 | (1 << 10));
    assert.equal(r.c(GICC.IAR), 3 | (2 << 10));
    r.cw(GICC.EOIR, 3 | (2 << 10));
    assert.equal(r.c(GICC.IAR), 1023);
    const acks = r.events.filter((e) => e.kind === 'irq-ack');
    assert.deepEqual(acks.map((e) => e.kind === 'irq-ack' && [e.cpu, e.intid, e.source, e.virtual]), [[0, 3, 1, false], [0, 3, 2, false]]);
  });

  it('PPIs are per core: the timer PPI of core 1 interrupts core 1 only', () => {
    const r = rig({ cores: 2 });
    for (const c of [0, 1]) { setup(r.on(c)); r.dw(GICD.ISENABLER, 1 << 30); }
    r.gic.setLevel(30, 1, true);
    assert.deepEqual([r.gic.lines(0).irq, r.gic.lines(1).irq], [false, true]);
    assert.equal(r.on(0).c(GICC.IAR), 1023);
    assert.equal(r.on(1).c(GICC.IAR), 30);
  });

  it('an SPI targeting two cores is taken by the first to acknowledge (1-N)', () => {
    const r = rig({ cores: 2 });
    for (const c of [0, 1]) setup(r.on(c), [40, 0x80]);
    r.gic.distributorFrame.write(GICD.ITARGETSR + 40, 1, 3, 0);
    r.dw(GICD.ISPENDR + 4, 1 << 8);
    assert.deepEqual([r.gic.lines(0).irq, r.gic.lines(1).irq], [true, true]);
    assert.equal(r.on(1).c(GICC.IAR), 40);
    assert.deepEqual([r.gic.lines(0).irq, r.gic.lines(1).irq], [false, false]);
    assert.equal(r.on(0).c(GICC.IAR), 1023);
  });

  it('frame rules: DIR at 0x1000, reserved RAZ/WI, beyond 0x2000 a bus error', () => {
    const f = rig().gic.cpuFrame;
    assert.equal(f.read(0x40, 4), 0);
    assert.equal(f.write(0x40, 4, 1, 0), true);
    assert.equal(f.read(0x2000, 4), null);
    assert.equal(f.read(0x0, 8), null);
    assert.equal(f.write(0x1000, 4, 1023, 0), true);
  });
});
