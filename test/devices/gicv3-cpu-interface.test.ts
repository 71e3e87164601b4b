// GICv3 CPU interface system registers (IHI 0069 12.2): SGIs through ICC_SGI1R_EL1, acknowledge,
// priority drop and deactivation, the EOImode split, preemption and priority masking, and the
// IRQ/FIQ outputs. 5 priority bits as QEMU's Cortex-A57.

import { strict as assert } from 'node:assert';
import { GICD3 } from '../../emulator/devices/gicv3-distributor';
import { GICR_SGI } from '../../emulator/devices/gicv3-redistributor';
import { rig3, sgiBase, type Rig3 } from './gicv3-helpers';

/** SGI1R value: INTID, TargetList, Aff1 (and IRM). */
const sgi1r = (intid: number, targets: number, o: { aff1?: number; irm?: boolean; rs?: number } = {}): bigint =>
  (BigInt(intid) << 24n) | BigInt(targets) | (BigInt(o.aff1 ?? 0) << 16n) | (o.irm ? 1n << 40n : 0n) | (BigInt(o.rs ?? 0) << 44n);

/** Distributor and every core's Redistributor on; SGIs/PPIs Group 1 and enabled; CPU interfaces open. */
function setup(r: Rig3): Rig3 {
  r.dw(GICD3.CTLR, 3);
  for (let c = 0; c < r.gic.cores; c++) {
    r.rw(sgiBase(c, GICR_SGI.IGROUPR0), 0xffffffff);
    r.rw(sgiBase(c, GICR_SGI.ISENABLER0), 0xffffffff);
    r.on(c).msr('ICC_PMR_EL1', 0xff);
    r.msr('ICC_IGRPEN1_EL1', 1);
    r.msr('ICC_IGRPEN0_EL1', 1);
  }
  return r.on(0);
}

const prio = (r: Rig3, core: number, intid: number, p: number): void => {
  r.gic.redistributorFrame.write(sgiBase(core, GICR_SGI.IPRIORITYR + intid), 1, p, 0);
};

describe('GICv3 CPU interface (ICC_*_EL1)', () => {
  it('reset values: CTLR PRIbits 4, IDbits 1, A3V; BPR0 2, BPR1 3; SRE_EL1 7, SRE_EL2 0xf; PMR keeps 5 bits', () => {
    const r = rig3();
    assert.equal(r.mrs('ICC_CTLR_EL1'), 0x8c00n);
    assert.equal(r.mrs('ICC_BPR0_EL1'), 2n);
    assert.equal(r.mrs('ICC_BPR1_EL1'), 3n);
    assert.equal(r.mrs('ICC_SRE_EL1'), 7n);
    assert.equal(r.mrs('ICC_SRE_EL2'), 0xfn);
    r.msr('ICC_SRE_EL1', 0);
    assert.equal(r.mrs('ICC_SRE_EL1'), 7n, 'RAO/WI');
    r.msr('ICC_PMR_EL1', 0xff);
    assert.equal(r.mrs('ICC_PMR_EL1'), 0xf8n);
    r.msr('ICC_BPR0_EL1', 0);
    r.msr('ICC_BPR1_EL1', 0);
    assert.equal(r.mrs('ICC_BPR0_EL1'), 2n, 'below the minimum reads as the minimum');
    assert.equal(r.mrs('ICC_BPR1_EL1'), 3n);
    r.msr('ICC_CTLR_EL1', 0xffffffffn);
    assert.equal(r.mrs('ICC_CTLR_EL1'), 0x8c03n, 'only CBPR and EOImode are writable');
    assert.equal(r.mrs('ICC_BPR1_EL1'), 3n, 'CBPR: BPR1 reads BPR0 + 1');
    r.msr('ICC_BPR1_EL1', 6);
    assert.equal(r.mrs('ICC_BPR1_EL1'), 3n, 'CBPR: BPR1 writes ignored');
  });

  it('SGI to self: HPPIR1, IAR1 (activate), RPR, AP1R0, EOIR1 (drop and deactivate)', () => {
    const r = setup(rig3());
    prio(r, 0, 5, 0x80);
    r.msr('ICC_SGI1R_EL1', sgi1r(5, 1));
    assert.equal(r.r(sgiBase(0, GICR_SGI.ISPENDR0)), 1 << 5);
    assert.equal(r.gic.lines(0).irq, true, 'Group 1 → IRQ');
    assert.equal(r.mrs('ICC_HPPIR1_EL1'), 5n);
    assert.equal(r.mrs('ICC_HPPIR0_EL1'), 1023n);
    assert.equal(r.mrs('ICC_IAR0_EL1'), 1023n, 'wrong group');
    assert.equal(r.mrs('ICC_IAR1_EL1'), 5n);
    assert.equal(r.gic.lines(0).irq, false);
    assert.equal(r.mrs('ICC_RPR_EL1'), 0x80n);
    assert.equal(r.mrs('ICC_AP1R0_EL1'), 1n << 16n);
    assert.equal(r.r(sgiBase(0, GICR_SGI.ISACTIVER0)), 1 << 5);
    assert.equal(r.r(sgiBase(0, GICR_SGI.ISPENDR0)), 0);
    r.msr('ICC_EOIR1_EL1', 5);
    assert.equal(r.mrs('ICC_RPR_EL1'), 0xffn);
    assert.equal(r.r(sgiBase(0, GICR_SGI.ISACTIVER0)), 0);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 1023n);
    assert.deepEqual(r.events.map((e) => e.kind), ['irq-ack', 'irq-eoi']);
  });

  it('EOImode = 1: EOIR drops the priority only, DIR deactivates; DIR is ignored with EOImode = 0', () => {
    const r = setup(rig3());
    r.msr('ICC_SGI1R_EL1', sgi1r(3, 1));
    r.msr('ICC_CTLR_EL1', 2);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 3n);
    r.msr('ICC_EOIR1_EL1', 3);
    assert.equal(r.mrs('ICC_RPR_EL1'), 0xffn);
    assert.equal(r.r(sgiBase(0, GICR_SGI.ISACTIVER0)), 1 << 3);
    r.msr('ICC_SGI1R_EL1', sgi1r(3, 1));
    assert.equal(r.mrs('ICC_IAR1_EL1'), 1023n, 'an active interrupt is not acknowledged again');
    r.msr('ICC_DIR_EL1', 3);
    assert.equal(r.r(sgiBase(0, GICR_SGI.ISACTIVER0)), 0);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 3n, 'the pending one now');
    r.msr('ICC_CTLR_EL1', 0);
    r.msr('ICC_DIR_EL1', 3);
    assert.equal(r.r(sgiBase(0, GICR_SGI.ISACTIVER0)), 1 << 3, 'DIR without EOImode: ignored');
  });

  it('priority masking (PMR) and preemption by group priority (Group 1 uses BPR1 - 1)', () => {
    const r = setup(rig3());
    prio(r, 0, 1, 0x70);
    prio(r, 0, 2, 0x68);
    r.msr('ICC_PMR_EL1', 0x70);
    r.msr('ICC_SGI1R_EL1', sgi1r(1, 1));
    assert.equal(r.gic.lines(0).irq, false, 'priority 0x70 is not below PMR 0x70');
    assert.equal(r.mrs('ICC_IAR1_EL1'), 1023n);
    assert.equal(r.mrs('ICC_HPPIR1_EL1'), 1n, 'HPPIR ignores the mask');
    r.msr('ICC_PMR_EL1', 0xff);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 1n);
    assert.equal(r.mrs('ICC_RPR_EL1'), 0x70n);
    r.msr('ICC_SGI1R_EL1', sgi1r(2, 1));
    assert.equal(r.gic.lines(0).irq, true, 'BPR1 = 3: group priorities 0x68 < 0x70 (mask 0xf8)');
    r.msr('ICC_BPR1_EL1', 5);
    assert.equal(r.gic.lines(0).irq, false, 'BPR1 = 5: both are group priority 0x60 (mask 0xe0)');
    assert.equal(r.mrs('ICC_IAR1_EL1'), 1023n, 'cannot preempt: spurious');
    r.msr('ICC_EOIR1_EL1', 1);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 2n);
  });

  it('nested preemption: two active levels, EOIs drop the highest first', () => {
    const r = setup(rig3());
    prio(r, 0, 1, 0x80);
    prio(r, 0, 2, 0x40);
    r.msr('ICC_SGI1R_EL1', sgi1r(1, 1));
    assert.equal(r.mrs('ICC_IAR1_EL1'), 1n);
    r.msr('ICC_SGI1R_EL1', sgi1r(2, 1));
    assert.equal(r.gic.lines(0).irq, true);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 2n);
    assert.equal(r.mrs('ICC_RPR_EL1'), 0x40n);
    assert.equal(r.mrs('ICC_AP1R0_EL1'), (1n << 16n) | (1n << 8n));
    r.msr('ICC_EOIR1_EL1', 2);
    assert.equal(r.mrs('ICC_RPR_EL1'), 0x80n);
    r.msr('ICC_EOIR1_EL1', 1);
    assert.equal(r.mrs('ICC_RPR_EL1'), 0xffn);
    assert.equal(r.r(sgiBase(0, GICR_SGI.ISACTIVER0)), 0);
  });

  it('Group 0 is signalled as FIQ and acknowledged through IAR0; IGRPEN0 = 0 hides it', () => {
    const r = setup(rig3());
    r.rw(sgiBase(0, GICR_SGI.IGROUPR0), 0xfffffffe); // SGI 0: Group 0
    r.msr('ICC_SGI0R_EL1', sgi1r(0, 1));
    assert.deepEqual([r.gic.lines(0).fiq, r.gic.lines(0).irq], [true, false]);
    r.msr('ICC_IGRPEN0_EL1', 0);
    assert.equal(r.gic.lines(0).fiq, false);
    assert.equal(r.mrs('ICC_HPPIR0_EL1'), 1023n);
    r.msr('ICC_IGRPEN0_EL1', 1);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 1023n);
    assert.equal(r.mrs('ICC_IAR0_EL1'), 0n);
    r.msr('ICC_EOIR1_EL1', 0);
    assert.equal(r.mrs('ICC_RPR_EL1'), 0n, 'EOIR1 does not drop a Group 0 priority');
    r.msr('ICC_EOIR0_EL1', 0);
    assert.equal(r.mrs('ICC_RPR_EL1'), 0xffn);
  });

  it('SGI targeting: TargetList, Aff1 cluster, RS ignored (RSS = 0), IRM (all but self); absent cores and group mismatches are dropped', () => {
    const r = setup(rig3({ cores: 3 }));
    const pend = (c: number): number => r.r(sgiBase(c, GICR_SGI.ISPENDR0));
    r.msr('ICC_SGI1R_EL1', sgi1r(7, 0b110));
    assert.deepEqual([pend(0), pend(1), pend(2)], [0, 1 << 7, 1 << 7]);
    r.msr('ICC_SGI1R_EL1', sgi1r(8, 0b1000_0000_0000_1000)); // cores 3 and 15: absent
    r.msr('ICC_SGI1R_EL1', sgi1r(8, 0b1, { aff1: 1 })); // cluster 1: absent
    assert.deepEqual([pend(0), pend(1), pend(2)], [0, 1 << 7, 1 << 7]);
    r.msr('ICC_SGI1R_EL1', sgi1r(8, 0b1, { rs: 1 })); // RSS = 0: RS treated as 0 (as QEMU 7.2)
    assert.equal(pend(0), 1 << 8);
    r.rw(sgiBase(0, GICR_SGI.ICPENDR0), 1 << 8);
    r.on(1).msr('ICC_SGI1R_EL1', sgi1r(9, 0, { irm: true }));
    assert.deepEqual([pend(0), pend(1), pend(2)], [1 << 9, 1 << 7, (1 << 7) | (1 << 9)]);
    r.rw(sgiBase(2, GICR_SGI.IGROUPR0), 0); // core 2: every SGI Group 0
    r.on(0).msr('ICC_SGI1R_EL1', sgi1r(10, 0b100));
    assert.equal(pend(2) & (1 << 10), 0, 'Group 1 SGI to a Group 0 SGI: not sent');
    r.msr('ICC_ASGI1R_EL1', sgi1r(10, 0b100));
    assert.equal(pend(2) & (1 << 10), 1 << 10, 'ASGI1R with DS = 1 reaches a Group 0 SGI (as QEMU)');
    r.msr('ICC_ASGI1R_EL1', sgi1r(11, 0b10));
    assert.equal(pend(1) & (1 << 11), 0, 'ASGI1R does not reach a Group 1 SGI');
  });

  it('SPIs go to the core IROUTER names; a level SPI stays pending while high after acknowledge', () => {
    const r = setup(rig3({ cores: 2 }));
    r.dw(GICD3.IGROUPR + 4, 0xffffffff);
    r.dw(GICD3.ISENABLER + 4, 0xffffffff);
    r.dw(GICD3.IROUTER + 8 * 33, 1);
    r.gic.setLevel(33, 0, true);
    assert.deepEqual([r.gic.lines(0).irq, r.gic.lines(1).irq], [false, true]);
    assert.equal(r.on(0).mrs('ICC_IAR1_EL1'), 1023n);
    assert.equal(r.on(1).mrs('ICC_IAR1_EL1'), 33n);
    assert.equal(r.d(GICD3.ISPENDR + 4), 2, 'active and pending: the line is still high');
    r.msr('ICC_EOIR1_EL1', 33);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 33n, 'taken again while the line is high');
    r.gic.setLevel(33, 0, false);
    r.msr('ICC_EOIR1_EL1', 33);
    assert.equal(r.mrs('ICC_HPPIR1_EL1'), 1023n);
  });

  it('EOIs of special, unimplemented or never-acknowledged INTIDs change nothing and never throw', () => {
    const r = setup(rig3());
    r.msr('ICC_EOIR1_EL1', 1023);
    r.msr('ICC_EOIR1_EL1', 5000);
    r.msr('ICC_EOIR1_EL1', 3);
    r.msr('ICC_DIR_EL1', 0xffffffffn);
    r.msr('ICC_SGI1R_EL1', (1n << 64n) - 1n);
    assert.equal(r.mrs('ICC_RPR_EL1'), 0xffn);
  });

  it('a disabled Distributor group forwards nothing; GICD_CTLR re-enabled forwards again', () => {
    const r = setup(rig3());
    r.msr('ICC_SGI1R_EL1', sgi1r(4, 1));
    r.dw(GICD3.CTLR, 1);
    assert.equal(r.gic.lines(0).irq, false);
    assert.equal(r.mrs('ICC_HPPIR1_EL1'), 1023n);
    r.dw(GICD3.CTLR, 3);
    assert.equal(r.gic.lines(0).irq, true);
  });

  it('ICC_DIR_EL1 at EL1 (physical view, HCR_EL2.IMO/FMO = 0) deactivates; at EL2 always', () => {
    const r = setup(rig3());
    r.msr('ICC_CTLR_EL1', 2);
    for (const el of [1, 2]) {
      r.on(0, 2).msr('ICC_SGI1R_EL1', sgi1r(6, 1));
      assert.equal(r.mrs('ICC_IAR1_EL1'), 6n);
      r.msr('ICC_EOIR1_EL1', 6);
      r.on(0, el).msr('ICC_DIR_EL1', 6);
      assert.equal(r.r(sgiBase(0, GICR_SGI.ISACTIVER0)), 0, `EL${el}`);
    }
  });
});
