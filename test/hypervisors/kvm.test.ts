// The KVM-style split-mode hypervisor (emulator/hypervisors/kvm): the lowvisor's world switch
// keeps a guest's EL1 world bit-identical across a hypercall, and the hypercall benchmark runs
// end to end with the guest's own PMCCNTR_EL0 samples.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cpu } from '../../emulator/cpu/cpu';
import { SYSREG_BEHAVIORS, behaviorByName, maskedWrite, slotOf } from '../../emulator/cpu/sysregs';
import { symbolPa } from '../../emulator/hypervisors/images';
import { KvmSystem } from '../../emulator/hypervisors/kvm/system';
import type { HypervisorName } from '../../emulator/hypervisors/types';

const FIXTURES = join(__dirname, 'fixtures');

/** A guest fixture under a KVM-style hypervisor. */
export function bootGuest(hyp: HypervisorName, file: string, extra: { cpus?: number; uart?: number[] } = {}): KvmSystem {
  const fileName = join(FIXTURES, file);
  return new KvmSystem(hyp, {
    guest: { fileName, text: readFileSync(fileName, 'utf8') }, cpus: extra.cpus,
    uartOutput: (b) => extra.uart?.push(b),
  });
}

/** Runs core 0 one instruction at a time until it is at `pc` at EL1 (the guest), or throws. */
export function runTo(sys: KvmSystem, pc: bigint, limit = 200_000): void {
  const c = sys.machine.cpus[0];
  for (let i = 0; i < limit; i++) {
    if (c.el === 1 && c.pc === pc && sys.machine.cpus[0].sys[slotOf('VTTBR_EL2')] !== 0n) return;
    const st = sys.machine.runSlice(1);
    if (st) throw new Error(`machine stopped before 0x${pc.toString(16)}: ${st.reason}`);
  }
  throw new Error(`guest never reached 0x${pc.toString(16)}`);
}

/** The guest-visible EL1 world: GP (x1..x30; x0 is the hypercall's result), FP/SIMD, PSTATE, EL1/EL0 system registers. */
function el1World(c: Cpu): Map<string, string> {
  const w = new Map<string, string>();
  for (let n = 1; n <= 30; n++) w.set(`x${n}`, c.xBig(n).toString(16));
  for (let n = 0; n < 32; n++) w.set(`q${n}`, Array.from(c.v.subarray(4 * n, 4 * n + 4), (x) => x.toString(16)).join(':'));
  w.set('fpsr', c.fpsr.toString(16));
  w.set('fpcr', c.fpcr.toString(16));
  w.set('nzcv', c.nzcv().toString(2));
  w.set('daif', c.daif.toString(2));
  w.set('SP_EL0', `${c.spRegs[1].toString(16)}${c.spRegs[0].toString(16).padStart(8, '0')}`);
  w.set('SP_EL1', `${c.spRegs[3].toString(16)}${c.spRegs[2].toString(16).padStart(8, '0')}`);
  for (const r of SYSREG_BEHAVIORS) {
    if (!/_EL[01]$/.test(r.name) || r.hook !== undefined) continue; // hooked ones live in their device
    w.set(r.name, c.sys[slotOf(r.name)].toString(16));
  }
  return w;
}

/** EL1 registers the split-mode host kernel does not rely on (its MMU is off, it takes no exception here). */
const HOST_SCRATCH = ['TTBR0_EL1', 'TTBR1_EL1', 'TCR_EL1', 'MAIR_EL1', 'AMAIR_EL1', 'ESR_EL1', 'FAR_EL1', 'PAR_EL1', 'CONTEXTIDR_EL1',
  'TPIDR_EL0', 'TPIDRRO_EL0', 'CSSELR_EL1', 'MDSCR_EL1', 'CNTKCTL_EL1', 'ELR_EL1', 'SPSR_EL1', 'AFSR0_EL1', 'AFSR1_EL1'];

describe('KVM split mode (lowvisor + host kernel)', function () {
  it('a null hypercall round trip leaves the guest EL1 world bit-identical', function () {
    const sys = bootGuest('kvm', 'el1-state.S');
    const guest = sys.images.find((i) => i.role === 'vm1')!;
    const at = guest.symbols.get('null_hvc')!;
    runTo(sys, at);
    const c = sys.machine.cpus[0];
    const before = el1World(c);
    assert.equal(before.get('x7'), (0x0101010101010101n * 7n + 0x7000n).toString(16), 'the fixture set its registers');
    assert.equal(before.get('TTBR1_EL1'), '1fedcba987000');
    const exceptions = c.icount;
    // Once the host kernel runs (EL1, Stage-2 off), it "uses" the registers it does not depend on
    // (MMU off, no FP), so a missing restore shows instead of leaving the guest's value in place.
    for (let i = 0; i < 10_000 && !(c.el === 1 && c.sys[slotOf('VTTBR_EL2')] === 0n); i++) sys.machine.runSlice(1);
    assert.equal(c.el, 1, 'reached the host');
    for (let n = 0; n < 128; n++) c.v[n] = 0xdead0000 + n;
    c.fpsr = 0; c.fpcr = 0;
    c.spRegs[0] = 0x1234; c.spRegs[1] = 0;
    for (const name of HOST_SCRATCH) c.sys[slotOf(name)] = maskedWrite(behaviorByName(name)!, c.sys[slotOf(name)], 0x5a5a5a5a000n);
    runTo(sys, at + 4n);
    assert.ok(c.icount - exceptions > 100, 'the round trip went through the host kernel');
    assert.equal(c.xBig(0), 0n, 'null hypercall returns 0');
    const after = el1World(c);
    const diff = [...before].filter(([k, v]) => after.get(k) !== v).map(([k, v]) => `${k}: ${v} -> ${after.get(k)}`);
    assert.deepEqual(diff, []);
    assert.ok(before.size > 60, `compared ${before.size} registers`);
  });

  it('the host kernel really ran at EL1 in between (its exit counter moved)', function () {
    const sys = bootGuest('kvm', 'el1-state.S');
    const host = sys.images.find((i) => i.role === 'host')!;
    const st = sys.machine.runSlice(1_000_000);
    assert.equal(st?.kind, 'poweroff');
    // vCPU 0 of VM 1: two exits (the null hypercall and SYSTEM_OFF)
    const vcpu = symbolPa(host, 'kvm_vcpu_structs');
    const exits = sys.machine.bus.view.getBigUint64(vcpu + Number(host.symbols.get('VCPU_EXITS')!) - sys.machine.bus.ramBase, true);
    assert.equal(exits, 2n);
  });

  it('the hypercall benchmark records one sample per timed iteration and reports their mean', function () {
    const sys = new KvmSystem('kvm', { benchmark: 'hypercall', iterations: 25 });
    const st = sys.machine.runSlice(5_000_000);
    assert.equal(st?.kind, 'poweroff', st?.reason);
    const cycles = sys.benchmarkCycles();
    assert.ok(cycles !== null && cycles > 200, `hypercall cycles ${cycles}`);
    const guest = sys.images.find((i) => i.role === 'vm1')!;
    const n = sys.machine.bus.view.getBigUint64(symbolPa(guest, 'bench_samples') - sys.machine.bus.ramBase, true);
    assert.equal(n, 25n);
  });
});
