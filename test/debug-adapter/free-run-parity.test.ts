// A debug session runs the machine with the board's own scheduling loop (Machine.runTurns): a
// continue to the end of a two-core benchmark must retire the same instructions, end with the
// same per-core cycles and record the same benchmark samples as a free run (`armvirt bench`).
// With the debugger's former round-robin loop the virtual IPI's cores interleaved differently.

import { strict as assert } from 'node:assert';
import { Debugger } from '../../debug-adapter/model/debugger';
import { Target } from '../../debug-adapter/model/target';
import { createHypSystem } from '../../emulator/hypervisors/index';
import { runToStop } from '../../emulator/hypervisors/microbench';
import type { HypervisorName, MicroBenchmark } from '../../emulator/hypervisors/types';

function debugRun(hypervisor: HypervisorName, benchmark: MicroBenchmark, iterations: number): Promise<Target> {
  return new Promise((resolve, reject) => {
    const target = new Target({ kind: 'system', build: (trace, uartOutput) => createHypSystem(hypervisor, { benchmark, iterations, trace, uartOutput }) },
      { output: () => undefined }, () => null);
    const dbg = new Debugger(target, {
      output: () => undefined,
      stopped: (s) => reject(new Error(`stopped: ${s.reason}`)),
      exited: () => resolve(target),
    });
    dbg.continue().catch(reject);
  });
}

describe('debugger run loop = the board\'s', function () {
  this.timeout(120000);
  for (const hyp of ['kvm', 'xen'] as const) {
    it(`${hyp} virtual IPI (two cores): same instructions, cycles and samples under the debugger as free-running`, async () => {
      const free = createHypSystem(hyp, { benchmark: 'virtual-ipi', iterations: 5 });
      runToStop(free, 50_000_000);
      const t = await debugRun(hyp, 'virtual-ipi', 5);
      assert.equal(t.machine.stopped?.kind, 'poweroff');
      assert.deepEqual(t.machine.cpus.map((c) => c.icount), free.machine.cpus.map((c) => c.icount));
      assert.deepEqual(t.machine.cpus.map((c) => c.cycles), free.machine.cpus.map((c) => c.cycles));
      assert.equal(t.system!.benchmarkCycles(), free.benchmarkCycles());
    });
  }
});
