import { strict as assert } from 'node:assert';
import { encodeSysreg, sysregByName } from '../../emulator/isa/sysregs';
import { SYSREG_ROWS } from '../../emulator/isa/sysregs/index';
import {
  A57, SYSREG_BEHAVIORS, SYSREG_SLOTS, SYSREG_SLOT_COUNT, SLOT_RAZ, behaviorByName, createSysregStore, defaultConfig,
  maskedWrite, resetSysregs, slotOf,
} from '../../emulator/cpu/sysregs/index';
import { checkSysregAccess, resolveSysreg, resolveSysregTarget, type TrapCtx } from '../../emulator/cpu/traps/index';

const enc = (n: string): number => { const d = sysregByName(n)!; return encodeSysreg(d.op0, d.op1, d.crn, d.crm, d.op2); };
const row = (n: string) => behaviorByName(n)!;

describe('cpu/sysregs behaviour table', () => {
  it('names only registers of the isa table, each once, with distinct slots', () => {
    for (const r of SYSREG_BEHAVIORS) assert.equal(sysregByName(r.name)?.name, r.name, r.name);
    assert.equal(SYSREG_SLOTS.size, SYSREG_BEHAVIORS.length);
    const slots = new Set(SYSREG_SLOTS.values());
    assert.equal(slots.size, SYSREG_BEHAVIORS.length);
    assert.ok(!slots.has(SLOT_RAZ));
    assert.equal(SYSREG_SLOT_COUNT, SYSREG_BEHAVIORS.length + 1);
  });

  it('resets to the Cortex-A57 values QEMU reports (no EL3, VHE)', () => {
    const s = createSysregStore();
    resetSysregs(s, defaultConfig());
    const v = (n: string) => s[slotOf(n)];
    assert.equal(v('MIDR_EL1'), 0x411fd070n);
    assert.equal(v('VPIDR_EL2'), 0x411fd070n);
    assert.equal(v('MPIDR_EL1'), 0x80000000n);
    assert.equal(v('CTR_EL0'), 0x8444c004n);
    assert.equal(v('CLIDR_EL1'), 0x0a200023n);
    assert.equal(v('DCZID_EL0'), 4n);
    assert.equal(v('ID_AA64PFR0_EL1'), 0x222n, 'EL3 field cleared, no GICv3 with --gic 2');
    assert.equal(v('ID_AA64DFR0_EL1'), 0x10305106n);
    assert.equal(v('ID_AA64ISAR0_EL1'), 0x00011120n);
    assert.equal(v('ID_AA64MMFR0_EL1'), 0x00001124n);
    assert.equal((v('ID_AA64MMFR1_EL1') >> 8n) & 0xfn, 1n, 'VH');
    assert.equal(v('PMCR_EL0'), 0x41013000n);
    assert.equal(v('SCTLR_EL1'), 0x30d50838n);
    assert.equal(v('SCTLR_EL2'), 0x30c50830n);
    assert.equal(v('CPTR_EL2'), 0x33ffn);
    assert.equal(v('HCR_EL2'), 0n);
    assert.equal(v('MDCR_EL2'), 6n);
    assert.equal(A57.MVFR0, 0x10110222n);
  });

  it('reset depends on the configuration: core index and GIC version', () => {
    const s = createSysregStore();
    resetSysregs(s, defaultConfig({ cpuIndex: 9, gic: 3 }));
    assert.equal(s[slotOf('MPIDR_EL1')], 0x80000101n);
    assert.equal(s[slotOf('VMPIDR_EL2')], 0x80000101n);
    assert.equal(s[slotOf('ID_AA64PFR0_EL1')], 0x01000222n);
  });

  it('masks writes: RES0 bits stay 0, RES1 bits read 1, read-only fields hold', () => {
    assert.equal(maskedWrite(row('SCTLR_EL1'), 0n, 0n), 0x30d00800n);
    assert.equal(maskedWrite(row('SCTLR_EL1'), 0n, ~0n & ((1n << 64n) - 1n)), 0x37dddbbfn);
    assert.equal(maskedWrite(row('HCR_EL2'), 0n, (1n << 64n) - 1n), (1n << 35n) - 1n);
    assert.equal(maskedWrite(row('CPTR_EL2'), 0x33ffn, 0n), 0x33ffn);
    assert.equal(maskedWrite(row('CPTR_EL2'), 0x33ffn, 0x80100400n), 0x801037ffn);
    // E2H=1: CPTR_EL2 has the CPACR layout (FPEN 21:20, TTA 28), no RES1.
    assert.equal(maskedWrite(row('CPTR_EL2'), 0n, 0xffffffffn, true), 0x90300000n);
    // A timer's ISTATUS (bit 2) is read-only: writes keep the old value.
    assert.equal(maskedWrite(row('CNTV_CTL_EL0'), 4n, 3n), 7n);
    assert.equal(maskedWrite(row('CNTV_CTL_EL0'), 0n, 7n), 3n);
    // PMCR_EL0.N (15:11) and IDCODE/IMP are read-only.
    assert.equal(maskedWrite(row('PMCR_EL0'), 0x41013000n, 0n), 0x41013000n);
    assert.equal(maskedWrite(row('VTCR_EL2'), 0n, 0n), 0x80000000n);
  });

  it('every isa register accessed at EL2 without traps is implemented or UNDEFINED (counted)', () => {
    const cfgs = [defaultConfig({ gic: 2 }), defaultConfig({ gic: 3 })];
    const report: string[] = [];
    for (const cfg of cfgs) {
      for (const e2h of [0n, 1n]) {
        const ctx: TrapCtx = { el: 2, hcr: e2h << 34n, cptr: e2h ? 3n << 20n : 0n, mdcr: 0n, cpacr: 0n, cnthctl: 0n, sctlr: 0n, cfg };
        const seen = new Set<number>();
        let ok = 0, undef = 0;
        for (const d of SYSREG_ROWS) {
          const k = encodeSysreg(d.op0, d.op1, d.crn, d.crm, d.op2);
          if (seen.has(k)) continue;
          seen.add(k);
          const rd = checkSysregAccess(ctx, k, true);
          const wr = checkSysregAccess(ctx, k, false);
          for (const res of [rd, wr]) assert.notEqual(res.kind, 'trap', `${d.name} traps at EL2`);
          if (rd.kind === 'ok' || wr.kind === 'ok') {
            ok++;
            assert.notEqual(resolveSysregTarget(ctx, k), undefined, `${d.name}: accessible but no storage`);
          } else {
            undef++;
            assert.equal(resolveSysreg(ctx, k)?.row?.name === d.name && d.access !== 'rw', false, `${d.name}: implemented but UNDEFINED`);
          }
        }
        report.push(`gic${cfg.gic} E2H=${e2h}: ${seen.size} encodings, ${ok} implemented, ${undef} UNDEFINED`);
        assert.ok(ok > 150);
      }
    }
    console.log(`      ${report.join('\n      ')}`);
  });
});
