// Compiled C programs (test/programs/c: string functions, printf, sorting, CRC, SHA-256, a Forth-like
// interpreter) run under QEMU and under armvirt; the UART output must be byte-identical and both
// must power off through PSCI SYSTEM_OFF. Skipped when the cross gcc or QEMU is not installed.

import { strict as assert } from 'node:assert';
import { PROGRAMS, buildProgram, haveCrossGcc, type BuildOptions } from './c/build';
import { comparable, haveQemu, runArmvirt, runQemu } from './runners';

/** Ample for the largest program (SHA-256 of one million 'a', about 55 M instructions). */
const MAX_INSNS = 500_000_000;

describe('compiled C programs: armvirt UART output equals QEMU\'s', function () {
  this.timeout(300_000);
  before(function () {
    if (!haveCrossGcc() || !haveQemu()) this.skip();
  });

  const cases: Array<[string, string, BuildOptions]> = [
    ...PROGRAMS.map((p): [string, string, BuildOptions] => [p, p, {}]),
    // bench/speed.ts's workloads, shrunk so they stay cheap here but cannot rot.
    ['bench (1 round)', 'bench', { defines: { ROUNDS: 1 } }],
    ['alu (1000 iterations)', 'alu', { defines: { ITERS: 1000 } }],
  ];
  for (const [title, name, opts] of cases) {
    it(title, function () {
      const elf = buildProgram(name, opts);
      const q = runQemu(elf, { timeoutMs: 60_000 });
      assert.ok(!q.timedOut, `QEMU did not power off within 60 s (output so far:\n${q.output})`);
      assert.equal(q.status, 0, `QEMU exit status ${q.status}: ${q.stderr}`);
      assert.ok(q.output.length > 0, 'QEMU printed nothing');
      const a = runArmvirt(elf, { maxInsns: MAX_INSNS });
      const undef = Object.entries(a.undefined).map(([k, v]) => `${k}×${v}`).join(', ');
      assert.equal(comparable(a.output), comparable(q.output), `UART output differs (armvirt stop: ${a.stop}: ${a.reason}; ${a.instructions} instructions${undef ? '; UNDEFINED: ' + undef : ''})`);
      assert.equal(a.stop, 'poweroff', `armvirt stopped with ${a.stop}: ${a.reason}`);
      assert.deepEqual(a.undefined, {}, 'no UNDEFINED instruction may be taken');
    });
  }
});
