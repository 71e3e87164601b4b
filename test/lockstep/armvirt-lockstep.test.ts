// Lockstep of the armvirt CPU against QEMU (issue: "What it must show"): every bare-metal
// program under test/lockstep/programs runs under qemu-system-aarch64 -M virt,virtualization=on
// -cpu cortex-a57 (-cpu max where a program asks) and on armvirt's virt board; PC, X0–X30, SP,
// NZCV and the EL are compared after every instruction and the UART text at the end. The first
// divergence is reported with the instruction that caused it.

import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveGnuToolchain } from '../support/gnu-as';
import { makeArmvirtTarget } from './armvirt-target';
import { buildAll } from './build';
import { formatResult, runLockstep, type LockstepResult } from './lockstep';
import { haveQemu } from './qemu-target';
import type { LockstepProgram } from './target';

const available = haveQemu() && haveGnuToolchain();

(available ? describe : describe.skip)('lockstep: armvirt against QEMU, every instruction', function () {
  this.timeout(600000);
  const dir = mkdtempSync(join(tmpdir(), 'armvirt-lockstep-dut-'));
  let progs: LockstepProgram[] = [];
  const results: LockstepResult[] = [];

  before(async () => {
    progs = buildAll({ outDir: dir, filter: process.env.LOCKSTEP_FILTER ? new RegExp(process.env.LOCKSTEP_FILTER) : undefined });
    // Two programs at a time: each QEMU is single-stepped over a socket and mostly waits.
    let next = 0;
    await Promise.all([0, 1].map(async () => {
      while (next < progs.length) {
        const p = progs[next++];
        results.push(await runLockstep(p, makeArmvirtTarget));
      }
    }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs at least 40 programs', () => {
    assert.ok(progs.length >= 40 || process.env.LOCKSTEP_FILTER, `${progs.length} programs`);
  });

  it('agrees with QEMU after every instruction and on the UART output', () => {
    const steps = results.reduce((a, r) => a + r.steps, 0);
    const bad = results.filter((r) => !r.ok);
    console.log(`      ${results.length - bad.length}/${results.length} programs identical over ${steps} compared steps`);
    for (const r of bad) console.log(formatResult(r, progs.find((p) => p.name === r.program)!).replace(/^/gm, '      '));
    assert.deepEqual(bad.map((r) => r.program), []);
  });
});
