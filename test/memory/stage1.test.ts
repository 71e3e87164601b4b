// Stage 1 walks against hand-built tables (4K, 16K, 64K granules; TTBR0/TTBR1), and every fault
// kind at each level with the exact ESR/FAR (ARM ARM D8, D17.2.37).

import { strict as assert } from 'node:assert';
import {
  AF, AP_EL0, AP_RO, attrIdx, env, HCR, MAIR, PXN, RAM, reg, setReg, SH_IS, Tables, tcrEl1, UXN, w64, type Env,
} from './helpers';
import { levelShift, s1StartLevel } from '../../emulator/memory/walk';

const READ = 0, WRITE = 1, FETCH = 2;
const NORMAL = attrIdx(1) | SH_IS;

/** EL1&0 stage 1 on with the given granule and T0SZ (T1SZ likewise); returns the table builder and root. */
function el1(g = 12, t0sz = 25, t1sz = 25, sctlrExtra = 0n): { e: Env; t: Tables; root: number; root1: number } {
  const e = env();
  const t = new Tables(e.bus, RAM + 0x100000, g);
  const size = (tsz: number): number => 8 * 2 ** (64 - tsz - levelShift(g, s1StartLevel(g, 64 - tsz)));
  const root = t.alloc(size(t0sz)), root1 = t.alloc(size(t1sz));
  setReg(e.cpu, 'HCR_EL2', HCR.RW);
  setReg(e.cpu, 'TTBR0_EL1', BigInt(root));
  setReg(e.cpu, 'TTBR1_EL1', BigInt(root1));
  setReg(e.cpu, 'TCR_EL1', tcrEl1(t0sz, g, t1sz, g));
  setReg(e.cpu, 'MAIR_EL1', MAIR);
  setReg(e.cpu, 'SCTLR_EL1', 1n | sctlrExtra);
  e.cpu.el = 1;
  e.cpu.flushTranslation();
  return { e, t, root, root1 };
}

const tr = (e: Env, va: bigint, acc = READ): number =>
  e.mmu.translate(e.cpu, Number(va & 0xffffffffn), Number(va >> 32n), acc, 4);

describe('memory: stage 1 walks', () => {
  const start = (g: number, t0sz: number): number => s1StartLevel(g, 64 - t0sz);

  const GRANULES: [number, number, bigint[]][] = [
    // [granule, T0SZ, VAs mapped at each level the granule allows leaves]
    [12, 25, [0x12345000n, 0x20000000n, 0x40000000n]],
    [12, 16, [0x800012345000n, 0x7fffffe00000n]],
    [14, 17, [0x123454000n, 0x2000000n]],
    [14, 28, [0x0abc000n, 0x4000000n]],
    [16, 22, [0x123450000n, 0x20000000n]],
  ];
  for (const [g, t0sz, vas] of GRANULES) {
    it(`${2 ** (g - 10)}K granule, T0SZ=${t0sz} (start level ${start(g, t0sz)}): pages and blocks`, () => {
      const { e, t, root } = el1(g, t0sz);
      vas.forEach((va, k) => {
        const level = k === 0 ? 3 : 2 - (k - 1) * (g === 12 ? 1 : 0);
        const size = 2n ** BigInt(levelShift(g, level));
        const pa = (0x48000000n + BigInt(k) * 0x1000000n) & ~(size - 1n);
        t.map(root, start(g, t0sz), va, pa, level, NORMAL);
        const off = 0x678n % size;
        assert.equal(tr(e, va + off), Number(pa + off), `VA 0x${va.toString(16)} at level ${level}`);
      });
    });
  }

  it('TTBR1 for the upper range (VA[55] = 1) and the gap between the ranges', () => {
    const { e, t, root1 } = el1(12, 25, 25);
    const va = 0xffffffc000001000n;
    t.map(root1, 1, va & ((1n << 39n) - 1n), 0x40123000n, 3, NORMAL);
    assert.equal(tr(e, va + 0x10n), 0x40123010);
    assert.equal(tr(e, 0xffff00000001000n), -1);
    assert.equal(reg(e.cpu, 'ESR_EL1'), 0x96000004n);
  });

  it('walks with the contiguous hint set as without it', () => {
    const { e, t, root } = el1();
    t.map(root, 1, 0x5000n, 0x40005000n, 3, NORMAL | (1n << 52n));
    assert.equal(tr(e, 0x5008n), 0x40005008);
  });
});

describe('memory: stage 1 faults (ESR_EL1, FAR_EL1)', () => {
  const expectFault = (e: Env, va: bigint, acc: number, esr: number, el = 1): void => {
    assert.equal(tr(e, va, acc), -1);
    assert.equal(reg(e.cpu, el === 2 ? 'ESR_EL2' : 'ESR_EL1').toString(16), esr.toString(16));
    assert.equal(reg(e.cpu, el === 2 ? 'FAR_EL2' : 'FAR_EL1'), va);
  };

  it('translation faults at levels 0 (out of range, EPD0), 1, 2, 3', () => {
    let { e, t, root } = el1();
    expectFault(e, 0x8000000000n, READ, 0x96000004);
    ({ e, t, root } = el1());
    expectFault(e, 0x1234n, READ, 0x96000005);
    t.map(root, 1, 0x40000000n, 0x40000000n, 2, NORMAL);
    e.cpu.el = 1;
    expectFault(e, 0x40200000n, READ, 0x96000006);
    t.map(root, 1, 0x40400000n, 0x40000000n, 3, NORMAL);
    e.cpu.el = 1;
    expectFault(e, 0x40401000n, WRITE, 0x96000047);
    ({ e } = el1());
    setReg(e.cpu, 'TCR_EL1', tcrEl1(25, 12) | (1n << 7n));
    expectFault(e, 0x1000n, READ, 0x96000004);
  });

  it('a level 3 descriptor with bit 1 clear and a level 0 block are translation faults', () => {
    let { e, t, root } = el1();
    const da = t.map(root, 1, 0x3000n, 0x40000000n, 3, NORMAL);
    w64(e.bus, da, 0x40000000n | 1n | AF);
    expectFault(e, 0x3000n, READ, 0x96000007);
    ({ e, t, root } = el1(12, 16));
    w64(e.bus, root, 0x0n | 1n | AF);
    expectFault(e, 0x1000n, READ, 0x96000004);
  });

  it('access flag faults at levels 1, 2, 3', () => {
    const { e, t, root } = el1();
    for (const [level, va] of [[1, 0x40000000n], [2, 0x200000n], [3, 0x401000n]] as const) {
      const da = t.map(root, 1, va, va & ~((1n << BigInt(levelShift(12, level))) - 1n), level, NORMAL);
      w64(e.bus, da, (BigInt(e.bus.view.getBigUint64(da - RAM, true)) & ~AF));
      e.cpu.el = 1;
      expectFault(e, va, READ, 0x96000008 + level);
    }
  });

  it('permission faults at levels 1, 2, 3 (write to read-only), with WnR', () => {
    const { e, t, root } = el1();
    for (const [level, va] of [[1, 0x40000000n], [2, 0x200000n], [3, 0x401000n]] as const) {
      t.map(root, 1, va, va & ~((1n << BigInt(levelShift(12, level))) - 1n), level, NORMAL | AP_RO);
      e.cpu.el = 1;
      assert.notEqual(tr(e, va, READ), -1);
      expectFault(e, va, WRITE, 0x9600004c + level);
    }
  });

  it('address size faults: a table or an output address beyond TCR.IPS', () => {
    let { e, t, root } = el1();
    w64(e.bus, root + 8, (1n << 40n) | 3n);
    expectFault(e, 0x40000000n, READ, 0x96000001);
    ({ e, t, root } = el1());
    t.map(root, 1, 0x200000n, 1n << 40n, 2, NORMAL);
    expectFault(e, 0x200000n, READ, 0x96000002);
  });

  it('a walk reading outside RAM and devices: synchronous external abort on the walk', () => {
    const { e } = el1();
    setReg(e.cpu, 'TTBR0_EL1', 0x10000000n);
    expectFault(e, 0x1000n, READ, 0x96000015);
  });

  it('EL0 permissions (AP[1]), from EL0 to EL1 as EC 0x24; LDTR-style unprivileged accesses at EL1', () => {
    const { e, t, root } = el1();
    t.map(root, 1, 0x1000n, 0x40001000n, 3, NORMAL);
    t.map(root, 1, 0x2000n, 0x40002000n, 3, NORMAL | AP_EL0 | AP_RO);
    e.cpu.el = 0; e.cpu.flushTranslation();
    assert.equal(tr(e, 0x2000n), 0x40002000);
    expectFault(e, 0x2000n, WRITE, 0x9200004f);
    e.cpu.el = 0; e.cpu.flushTranslation();
    expectFault(e, 0x1000n, READ, 0x9200000f);
    e.cpu.el = 1; e.cpu.flushTranslation();
    e.cpu.unprivileged = true;
    expectFault(e, 0x1000n, READ, 0x9600000f);
    e.cpu.unprivileged = false;
  });

  it('PAN: privileged data accesses to EL0-accessible pages fault; fetches do not', () => {
    const { e, t, root } = el1();
    t.map(root, 1, 0x2000n, 0x40002000n, 3, NORMAL | AP_EL0 | UXN);
    assert.equal(tr(e, 0x2000n), 0x40002000);
    e.cpu.pan = 1;
    expectFault(e, 0x2000n, READ, 0x9600000f);
    e.cpu.el = 1;
    e.cpu.pan = 0;
    assert.equal(tr(e, 0x2000n), 0x40002000);
  });

  it('execute permissions: PXN, UXN, EL0-writable pages are not privileged-executable, WXN', () => {
    let { e, t, root } = el1();
    t.map(root, 1, 0x1000n, 0x40001000n, 3, NORMAL | PXN);
    t.map(root, 1, 0x2000n, 0x40002000n, 3, NORMAL | AP_EL0);
    t.map(root, 1, 0x3000n, 0x40003000n, 3, NORMAL | AP_EL0 | AP_RO | UXN);
    expectFault(e, 0x1000n, FETCH, 0x8600000f);
    e.cpu.el = 1;
    expectFault(e, 0x2000n, FETCH, 0x8600000f);
    e.cpu.el = 1;
    assert.equal(tr(e, 0x3000n, FETCH), 0x40003000);
    e.cpu.el = 0; e.cpu.flushTranslation();
    expectFault(e, 0x3000n, FETCH, 0x8200000f);
    ({ e, t, root } = el1(12, 25, 25, 1n << 19n));
    t.map(root, 1, 0x1000n, 0x40001000n, 3, NORMAL);
    t.map(root, 1, 0x2000n, 0x40002000n, 3, NORMAL | AP_RO);
    expectFault(e, 0x1000n, FETCH, 0x8600000f);
    e.cpu.el = 1;
    assert.equal(tr(e, 0x2000n, FETCH), 0x40002000);
  });

  it('hierarchical attributes: APTable and XNTable/PXNTable apply below the table', () => {
    const { e, t, root } = el1();
    t.map(root, 1, 0x1000n, 0x40001000n, 3, NORMAL | AP_EL0, (2n << 61n) | (1n << 59n));
    expectFault(e, 0x1000n, WRITE, 0x9600004f);
    e.cpu.el = 1;
    expectFault(e, 0x1000n, FETCH, 0x8600000f);
  });

  it('the instruction syndrome goes into ESR_EL2 for a stage 1 abort at EL2, not into ESR_EL1 (as QEMU)', () => {
    const { e } = el1();
    e.cpu.ldstSyndrome = (1 << 24) | (3 << 22) | (2 << 16) | (1 << 15);
    expectFault(e, 0x1000n, READ, 0x96000005);
    setReg(e.cpu, 'TTBR0_EL2', BigInt(RAM + 0x100000)); setReg(e.cpu, 'TCR_EL2', 25n | (2n << 16n)); setReg(e.cpu, 'SCTLR_EL2', 1n);
    e.cpu.el = 2; e.cpu.flushTranslation();
    expectFault(e, 0x1000n, READ, 0x97c28005, 2);
    e.cpu.ldstSyndrome = 0;
  });
});
