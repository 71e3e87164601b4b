// GICv2 Distributor registers (IHI 0048B 4.3) as QEMU virt's GICv2 presents them.

import { strict as assert } from 'node:assert';
import { GICD, GICD_ID_BYTES } from '../../emulator/devices/gicv2-distributor';
import { rig } from './gicv2-helpers';

describe('GICv2 distributor', () => {
  it('identifies as QEMU virt: TYPER ITLinesNumber 8 (288 IRQs) + CPUNumber, IIDR 0x43b, PIDR/CIDR', () => {
    assert.equal(rig().d(GICD.TYPER), 8);
    assert.equal(rig({ cores: 4 }).d(GICD.TYPER), 8 | (3 << 5));
    const r = rig();
    assert.equal(r.d(GICD.IIDR), 0x43b);
    const ids = [];
    for (let o = 0xfd0; o < 0x1000; o += 4) ids.push(r.d(o));
    assert.deepEqual(ids, [...GICD_ID_BYTES]);
    assert.equal(r.d(0xfe8) & 0xf0, 0x20, 'PIDR2.ArchRev = 2 (GICv2)');
  });

  it('CTLR keeps EnableGrp0/EnableGrp1 only; TYPER/IIDR are read-only', () => {
    const r = rig();
    r.dw(GICD.CTLR, 0xffffffff);
    assert.equal(r.d(GICD.CTLR), 3);
    r.dw(GICD.TYPER, 0); r.dw(GICD.IIDR, 0);
    assert.equal(r.d(GICD.TYPER), 8);
    assert.equal(r.d(GICD.IIDR), 0x43b);
  });

  it('SGIs are enabled and edge-triggered from reset and cannot be disabled; PPIs/SPIs set/clear enable', () => {
    const r = rig();
    assert.equal(r.d(GICD.ISENABLER), 0xffff);
    r.dw(GICD.ICENABLER, 0xffffffff);
    assert.equal(r.d(GICD.ISENABLER), 0xffff);
    r.dw(GICD.ISENABLER, 1 << 27);
    assert.equal(r.d(GICD.ICENABLER), 0xffff | (1 << 27));
    r.dw(GICD.ISENABLER + 4, 0x3);
    r.dw(GICD.ISENABLER + 4, 0x4); // set-enable: writing 0 bits has no effect
    assert.equal(r.d(GICD.ISENABLER + 4), 7);
    r.dw(GICD.ICENABLER + 4, 0x2);
    assert.equal(r.d(GICD.ISENABLER + 4), 5);
    assert.equal(r.d(GICD.ICFGR), 0xaaaaaaaa, 'SGI Int_config reads edge');
    r.dw(GICD.ICFGR, 0);
    assert.equal(r.d(GICD.ICFGR), 0xaaaaaaaa, 'SGIs stay edge-triggered');
  });

  it('PPI enables, priorities, groups and pending state are banked per core', () => {
    const r = rig({ cores: 2 });
    r.on(0).dw(GICD.ISENABLER, 1 << 30);
    r.on(0).dw(GICD.IPRIORITYR + 28, 0xa0 << 16);
    r.on(0).dw(GICD.IGROUPR, 1 << 30);
    assert.equal(r.on(1).d(GICD.ISENABLER) >>> 16, 0);
    assert.equal(r.on(1).d(GICD.IPRIORITYR + 28), 0);
    assert.equal(r.on(1).d(GICD.IGROUPR), 0);
    assert.equal(r.on(0).d(GICD.ISENABLER) >>> 30, 1);
    assert.equal(r.on(0).d(GICD.IPRIORITYR + 28), 0xa0 << 16);
    r.gic.setLevel(30, 1, true);
    assert.equal(r.on(1).d(GICD.ISPENDR) >>> 30, 1);
    assert.equal(r.on(0).d(GICD.ISPENDR) >>> 30, 0);
  });

  it('IPRIORITYR implements 8 bits and is byte-accessible', () => {
    const r = rig();
    const f = r.gic.distributorFrame;
    assert.equal(f.write(GICD.IPRIORITYR + 33, 1, 0xff, 0), true);
    assert.equal(f.write(GICD.IPRIORITYR + 34, 1, 0x12, 0), true);
    assert.equal(r.d(GICD.IPRIORITYR + 32), 0x0012ff00);
    assert.equal(f.read(GICD.IPRIORITYR + 33, 1), 0xff);
    assert.equal(f.read(GICD.IPRIORITYR + 34, 2), 0x0012);
  });

  it('ITARGETSR: RAZ/WI on one core; per-core read-only mask for SGIs/PPIs; SPI bits for absent cores RAZ/WI', () => {
    const one = rig();
    one.dw(GICD.ITARGETSR + 32, 0xffffffff);
    assert.equal(one.d(GICD.ITARGETSR + 32), 0);
    assert.equal(one.d(GICD.ITARGETSR), 0);
    const r = rig({ cores: 2 });
    assert.equal(r.on(0).d(GICD.ITARGETSR), 0x01010101);
    assert.equal(r.on(1).d(GICD.ITARGETSR + 28), 0x02020202);
    r.on(1).dw(GICD.ITARGETSR, 0);
    assert.equal(r.on(1).d(GICD.ITARGETSR), 0x02020202);
    r.on(0).dw(GICD.ITARGETSR + 32, 0xff030201);
    assert.equal(r.d(GICD.ITARGETSR + 32), 0x03030201);
    assert.equal(r.gic.distributorFrame.write(GICD.ITARGETSR + 35, 1, 0x02, 0), true);
    assert.equal(r.gic.distributorFrame.read(GICD.ITARGETSR + 35, 1), 0x02);
  });

  it('ICFGR sets edge/level for PPIs and SPIs (Int_config[1]); bit 0 reads 0', () => {
    const r = rig();
    r.dw(GICD.ICFGR + 8, 0xffffffff);
    assert.equal(r.d(GICD.ICFGR + 8), 0xaaaaaaaa);
    r.dw(GICD.ICFGR + 8, 0x00000008);
    assert.equal(r.d(GICD.ICFGR + 8), 0x00000008);
  });

  it('ISPENDR/ICPENDR and ISACTIVER/ICACTIVER set and clear; SGI bits there are WI', () => {
    const r = rig();
    r.dw(GICD.ISPENDR + 4, 0x11);
    assert.equal(r.d(GICD.ICPENDR + 4), 0x11);
    r.dw(GICD.ICPENDR + 4, 0x01);
    assert.equal(r.d(GICD.ISPENDR + 4), 0x10);
    r.dw(GICD.ISPENDR, 0xffff);
    assert.equal(r.d(GICD.ISPENDR) & 0xffff, 0, 'SGI pending only through SGIR/SPENDSGIR');
    r.dw(GICD.ISACTIVER + 4, 0x300);
    assert.equal(r.d(GICD.ICACTIVER + 4), 0x300);
    r.dw(GICD.ICACTIVER + 4, 0x100);
    assert.equal(r.d(GICD.ISACTIVER + 4), 0x200);
  });

  it('a level input keeps the interrupt pending while high; ICPENDR only clears the latch', () => {
    const r = rig();
    r.gic.setLevel(40, 0, true);
    assert.equal((r.d(GICD.ISPENDR + 4) >>> 8) & 1, 1);
    r.dw(GICD.ICPENDR + 4, 1 << 8);
    assert.equal((r.d(GICD.ISPENDR + 4) >>> 8) & 1, 1, 'line still high');
    r.gic.setLevel(40, 0, false);
    assert.equal((r.d(GICD.ISPENDR + 4) >>> 8) & 1, 0);
    r.dw(GICD.ISPENDR + 4, 1 << 8);
    assert.equal((r.d(GICD.ISPENDR + 4) >>> 8) & 1, 1, 'software pending latches');
  });

  it('an edge input latches pending on the rising edge only', () => {
    const r = rig();
    r.dw(GICD.ICFGR + 8, 2 << 16); // INTID 40 edge
    r.gic.setLevel(40, 0, true);
    r.gic.setLevel(40, 0, false);
    assert.equal((r.d(GICD.ISPENDR + 4) >>> 8) & 1, 1);
    r.dw(GICD.ICPENDR + 4, 1 << 8);
    assert.equal((r.d(GICD.ISPENDR + 4) >>> 8) & 1, 0);
  });

  it('SGIR: target list, all-but-self, self; absent cores and filter 3 are ignored; SPENDSGIR shows sources', () => {
    const r = rig({ cores: 3 });
    r.on(0).dw(GICD.SGIR, (0 << 24) | (0b110 << 16) | 5);
    assert.equal(r.on(1).d(GICD.SPENDSGIR + 4) >>> 8 & 0xff, 1, 'core 1: SGI 5 from core 0');
    assert.equal(r.on(2).d(GICD.SPENDSGIR + 4) >>> 8 & 0xff, 1);
    assert.equal(r.on(0).d(GICD.SPENDSGIR + 4), 0);
    r.on(2).dw(GICD.SGIR, (1 << 24) | 7);
    assert.equal(r.on(0).d(GICD.SPENDSGIR + 4) >>> 24, 0b100);
    assert.equal(r.on(1).d(GICD.SPENDSGIR + 4) >>> 24, 0b100);
    assert.equal(r.on(2).d(GICD.SPENDSGIR + 4) >>> 24, 0);
    r.on(1).dw(GICD.SGIR, (2 << 24) | (0xff << 16) | 0);
    assert.equal(r.on(1).d(GICD.SPENDSGIR) & 0xff, 0b010);
    r.on(0).dw(GICD.SGIR, (0 << 24) | (0xf8 << 16) | 1); // cores 3-7 do not exist
    r.on(0).dw(GICD.SGIR, (3 << 24) | (0xff << 16) | 2); // reserved filter
    for (const c of [0, 1, 2]) assert.equal((r.on(c).d(GICD.SPENDSGIR) >>> 8) & 0xffff, 0);
    assert.equal(r.on(1).d(GICD.ISPENDR) & 0xffff, (1 << 0) | (1 << 5) | (1 << 7));
    assert.equal(r.d(GICD.SGIR), 0, 'SGIR is write-only');
  });

  it('CPENDSGIR clears chosen sources; SPENDSGIR sets them (byte-accessible)', () => {
    const r = rig({ cores: 2 });
    assert.equal(r.gic.distributorFrame.write(GICD.SPENDSGIR + 3, 1, 0x3, 0), true);
    assert.equal(r.d(GICD.SPENDSGIR), 0x03000000);
    r.gic.distributorFrame.write(GICD.CPENDSGIR + 3, 1, 0x1, 0);
    assert.equal(r.d(GICD.CPENDSGIR), 0x02000000);
    assert.equal((r.d(GICD.ISPENDR) >>> 3) & 1, 1);
    r.gic.distributorFrame.write(GICD.CPENDSGIR + 3, 1, 0x2, 0);
    assert.equal((r.d(GICD.ISPENDR) >>> 3) & 1, 0);
  });

  it('reserved and out-of-range registers are RAZ/WI, never a bus error or a throw', () => {
    const r = rig();
    for (const o of [0x00c, 0x040, 0x07c, 0x0a4, 0x124, 0x3fc, 0x520, 0x7fc, 0xc48, 0xe00, 0xf04, 0xf30, 0xfcc]) {
      r.dw(o, 0xffffffff);
      assert.equal(r.d(o), 0, `offset 0x${o.toString(16)}`);
    }
    assert.equal(r.d(GICD.CTLR), 0, 'reserved writes left CTLR alone');
  });

  it('8-byte, unaligned and out-of-frame accesses are bus errors (QEMU decode errors)', () => {
    const f = rig().gic.distributorFrame;
    assert.equal(f.read(0x400, 8), null);
    assert.equal(f.read(0x402, 4), null);
    assert.equal(f.write(0x401, 2, 0, 0), false);
    assert.equal(f.read(0x1000, 4), null);
    assert.equal(f.write(0xfffc, 4, 0, 0), false);
    assert.equal(f.read(0x402, 2), 0);
  });
});
