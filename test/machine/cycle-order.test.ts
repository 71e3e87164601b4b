// Cycle-ordered interleaving (emulator/machine/machine.ts): busy cores with different
// cycles-per-instruction keep their clocks (Cpu.cycles, what PMCCNTR_EL0 and CNTVCT_EL0 count)
// within CYCLE_SLACK of each other at every slice boundary, plus at most one instruction's cost.
// Under the former fixed 1000-instruction round robin, these loops drift apart by hundreds of cycles.

import { strict as assert } from 'node:assert';
import { CYCLE_SLACK } from '../../emulator/machine/machine';
import { PSCI_FN } from '../../emulator/machine/psci';
import { boot, psci } from './boot';

/** Largest cost of an instruction in the loops below: STP (emulator/cost/table.ts 'store-pair'). */
const MAX_INSN_COST = 5;

/** Core 0 powers on cores 1..n-1; every core then loops forever on its own instruction mix. */
function program(cores: number): string {
  const on: string[] = [];
  for (let i = 1; i < cores; i++) on.push(`  adr x2, secondary\n${psci('smc', PSCI_FN.CPU_ON64, i)}`); // x1 = target MPIDR, x2 = entry
  return `
  .global _start
_start:
${on.join('\n')}
  ldr x5, =0x41000000
  mov x6, #0
0:                        // ALU-heavy: about 1.2 cycles per instruction
  add x6, x6, #1
  eor x7, x6, x6, lsl #3
  add x8, x7, x6
  orr x9, x8, #1
  str x9, [x5]
  b 0b

secondary:
  mrs x5, mpidr_el1
  and x5, x5, #0xff
  ldr x6, =0x41001000
  add x5, x6, x5, lsl #8
1:                        // memory-heavy: about 4 cycles per instruction
  ldp x1, x2, [x5]
  stp x2, x1, [x5, #16]
  ldr x3, [x5, #8]
  add x3, x3, #1
  str x3, [x5, #8]
  b 1b
`;
}

function spreadOf(cycles: number[]): number {
  return Math.max(...cycles) - Math.min(...cycles);
}

describe('cycle-ordered interleaving of cores', function () {
  this.timeout(120000);

  for (const cores of [2, 3, 4]) {
    it(`keeps ${cores} busy cores' clocks within CYCLE_SLACK at every slice`, () => {
      const t = boot(program(cores), { cpus: cores });
      const { m } = t;
      let worst = 0;
      // Slices of odd sizes so boundaries fall anywhere in a core's turn.
      for (let i = 0; i < 4000 && !m.stopped; i++) {
        m.runSlice(7 + (i % 13) * 11);
        const on = m.cpus.filter((c) => m.power[c.index] === 'on');
        if (on.length < cores) continue; // still powering the secondaries on
        worst = Math.max(worst, spreadOf(on.map((c) => c.cycles)));
      }
      assert.equal(m.stopped, null, m.stopped?.reason);
      for (const c of m.cpus) assert.equal(m.power[c.index], 'on', `core ${c.index} was powered on`);
      // The loops really differ in cycles per instruction: round robin by instructions would drift.
      const cpi = m.cpus.map((c) => c.cycles / c.icount);
      assert.ok(cpi[1] > 2 * cpi[0], `CPI ${cpi.map((x) => x.toFixed(2)).join(', ')}`);
      assert.ok(m.cpus[cores - 1].icount > 50_000, `core ${cores - 1} ran ${m.cpus[cores - 1].icount} instructions`);
      console.log(`      ${cores} cores: worst spread ${worst} cycles`);
      assert.ok(worst <= CYCLE_SLACK + 4 * MAX_INSN_COST, `clocks drifted ${worst} cycles apart (slack ${CYCLE_SLACK})`);
    });
  }

  it('is deterministic: the same program gives the same clocks and instruction counts', () => {
    const runOnce = (): string => {
      const t = boot(program(3), { cpus: 3 });
      for (let i = 0; i < 500; i++) t.m.runSlice(1000);
      return t.m.cpus.map((c) => `${c.icount}/${c.cycles}/${c.pc}`).join(' ');
    };
    assert.equal(runOnce(), runOnce());
  });
});
