// MRS/MSR (register) through the trap engine: round trips with RES0/RES1 masking, PSTATE and SP
// views, hooks (counter, DCZID, CCSIDR, OS lock, claim tags), VHE redirection and *_EL12
// aliases, and traps with the exact ESR/ELR/target (EC 0x18, Rt in the ISS).

import { strict as assert } from 'node:assert';
import { steps, CODE_BASE } from './harness';
import { at, B, ESR_UNDEF, setSys, sys, sysEsr, VBAR1, VBAR2 } from './system-util';

const C = BigInt(CODE_BASE);
const ALL = (1n << 64n) - 1n;

/** Runs `msr <reg>, x1; mrs x2, <reg>` at `el` with x1 = v; returns x2. */
function roundTrip(reg: string, v: bigint, el: 0 | 1 | 2 = 2, hcr = 0n): bigint {
  const t = at(`msr ${reg}, x1\nmrs x2, ${reg}`, el, { hcr });
  setSys(t, 'CPACR_EL1', 3n << 20n); // FP/SIMD enabled at EL0/EL1
  t.cpu.setXBig(1, v);
  steps(t, 2);
  assert.equal(t.cpu.pc, C + 8n, `${reg}: no exception`);
  return t.cpu.xBig(2);
}

describe('cpu semantics: MRS/MSR', () => {
  it('round trips of plain registers, with RES0/RES1 masking', () => {
    assert.equal(roundTrip('tpidr_el0', 0x0123_4567_89ab_cdefn), 0x0123_4567_89ab_cdefn);
    assert.equal(roundTrip('tpidr_el0', 0xfeedn, 0), 0xfeedn);
    assert.equal(roundTrip('sctlr_el1', 0n), 0x30d00800n, 'SCTLR_EL1 RES1 bits read as 1');
    assert.equal(roundTrip('sctlr_el1', ALL), 0x30d00800n | B(0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 14, 15, 16, 18, 19, 24, 25, 26));
    assert.equal(roundTrip('vbar_el2', ALL), ALL & ~0x7ffn, 'VBAR bits 10:0 are RES0');
    assert.equal(roundTrip('hcr_el2', ALL), (1n << 35n) - 1n, 'HCR_EL2 bits 63:35 are RES0 (v8.1)');
    assert.equal(roundTrip('esr_el1', ALL), 0xffff_ffffn);
    assert.equal(roundTrip('cptr_el2', 0n), 0x33ffn, 'CPTR_EL2 RES1 bits');
    assert.equal(roundTrip('elr_el1', 0xffff_0000_dead_beefn, 1), 0xffff_0000_dead_beefn);
  });

  it('read-only and write-only registers: MSR MIDR_EL1 / MRS OSLAR_EL1 are UNDEFINED', () => {
    for (const src of ['msr midr_el1, x0', 'mrs x0, oslar_el1']) {
      const t = at(src, 1);
      steps(t, 1);
      assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF, src);
      assert.equal(sys(t, 'ELR_EL1'), C, src);
    }
  });

  it('PSTATE views: NZCV, DAIF, SPSel, CurrentEL, FPCR/FPSR', () => {
    assert.equal(roundTrip('nzcv', ALL, 0), 0xf000_0000n);
    assert.equal(roundTrip('daif', 0x2c0n, 1), 0x2c0n);
    const t = at('mrs x0, currentel\nmrs x1, spsel\nmsr spsel, xzr\nmrs x2, nzcv', 1);
    t.cpu.setNzcv(0b0110);
    steps(t, 4);
    assert.equal(t.cpu.xBig(0), 4n);
    assert.equal(t.cpu.xBig(1), 1n);
    assert.equal(t.cpu.spsel, 0);
    assert.equal(t.cpu.xBig(2), 0x6000_0000n);
    assert.equal(roundTrip('fpcr', ALL, 0), 0x07f7_0000n); // Cortex-A57 (as QEMU): no FZ16, no trap enables
    assert.equal(roundTrip('fpsr', ALL, 0), 0xf800_009fn);
  });

  it('SP_EL0/SP_EL1 are the banked stack pointers; SP_EL0 with SPSel=0 is UNDEFINED', () => {
    let t = at('msr sp_el0, x1\nmrs x2, sp_el1', 2);
    t.cpu.setXBig(1, 0x4000_1000n);
    t.cpu.spRegs[2] = 0x4000_2000;
    steps(t, 2);
    assert.equal(t.cpu.spRegs[0], 0x4000_1000);
    assert.equal(t.cpu.xBig(2), 0x4000_2000n);
    t = at('mrs x0, sp_el0', 1, { spsel: 0 });
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF);
    assert.equal(t.cpu.pc, VBAR1);
  });

  it('hooks: CNTPCT = icount, CNTVCT = CNTPCT - CNTVOFF, CCSIDR by CSSELR, OSLAR → OSLSR, claim tags', () => {
    let t = at('nop\nmrs x0, cntpct_el0\nmrs x1, cntvct_el0', 2);
    setSys(t, 'CNTVOFF_EL2', 1n);
    steps(t, 3);
    assert.equal(t.cpu.xBig(0), 2n);
    assert.equal(t.cpu.xBig(1), 2n, 'CNTVCT = 3 - 1');
    t = at('msr csselr_el1, x1\nmrs x2, ccsidr_el1', 1);
    t.cpu.setXBig(1, 1n);
    steps(t, 2);
    assert.equal(t.cpu.xBig(2), 0x201fe012n);
    t = at('msr oslar_el1, xzr\nmrs x0, oslsr_el1\nmsr dbgclaimset_el1, x1\nmsr dbgclaimclr_el1, x2\nmrs x3, dbgclaimclr_el1\nmrs x4, dbgclaimset_el1', 1);
    t.cpu.setXBig(1, 0x1f5n); t.cpu.setXBig(2, 0x4n);
    steps(t, 6);
    assert.equal(t.cpu.xBig(0), 0x8n, 'OSLK cleared');
    assert.equal(t.cpu.xBig(3), 0xf1n);
    assert.equal(t.cpu.xBig(4), 0xffn);
  });

  it('DCZID_EL0: BS=4, DZP set where DC ZVA would trap', () => {
    let t = at('mrs x0, dczid_el0', 2);
    steps(t, 1);
    assert.equal(t.cpu.xBig(0), 4n);
    t = at('mrs x0, dczid_el0', 0);
    setSys(t, 'SCTLR_EL1', sys(t, 'SCTLR_EL1') & ~B(14));
    steps(t, 1);
    assert.equal(t.cpu.xBig(0), 0x14n);
    t = at('mrs x0, dczid_el0', 1, { hcr: B(28) });
    steps(t, 1);
    assert.equal(t.cpu.xBig(0), 0x14n);
  });

  it('VHE: with E2H=1 at EL2, SCTLR_EL1 reaches SCTLR_EL2 and SCTLR_EL12 reaches SCTLR_EL1', () => {
    const t = at('msr sctlr_el1, x1\nmrs x2, sctlr_el12\nmrs x3, sctlr_el2\nmsr vbar_el12, x4', 2, { hcr: B(34) });
    t.cpu.setXBig(1, 1n << 14n); // DZE: writable in the EL1 layout only
    t.cpu.setXBig(4, 0x4000_0800n);
    const el1Before = sys(t, 'SCTLR_EL1');
    steps(t, 4);
    assert.equal(t.cpu.xBig(2), el1Before);
    assert.equal(t.cpu.xBig(3), 0x30d00800n | (1n << 14n), 'EL1 layout: RES1 of SCTLR_EL1, DZE kept');
    assert.equal(sys(t, 'VBAR_EL1'), 0x4000_0800n);
    assert.equal(sys(t, 'VBAR_EL2'), VBAR2);
  });

  it('*_EL12 is UNDEFINED without E2H', () => {
    const t = at('mrs x0, sctlr_el12', 2);
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL2'), ESR_UNDEF);
    assert.equal(t.cpu.pc, VBAR2 + 0x200n);
  });

  it('insufficient EL is UNDEFINED: MRS HCR_EL2 at EL1, MRS SCTLR_EL1 at EL0', () => {
    let t = at('mrs x0, hcr_el2', 1);
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF);
    t = at('mrs x0, sctlr_el1', 0);
    steps(t, 1);
    assert.equal(t.cpu.el, 1);
    assert.equal(t.cpu.pc, VBAR1 + 0x400n);
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF);
  });

  it('traps: HCR_EL2.TVM/TRVM/TID3 to EL2 with Rt in the ISS and ELR = the MSR', () => {
    let t = at('msr sctlr_el1, x3', 1, { hcr: B(26) });
    const before = sys(t, 'SCTLR_EL1');
    steps(t, 1);
    assert.equal(t.cpu.el, 2);
    assert.equal(t.cpu.pc, VBAR2 + 0x400n);
    assert.equal(sys(t, 'ESR_EL2'), sysEsr(3, 0, 1, 0, 0, 3, false));
    assert.equal(sys(t, 'ELR_EL2'), C);
    assert.equal(sys(t, 'SCTLR_EL1'), before, 'the trapped write has no effect');
    t = at('mrs x7, ttbr0_el1', 1, { hcr: B(30) });
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL2'), sysEsr(3, 0, 2, 0, 0, 7, true));
    t = at('mrs x5, id_aa64mmfr0_el1', 1, { hcr: B(18) });
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL2'), sysEsr(3, 0, 0, 7, 0, 5, true));
  });

  it('EL0 traps to EL1: DAIF without SCTLR_EL1.UMA (and to EL2 with TGE)', () => {
    let t = at('mrs x1, daif', 0);
    setSys(t, 'SCTLR_EL1', sys(t, 'SCTLR_EL1') & ~B(9));
    steps(t, 1);
    assert.equal(t.cpu.el, 1);
    assert.equal(t.cpu.pc, VBAR1 + 0x400n);
    assert.equal(sys(t, 'ESR_EL1'), sysEsr(3, 3, 4, 2, 1, 1, true));
    assert.equal(sys(t, 'ELR_EL1'), C);
    t = at('mrs x1, daif', 0);
    setSys(t, 'SCTLR_EL1', sys(t, 'SCTLR_EL1') | B(9));
    t.cpu.daif = 0b1010;
    steps(t, 1);
    assert.equal(t.cpu.xBig(1), 0x280n);
    t = at('msr daif, x1', 0, { hcr: B(27) });
    setSys(t, 'SCTLR_EL1', sys(t, 'SCTLR_EL1') & ~B(9));
    steps(t, 1);
    assert.equal(t.cpu.el, 2);
    assert.equal(t.cpu.pc, VBAR2 + 0x400n);
    assert.equal(sys(t, 'ESR_EL2'), sysEsr(3, 3, 4, 2, 1, 1, false));
  });

  it('FP access: FPCR with CPACR_EL1.FPEN=0 traps EL1 to EL1 with EC 0x07', () => {
    const t = at('mrs x0, fpcr', 1);
    setSys(t, 'CPACR_EL1', 0n);
    steps(t, 1);
    assert.equal(t.cpu.pc, VBAR1 + 0x200n);
    assert.equal(sys(t, 'ESR_EL1'), (0x07n << 26n) | (1n << 25n) | (1n << 24n) | (0xen << 20n));
  });

  it('writes to SCTLR/HCR/TTBR drop the cached translation; other registers do not', () => {
    const t = at('msr hcr_el2, x1\nmsr ttbr0_el1, x1\nmsr tpidr_el1, x1\nnop', 2);
    let flushes = 0;
    const orig = t.cpu.flushTranslation.bind(t.cpu);
    t.cpu.flushTranslation = () => { flushes++; orig(); };
    t.cpu.setXBig(1, B(31));
    steps(t, 4);
    assert.equal(flushes, 2);
    assert.equal(t.cpu.pc, C + 16n);
    assert.equal(sys(t, 'HCR_EL2'), B(31));
  });

  it('MRS/MSR in the op0=0 space are UNDEFINED', () => {
    const t = at('.inst 0xd5304000', 1); // mrs x0, s0_0_c4_c0_0
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF);
  });
});
