// Exception generation and return (ARM ARM C6.2, D1.10/D1.11): SVC/HVC/SMC/BRK/HLT/UDF/DCPS/
// ERET with the exact ESR, ELR, SPSR, target EL and vector offset; EL2 → EL1 → EL0 drops by ERET
// and the way back by SVC/HVC; illegal exception return (PSTATE.IL).

import { strict as assert } from 'node:assert';
import { steps, CODE_BASE } from './harness';
import { at, B, ESR_UNDEF, IL, setSys, sys, VBAR1, VBAR2 } from './system-util';
import { coreWith } from './harness';

const C = BigInt(CODE_BASE);
const SYNC_SP0 = 0x000n, SYNC_SPX = 0x200n, SYNC_LOWER = 0x400n;

describe('cpu semantics: exception generation', () => {
  it('SVC from EL0 goes to EL1 (lower-EL vector), ELR = next instruction, SPSR = old PSTATE', () => {
    const t = at('svc #0x42', 0);
    t.cpu.nf = 1; t.cpu.cf = 1; t.cpu.daif = 0b0101;
    steps(t, 1);
    assert.equal(t.cpu.el, 1);
    assert.equal(t.cpu.spsel, 1);
    assert.equal(t.cpu.daif, 0xf);
    assert.equal(t.cpu.pc, VBAR1 + SYNC_LOWER);
    assert.equal(sys(t, 'ESR_EL1'), (0x15n << 26n) | IL | 0x42n);
    assert.equal(sys(t, 'ELR_EL1'), C + 4n);
    assert.equal(sys(t, 'SPSR_EL1'), 0xa0000140n); // N C, D=0 A=1 I=0 F=1, EL0t
  });

  it('SVC from EL0 with HCR_EL2.TGE=1 goes to EL2', () => {
    const t = at('svc #1', 0, { hcr: B(27) });
    steps(t, 1);
    assert.equal(t.cpu.el, 2);
    assert.equal(t.cpu.pc, VBAR2 + SYNC_LOWER);
    assert.equal(sys(t, 'ESR_EL2'), (0x15n << 26n) | IL | 1n);
    assert.equal(sys(t, 'ELR_EL2'), C + 4n);
    assert.equal(sys(t, 'SPSR_EL2'), 0n);
  });

  it('SVC at EL1t uses the current-EL SP0 vector; at EL1h the SPx vector', () => {
    let t = at('svc #0', 1, { spsel: 0 });
    steps(t, 1);
    assert.equal(t.cpu.pc, VBAR1 + SYNC_SP0);
    assert.equal(sys(t, 'SPSR_EL1'), 0x4n); // EL1t
    t = at('svc #0', 1);
    steps(t, 1);
    assert.equal(t.cpu.pc, VBAR1 + SYNC_SPX);
    assert.equal(sys(t, 'SPSR_EL1'), 0x5n); // EL1h
  });

  it('HVC from EL1 goes to EL2 with EC 0x16; at EL2 it stays at EL2', () => {
    let t = at('hvc #0x1234', 1);
    steps(t, 1);
    assert.equal(t.cpu.el, 2);
    assert.equal(t.cpu.pc, VBAR2 + SYNC_LOWER);
    assert.equal(sys(t, 'ESR_EL2'), (0x16n << 26n) | IL | 0x1234n);
    assert.equal(sys(t, 'ELR_EL2'), C + 4n);
    assert.equal(sys(t, 'SPSR_EL2'), 0x5n);
    t = at('hvc #2', 2);
    steps(t, 1);
    assert.equal(t.cpu.pc, VBAR2 + SYNC_SPX);
    assert.equal(sys(t, 'SPSR_EL2'), 0x9n);
  });

  it('HVC is UNDEFINED at EL0 and with HCR_EL2.HCD=1 (ELR = the HVC)', () => {
    let t = at('hvc #1', 0);
    steps(t, 1);
    assert.equal(t.cpu.el, 1);
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF);
    assert.equal(sys(t, 'ELR_EL1'), C);
    t = at('hvc #1', 1, { hcr: B(29) });
    steps(t, 1);
    assert.equal(t.cpu.el, 1);
    assert.equal(t.cpu.pc, VBAR1 + SYNC_SPX);
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF);
  });

  it('HVC on a board whose PSCI conduit is HVC reaches the firmware first', () => {
    const t = at('hvc #0', 1, { hcr: B(29) });
    const calls: string[] = [];
    t.cpu.hvcConduit = true;
    t.cpu.firmwareCall = (_c, conduit, imm) => { calls.push(`${conduit}:${imm}`); return true; };
    steps(t, 1);
    assert.deepEqual(calls, ['hvc:0']);
    assert.equal(t.cpu.el, 1);
    assert.equal(t.cpu.pc, C + 4n);
  });

  it('SMC: trapped by HCR_EL2.TSC (EC 0x17, ELR = the SMC), firmware, else UNDEFINED', () => {
    let t = at('smc #5', 1, { hcr: B(19) });
    steps(t, 1);
    assert.equal(t.cpu.el, 2);
    assert.equal(t.cpu.pc, VBAR2 + SYNC_LOWER);
    assert.equal(sys(t, 'ESR_EL2'), (0x17n << 26n) | IL | 5n);
    assert.equal(sys(t, 'ELR_EL2'), C);

    t = at('smc #0', 1);
    let seen = '';
    t.cpu.firmwareCall = (_c, conduit, imm) => { seen = `${conduit}:${imm}`; return true; };
    steps(t, 1);
    assert.equal(seen, 'smc:0');
    assert.equal(t.cpu.pc, C + 4n);

    t = at('smc #0', 1);
    t.cpu.firmwareCall = () => false;
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF);
    assert.equal(sys(t, 'ELR_EL1'), C);

    t = at('smc #0', 0, { hcr: B(19) });
    t.cpu.firmwareCall = () => true;
    steps(t, 1);
    assert.equal(t.cpu.el, 1, 'SMC at EL0 is UNDEFINED');
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF);
  });

  it('BRK: EC 0x3C, ISS imm16, ELR = the BRK; routed to EL2 by MDCR_EL2.TDE or HCR_EL2.TGE', () => {
    let t = at('brk #0x3e8', 1);
    steps(t, 1);
    assert.equal(t.cpu.pc, VBAR1 + SYNC_SPX);
    assert.equal(sys(t, 'ESR_EL1'), (0x3cn << 26n) | IL | 0x3e8n);
    assert.equal(sys(t, 'ELR_EL1'), C);
    t = at('brk #1', 1);
    setSys(t, 'MDCR_EL2', B(8));
    steps(t, 1);
    assert.equal(t.cpu.el, 2);
    assert.equal(t.cpu.pc, VBAR2 + SYNC_LOWER);
    assert.equal(sys(t, 'ESR_EL2'), (0x3cn << 26n) | IL | 1n);
    t = at('brk #2', 0, { hcr: B(27) });
    steps(t, 1);
    assert.equal(t.cpu.el, 2);
    t = at('brk #3', 2);
    steps(t, 1);
    assert.equal(t.cpu.pc, VBAR2 + SYNC_SPX);
    assert.equal(sys(t, 'ELR_EL2'), C);
  });

  it('HLT is UNDEFINED unless semihosting handles HLT #0xF000', () => {
    let t = at('hlt #0xf000', 1);
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF);
    t = at('hlt #0xf000', 1);
    t.cpu.semihostingCall = (c) => { c.setX(0, 7, 0); return true; };
    steps(t, 1);
    assert.equal(t.cpu.pc, C + 4n);
    assert.equal(t.cpu.xBig(0), 7n);
    t = at('hlt #1', 1);
    t.cpu.semihostingCall = () => true;
    steps(t, 1);
    assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF, 'only #0xF000 is the semihosting trap');
  });

  it('UDF, DCPS1-3, DRPS, TCANCEL and ERET at EL0 are UNDEFINED', () => {
    for (const src of ['udf #1', 'dcps1', 'dcps2', 'dcps3', 'drps', '.inst 0xd4600000', 'eret']) {
      const t = at(src, src === 'eret' ? 0 : 1);
      steps(t, 1);
      assert.equal(t.cpu.el, 1, src);
      assert.equal(t.cpu.pc, VBAR1 + (src === 'eret' ? SYNC_LOWER : SYNC_SPX), src);
      assert.equal(sys(t, 'ESR_EL1'), ESR_UNDEF, src);
      assert.equal(sys(t, 'ELR_EL1'), C, src);
    }
  });
});

describe('cpu semantics: exception return', () => {
  // EL2 code at 0, EL1 code, EL0 code; VBAR_EL1 table at +0x800, VBAR_EL2 table at +0x1000.
  const PROGRAM = `
    movz x0, #0x8000, lsl #16
    msr hcr_el2, x0
    adr x0, el1
    msr elr_el2, x0
    mov x0, #0x3c5
    msr spsr_el2, x0
    adr x1, vec1
    msr vbar_el1, x1
    adr x1, vec2
    msr vbar_el2, x1
    eret
el1:
    adr x0, el0
    msr elr_el1, x0
    mov x0, #0x0
    msr spsr_el1, x0
    eret
el0:
    svc #7
    .org 0x800
vec1:
    .org 0xc00
    hvc #9
    .org 0x1000
vec2:
    .org 0x1400
    eret
`;

  it('drops EL2 → EL1 → EL0 with ERET and comes back by SVC then HVC', () => {
    const t = coreWith(PROGRAM);
    steps(t, 11);
    assert.equal(t.cpu.el, 1);
    assert.equal(t.cpu.spsel, 1);
    assert.equal(t.cpu.daif, 0xf);
    assert.equal(t.cpu.pc, C + 0x2cn);
    steps(t, 5);
    assert.equal(t.cpu.el, 0);
    assert.equal(t.cpu.daif, 0);
    assert.equal(t.cpu.pc, C + 0x40n);
    steps(t, 1); // svc #7 → EL1 lower vector
    assert.equal(t.cpu.el, 1);
    assert.equal(t.cpu.pc, C + 0x800n + 0x400n);
    assert.equal(sys(t, 'ELR_EL1'), C + 0x44n);
    assert.equal(sys(t, 'ESR_EL1'), (0x15n << 26n) | IL | 7n);
    assert.equal(sys(t, 'SPSR_EL1'), 0n);
    steps(t, 1); // hvc #9 → EL2 lower vector
    assert.equal(t.cpu.el, 2);
    assert.equal(t.cpu.pc, C + 0x1000n + 0x400n);
    assert.equal(sys(t, 'ELR_EL2'), C + 0xc04n);
    assert.equal(sys(t, 'ESR_EL2'), (0x16n << 26n) | IL | 9n);
    assert.equal(sys(t, 'SPSR_EL2'), 0x3c5n);
    steps(t, 1); // eret back to EL1h after the HVC
    assert.equal(t.cpu.el, 1);
    assert.equal(t.cpu.pc, C + 0xc04n);
    assert.equal(t.cpu.il, 0);
  });

  it('ERET restores NZCV, DAIF and SPSel from SPSR', () => {
    const t = at('eret', 2);
    setSys(t, 'SPSR_EL2', 0x900001c4n); // N V, DAIF=0b0111, EL1t
    setSys(t, 'ELR_EL2', 0x40001000n);
    steps(t, 1);
    assert.equal(t.cpu.el, 1);
    assert.equal(t.cpu.spsel, 0);
    assert.deepEqual([t.cpu.nf, t.cpu.zf, t.cpu.cf, t.cpu.vf], [1, 0, 0, 1]);
    assert.equal(t.cpu.daif, 0b0111);
    assert.equal(t.cpu.pc, 0x40001000n);
  });

  it('an illegal return (to a higher EL) sets PSTATE.IL and keeps the EL; the next instruction takes EC 0x0E', () => {
    const t = at('eret', 1);
    setSys(t, 'SPSR_EL1', 0x9n); // EL2h from EL1: illegal
    setSys(t, 'ELR_EL1', C + 0x10n);
    steps(t, 1);
    assert.equal(t.cpu.el, 1);
    assert.equal(t.cpu.il, 1);
    assert.equal(t.cpu.pc, C + 0x10n);
    steps(t, 1);
    assert.equal(t.cpu.el, 1);
    assert.equal(t.cpu.il, 0);
    assert.equal(t.cpu.pc, VBAR1 + SYNC_SPX);
    assert.equal(sys(t, 'ESR_EL1'), (0x0en << 26n) | IL);
    assert.equal(sys(t, 'ELR_EL1'), C + 0x10n);
    assert.equal(sys(t, 'SPSR_EL1') & (1n << 20n), 1n << 20n, 'SPSR.IL records the illegal state');
  });

  it('returns to EL1 with HCR_EL2.TGE=1, to AArch32, or to AArch64 EL1/EL0 with HCR_EL2.RW=0 are illegal', () => {
    for (const [spsr, hcr] of [[0x5n, B(27)], [0x10n, 0n], [0x1n, 0n], [0x5n, -1n], [0x0n, -1n]] as const) {
      const t = at('eret', 2, { hcr: hcr < 0n ? 0n : hcr });
      if (hcr < 0n) setSys(t, 'HCR_EL2', 0n); // RW=0: EL1 is AArch32
      setSys(t, 'SPSR_EL2', spsr);
      setSys(t, 'ELR_EL2', C + 0x20n);
      steps(t, 1);
      assert.equal(t.cpu.el, 2, `spsr ${spsr}`);
      assert.equal(t.cpu.il, 1, `spsr ${spsr}`);
    }
  });
});
