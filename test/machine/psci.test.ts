// PSCI on the virt board, driven by guest code as a kernel calls it. Expected values are what
// qemu-system-aarch64 7.2 returns (-M virt,virtualization=on -cpu cortex-a57 for the SMC
// conduit at EL2; -M virt for the HVC conduit at EL1); test/machine/qemu-diff.test.ts checks
// the same probe against QEMU itself when it is installed.

import { strict as assert } from 'node:assert';
import { SLOTS } from '../../emulator/cpu/cpu';
import { PSCI_FN, mpAffinity } from '../../emulator/machine/psci';
import { boot, psci, SYSTEM_OFF_SMC } from './boot';

const NEG = (v: number): bigint => BigInt.asUintN(64, BigInt(v));

/** Runs one PSCI call at EL2 through SMC, then SYSTEM_OFF; returns X0 after the call. */
function callEl2(fn: number, ...args: (number | bigint)[]): bigint {
  const t = boot(`${psci('smc', fn, ...args)}\n  mov x19, x0\n${SYSTEM_OFF_SMC}\n`);
  const stop = t.run();
  assert.equal(stop?.kind, 'poweroff', stop?.reason);
  return t.x(19);
}

describe('PSCI (virt, SMC conduit at EL2)', () => {
  it('reports PSCI 1.1', () => {
    assert.equal(callEl2(PSCI_FN.VERSION), 0x10001n);
  });

  it('answers PSCI_FEATURES: 0 for implemented functions, NOT_SUPPORTED otherwise', () => {
    assert.equal(callEl2(PSCI_FN.FEATURES, PSCI_FN.VERSION), 0n);
    assert.equal(callEl2(PSCI_FN.FEATURES, PSCI_FN.CPU_ON64), 0n);
    assert.equal(callEl2(PSCI_FN.FEATURES, PSCI_FN.FEATURES), 0n);
    assert.equal(callEl2(PSCI_FN.FEATURES, 0x8400dead), NEG(-1));
    assert.equal(callEl2(PSCI_FN.FEATURES, 0x84000012), NEG(-1)); // SYSTEM_RESET2
    assert.equal(callEl2(PSCI_FN.FEATURES, PSCI_FN.MIGRATE), NEG(-1));
  });

  it('says no Trusted OS is present (MIGRATE_INFO_TYPE = 2) and does not support MIGRATE', () => {
    assert.equal(callEl2(PSCI_FN.MIGRATE_INFO_TYPE), 2n);
    assert.equal(callEl2(PSCI_FN.MIGRATE64, 0), NEG(-1));
  });

  it('reports core 0 ON, a missing core INVALID_PARAMETERS, higher affinity levels ON', () => {
    assert.equal(callEl2(PSCI_FN.AFFINITY_INFO64, 0, 0), 0n);
    assert.equal(callEl2(PSCI_FN.AFFINITY_INFO, 0, 0), 0n);
    assert.equal(callEl2(PSCI_FN.AFFINITY_INFO64, 1, 0), NEG(-2));
    assert.equal(callEl2(PSCI_FN.AFFINITY_INFO64, 1, 1), 0n);
    // The MPIDR_EL1 value with its RES1 bit 31 is not an affinity: QEMU matches exactly.
    assert.equal(callEl2(PSCI_FN.AFFINITY_INFO64, 0x80000000, 0), NEG(-2));
  });

  it('refuses CPU_ON of the running core (ALREADY_ON) and of a core that does not exist (INVALID_PARAMETERS)', () => {
    assert.equal(callEl2(PSCI_FN.CPU_ON64, 0, 0x40080000, 0), NEG(-4));
    assert.equal(callEl2(PSCI_FN.CPU_ON, 0, 0x40080000, 0), NEG(-4));
    assert.equal(callEl2(PSCI_FN.CPU_ON64, 5, 0x40080000, 0), NEG(-2));
    assert.equal(mpAffinity(9), 0x101);
  });

  it('returns NOT_SUPPORTED (-1 in all of X0) for any other function id', () => {
    assert.equal(callEl2(0x84000050), NEG(-1));
    assert.equal(callEl2(0x12345678), NEG(-1));
    assert.equal(callEl2(0x80000000), NEG(-1)); // SMCCC_VERSION: not implemented by QEMU 7.2
  });

  it('powers the machine off on SYSTEM_OFF (exit status 0) and stops on SYSTEM_RESET', () => {
    const off = boot(`mov x19, #1\n${SYSTEM_OFF_SMC}\nmov x19, #2\n`);
    assert.deepEqual(off.run(), { kind: 'poweroff', reason: 'psci: SYSTEM_OFF', exitStatus: 0 });
    assert.equal(off.x(19), 1n);
    assert.ok(off.events.some((e) => e.kind === 'psci' && e.fn === 'SYSTEM_OFF'));
    const reset = boot(psci('smc', PSCI_FN.SYSTEM_RESET));
    assert.equal(reset.run()?.kind, 'reset');
  });

  it('stops the machine when the only core calls CPU_OFF', () => {
    const t = boot(psci('smc', PSCI_FN.CPU_OFF));
    const s = t.run();
    assert.equal(s?.kind, 'poweroff');
    assert.match(s?.reason ?? '', /CPU_OFF/);
  });

  it('does not treat HVC as PSCI at EL2: it is an HVC exception to EL2 (EC 0x16)', () => {
    const t = boot(`
      adr x1, vec
      msr vbar_el2, x1
      ${psci('hvc', PSCI_FN.VERSION)}
      b .
      .balign 0x800
    vec:
      .org vec + 0x200
      mrs x20, esr_el2
      ${SYSTEM_OFF_SMC}
    `);
    assert.equal(t.run()?.kind, 'poweroff');
    assert.equal(t.x(20), 0x5a000000n);
  });

  it('serves SMC from EL1 too when HCR_EL2.TSC is clear (a guest kernel under a hypervisor)', () => {
    const t = boot(`
      mov x1, #(1 << 31)
      msr hcr_el2, x1
      mov x1, #0x3c5
      msr spsr_el2, x1
      adr x1, el1
      msr elr_el2, x1
      eret
    el1:
      ${psci('smc', PSCI_FN.VERSION)}
      mov x19, x0
      mrs x20, CurrentEL
      ${SYSTEM_OFF_SMC}
    `);
    assert.equal(t.run()?.kind, 'poweroff');
    assert.equal(t.x(19), 0x10001n);
    assert.equal(t.x(20), 4n);
  });
});

describe('PSCI (virt without virtualization: HVC conduit at EL1)', () => {
  it('starts at EL1h and answers PSCI through HVC', () => {
    const t = boot(`
      mrs x20, CurrentEL
      ${psci('hvc', PSCI_FN.VERSION)}
      mov x19, x0
      ${psci('hvc', 0x84000050)}
      mov x21, x0
      ${psci('hvc', PSCI_FN.SYSTEM_OFF)}
    `, { el: 1 });
    assert.equal(t.run()?.kind, 'poweroff');
    assert.equal(t.x(20), 4n);
    assert.equal(t.x(19), 0x10001n);
    assert.equal(t.x(21), NEG(-1));
  });

  it('makes SMC UNDEFINED there (no EL3, not the conduit)', () => {
    const t = boot(`
      adr x1, vec
      msr vbar_el1, x1
      ${psci('smc', PSCI_FN.VERSION)}
      b .
      .balign 0x800
    vec:
      .org vec + 0x200
      mrs x20, esr_el1
      ${psci('hvc', PSCI_FN.SYSTEM_OFF)}
    `, { el: 1 });
    assert.equal(t.run()?.kind, 'poweroff');
    assert.equal(t.x(20), 0x02000000n);
    assert.equal(t.m.cpu.sys[SLOTS.ELR_EL1] & 0xfffn, 0x00cn);
  });
});
