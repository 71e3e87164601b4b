// Isolation under the KVM-style hypervisors (issue 7): a hostile guest (fixtures/hostile.S) gets
// ENOSYS for unknown hypercalls, a data abort injected for every access no device or RAM backs
// (KVM's inject_abt: ESR_EL1/FAR_EL1/ELR_EL1, VBAR_EL1 + 0x200), UNDEFINED for SMC, device errors
// or RAZ/WI for garbage to virtio-mmio and the GIC distributor; the host keeps running and no
// byte outside the guest's own RAM changes.

import { strict as assert } from 'node:assert';
import { KVM_LAYOUT } from '../../emulator/hypervisors/kvm/system';
import { runToStop } from '../../emulator/hypervisors/microbench';
import { bootGuest, guestImage, quadAt } from './kvm-helpers';

const ENOSYS = BigInt.asUintN(64, -38n);
const DABT_EL1 = (0x25n << 26n) | (1n << 25n) | 0x10n; // data abort, current EL, IL, synchronous external abort

for (const hyp of ['kvm', 'kvm-vhe'] as const) {
  describe(`hostile guest under ${hyp}`, function () {
    const uart: number[] = [];
    const sys = bootGuest(hyp, 'hostile.S', { uart });
    const bus = sys.machine.bus;
    // Canaries in the other VM's RAM (where the guest's "0x45000000" would land if it were a PA).
    const otherVm = KVM_LAYOUT.VM_RAM_PA_BASE + KVM_LAYOUT.VM_RAM_SIZE;
    const canary = (i: number): number => 0xc0ffee00 + i;
    for (let i = 0; i < 64; i++) bus.view.setUint32(otherVm - bus.ramBase + 4 * i, canary(i), true);
    const hostText = bus.u8.slice(KVM_LAYOUT.HOST_BASE - bus.ramBase, KVM_LAYOUT.HOST_BASE - bus.ramBase + 0x1000);
    before(function () { runToStop(sys, 10_000_000); });
    const result = (i: number): bigint => quadAt(sys, guestImage(sys), 'results', i);
    const abort = (i: number): bigint[] => [0, 1, 2].map((k) => quadAt(sys, guestImage(sys), 'aborts', 3 * i + k));

    it('runs to the end and the host powers the machine off normally', function () {
      assert.equal(sys.machine.stopped?.kind, 'poweroff');
      assert.equal(Buffer.from(uart).toString(), 'survived\n');
    });

    it('unknown hypercalls return ENOSYS (-38) and preserve the other registers; the null hypercall still works', function () {
      assert.equal(result(0), ENOSYS);
      assert.equal(result(1), 0x7777n);
      assert.equal(result(2), ENOSYS);
      assert.equal(result(3), BigInt.asUintN(64, -1n), 'unknown PSCI function: NOT_SUPPORTED');
      assert.equal(result(4), 0n);
    });

    it('unbacked IPAs (a hole, past its RAM, another VM\'s PA, beyond the IPA space, LDP to MMIO) get a data abort injected', function () {
      assert.equal(result(5), 0x55n, 'the faulting load did not write its register');
      const fars = [0x20000000n, 0x41000000n, 0x45000000n, 0x100000000n, 0x0a000000n];
      fars.forEach((far, i) => {
        const [esr, f, elr] = abort(i);
        assert.equal(esr, DABT_EL1, `abort ${i} ESR_EL1`);
        assert.equal(f, far, `abort ${i} FAR_EL1`);
        assert.ok(elr >= 0x40000000n && elr < 0x40000200n, `abort ${i} ELR_EL1 in the guest's code`);
      });
      assert.equal(abort(5)[0], 1n << 25n, 'SMC: UNDEFINED (EC 0, IL)');
      assert.equal(result(13), 18n, 'six exceptions recorded, no more');
    });

    it('garbage to virtio-mmio: DEVICE_NEEDS_RESET for a bad queue size and rings outside RAM, RAZ/WI elsewhere', function () {
      assert.equal(result(6), 0x74726976n);
      assert.equal(result(7) & 0x40n, 0x40n);
      assert.equal(result(8), 0n, 'a reset clears it');
      assert.equal(result(9) & 0x40n, 0x40n);
      assert.equal(result(10), 0n);
    });

    it('garbage to the GIC distributor is ignored; it keeps answering', function () {
      assert.equal(result(11), 0n);
      assert.equal(result(12), 1n, 'GICD_TYPER: 64 INTIDs, one vCPU');
    });

    it('no byte outside the guest\'s RAM changed: the other VM\'s memory and the host kernel\'s code (first 4 KiB)', function () {
      for (let i = 0; i < 64; i++) assert.equal(bus.view.getUint32(otherVm - bus.ramBase + 4 * i, true), canary(i));
      const now = bus.u8.slice(KVM_LAYOUT.HOST_BASE - bus.ramBase, KVM_LAYOUT.HOST_BASE - bus.ramBase + 0x1000);
      assert.deepEqual(now, hostText);
    });
  });
}
