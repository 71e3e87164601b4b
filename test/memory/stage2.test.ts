// Stage 2 (VTTBR_EL2/VTCR_EL2) alone and combined with stage 1: concatenated start tables,
// granules, S2AP/XN, faults to EL2 with ESR_EL2/FAR_EL2/HPFAR_EL2, S1PTW, HCR_EL2.PTW.

import { strict as assert } from 'node:assert';
import {
  attrIdx, env, HCR, MAIR, RAM, reg, S2_DEVICE, S2_NORMAL, S2_R, S2_W, setReg, SH_IS, Tables, tcrEl1, vtcr, type Env,
} from './helpers';

const READ = 0, WRITE = 1, FETCH = 2;
const RW = S2_R | S2_W | S2_NORMAL;

/** EL1 with stage 2 on (VMID 5), stage 1 off unless s1 is asked. */
function guest(g = 12, t0sz = 24, sl0 = 1): { e: Env; t: Tables; root: number } {
  const e = env();
  const t = new Tables(e.bus, RAM + 0x200000, g);
  const root = t.alloc(0x4000 > 2 ** g ? 0x4000 : 2 ** g);
  setReg(e.cpu, 'VTTBR_EL2', BigInt(root) | (5n << 48n));
  setReg(e.cpu, 'VTCR_EL2', vtcr(t0sz, sl0, g));
  setReg(e.cpu, 'HCR_EL2', HCR.RW | HCR.VM);
  e.cpu.el = 1;
  e.cpu.flushTranslation();
  return { e, t, root };
}

const tr = (e: Env, va: bigint, acc = READ): number =>
  e.mmu.translate(e.cpu, Number(va & 0xffffffffn), Number(va >> 32n), acc, 4);

function expectS2Fault(e: Env, va: bigint, acc: number, esr: number, ipa: bigint): void {
  assert.equal(tr(e, va, acc), -1);
  assert.equal(e.cpu.el, 2, 'stage 2 faults go to EL2');
  assert.equal(reg(e.cpu, 'ESR_EL2').toString(16), esr.toString(16));
  assert.equal(reg(e.cpu, 'FAR_EL2'), va);
  assert.equal(reg(e.cpu, 'HPFAR_EL2').toString(16), ((ipa >> 12n) << 4n).toString(16));
  e.cpu.el = 1; e.cpu.flushTranslation();
}

describe('memory: stage 2', () => {
  it('IPA → PA with stage 1 off, through concatenated level 1 tables (40-bit IPA, SL0=1)', () => {
    const { e, t, root } = guest();
    t.map(root, 1, 0x1000n, 0x40005000n, 3, RW);
    t.map(root, 1, 0xc000200000n, 0x40200000n, 2, RW); // L1 index 0x300: the second table
    assert.equal(tr(e, 0x1234n), 0x40005234);
    assert.equal(tr(e, 0xc000212345n), 0x40212345);
  });

  it('16K and 64K granules', () => {
    let { e, t, root } = guest(14, 24, 1); // 16K: SL0=1 → level 2, 40 - 25 = 15 bits: 2 tables
    t.map(root, 2, 0x12344000n, 0x40008000n, 3, RW);
    assert.equal(tr(e, 0x12345678n), 0x40009678);
    ({ e, t, root } = guest(16, 24, 1)); // 64K: SL0=1 → level 2, 40 - 29 = 11 bits
    t.map(root, 2, 0x20000000n, 0x40000000n, 2, RW);
    assert.equal(tr(e, 0x20012345n), 0x40012345);
  });

  it('translation faults at levels 0 (IPA beyond T0SZ), 1, 2, 3 with HPFAR_EL2', () => {
    const small = guest(12, 26, 1).e; // 38-bit IPA space
    expectS2Fault(small, 0x4000000000n, READ, 0x92000004, 0x4000000000n);
    const { e, t, root } = guest();
    expectS2Fault(e, 0x80000000n, READ, 0x92000005, 0x80000000n);
    t.map(root, 1, 0x1000n, 0x40005000n, 3, RW);
    expectS2Fault(e, 0x401234n, WRITE, 0x92000046, 0x401234n);
    expectS2Fault(e, 0x2000n, READ, 0x92000007, 0x2000n);
  });

  it('S2AP and XN: permission faults to EL2 (EC 0x24 data, 0x20 fetch)', () => {
    const { e, t, root } = guest();
    t.map(root, 1, 0x1000n, 0x40005000n, 3, S2_R | S2_NORMAL | (1n << 54n));
    t.map(root, 1, 0x2000n, 0x40006000n, 3, S2_W | S2_NORMAL);
    assert.equal(tr(e, 0x1000n), 0x40005000);
    expectS2Fault(e, 0x1008n, WRITE, 0x9200004f, 0x1008n);
    expectS2Fault(e, 0x1000n, FETCH, 0x8200000f, 0x1000n);
    expectS2Fault(e, 0x2000n, READ, 0x9200000f, 0x2000n);
    assert.equal(tr(e, 0x2000n, WRITE), 0x40006000);
  });

  it('stage 1 off: a VA beyond the 40-bit PA space is a stage 1 address size fault, level 0, to EL1', () => {
    const { e } = guest();
    assert.equal(tr(e, 0x10000000000n), -1);
    assert.equal(e.cpu.el, 1);
    assert.equal(reg(e.cpu, 'ESR_EL1').toString(16), '96000000');
  });

  it('the debugger API: a stage 2 walk step by step, and the stage 2 map as ranges', async () => {
    const { debugTranslate, enumerateMappings } = await import('../../emulator/memory/inspect');
    const { e, t, root } = guest();
    t.map(root, 1, 0x1000n, 0x40005000n, 3, RW);
    t.map(root, 1, 0x2000n, 0x40006000n, 3, RW);
    t.map(root, 1, 0x80000000n, 0x40000000n, 1, S2_R | S2_NORMAL);
    const d = debugTranslate(e.mmu, e.cpu.sys, 0x1abcn, 1, 2);
    assert.deepEqual(d.steps.map((s) => [s.stage, s.level, s.kind]), [[2, 1, 'table'], [2, 2, 'table'], [2, 3, 'page']]);
    assert.equal(d.output, 0x40005abcn);
    assert.deepEqual(enumerateMappings(e.bus, e.cpu.sys, 1, 2).map((m) => [m.input, m.output, m.size, m.perm]), [
      [0x1000n, 0x40005000n, 0x2000n, 'EL1:rwx EL0:rwx'], [0x80000000n, 0x40000000n, 0x40000000n, 'EL1:r-x EL0:r-x'],
    ]);
  });

  it('an inconsistent SL0 is a stage 2 translation fault', () => {
    const { e } = guest(12, 24, 3);
    expectS2Fault(e, 0x1000n, READ, 0x92000004, 0x1000n);
  });

  describe('combined with stage 1', () => {
    function both(): { e: Env; t: Tables; root: number; s1root: number } {
      const g = guest();
      // Stage 1 tables live at IPA 0x100000-…, mapped by stage 2 to PA RAM + 0x800000.
      const s1 = new Tables(g.e.bus, RAM + 0x800000);
      const s1root = s1.alloc();
      for (let i = 0; i < 4; i++) g.t.map(g.root, 1, 0x100000n + BigInt(i) * 0x1000n, BigInt(RAM + 0x800000 + i * 0x1000), 3, RW);
      setReg(g.e.cpu, 'TTBR0_EL1', 0x100000n);
      setReg(g.e.cpu, 'TCR_EL1', tcrEl1(25, 12));
      setReg(g.e.cpu, 'MAIR_EL1', MAIR);
      setReg(g.e.cpu, 'SCTLR_EL1', 1n);
      g.e.cpu.el = 1; g.e.cpu.flushTranslation();
      // The builder writes through PAs: point its next-level tables at IPAs by offsetting them afterwards.
      return { ...g, s1root };
    }

    it('VA → IPA (stage 1 with its tables read through stage 2) → PA', () => {
      const { e, t, root } = both();
      // Stage 1: VA 0x7000 → IPA 0x3000000 by a hand-built L1 → L2 → L3 walk at IPAs 0x100000..0x102000.
      const PA = (ipa: number): number => RAM + 0x800000 + (ipa - 0x100000);
      e.bus.view.setBigUint64(PA(0x100000) - RAM, 0x101003n, true);
      e.bus.view.setBigUint64(PA(0x101000) - RAM, 0x102003n, true);
      e.bus.view.setBigUint64(PA(0x102000) + 7 * 8 - RAM, 0x3000000n | 0x403n | attrIdx(1) | SH_IS, true);
      t.map(root, 1, 0x3000000n, 0x40400000n, 3, RW);
      assert.equal(tr(e, 0x7abcn), 0x40400abc);
      // The stage 1 output IPA unmapped at stage 2: a stage 2 fault with the IPA, S1PTW clear.
      e.bus.view.setBigUint64(PA(0x102000) + 8 * 8 - RAM, 0x3001000n | 0x403n | attrIdx(1), true);
      expectS2Fault(e, 0x8010n, READ, 0x92000007, 0x3001010n);
    });

    it('a stage 2 fault on a stage 1 table read: S1PTW, HPFAR = the table IPA, WnR as the access (QEMU), no ISV', () => {
      const { e } = both();
      const PA = (ipa: number): number => RAM + 0x800000 + (ipa - 0x100000);
      e.bus.view.setBigUint64(PA(0x100000) - RAM, 0x5550003n, true); // level 2 table at an unmapped IPA
      e.cpu.ldstSyndrome = 1 << 24;
      expectS2Fault(e, 0x1000n, WRITE, 0x920000c6, 0x5550000n); // level 2 of stage 2
      e.cpu.ldstSyndrome = 0;
    });

    it('HCR_EL2.PTW: a stage 1 walk reading stage 2 Device memory is a stage 2 permission fault', () => {
      const { e, t, root } = both();
      t.map(root, 1, 0x100000n, BigInt(RAM + 0x800000), 3, S2_R | S2_W | S2_DEVICE);
      setReg(e.cpu, 'HCR_EL2', HCR.RW | HCR.VM | HCR.PTW);
      e.mmu.tlb.flushAll();
      expectS2Fault(e, 0x1000n, READ, 0x9200008f, 0x100000n);
    });
  });
});
