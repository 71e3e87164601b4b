// The memory model against QEMU, every instruction (the lockstep harness of test/lockstep): the
// programs in test/memory/programs fault at each level and stage, read ESR/FAR/HPFAR/PAR into
// registers, and so compare every syndrome with QEMU's (skipped without QEMU or binutils).

import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveGnuToolchain } from '../support/gnu-as';
import { makeArmvirtTarget } from '../lockstep/armvirt-target';
import { buildProgram } from '../lockstep/build';
import { formatResult, runLockstep } from '../lockstep/lockstep';
import { haveQemu } from '../lockstep/qemu-target';

const DIR = join(__dirname, 'programs');

(haveQemu() && haveGnuToolchain() ? describe : describe.skip)('memory: MMU programs in lockstep with QEMU', function () {
  this.timeout(600000);
  const out = mkdtempSync(join(tmpdir(), 'armvirt-mmu-'));
  after(() => rmSync(out, { recursive: true, force: true }));
  for (const f of readdirSync(DIR).filter((n) => n.endsWith('.S'))) {
    it(f, async () => {
      const prog = buildProgram(join(DIR, f), { outDir: out });
      const r = await runLockstep(prog, makeArmvirtTarget);
      assert.ok(r.ok, formatResult(r, prog));
    });
  }
});
