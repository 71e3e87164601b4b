// Two VMs share one core (the VM switch benchmark's topology): each VM's EL1 state must be the
// one it left, whatever the hypervisor keeps in the CPU between exits — split-mode KVM switches
// it at every exit, Xen at every context switch, KVM-VHE only when another vCPU needs the core
// (switch-vhe.inc vcpu_load/put). The test gives the second VM an EL1 register value of its own
// (TPIDR_EL1, as if the guest had written it) at its first entry, then checks every entry of
// every VM into EL1: the value is that VM's, never the other's.

import { strict as assert } from 'node:assert';
import { slotOf } from '../../emulator/cpu/sysregs';
import { createHypSystem } from '../../emulator/hypervisors/index';
import { runToStop } from '../../emulator/hypervisors/microbench';
import type { HypSystem } from '../../emulator/hypervisors/types';
import type { TraceEvent } from '../../emulator/trace/events';

const TPIDR = slotOf('TPIDR_EL1');
const VTTBR = slotOf('VTTBR_EL2');
const MARK = 0xfeed00000002n;

describe('VM state isolation across VM switches', function () {
  this.timeout(120000);
  for (const hyp of ['kvm', 'kvm-vhe', 'xen'] as const) {
    it(`${hyp}: each VM finds its own EL1 state after VM switches on its core`, function () {
      let sys: HypSystem | null = null;
      const expected = new Map<number, bigint>();
      const entries = new Map<number, number>();
      let marked = -1;
      const wrong: string[] = [];
      const sink = (e: TraceEvent): void => {
        if (e.kind !== 'eret' || e.toEl !== 1 || !sys) return;
        const c = sys.machine.cpus[e.cpu];
        const vmid = Number(c.sys[VTTBR] >> 48n);
        if (vmid === 0) return; // a KVM host (Stage 2 off)
        entries.set(vmid, (entries.get(vmid) ?? 0) + 1);
        const want = expected.get(vmid);
        if (want === undefined) {
          // The benchmark's DomUs/VMs have the highest VMIDs; the last one to appear gets the mark.
          if (vmid >= 2 && marked < 0 && expected.size >= 1) { c.sys[TPIDR] = MARK; marked = vmid; }
          expected.set(vmid, c.sys[TPIDR]);
        } else if (c.sys[TPIDR] !== want && wrong.length < 5) {
          wrong.push(`VMID ${vmid} entry ${entries.get(vmid)}: TPIDR_EL1 0x${c.sys[TPIDR].toString(16)}, its own 0x${want.toString(16)}`);
        }
      };
      sys = createHypSystem(hyp, { benchmark: 'vm-switch', iterations: 10, trace: sink });
      runToStop(sys, 20_000_000);
      assert.ok(marked > 0, 'a second VM entered EL1 and was given its own TPIDR_EL1');
      assert.ok((entries.get(marked) ?? 0) > 5 && [...entries.values()].filter((n) => n > 5).length >= 2, `both VMs re-entered many times: ${[...entries]}`);
      assert.deepEqual(wrong, []);
    });
  }
});
