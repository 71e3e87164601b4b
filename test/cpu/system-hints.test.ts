// Hints, barriers, PSTATE writes and SYS operations (ARM ARM C6.2, C5.3): WFI/WFE sleeping and
// their traps (EC 0x01), SEV/SEVL, MSR (immediate), CLREX, DC ZVA, cache/TLB maintenance with
// their EL checks and HCR_EL2 traps, AT with the MMU off.

import { strict as assert } from 'node:assert';
import { steps, CODE_BASE } from './harness';
import { at, B, ESR_UNDEF, IL, setSys, sys, sysEsr, VBAR1, VBAR2 } from './system-util';

const C = BigInt(CODE_BASE);
const WFX_ISS = (1n << 24n) | (0xen << 20n);

describe('cpu semantics: hints and PSTATE', () => {
  it('WFI with no interrupt sleeps: run() returns "wfi" past the WFI, an interrupt line wakes it', () => {
    const t = at('wfi\nnop\nnop', 1);
    t.cpu.daif = 0xf;
    assert.equal(t.cpu.run(10), 'wfi');
    assert.equal(t.cpu.waiting, 'wfi');
    assert.equal(t.cpu.pc, C + 4n);
    assert.equal(t.cpu.run(10), 'wfi', 'still asleep');
    t.cpu.irqLine = true; // masked by PSTATE.I: wakes the core without taking the interrupt
    assert.equal(t.cpu.run(2), 'limit');
    assert.equal(t.cpu.pc, C + 12n);
  });

  it('WFE consumes a pending event (SEVL) without sleeping; otherwise it sleeps', () => {
    const t = at('sevl\nwfe\nwfe\nnop', 1);
    assert.equal(t.cpu.run(10), 'wfi');
    assert.equal(t.cpu.pc, C + 12n);
    assert.equal(t.cpu.waiting, 'wfe');
    t.cpu.eventRegister = 1;
    assert.equal(t.cpu.run(1), 'limit');
    assert.equal(t.cpu.pc, C + 16n);
  });

  it('SEV calls the machine hook; without one it sets the local event register', () => {
    let t = at('sev', 1);
    let n = 0;
    t.cpu.sendEvent = () => { n++; };
    steps(t, 1);
    assert.equal(n, 1);
    t = at('sev', 1);
    steps(t, 1);
    assert.equal(t.cpu.eventRegister, 1);
  });

  it('WFI/WFE traps: HCR_EL2.TWI/TWE to EL2, SCTLR_EL1.nTWI/nTWE from EL0 to EL1 (EC 0x01, TI)', () => {
    let t = at('wfi', 1, { hcr: B(13) });
    steps(t, 1);
    assert.equal(t.cpu.el, 2);
    assert.equal(t.cpu.pc, VBAR2 + 0x400n);
    assert.equal(sys(t, 'ESR_EL2'), (0x01n << 26n) | IL | WFX_ISS);
    assert.equal(sys(t, 'ELR_EL2'), C);
    assert.equal(t.cpu.waiting, null);
    t = at('wfe', 0, { hcr: B(14) });
    steps(t, 1);
    assert.equal(t.cpu.el, 2);
    assert.equal(sys(t, 'ESR_EL2'), (0x01n << 26n) | IL | WFX_ISS | 1n);
    t = at('wfe', 0);
    setSys(t, 'SCTLR_EL1', sys(t, 'SCTLR_EL1') & ~B(18));
    steps(t, 1);
    assert.equal(t.cpu.el, 1);
    assert.equal(t.cpu.pc, VBAR1 + 0x400n);
    assert.equal(sys(t, 'ESR_EL1'), (0x01n << 26n) | IL | WFX_ISS | 1n);
    t = at('wfi', 2, { hcr: B(13) });
    steps(t, 1);
    assert.equal(t.cpu.waiting, 'wfi', 'EL2 is never trapped');
  });

  it('hints of absent extensions (ESB, PACIASP, BTI, CSDB, hint #6, hint #0x7f) execute as NOP', () => {
    const t = at('esb\npaciasp\nbti c\ncsdb\nhint #6\nhint #0x7f\nyield\nnop', 1);
    t.cpu.setXBig(30, 0x1234n);
    steps(t, 8);
    assert.equal(t.cpu.pc, C + 32n);
    assert.equal(t.cpu.xBig(30), 0x1234n);
    assert.equal(t.cpu.undefinedCounts.size, 0);
  });

  it('barriers are no-ops; SB and DSB nXS are UNDEFINED; CLREX clears the monitor', () => {
    let t = at('dsb sy\ndmb ish\nisb\nssbb\npssbb\nclrex', 1);
    t.cpu.exclusivePa = 0x4000_0000;
    steps(t, 6);
    assert.equal(t.cpu.pc, C + 24n);
    assert.equal(t.cpu.exclusivePa, -1);
    for (const w of [0xd50330ff, 0xd503323f]) { // sb, dsb synxs
      t = at(`.inst 0x${w.toString(16)}`, 1);
      steps(t, 1);
      assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF, w.toString(16));
    }
  });

  it('MSR DAIFSet/DAIFClr/SPSel; PAN/UAO/DIT and CFINV are UNDEFINED on the A57', () => {
    let t = at('msr daifset, #0xa\nmsr daifclr, #0x2\nmsr spsel, #0', 1);
    steps(t, 3);
    assert.equal(t.cpu.daif, 0b1000);
    assert.equal(t.cpu.spsel, 0);
    for (const src of ['msr pan, #1', 'msr uao, #1', 'msr dit, #1', 'cfinv', 'axflag']) {
      t = at(src, 1);
      steps(t, 1);
      assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF, src);
    }
    t = at('msr spsel, #1', 0);
    steps(t, 1);
    assert.equal(t.cpu.el, 1, 'SPSel at EL0 is UNDEFINED');
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF);
  });

  it('MSR DAIFSet at EL0 needs SCTLR_EL1.UMA: else EC 0x18 (op0=0, CRn=4, Rt=31) to EL1', () => {
    let t = at('msr daifset, #2', 0);
    setSys(t, 'SCTLR_EL1', sys(t, 'SCTLR_EL1') & ~B(9));
    steps(t, 1);
    assert.equal(t.cpu.el, 1);
    assert.equal(t.cpu.pc, VBAR1 + 0x400n);
    assert.equal(sys(t, 'ESR_EL1'), sysEsr(0, 3, 4, 2, 6, 31, false));
    assert.equal(sys(t, 'ELR_EL1'), C);
    t = at('msr daifclr, #1', 0);
    t.cpu.daif = 0xf;
    setSys(t, 'SCTLR_EL1', sys(t, 'SCTLR_EL1') | B(9));
    steps(t, 1);
    assert.equal(t.cpu.daif, 0xe);
  });
});

describe('cpu semantics: SYS operations', () => {
  it('DC ZVA zeroes the aligned 64-byte block', () => {
    const t = at('dc zva, x0', 2);
    for (let a = 0x4010_0000; a < 0x4010_0080; a += 4) t.bus.write(a, 4, 0xffffffff, 0);
    t.cpu.setXBig(0, 0x4010_0013n);
    steps(t, 1);
    const m = new Uint32Array(2);
    for (let a = 0x4010_0000; a < 0x4010_0040; a += 4) { t.bus.read(a, 4, m); assert.equal(m[0], 0, a.toString(16)); }
    t.bus.read(0x4010_0040, 4, m);
    assert.equal(m[0], 0xffffffff);
    t.bus.read(0x400f_fffc, 4, m);
    assert.equal(m[0], 0);
  });

  it('DC ZVA traps: SCTLR_EL1.DZE=0 from EL0 to EL1, HCR_EL2.TDZ to EL2', () => {
    let t = at('dc zva, x4', 0);
    setSys(t, 'SCTLR_EL1', sys(t, 'SCTLR_EL1') & ~B(14));
    steps(t, 1);
    assert.equal(t.cpu.el, 1);
    assert.equal(sys(t, 'ESR_EL1'), sysEsr(1, 3, 7, 4, 1, 4, false));
    t = at('dc zva, x4', 1, { hcr: B(28) });
    steps(t, 1);
    assert.equal(t.cpu.el, 2);
    assert.equal(sys(t, 'ESR_EL2'), sysEsr(1, 3, 7, 4, 1, 4, false));
  });

  it('cache maintenance: no-ops, DC IVAC/IC IALLU at EL0 UNDEFINED, TPCP/TPU/TSW traps, SCTLR_EL1.UCI', () => {
    let t = at('dc civac, x0\ndc cvac, x0\ndc cvau, x0\ndc ivac, x0\ndc isw, x0\ndc csw, x0\ndc cisw, x0\nic iallu\nic ialluis\nic ivau, x0', 1);
    steps(t, 10);
    assert.equal(t.cpu.pc, C + 40n);
    for (const src of ['dc ivac, x0', 'ic iallu', 'dc isw, x0']) {
      t = at(src, 0);
      steps(t, 1);
      assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF, src);
    }
    t = at('dc cvac, x2', 1, { hcr: B(23) });
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL2'), sysEsr(1, 3, 7, 10, 1, 2, false));
    t = at('ic ivau, x2', 0, { hcr: B(24) });
    setSys(t, 'SCTLR_EL1', sys(t, 'SCTLR_EL1') | B(26)); // UCI=1: else the EL1 trap comes first
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL2'), sysEsr(1, 3, 7, 5, 1, 2, false));
    t = at('ic ivau, x2', 0, { hcr: B(24) }); // UCI=0 (A57 reset): SCTLR_EL1.UCI wins over HCR_EL2.TPU
    steps(t, 1);
    assert.equal(t.cpu.el, 1);
    assert.equal(sys(t, 'ESR_EL1'), sysEsr(1, 3, 7, 5, 1, 2, false));
    t = at('dc cisw, x2', 1, { hcr: B(22) });
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL2'), sysEsr(1, 0, 7, 14, 2, 2, false));
    t = at('dc cvau, x3', 0);
    setSys(t, 'SCTLR_EL1', sys(t, 'SCTLR_EL1') & ~B(26));
    steps(t, 1);
    assert.equal(t.cpu.el, 1);
    assert.equal(sys(t, 'ESR_EL1'), sysEsr(1, 3, 7, 11, 1, 3, false));
  });

  it('TLBI: UNDEFINED at EL0 and for EL2 operations at EL1; HCR_EL2.TTLB traps EL1', () => {
    let t = at('tlbi vmalle1is\ntlbi vae1, x0\ntlbi alle2\ntlbi ipas2e1is, x0', 2);
    steps(t, 4);
    assert.equal(t.cpu.pc, C + 16n);
    t = at('tlbi vmalle1', 0);
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF);
    t = at('tlbi alle2', 1);
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF);
    t = at('tlbi vmalle1is', 1, { hcr: B(25) });
    steps(t, 1);
    assert.equal(t.cpu.el, 2);
    assert.equal(sys(t, 'ESR_EL2'), sysEsr(1, 0, 8, 3, 0, 31, false));
  });

  it('AT with the MMU off: flat PAR_EL1 (Device, outer shareable, NS), Normal WB with HCR_EL2.DC, F=1 beyond 40 bits', () => {
    let t = at('at s1e1r, x0\nmrs x1, par_el1', 1);
    t.cpu.setXBig(0, 0x4012_3456n);
    steps(t, 2);
    assert.equal(t.cpu.xBig(1), 0x4012_3000n | (1n << 11n) | (1n << 9n) | (2n << 7n));
    t = at('at s1e0w, x0', 1, { hcr: B(12) });
    t.cpu.setXBig(0, 0x8000_1fffn);
    steps(t, 1);
    assert.equal(sys(t, 'PAR_EL1'), (0xffn << 56n) | 0x8000_1000n | (1n << 11n) | (1n << 9n));
    t = at('at s1e2w, x0', 2);
    t.cpu.setXBig(0, 0x100_0000_0000n);
    steps(t, 1);
    assert.equal(sys(t, 'PAR_EL1'), (1n << 11n) | 1n);
    t = at('at s12e1r, x0', 1);
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF, 'S12 operations are EL2 only');
  });

  it('AT with the MMU on and no Translator.at halts with a reason', () => {
    const t = at('at s1e1r, x0', 2);
    setSys(t, 'SCTLR_EL1', sys(t, 'SCTLR_EL1') | 1n);
    steps(t, 1);
    assert.equal(t.cpu.halted, true);
    assert.match(t.cpu.haltReason, /translator with at\(\)/);
  });

  it('SYSL is UNDEFINED; HCR_EL2.TIDCP traps the IMPLEMENTATION DEFINED SYS space', () => {
    let t = at('sysl x0, #0, c7, c0, #0', 1);
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF);
    t = at('sys #0, c15, c0, #0, x6', 1, { hcr: B(20) });
    steps(t, 1);
    assert.equal(t.cpu.el, 2);
    assert.equal(sys(t, 'ESR_EL2'), sysEsr(1, 0, 15, 0, 0, 6, false));
  });
});
