// The QEMU side of the lockstep suite on its own: every program builds, runs under QEMU to
// PSCI SYSTEM_OFF and prints its "<name> done" line (a failed in-program check prints
// "<name> FAIL at <addr>"); the lockstep runner itself is checked QEMU against QEMU, and on a
// target that diverges on purpose.

import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveGnuToolchain } from '../support/gnu-as';
import { buildAll } from './build';
import { formatResult, runLockstep } from './lockstep';
import { QemuTarget, haveQemu, makeQemuTarget } from './qemu-target';
import { ArchRegs, LockstepProgram, LockstepTarget } from './target';

const available = haveQemu() && haveGnuToolchain();

/** Runs `fn` over `items` with at most `n` in flight. */
async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

(available ? describe : describe.skip)('lockstep programs under QEMU', function () {
  this.timeout(180000);
  const dir = mkdtempSync(join(tmpdir(), 'armvirt-lockstep-'));
  let progs: LockstepProgram[] = [];

  before(() => {
    progs = buildAll({ outDir: dir });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has at least 45 programs', () => {
    assert.ok(progs.length >= 45, `${progs.length} programs`);
  });

  it('every program reaches SYSTEM_OFF and prints its line', async () => {
    const bad: string[] = [];
    await pool(progs, 2, async (p) => {
      const q = await QemuTarget.start(p.elf, { cpu: p.cpu });
      try {
        const ok = await q.runToEnd(10000);
        const uart = await q.uart();
        if (!ok || uart !== p.expectUart) bad.push(`${p.name}: ${ok ? '' : 'no SYSTEM_OFF; '}uart ${JSON.stringify(uart)}`);
      } finally {
        await q.close();
      }
    });
    assert.deepEqual(bad, []);
  });

  it('steps QEMU against QEMU with no divergence', async () => {
    for (const name of ['el-drops', 'trap-tvm', 'dabort']) {
      const p = progs.find((x) => x.name === name)!;
      const r = await runLockstep(p, makeQemuTarget);
      assert.ok(r.ok, formatResult(r, p));
      assert.ok(r.steps > 100 && r.steps < 2000, `${name}: ${r.steps} steps`);
      assert.equal(r.uart.ref, p.expectUart);
    }
  });

  it('reports the first divergence with the disassembled instruction', async () => {
    const p = progs.find((x) => x.name === 'muldiv')!;
    // QEMU, except that x6 reads wrong from step 30 on.
    const liar = async (prog: LockstepProgram): Promise<LockstepTarget> => {
      const q = await makeQemuTarget(prog);
      let n = 0;
      return {
        step: async () => {
          n++;
          await q.step();
        },
        regs: async (): Promise<ArchRegs> => {
          const r = await q.regs();
          return n >= 30 ? { ...r, x: r.x.map((v, i) => (i === 6 ? v ^ 1n : v)) } : r;
        },
        exited: () => q.exited(),
        uart: () => q.uart(),
        close: () => q.close(),
      };
    };
    const r = await runLockstep(p, liar);
    assert.equal(r.ok, false);
    assert.equal(r.divergence?.step, 30);
    assert.deepEqual(r.divergence?.diffs.map((d) => d.reg), ['x6']);
    const text = formatResult(r, p);
    assert.match(text, /divergence after step 30 at pc 0x4008[0-9a-f]+: [0-9a-f]{8}  \w+/);
    assert.match(text, /x6 +qemu 0x[0-9a-f]+ +dut 0x[0-9a-f]+/);
  });
});
