// The software TLB (hits, misses, each TLBI kind, IS broadcast), AT → PAR_EL1 (through the SYS
// instruction), the VHE EL2&0 regime, and the debugger's translate/enumerate API.

import { strict as assert } from 'node:assert';
import { coreWith, steps } from '../cpu/harness';
import { decodeTlbi } from '../../emulator/memory/tlb';
import { debugTranslate, enumerateMappings } from '../../emulator/memory/inspect';
import { MmuTranslator } from '../../emulator/memory/translator';
import {
  AP_EL0, AP_RO, attrIdx, env, HCR, MAIR, NG, RAM, reg, S2_NORMAL, S2_R, S2_W, setReg, SH_IS, Tables, tcrEl1, UXN, vtcr, w64, r64, type Env,
} from './helpers';

const READ = 0, WRITE = 1;
const NORMAL = attrIdx(1) | SH_IS;

function el1(e: Env = env(), asid = 1n): { e: Env; t: Tables; root: number } {
  const t = new Tables(e.bus, RAM + 0x100000);
  const root = t.alloc();
  setReg(e.cpu, 'HCR_EL2', HCR.RW);
  setReg(e.cpu, 'TTBR0_EL1', BigInt(root) | (asid << 48n));
  setReg(e.cpu, 'TCR_EL1', tcrEl1(25, 12));
  setReg(e.cpu, 'MAIR_EL1', MAIR);
  setReg(e.cpu, 'SCTLR_EL1', 1n);
  e.cpu.el = 1; e.cpu.flushTranslation();
  return { e, t, root };
}
const tr = (e: Env, va: bigint, acc = READ): number => e.mmu.translate(e.cpu, Number(va & 0xffffffffn), Number(va >> 32n), acc, 4);
const tlbi = (e: Env, name: string, xt: bigint): void =>
  e.mmu.tlbi(e.cpu, decodeTlbi(name)!, Number(xt & 0xffffffffn), Number((xt >> 32n) & 0xffffffffn));
/** Repoints the leaf at `da` to `pa`, keeping its attributes (no TLBI: the TLB keeps the old one). */
const repoint = (e: Env, da: number, pa: bigint): void => w64(e.bus, da, (r64(e.bus, da) & ~0xfffffffff000n) | pa);

describe('memory: TLB', () => {
  it('a second access hits; a changed table is not seen until TLBI VAE1 (by VA and ASID)', () => {
    const { e, t, root } = el1();
    const da = t.map(root, 1, 0x5000n, 0x40005000n, 3, NORMAL | NG);
    assert.equal(tr(e, 0x5010n), 0x40005010);
    const { hits, misses } = e.mmu.tlb;
    assert.equal(tr(e, 0x5020n, WRITE), 0x40005020);
    assert.equal(e.mmu.tlb.hits, hits + 1);
    assert.equal(e.mmu.tlb.misses, misses);
    repoint(e, da, 0x40009000n);
    assert.equal(tr(e, 0x5000n), 0x40005000);
    tlbi(e, 'vae1', (2n << 48n) | 5n); // another ASID: kept
    assert.equal(tr(e, 0x5000n), 0x40005000);
    tlbi(e, 'vae1', (1n << 48n) | 5n);
    assert.equal(tr(e, 0x5000n), 0x40009000);
  });

  it('ASID tagging: nG entries per ASID, global entries shared; TLBI ASIDE1 and VAAE1', () => {
    const { e, t, root } = el1();
    const da = t.map(root, 1, 0x5000n, 0x40005000n, 3, NORMAL | NG);
    const dg = t.map(root, 1, 0x6000n, 0x40006000n, 3, NORMAL);
    tr(e, 0x5000n); tr(e, 0x6000n);
    repoint(e, da, 0x40009000n); repoint(e, dg, 0x4000a000n);
    setReg(e.cpu, 'TTBR0_EL1', BigInt(root) | (2n << 48n));
    assert.equal(tr(e, 0x5000n), 0x40009000, 'ASID 2 walks');
    assert.equal(tr(e, 0x6000n), 0x40006000, 'the global entry is shared');
    setReg(e.cpu, 'TTBR0_EL1', BigInt(root) | (1n << 48n));
    assert.equal(tr(e, 0x5000n), 0x40005000, 'ASID 1 keeps its entry');
    tlbi(e, 'aside1', 1n << 48n);
    assert.equal(tr(e, 0x5000n), 0x40009000);
    assert.equal(tr(e, 0x6000n), 0x40006000, 'ASIDE1 leaves global entries');
    tlbi(e, 'vaae1', 6n);
    assert.equal(tr(e, 0x6000n), 0x4000a000);
  });

  it('a block is invalidated whole by a TLBI of any VA in it', () => {
    const { e, t, root } = el1();
    const da = t.map(root, 1, 0x200000n, 0x40200000n, 2, NORMAL);
    tr(e, 0x201000n); tr(e, 0x3ff000n);
    repoint(e, da, 0x40400000n);
    tlbi(e, 'vale1', 0x300n);
    assert.equal(tr(e, 0x201000n), 0x40401000);
    assert.equal(tr(e, 0x3ff000n), 0x405ff000);
  });

  it('VMID tagging: VMALLE1 drops only the current VMID; ALLE1 every VMID; IPAS2E1 a stage 2 entry', () => {
    const e = env();
    const t = new Tables(e.bus, RAM + 0x200000);
    const root = t.alloc(0x2000);
    setReg(e.cpu, 'VTCR_EL2', vtcr(24, 1));
    setReg(e.cpu, 'HCR_EL2', HCR.RW | HCR.VM);
    const d = t.map(root, 1, 0x1000n, 0x40005000n, 3, S2_R | S2_W | S2_NORMAL);
    const vm = (vmid: bigint): void => { setReg(e.cpu, 'VTTBR_EL2', BigInt(root) | (vmid << 48n)); e.cpu.el = 1; e.cpu.flushTranslation(); };
    vm(1n); tr(e, 0x1000n);
    vm(2n); tr(e, 0x1000n);
    repoint(e, d, 0x40007000n);
    vm(1n); tlbi(e, 'vmalle1', 0n);
    assert.equal(tr(e, 0x1000n), 0x40007000);
    vm(2n);
    assert.equal(tr(e, 0x1000n), 0x40005000, 'VMID 2 untouched');
    repoint(e, d, 0x40008000n);
    tlbi(e, 'ipas2e1is', 0x1n); // IPA 0x1000 >> 12, VMID 2
    assert.equal(tr(e, 0x1000n), 0x40008000);
    repoint(e, d, 0x4000b000n);
    vm(1n); tr(e, 0x1000n);
    e.cpu.el = 2; tlbi(e, 'alle1', 0n);
    vm(1n);
    assert.equal(tr(e, 0x1000n), 0x4000b000);
  });

  it('EL2: ALLE2 and VAE2; inner-shareable operations reach every core of the domain', () => {
    const domain: MmuTranslator[] = [];
    const a = env(domain), b = env(domain);
    const t = new Tables(a.bus, RAM + 0x100000);
    const root = t.alloc();
    const da = t.map(root, 1, 0x40000000n, 0x40000000n, 1, NORMAL);
    b.bus.u8.set(a.bus.u8.subarray(0x100000, 0x104000), 0x100000); // both cores see the same tables
    for (const x of [a, b]) {
      setReg(x.cpu, 'TTBR0_EL2', BigInt(root)); setReg(x.cpu, 'TCR_EL2', 25n | (2n << 16n)); setReg(x.cpu, 'SCTLR_EL2', 1n);
      x.cpu.el = 2; x.cpu.flushTranslation();
      assert.equal(tr(x, 0x40001000n), 0x40001000);
      repoint(x, da, 0x00000000n);
    }
    tlbi(a, 'vae2', 0x40001n);
    assert.equal(tr(a, 0x40001000n), 0x1000);
    assert.equal(tr(b, 0x40001000n), 0x40001000, 'VAE2 is local');
    tlbi(a, 'alle2is', 0n);
    assert.equal(tr(b, 0x40001000n), 0x1000, 'ALLE2IS is broadcast');
  });
});

describe('memory: AT → PAR_EL1', () => {
  it('S1E1R/W, S1E0R and S12E1R executed as instructions at EL2 (S1E2R/W: the QEMU programs)', () => {
    const c = coreWith('at s1e1r, x1\n mrs x2, par_el1\n at s1e1w, x1\n mrs x3, par_el1\n at s1e0r, x1\n mrs x4, par_el1\n at s12e1r, x1\n mrs x5, par_el1\n at s12e1r, x6\n mrs x7, par_el1');
    const e: Env = { cpu: c.cpu, bus: c.bus, mmu: new MmuTranslator(c.bus) };
    c.cpu.translator = e.mmu;
    const { t, root } = el1(e);
    t.map(root, 1, 0x5000n, 0x40005000n, 3, NORMAL | AP_RO);
    const s2 = new Tables(e.bus, RAM + 0x300000);
    const s2root = s2.alloc(0x2000);
    // The stage 1 tables (RAM + 0x100000…) are identity-mapped at stage 2.
    for (let i = 0; i < 4; i++) s2.map(s2root, 1, BigInt(RAM + 0x100000 + i * 0x1000), BigInt(RAM + 0x100000 + i * 0x1000), 3, S2_R | S2_W | S2_NORMAL);
    s2.map(s2root, 1, 0x40005000n, 0x40777000n, 3, S2_R | S2_NORMAL);
    setReg(e.cpu, 'VTTBR_EL2', BigInt(s2root));
    setReg(e.cpu, 'VTCR_EL2', vtcr(24, 1));
    setReg(e.cpu, 'HCR_EL2', HCR.RW | HCR.VM);
    c.cpu.el = 2;
    c.cpu.setX(1, 0x5123, 0);
    c.cpu.setX(6, 0x6000, 0);
    steps(c, 10);
    const x = (n: number): string => c.cpu.xBig(n).toString(16);
    assert.equal(x(2), 'ff00000040005b80', 'S1E1R: IPA, Normal WB (MAIR attr 1), inner shareable, NS, RES1');
    assert.equal(x(3), '81f', 'S1E1W: permission fault, level 3');
    assert.equal(x(4), '81f', 'S1E0R: no EL0 access: permission fault, level 3');
    assert.equal(x(5), 'ff00000040777b80', 'S12E1R: the PA');
    assert.equal(x(7), '80f', 'S12E1R: stage 1 translation fault, level 3');
  });

  it('S12E1R with a stage 2 fault: S=1; at EL1 a stage 2 fault on the walk is a Data Abort to EL2 (CM=1)', () => {
    const { e, t, root } = el1();
    t.map(root, 1, 0x5000n, 0x40005000n, 3, NORMAL);
    const s2 = new Tables(e.bus, RAM + 0x300000);
    const s2root = s2.alloc(0x2000);
    for (let i = 0; i < 4; i++) s2.map(s2root, 1, BigInt(RAM + 0x100000 + i * 0x1000), BigInt(RAM + 0x100000 + i * 0x1000), 3, S2_R | S2_W | S2_NORMAL);
    setReg(e.cpu, 'VTTBR_EL2', BigInt(s2root));
    setReg(e.cpu, 'VTCR_EL2', vtcr(24, 1));
    setReg(e.cpu, 'HCR_EL2', HCR.RW | HCR.VM);
    e.cpu.el = 2;
    const par = e.mmu.at(e.cpu, 0x5000, 0, { name: 's12e1r', el: 1, stage2: true, write: false });
    assert.equal(par.toString(16), 'a0f', 'stage 2 translation fault level 3, S=1');
    setReg(e.cpu, 'TTBR0_EL1', 0x123000n);
    e.cpu.el = 1;
    e.mmu.at(e.cpu, 0x5000, 0, { name: 's1e1w', el: 1, stage2: false, write: true });
    assert.equal(e.cpu.el, 2);
    assert.equal(reg(e.cpu, 'ESR_EL2').toString(16), '920001c5', 'CM, S1PTW, WnR 1 (as QEMU), level 1');
    assert.equal(reg(e.cpu, 'HPFAR_EL2').toString(16), '1230');
  });
});

describe('memory: VHE EL2&0 and the EL2 regime', () => {
  function host(): { e: Env; t: Tables; root0: number; root1: number } {
    const e = env();
    const t = new Tables(e.bus, RAM + 0x100000);
    const root0 = t.alloc(), root1 = t.alloc();
    setReg(e.cpu, 'HCR_EL2', HCR.RW | HCR.E2H | HCR.TGE);
    setReg(e.cpu, 'TTBR0_EL2', BigInt(root0) | (3n << 48n));
    setReg(e.cpu, 'TTBR1_EL2', BigInt(root1));
    setReg(e.cpu, 'TCR_EL2', tcrEl1(25, 12));
    setReg(e.cpu, 'MAIR_EL2', MAIR);
    setReg(e.cpu, 'SCTLR_EL2', 1n);
    e.cpu.el = 2; e.cpu.flushTranslation();
    return { e, t, root0, root1 };
  }

  it('E2H=1: TTBR1_EL2 maps the upper range at EL2; EL0 (TGE=1) uses EL0 permissions, faults to EL2', () => {
    const { e, t, root0, root1 } = host();
    t.map(root1, 1, 0x7fc0001000n, 0x40001000n, 3, NORMAL);
    t.map(root0, 1, 0x2000n, 0x40002000n, 3, NORMAL | AP_EL0 | UXN | NG);
    t.map(root0, 1, 0x3000n, 0x40003000n, 3, NORMAL);
    assert.equal(tr(e, 0xffffffffc0001008n), 0x40001008);
    e.cpu.el = 0; e.cpu.flushTranslation();
    assert.equal(tr(e, 0x2000n, WRITE), 0x40002000);
    assert.equal(tr(e, 0x3000n), -1);
    assert.equal(e.cpu.el, 2);
    assert.equal(reg(e.cpu, 'ESR_EL2').toString(16), '9200000f');
    e.cpu.pan = 1; e.cpu.flushTranslation();
    assert.equal(tr(e, 0x2000n), -1, 'PAN applies at EL2 in the EL2&0 regime');
    assert.equal(reg(e.cpu, 'ESR_EL2').toString(16), '9600000f');
  });

  it('EL2 without E2H: one range, AP[1] ignored, XN at bit 54', () => {
    const e = env();
    const t = new Tables(e.bus, RAM + 0x100000);
    const root = t.alloc();
    t.map(root, 1, 0x1000n, 0x40001000n, 3, NORMAL); // AP[1] = 0: still RW at EL2
    t.map(root, 1, 0x2000n, 0x40002000n, 3, NORMAL | UXN);
    setReg(e.cpu, 'TTBR0_EL2', BigInt(root)); setReg(e.cpu, 'TCR_EL2', 25n | (2n << 16n)); setReg(e.cpu, 'SCTLR_EL2', 1n);
    e.cpu.el = 2; e.cpu.flushTranslation();
    assert.equal(tr(e, 0x1000n, WRITE), 0x40001000);
    assert.equal(tr(e, 0x2000n, 2), -1);
    assert.equal(reg(e.cpu, 'ESR_EL2').toString(16), '8600000f');
    assert.equal(tr(e, 0xffffff8000001000n), -1, 'no upper range');
    assert.equal(reg(e.cpu, 'ESR_EL2').toString(16), '96000004');
  });
});

describe('memory: debugger API', () => {
  it('translate(VA, regime, stage) lists each step of the walk; enumerate coalesces mappings', () => {
    const { e, t, root } = el1();
    for (let i = 0; i < 4; i++) t.map(root, 1, 0x10000n + BigInt(i) * 0x1000n, 0x40010000n + BigInt(i) * 0x1000n, 3, NORMAL);
    t.map(root, 1, 0x20000n, 0x40030000n, 3, NORMAL | AP_RO);
    t.map(root, 1, 0x40000000n, 0x40000000n, 1, NORMAL);
    const d = debugTranslate(e.mmu, e.cpu.sys, 0x12345n, 1, 1);
    assert.deepEqual(d.steps.map((s) => [s.level, s.kind]), [[1, 'table'], [2, 'table'], [3, 'page']]);
    assert.equal(d.output, 0x40012345n);
    assert.equal(d.attr, 0xff);
    const f = debugTranslate(e.mmu, e.cpu.sys, 0x30000n, 1, 1);
    assert.deepEqual(f.fault && [f.fault.kind, f.fault.level], ['translation', 3]);
    const maps = enumerateMappings(e.bus, e.cpu.sys, 1, 1);
    assert.deepEqual(maps.map((m) => [m.input, m.output, m.size, m.level]), [
      [0x10000n, 0x40010000n, 0x4000n, 3], [0x20000n, 0x40030000n, 0x1000n, 3], [0x40000000n, 0x40000000n, 0x40000000n, 1],
    ]);
    assert.equal(e.cpu.el, 1, 'no exception taken');
  });
});
