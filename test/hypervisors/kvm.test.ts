// The KVM-style hypervisors (emulator/hypervisors/kvm), split mode and VHE: a hypercall round
// trip keeps the guest's EL1 world bit-identical, the sample guest prints and takes its virtual
// timer interrupt, a Stage-2 fault on virtio-mmio is emulated with the right value, a virtual IPI
// sent by vCPU 0 arrives at vCPU 1, and the hypercall benchmark runs end to end.

import { strict as assert } from 'node:assert';
import { behaviorByName, maskedWrite, slotOf } from '../../emulator/cpu/sysregs';
import { symbolPa } from '../../emulator/hypervisors/images';
import { createHypSystem } from '../../emulator/hypervisors/index';
import { KvmSystem } from '../../emulator/hypervisors/kvm/system';
import { runToStop } from '../../emulator/hypervisors/microbench';
import { bootGuest, el1World, guestImage, quadAt, runTo } from './kvm-helpers';

/**
 * EL1 registers a KVM host kernel does not rely on here (its MMU is off, it takes no exception
 * while we poison them): the split-mode host owns them between exits; under VHE they are the
 * guest's registers, which the host leaves alone and the entry path must restore anyway.
 */
const HOST_SCRATCH = ['TTBR0_EL1', 'TTBR1_EL1', 'TCR_EL1', 'MAIR_EL1', 'AMAIR_EL1', 'ESR_EL1', 'FAR_EL1', 'PAR_EL1', 'CONTEXTIDR_EL1',
  'TPIDR_EL0', 'TPIDRRO_EL0', 'CSSELR_EL1', 'MDSCR_EL1', 'CNTKCTL_EL1', 'ELR_EL1', 'SPSR_EL1', 'AFSR0_EL1', 'AFSR1_EL1'];

for (const hyp of ['kvm', 'kvm-vhe'] as const) {
  describe(`KVM-style hypervisor: ${hyp}`, function () {
    it('a null hypercall round trip leaves the guest EL1 world bit-identical', function () {
      const sys = bootGuest(hyp, 'el1-state.S');
      const at = guestImage(sys).symbols.get('null_hvc')!;
      runTo(sys, at);
      const c = sys.machine.cpus[0];
      const before = el1World(c);
      assert.equal(before.get('x7'), (0x0101010101010101n * 7n + 0x7000n).toString(16), 'the fixture set its registers');
      assert.equal(before.get('TTBR1_EL1'), '1fedcba987000');
      const start = c.icount;
      // Once the host kernel runs (Stage-2 off), registers it does not rely on get other values,
      // so a missing restore shows instead of leaving the guest's value in place.
      for (let i = 0; i < 10_000 && !(c.sys[slotOf('VTTBR_EL2')] === 0n && c.pc >= 0x40200000n && c.pc < 0x44000000n); i++) sys.machine.runSlice(1);
      assert.equal(c.sys[slotOf('VTTBR_EL2')], 0n, 'reached the host kernel');
      if (hyp === 'kvm') {
        // Split mode switches the EL1 world at every exit: scribble over it, the entry restores it.
        for (let n = 0; n < 128; n++) c.v[n] = 0xdead0000 + n;
        c.fpsr = 0; c.fpcr = 0;
        c.spRegs[0] = 0x1234; c.spRegs[1] = 0;
        for (const name of HOST_SCRATCH) c.sys[slotOf(name)] = maskedWrite(behaviorByName(name)!, c.sys[slotOf(name)], 0x5a5a5a5a000n);
      } else {
        // VHE keeps the guest's EL1 state (and FP, once used) in the CPU while the host runs at
        // EL2 (switch-vhe.inc): in the middle of the exit it is still there, untouched.
        const inHost = el1World(c);
        const perExit = new Set(['nzcv', 'daif', 'SP_EL0', 'MDSCR_EL1']); // switched at every exit, as Xen does
        const moved = [...before].filter(([k, v]) => !/^x[0-9]+$/.test(k) && !perExit.has(k) && inHost.get(k) !== v);
        assert.deepEqual(moved.map(([k]) => k), [], 'EL1 and FP state left in the CPU during the exit');
      }
      runTo(sys, at + 4n);
      assert.ok(c.icount - start > 100, 'the round trip went through the host kernel');
      assert.equal(c.xBig(0), 0n, 'null hypercall returns 0');
      const after = el1World(c);
      const diff = [...before].filter(([k, v]) => after.get(k) !== v).map(([k, v]) => `${k}: ${v} -> ${after.get(k)}`);
      assert.deepEqual(diff, []);
      assert.ok(before.size > 60, `compared ${before.size} registers`);
    });

    it('the host kernel handled exactly the guest\'s two exits (null hypercall, SYSTEM_OFF)', function () {
      const sys = bootGuest(hyp, 'el1-state.S');
      runToStop(sys, 1_000_000);
      const host = sys.images.find((i) => i.role === 'host')!;
      const vcpu = symbolPa(host, 'kvm_vcpu_structs');
      const exits = sys.machine.bus.view.getBigUint64(vcpu + Number(host.symbols.get('VCPU_EXITS')!) - sys.machine.bus.ramBase, true);
      assert.equal(exits, 2n);
    });

    it('`run --hyp` guest: hello.S prints through the virtual UART and takes its virtual timer interrupt', function () {
      const uart: number[] = [];
      const events: string[] = [];
      const sys = createHypSystem(hyp, {
        uartOutput: (b) => uart.push(b),
        trace: (e) => { if (e.kind === 'irq-inject' || (e.kind === 'irq-ack' && e.virtual)) events.push(`${e.kind}:${e.kind === 'irq-inject' ? e.vintid : e.intid}`); },
      });
      runToStop(sys, 5_000_000);
      const text = Buffer.from(uart).toString();
      assert.match(text, /^Hello from a guest at EL1/);
      assert.match(text, /virtual timer interrupt \(INTID 27\) taken and completed\n$/);
      assert.ok(events.includes('irq-inject:27') && events.includes('irq-ack:27'), events.join(' '));
    });

    it('a Stage-2 fault on virtio-mmio is emulated: the guest reads the device\'s registers', function () {
      const sys = bootGuest(hyp, 'hostile.S');
      runToStop(sys, 5_000_000);
      assert.equal(quadAt(sys, guestImage(sys), 'results', 6), 0x74726976n, 'MagicValue "virt"');
    });

    it('a virtual IPI sent by vCPU 0 arrives at vCPU 1 on the other physical core', function () {
      const sys = new KvmSystem(hyp, { benchmark: 'virtual-ipi', iterations: 5 });
      const acks: number[] = [];
      sys.machine.cpus.forEach((c) => { c.trace = (e) => { if (e.kind === 'irq-ack' && e.virtual) acks.push(e.cpu * 100 + e.intid); }; });
      sys.machine.gic.trace = (e) => { if (e.kind === 'irq-ack' && e.virtual) acks.push(e.cpu * 100 + e.intid); };
      runToStop(sys, 10_000_000);
      assert.equal(sys.machine.cpus.length, 2);
      assert.equal(quadAt(sys, guestImage(sys), 'bench_samples'), 5n, 'every timed round trip recorded');
      // vCPU 1 (core 1) acknowledges each ping (SGI 5); vCPU 0 (core 0) each pong (SGI 6).
      assert.equal(acks.filter((a) => a === 105).length, 15, `virtual acks (core*100+INTID): ${acks.join(',')}`);
      assert.equal(acks.filter((a) => a === 6).length, 15);
      assert.equal(acks.length, 30);
      assert.ok((sys.benchmarkCycles() ?? 0) > 0);
    });

    it('the hypercall benchmark records one sample per timed iteration and reports their mean', function () {
      const sys = new KvmSystem(hyp, { benchmark: 'hypercall', iterations: 25 });
      runToStop(sys, 5_000_000);
      const cycles = sys.benchmarkCycles();
      assert.ok(cycles !== null && cycles > 200, `hypercall cycles ${cycles}`);
      assert.equal(quadAt(sys, guestImage(sys), 'bench_samples'), 25n);
      assert.deepEqual(sys.machine.cpus.flatMap((c) => [...c.undefinedCounts]), [], 'no UNDEFINED instruction anywhere');
    });
  });
}
