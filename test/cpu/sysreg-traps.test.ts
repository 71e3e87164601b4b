import { strict as assert } from 'node:assert';
import { encodeSysreg, sysregByName } from '../../emulator/isa/sysregs';
import { slotOf, SLOT_RAZ } from '../../emulator/cpu/sysregs/index';
import {
  checkFpAccess, checkHvc, checkSmc, checkSysregAccess, checkWfx, EL0_RULES, EL2_RULES, esrFor, resolveSysreg,
  resolveSysregTarget, selectorEncoding, type AccessResult, type El, type TrapCtx,
} from '../../emulator/cpu/traps/index';

const enc = (n: string): number => selectorEncoding(n);
const B = (...b: number[]): bigint => b.reduce((m, i) => m | (1n << BigInt(i)), 0n);
const E2H = B(34), TGE = B(27);
/** A permissive context: EL0 controls open, EL2 controls closed. */
function ctx(el: El, o: Partial<TrapCtx> = {}): TrapCtx {
  return { el, hcr: B(31), cptr: 0x33ffn, mdcr: 6n, cpacr: 3n << 20n, cnthctl: 3n, sctlr: B(9, 14, 15, 16, 18, 26), cntkctl: 0x303n, pmuserenr: 0xfn, ...o };
}
/** ESR for an EC 0x18 trap of register `name` (IL=1). */
function sysEsr(name: string, rt: number, read: boolean): bigint {
  const k = enc(name);
  const [op0, op1, crn, crm, op2] = [k >> 14, (k >> 11) & 7, (k >> 7) & 15, (k >> 3) & 15, k & 7];
  return (0x18n << 26n) | (1n << 25n) | BigInt((op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | (read ? 1 : 0));
}
function expectTrap(r: AccessResult, target: 1 | 2, esr: bigint, rt = 0): void {
  assert.equal(r.kind, 'trap', JSON.stringify(r));
  if (r.kind === 'trap') assert.equal(r.targetEl, target);
  assert.equal(esrFor(r, rt).toString(16), esr.toString(16));
}
const access = (c: TrapCtx, name: string, read: boolean) => checkSysregAccess(c, enc(name), read);

describe('cpu/traps access engine', () => {
  it('rule tables name existing registers and SYS operations', () => {
    for (const r of [...EL0_RULES, ...EL2_RULES]) for (const n of r.sel.names ?? []) assert.doesNotThrow(() => enc(n), `${r.id}: ${n}`);
  });

  it('minimum EL and direction: UNDEFINED', () => {
    assert.equal(access(ctx(1), 'HCR_EL2', true).kind, 'undefined');
    assert.equal(access(ctx(0), 'SCTLR_EL1', true).kind, 'undefined');
    assert.equal(access(ctx(1), 'MIDR_EL1', false).kind, 'undefined');
    assert.equal(access(ctx(2), 'SCR_EL3', true).kind, 'undefined');
    assert.equal(access(ctx(0), 'TPIDRRO_EL0', false).kind, 'undefined');
    assert.equal(access(ctx(0), 'TPIDRRO_EL0', true).kind, 'ok');
    assert.equal(access(ctx(1), 'CNTFRQ_EL0', false).kind, 'undefined');
    assert.equal(access(ctx(2), 'CNTFRQ_EL0', false).kind, 'ok');
    assert.equal(access(ctx(1), 'ICC_PMR_EL1', true).kind, 'undefined', 'no GICv3 system registers with --gic 2');
    assert.equal(access(ctx(1), 'TRCPRGCTLR', true).kind, 'undefined');
    assert.equal(checkSysregAccess(ctx(1), encodeSysreg(3, 0, 15, 0, 0), true).kind, 'undefined');
    assert.equal(access(ctx(0), 'tlbi vmalle1', false).kind, 'undefined');
    assert.equal(access(ctx(1), 'tlbi alle2', false).kind, 'undefined');
  });

  it('HCR_EL2 TID1/TID2/TID3/TACR/TVM/TRVM trap EL1 to EL2 with the exact ESR', () => {
    expectTrap(access(ctx(1, { hcr: B(31, 16) }), 'REVIDR_EL1', true), 2, sysEsr('REVIDR_EL1', 3, true), 3);
    expectTrap(access(ctx(1, { hcr: B(31, 17) }), 'CTR_EL0', true), 2, sysEsr('CTR_EL0', 0, true));
    expectTrap(access(ctx(0, { hcr: B(31, 17) }), 'CTR_EL0', true), 2, sysEsr('CTR_EL0', 5, true), 5);
    expectTrap(access(ctx(1, { hcr: B(31, 17) }), 'CSSELR_EL1', false), 2, sysEsr('CSSELR_EL1', 1, false), 1);
    expectTrap(access(ctx(1, { hcr: B(31, 18) }), 'ID_AA64MMFR0_EL1', true), 2, sysEsr('ID_AA64MMFR0_EL1', 0, true));
    // TID3 also traps the reserved (RAZ) ID encodings.
    const reserved = encodeSysreg(3, 0, 0, 3, 7);
    assert.equal(checkSysregAccess(ctx(1), reserved, true).kind, 'ok');
    assert.equal(resolveSysregTarget(ctx(1), reserved), SLOT_RAZ);
    assert.equal(checkSysregAccess(ctx(1, { hcr: B(31, 18) }), reserved, true).kind, 'trap');
    expectTrap(access(ctx(1, { hcr: B(31, 21) }), 'ACTLR_EL1', false), 2, sysEsr('ACTLR_EL1', 2, false), 2);
    for (const n of ['SCTLR_EL1', 'TTBR0_EL1', 'TTBR1_EL1', 'TCR_EL1', 'ESR_EL1', 'FAR_EL1', 'AFSR0_EL1', 'AFSR1_EL1', 'MAIR_EL1', 'AMAIR_EL1', 'CONTEXTIDR_EL1']) {
      expectTrap(access(ctx(1, { hcr: B(31, 26) }), n, false), 2, sysEsr(n, 7, false), 7);
      assert.equal(access(ctx(1, { hcr: B(31, 26) }), n, true).kind, 'ok');
      expectTrap(access(ctx(1, { hcr: B(31, 30) }), n, true), 2, sysEsr(n, 7, true), 7);
    }
    assert.equal(access(ctx(1, { hcr: B(31, 26, 30) }), 'VBAR_EL1', false).kind, 'ok');
    assert.equal(access(ctx(2, { hcr: B(31, 16, 17, 18, 26, 30) }), 'SCTLR_EL1', false).kind, 'ok', 'EL2 is never trapped by HCR_EL2');
  });

  it('HCR_EL2 TIDCP traps IMPLEMENTATION DEFINED encodings before UNDEFINED', () => {
    const k = encodeSysreg(3, 1, 15, 2, 0);
    const r = checkSysregAccess(ctx(1, { hcr: B(31, 20) }), k, true);
    assert.equal(r.kind, 'trap');
    assert.equal(esrFor(r, 4), (0x18n << 26n) | (1n << 25n) | BigInt((3 << 20) | (1 << 14) | (15 << 10) | (4 << 5) | (2 << 1) | 1));
    assert.equal(checkSysregAccess(ctx(1), k, true).kind, 'undefined');
  });

  it('SYS maintenance: TSW, TPCP, TPU, TTLB, TDZ and the EL0 UCI/DZE controls', () => {
    const sys = (name: string, rt: number) => sysEsr(name, rt, false);
    expectTrap(access(ctx(1, { hcr: B(31, 22) }), 'dc cisw', false), 2, sys('dc cisw', 3), 3);
    expectTrap(access(ctx(1, { hcr: B(31, 23) }), 'dc civac', false), 2, sys('dc civac', 0));
    expectTrap(access(ctx(0, { hcr: B(31, 23) }), 'dc cvac', false), 2, sys('dc cvac', 0));
    expectTrap(access(ctx(1, { hcr: B(31, 24) }), 'ic iallu', false), 2, sys('ic iallu', 31), 31);
    expectTrap(access(ctx(0, { hcr: B(31, 24) }), 'dc cvau', false), 2, sys('dc cvau', 1), 1);
    expectTrap(access(ctx(1, { hcr: B(31, 25) }), 'tlbi vmalle1is', false), 2, sys('tlbi vmalle1is', 31), 31);
    expectTrap(access(ctx(1, { hcr: B(31, 25) }), 'tlbi vae1', false), 2, sys('tlbi vae1', 2), 2);
    assert.equal(access(ctx(2, { hcr: B(31, 25) }), 'tlbi vae1', false).kind, 'ok');
    expectTrap(access(ctx(1, { hcr: B(31, 28) }), 'dc zva', false), 2, sys('dc zva', 0));
    expectTrap(access(ctx(0, { sctlr: 0n }), 'dc zva', false), 1, sys('dc zva', 0));
    expectTrap(access(ctx(0, { sctlr: 0n }), 'ic ivau', false), 1, sys('ic ivau', 9), 9);
    // EL1 controls take priority over EL2 ones for EL0 (target EL1 first).
    expectTrap(access(ctx(0, { sctlr: 0n, hcr: B(31, 24) }), 'dc cvau', false), 1, sys('dc cvau', 0));
    assert.equal(access(ctx(0), 'dc zva', false).kind, 'ok');
  });

  it('EL0 controls: UMA, UCT, CNTKCTL, PMUSERENR, MDSCR.TDCC; TGE routes them to EL2', () => {
    expectTrap(access(ctx(0, { sctlr: 0n }), 'DAIF', false), 1, sysEsr('DAIF', 0, false));
    expectTrap(access(ctx(0, { sctlr: 0n }), 'CTR_EL0', true), 1, sysEsr('CTR_EL0', 0, true));
    assert.equal(access(ctx(0, { sctlr: 0n }), 'NZCV', true).kind, 'ok');
    expectTrap(access(ctx(0, { cntkctl: 0n }), 'CNTVCT_EL0', true), 1, sysEsr('CNTVCT_EL0', 0, true));
    expectTrap(access(ctx(0, { cntkctl: 0n }), 'CNTFRQ_EL0', true), 1, sysEsr('CNTFRQ_EL0', 0, true));
    assert.equal(access(ctx(0, { cntkctl: 2n }), 'CNTFRQ_EL0', true).kind, 'ok');
    expectTrap(access(ctx(0, { cntkctl: 3n }), 'CNTV_CTL_EL0', false), 1, sysEsr('CNTV_CTL_EL0', 0, false));
    expectTrap(access(ctx(0, { pmuserenr: 0n }), 'PMCR_EL0', true), 1, sysEsr('PMCR_EL0', 0, true));
    assert.equal(access(ctx(0, { pmuserenr: 4n }), 'PMCCNTR_EL0', true).kind, 'ok');
    expectTrap(access(ctx(0, { pmuserenr: 4n }), 'PMCCNTR_EL0', false), 1, sysEsr('PMCCNTR_EL0', 0, false));
    expectTrap(access(ctx(0, { mdscr: B(12) }), 'MDCCSR_EL0', true), 1, sysEsr('MDCCSR_EL0', 0, true));
    expectTrap(access(ctx(0, { sctlr: 0n, hcr: B(31, 27) }), 'CTR_EL0', true), 2, sysEsr('CTR_EL0', 0, true));
  });

  it('timers: CNTHCTL_EL2 EL1PCTEN/EL1PCEN (both layouts)', () => {
    expectTrap(access(ctx(1, { cnthctl: 2n }), 'CNTPCT_EL0', true), 2, sysEsr('CNTPCT_EL0', 0, true));
    expectTrap(access(ctx(0, { cnthctl: 1n }), 'CNTP_CVAL_EL0', false), 2, sysEsr('CNTP_CVAL_EL0', 0, false));
    assert.equal(access(ctx(1, { cnthctl: 0n }), 'CNTV_CTL_EL0', true).kind, 'ok');
    // E2H=1 (TGE=0): EL1PCTEN is bit 10, EL1PTEN bit 11.
    assert.equal(access(ctx(1, { hcr: B(31, 34), cnthctl: 3n }), 'CNTPCT_EL0', true).kind, 'trap');
    assert.equal(access(ctx(1, { hcr: B(31, 34), cnthctl: B(10, 11) }), 'CNTPCT_EL0', true).kind, 'ok');
  });

  it('MDCR_EL2 TPM, TPMCR, TDA, TDOSA, TDRA, and TDE forcing them', () => {
    expectTrap(access(ctx(1, { mdcr: B(5) }), 'PMCR_EL0', false), 2, sysEsr('PMCR_EL0', 0, false));
    assert.equal(access(ctx(1, { mdcr: B(5) }), 'PMCCNTR_EL0', true).kind, 'ok');
    expectTrap(access(ctx(0, { mdcr: B(6) }), 'PMCCNTR_EL0', true), 2, sysEsr('PMCCNTR_EL0', 0, true));
    expectTrap(access(ctx(1, { mdcr: B(9) }), 'MDSCR_EL1', false), 2, sysEsr('MDSCR_EL1', 0, false));
    expectTrap(access(ctx(1, { mdcr: B(9) }), 'DBGBCR3_EL1', true), 2, sysEsr('DBGBCR3_EL1', 0, true));
    expectTrap(access(ctx(1, { mdcr: B(10) }), 'OSLAR_EL1', false), 2, sysEsr('OSLAR_EL1', 0, false));
    expectTrap(access(ctx(1, { mdcr: B(11) }), 'MDRAR_EL1', true), 2, sysEsr('MDRAR_EL1', 0, true));
    expectTrap(access(ctx(1, { mdcr: B(8) }), 'OSDLR_EL1', true), 2, sysEsr('OSDLR_EL1', 0, true));
  });

  it('CPTR_EL2 TCPAC and TTA; trace registers do not exist on this CPU', () => {
    expectTrap(access(ctx(1, { cptr: 0x33ffn | B(31) }), 'CPACR_EL1', false), 2, sysEsr('CPACR_EL1', 0, false));
    assert.equal(access(ctx(1, { cptr: 0x33ffn | B(20) }), 'TRCPRGCTLR', true).kind, 'undefined');
    assert.ok(EL2_RULES.some((r) => r.id === 'CPTR_EL2.TTA' && r.bits[0] === 20 && r.e2hBits?.[0] === 28));
  });

  it('FP/SIMD: CPACR_EL1.FPEN to EL1, CPTR_EL2.TFP / FPEN to EL2, EC 0x07', () => {
    const fpEsr = (0x07n << 26n) | (1n << 25n) | (1n << 24n) | (0xen << 20n);
    expectTrap(checkFpAccess(ctx(1, { cpacr: 0n })), 1, fpEsr);
    expectTrap(checkFpAccess(ctx(0, { cpacr: 1n << 20n })), 1, fpEsr);
    assert.equal(checkFpAccess(ctx(1, { cpacr: 1n << 20n })).kind, 'ok');
    expectTrap(checkFpAccess(ctx(0, { cpacr: 0n, hcr: B(31, 27) })), 2, fpEsr);
    expectTrap(checkFpAccess(ctx(1, { cptr: 0x33ffn | B(10) })), 2, fpEsr);
    expectTrap(checkFpAccess(ctx(2, { cptr: 0x33ffn | B(10) })), 2, fpEsr);
    expectTrap(access(ctx(1, { cpacr: 0n }), 'FPCR', true), 1, fpEsr);
    // E2H=1: CPTR_EL2.FPEN; 01 traps EL0 only with TGE=1; CPACR_EL1 is not used by a host EL0.
    const vhe = { hcr: B(31, 34, 27), cpacr: 0n };
    assert.equal(checkFpAccess(ctx(2, { ...vhe, cptr: 3n << 20n })).kind, 'ok');
    assert.equal(checkFpAccess(ctx(0, { ...vhe, cptr: 3n << 20n })).kind, 'ok');
    expectTrap(checkFpAccess(ctx(0, { ...vhe, cptr: 1n << 20n })), 2, fpEsr);
    assert.equal(checkFpAccess(ctx(2, { ...vhe, cptr: 1n << 20n })).kind, 'ok');
    expectTrap(checkFpAccess(ctx(2, { ...vhe, cptr: 0n })), 2, fpEsr);
  });

  it('WFI/WFE: SCTLR_EL1.nTWI/nTWE to EL1, HCR_EL2.TWI/TWE to EL2, EC 0x01 with TI', () => {
    const wfx = (ti: number) => (0x01n << 26n) | (1n << 25n) | (1n << 24n) | (0xen << 20n) | BigInt(ti);
    expectTrap(checkWfx(ctx(1, { hcr: B(31, 13) }), false), 2, wfx(0));
    expectTrap(checkWfx(ctx(0, { hcr: B(31, 14) }), true), 2, wfx(1));
    expectTrap(checkWfx(ctx(0, { sctlr: 0n, hcr: B(31, 13) }), false), 1, wfx(0));
    assert.equal(checkWfx(ctx(2, { hcr: B(31, 13, 14) }), true).kind, 'ok');
    assert.equal(checkWfx(ctx(1), true).kind, 'ok');
  });

  it('HVC and SMC', () => {
    expectTrap(checkHvc(ctx(1), 0x1234), 2, (0x16n << 26n) | (1n << 25n) | 0x1234n);
    expectTrap(checkHvc(ctx(2), 7), 2, (0x16n << 26n) | (1n << 25n) | 7n);
    assert.equal(checkHvc(ctx(0), 0).kind, 'undefined');
    assert.equal(checkHvc(ctx(1, { hcr: B(31, 29) }), 0).kind, 'undefined');
    const smc = checkSmc(ctx(1, { hcr: B(31, 19) }), 0xabc);
    assert.equal(smc.kind, 'trap');
    if (smc.kind === 'trap') expectTrap(smc, 2, (0x17n << 26n) | (1n << 25n) | 0xabcn);
    assert.equal(checkSmc(ctx(1), 0).kind, 'firmware');
    assert.equal(checkSmc(ctx(2, { hcr: B(31, 19) }), 0).kind, 'firmware');
    assert.equal(checkSmc(ctx(0), 0).kind, 'undefined');
  });
});

describe('cpu/traps VHE redirection', () => {
  const vhe = (el: El, extra: bigint = 0n) => ctx(el, { hcr: B(31, 34) | extra, cptr: 3n << 20n });
  const slot = (c: TrapCtx, n: string) => resolveSysregTarget(c, enc(n));

  it('EL1 names reach the EL2 registers at EL2 with E2H=1', () => {
    const pairs: [string, string][] = [['SCTLR_EL1', 'SCTLR_EL2'], ['TTBR0_EL1', 'TTBR0_EL2'], ['TTBR1_EL1', 'TTBR1_EL2'],
      ['TCR_EL1', 'TCR_EL2'], ['ESR_EL1', 'ESR_EL2'], ['FAR_EL1', 'FAR_EL2'], ['AFSR0_EL1', 'AFSR0_EL2'], ['AFSR1_EL1', 'AFSR1_EL2'],
      ['MAIR_EL1', 'MAIR_EL2'], ['AMAIR_EL1', 'AMAIR_EL2'], ['VBAR_EL1', 'VBAR_EL2'], ['CONTEXTIDR_EL1', 'CONTEXTIDR_EL2'],
      ['CPACR_EL1', 'CPTR_EL2'], ['ELR_EL1', 'ELR_EL2'], ['SPSR_EL1', 'SPSR_EL2'], ['CNTKCTL_EL1', 'CNTHCTL_EL2'],
      ['CNTP_CTL_EL0', 'CNTHP_CTL_EL2'], ['CNTP_CVAL_EL0', 'CNTHP_CVAL_EL2'], ['CNTV_TVAL_EL0', 'CNTHV_TVAL_EL2'], ['CNTV_CTL_EL0', 'CNTHV_CTL_EL2']];
    for (const [from, to] of pairs) {
      assert.equal(slot(vhe(2), from), slotOf(to), from);
      assert.equal(slot(ctx(2), from), slotOf(from), `${from} without E2H`);
      assert.equal(slot(vhe(1), from), slotOf(from), `${from} at EL1`);
    }
    assert.equal(slot(vhe(2), 'TPIDR_EL1'), slotOf('TPIDR_EL1'));
    assert.equal(resolveSysreg(vhe(2), enc('CPACR_EL1'))?.e2hLayout, true);
  });

  it('_EL12/_EL02 reach the EL1/EL0 registers, UNDEFINED unless E2H=1 at EL2', () => {
    for (const [alias, real] of [['SCTLR_EL12', 'SCTLR_EL1'], ['CNTKCTL_EL12', 'CNTKCTL_EL1'], ['CNTV_CTL_EL02', 'CNTV_CTL_EL0'], ['ELR_EL12', 'ELR_EL1'], ['SPSR_EL12', 'SPSR_EL1']]) {
      assert.equal(access(vhe(2), alias, true).kind, 'ok', alias);
      assert.equal(slot(vhe(2), alias), slotOf(real), alias);
      assert.equal(access(ctx(2), alias, true).kind, 'undefined', `${alias} without E2H`);
      assert.equal(access(vhe(1), alias, true).kind, 'undefined', `${alias} at EL1`);
      assert.equal(slot(ctx(2), alias), undefined);
    }
    assert.equal(access(vhe(2), 'ZCR_EL12', true).kind, 'undefined', 'no SVE');
  });

  it('host EL0 (E2H=TGE=1): timers redirect, EL0 controls come from SCTLR_EL2/CNTHCTL_EL2 and trap to EL2', () => {
    const host = (o: Partial<TrapCtx>) => ctx(0, { hcr: B(31, 34, 27), cptr: 3n << 20n, ...o });
    assert.equal(slot(host({}), 'CNTV_CVAL_EL0'), slotOf('CNTHV_CVAL_EL2'));
    expectTrap(access(host({ sctlrEl2: 0n }), 'CTR_EL0', true), 2, sysEsr('CTR_EL0', 0, true));
    assert.equal(access(host({ sctlrEl2: B(15), sctlr: 0n }), 'CTR_EL0', true).kind, 'ok');
    assert.equal(access(host({ sctlrEl2: B(15), hcr: B(31, 34, 27, 17) }), 'CTR_EL0', true).kind, 'ok', 'HCR traps do not apply in host');
    expectTrap(access(host({ cnthctl: 0n }), 'CNTVCT_EL0', true), 2, sysEsr('CNTVCT_EL0', 0, true));
    assert.equal(access(host({ cnthctl: 2n, cntkctl: 0n }), 'CNTVCT_EL0', true).kind, 'ok');
  });

  it('EL1 reads of MIDR/MPIDR see VPIDR_EL2/VMPIDR_EL2', () => {
    assert.equal(slot(ctx(1), 'MIDR_EL1'), slotOf('VPIDR_EL2'));
    assert.equal(slot(ctx(1), 'MPIDR_EL1'), slotOf('VMPIDR_EL2'));
    assert.equal(slot(ctx(2), 'MIDR_EL1'), slotOf('MIDR_EL1'));
    assert.ok(sysregByName('VPIDR_EL2'));
  });
});
