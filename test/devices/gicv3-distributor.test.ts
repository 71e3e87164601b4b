// GICv3 Distributor (IHI 0069 12.9) and Redistributors (12.10-12.11) as QEMU virt has them
// with gic-version=3: one Security state, affinity routing, no LPIs.

import { strict as assert } from 'node:assert';
import { GICD3, GICD3_CTLR } from '../../emulator/devices/gicv3-distributor';
import { GICR, GICR_SGI, GICR_WAKER } from '../../emulator/devices/gicv3-redistributor';
import { rig3, sgiBase } from './gicv3-helpers';

describe('GICv3 Distributor (GICD)', () => {
  it('CTLR: ARE and DS read as one, only the group enables are writable', () => {
    const r = rig3();
    assert.equal(r.d(GICD3.CTLR), GICD3_CTLR.ARE | GICD3_CTLR.DS);
    r.dw(GICD3.CTLR, 0xffffffff);
    assert.equal(r.d(GICD3.CTLR), 0x53);
    r.dw(GICD3.CTLR, 0);
    assert.equal(r.d(GICD3.CTLR), 0x50);
  });

  it('TYPER (No1N, A3V, 16-bit IDs, no LPIs, QEMU ITLinesNumber 7), IIDR, PIDR0/PIDR2 ArchRev 3', () => {
    const r = rig3();
    assert.equal(r.d(GICD3.TYPER), 0x03780007);
    assert.equal(r.d(GICD3.IIDR), 0x43b);
    assert.equal(r.d(0xffe8), 0x3b);
    assert.equal(r.d(0xffe0), 0x92);
    assert.equal(r.d(0xfffc), 0xb1);
  });

  it('registers for INTIDs 0-31 are RAZ/WI under affinity routing; so are ITARGETSR, SGIR, NSACR, reserved space', () => {
    const r = rig3();
    for (const o of [GICD3.IGROUPR, GICD3.ISENABLER, GICD3.ISPENDR, GICD3.ISACTIVER, GICD3.IPRIORITYR, GICD3.ICFGR + 4,
      GICD3.ITARGETSR + 32, GICD3.SGIR, GICD3.NSACR + 8, GICD3.IGRPMODR + 4, 0x0014, 0x2000, 0x8000, 0xff00]) {
      r.dw(o, 0xffffffff);
      assert.equal(r.d(o), 0, `0x${o.toString(16)}`);
    }
    // The SGI/PPI state was not touched through the Distributor.
    assert.equal(r.r(sgiBase(0, GICR_SGI.ISENABLER0)), 0);
  });

  it('SPI group, enable, pending, active as set/clear pairs; priorities by byte and word; ICFGR edge bits', () => {
    const r = rig3();
    r.dw(GICD3.IGROUPR + 4, 0x00000f00);
    assert.equal(r.d(GICD3.IGROUPR + 4), 0x00000f00);
    r.dw(GICD3.ISENABLER + 4, 0x3);
    r.dw(GICD3.ISENABLER + 4, 0x4);
    assert.equal(r.d(GICD3.ICENABLER + 4), 0x7);
    r.dw(GICD3.ICENABLER + 4, 0x1);
    assert.equal(r.d(GICD3.ISENABLER + 4), 0x6);
    r.dw(GICD3.ISPENDR + 4, 0x10);
    assert.equal(r.d(GICD3.ICPENDR + 4), 0x10);
    r.dw(GICD3.ICPENDR + 4, 0x10);
    assert.equal(r.d(GICD3.ISPENDR + 4), 0);
    r.dw(GICD3.ISACTIVER + 4, 0x20);
    assert.equal(r.d(GICD3.ICACTIVER + 4), 0x20);
    r.dw(GICD3.ICACTIVER + 4, 0x20);
    assert.equal(r.d(GICD3.ISACTIVER + 4), 0);
    r.dw(GICD3.IPRIORITYR + 32, 0x44332211);
    assert.equal(r.gic.distributorFrame.read(GICD3.IPRIORITYR + 34, 1), 0x33);
    r.gic.distributorFrame.write(GICD3.IPRIORITYR + 35, 1, 0xa8, 0);
    assert.equal(r.d(GICD3.IPRIORITYR + 32), 0xa8332211);
    r.dw(GICD3.ICFGR + 8, 0xaaaaaaaa); // INTIDs 32-47 edge
    assert.equal(r.d(GICD3.ICFGR + 8), 0xaaaaaaaa);
    r.dw(GICD3.ICFGR + 8, 0xffffffff); // Int_config[0] is RES0
    assert.equal(r.d(GICD3.ICFGR + 8), 0xaaaaaaaa);
  });

  it('a level SPI stays pending while its line is high; an edge SPI latches on the rising edge', () => {
    const r = rig3();
    r.gic.setLevel(40, 0, true);
    assert.equal(r.d(GICD3.ISPENDR + 4), 1 << 8);
    r.gic.setLevel(40, 0, false);
    assert.equal(r.d(GICD3.ISPENDR + 4), 0);
    r.dw(GICD3.ICFGR + 8, 2 << 16); // INTID 40 edge
    r.gic.setLevel(40, 0, true);
    r.gic.setLevel(40, 0, false);
    assert.equal(r.d(GICD3.ISPENDR + 4), 1 << 8);
  });

  it('IROUTER: 64-bit and 32-bit halves, Aff3.Aff2.Aff1.Aff0 and IRM kept, reserved bits and INTIDs < 32 RAZ/WI', () => {
    const r = rig3({ cores: 2 });
    const f = r.gic.distributorFrame;
    f.write(GICD3.IROUTER + 8 * 40, 8, 0xffffffff, 0xffffffff);
    assert.deepEqual(f.read(GICD3.IROUTER + 8 * 40, 8), [0x80ffffff, 0xff]);
    r.dw(GICD3.IROUTER + 8 * 41, 1);
    assert.equal(r.d(GICD3.IROUTER + 8 * 41), 1);
    assert.equal(r.d(GICD3.IROUTER + 8 * 41 + 4), 0);
    r.dw(GICD3.IROUTER + 8 * 20, 1);
    assert.equal(r.d(GICD3.IROUTER + 8 * 20), 0);
    assert.equal(r.gic.dist.spiTarget(41), 1);
    assert.equal(r.gic.dist.spiTarget(40), -1, 'affinity of no core: not delivered');
    assert.equal(r.gic.dist.spiTarget(42), 0, 'reset routes to 0.0.0.0');
  });

  it('unaligned accesses are bus errors; other sizes on word registers are RAZ/WI', () => {
    const r = rig3();
    assert.equal(r.gic.distributorFrame.read(2, 4), null);
    assert.equal(r.gic.distributorFrame.write(1, 2, 0xffff, 0), false);
    assert.equal(r.gic.distributorFrame.read(GICD3.CTLR, 2), 0);
    assert.equal(r.gic.distributorFrame.write(GICD3.CTLR, 1, 3, 0), true);
    assert.equal(r.d(GICD3.CTLR) & 3, 0);
  });
});

describe('GICv3 Redistributors (GICR)', () => {
  it('TYPER per core: affinity, Processor_Number, Last on the last core, CommonLPIAff; no PLPIS', () => {
    const r = rig3({ cores: 3 });
    const f = r.gic.redistributorFrame;
    assert.deepEqual(f.read(GICR.TYPER, 8), [0x01000000, 0]);
    assert.deepEqual(f.read(0x20000 + GICR.TYPER, 8), [0x01000100, 1]);
    assert.equal(r.r(0x40000 + GICR.TYPER), 0x01000210);
    assert.equal(r.r(0x40000 + GICR.TYPER + 4), 2);
    assert.equal(r.gic.redistributorSize, 3 * 0x20000);
    assert.equal(f.read(3 * 0x20000, 4), null, 'beyond the last Redistributor: decode error');
  });

  it('WAKER: asleep at reset; ProcessorSleep writes set or clear ChildrenAsleep at once', () => {
    const r = rig3();
    assert.equal(r.r(GICR.WAKER), GICR_WAKER.ProcessorSleep | GICR_WAKER.ChildrenAsleep);
    r.rw(GICR.WAKER, 0);
    assert.equal(r.r(GICR.WAKER), 0);
    assert.ok(r.gic.redist.awake(0));
    r.rw(GICR.WAKER, 0xffffffff);
    assert.equal(r.r(GICR.WAKER), 6);
  });

  it('IIDR, PIDR2 ArchRev 3, CTLR RAZ/WI, PROPBASER/PENDBASER stored, reserved RAZ/WI', () => {
    const r = rig3();
    assert.equal(r.r(GICR.IIDR), 0x43b);
    assert.equal(r.r(0xffe8), 0x3b);
    assert.equal(r.r(0xffe0), 0x93);
    r.rw(GICR.CTLR, 0xffffffff);
    assert.equal(r.r(GICR.CTLR), 0);
    r.gic.redistributorFrame.write(GICR.PROPBASER, 8, 0x1234000, 0x5);
    assert.deepEqual(r.gic.redistributorFrame.read(GICR.PROPBASER, 8), [0x1234000, 5]);
    for (const o of [0x20, 0x100, 0x8000, 0x10004, sgiBase(0, 0x800), sgiBase(0, GICR_SGI.IGRPMODR0), sgiBase(0, GICR_SGI.NSACR)]) {
      r.rw(o, 0xffffffff);
      assert.equal(r.r(o), 0, `0x${o.toString(16)}`);
    }
  });

  it('SGI_base: IGROUPR0, enables, pending, active, priorities are per core; ICFGR0 is fixed edge, ICFGR1 writable', () => {
    const r = rig3({ cores: 2 });
    r.rw(sgiBase(1, GICR_SGI.IGROUPR0), 0xffff0000);
    r.rw(sgiBase(1, GICR_SGI.ISENABLER0), 0x00010002);
    assert.equal(r.r(sgiBase(1, GICR_SGI.ICENABLER0)), 0x00010002);
    assert.equal(r.r(sgiBase(0, GICR_SGI.ISENABLER0)), 0, 'banked');
    assert.equal(r.r(sgiBase(1, GICR_SGI.IGROUPR0)), 0xffff0000);
    r.rw(sgiBase(1, GICR_SGI.ISPENDR0), 0x8);
    assert.equal(r.r(sgiBase(1, GICR_SGI.ISPENDR0)), 0x8);
    r.rw(sgiBase(1, GICR_SGI.ICPENDR0), 0x8);
    assert.equal(r.r(sgiBase(1, GICR_SGI.ISPENDR0)), 0);
    r.rw(sgiBase(1, GICR_SGI.IPRIORITYR + 28), 0xf0e0d0c0);
    assert.equal(r.gic.redistributorFrame.read(sgiBase(1, GICR_SGI.IPRIORITYR + 30), 1), 0xe0);
    assert.equal(r.r(sgiBase(0, GICR_SGI.IPRIORITYR + 28)), 0);
    assert.equal(r.r(sgiBase(0, GICR_SGI.ICFGR0)), 0xaaaaaaaa);
    r.rw(sgiBase(0, GICR_SGI.ICFGR0), 0);
    assert.equal(r.r(sgiBase(0, GICR_SGI.ICFGR0)), 0xaaaaaaaa);
    r.rw(sgiBase(0, GICR_SGI.ICFGR1), 0x2 << 22); // PPI 27 edge
    assert.equal(r.r(sgiBase(0, GICR_SGI.ICFGR1)), 0x2 << 22);
  });

  it('a PPI input is banked by core', () => {
    const r = rig3({ cores: 2 });
    r.gic.setLevel(27, 1, true);
    assert.equal(r.r(sgiBase(1, GICR_SGI.ISPENDR0)), 1 << 27);
    assert.equal(r.r(sgiBase(0, GICR_SGI.ISPENDR0)), 0);
    r.gic.setLevel(27, 5, true); // no core 5: ignored
  });
});
