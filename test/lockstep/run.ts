// Command line: node --import tsx test/lockstep/run.ts [--filter RE] [--mode step|self|run] [-v]
//   step: steps each program under QEMU alone and prints its instruction count and step rate
//   self: QEMU against QEMU lockstep (checks the harness itself)
//   run:  runs each program freely to SYSTEM_OFF and checks its UART line

import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildAll } from './build';
import { formatResult, runLockstep } from './lockstep';
import { QemuTarget, makeQemuTarget } from './qemu-target';

async function main(argv: string[]): Promise<number> {
  const arg = (k: string) => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const filter = arg('--filter');
  const mode = arg('--mode') ?? 'step';
  const verbose = argv.includes('-v');
  const progs = buildAll({ filter: filter ? new RegExp(filter) : undefined });
  let bad = 0, total = 0;
  const t0 = Date.now();
  for (const p of progs) {
    const t = Date.now();
    if (mode === 'self') {
      const r = await runLockstep(p, makeQemuTarget);
      total += r.steps;
      if (!r.ok) bad++;
      console.log(formatResult(r, p), `(${Date.now() - t} ms)`);
      continue;
    }
    const q = await QemuTarget.start(p.elf, { cpu: p.cpu });
    try {
      let n = 0;
      if (mode === 'run') await q.runToEnd(10000);
      else {
        while (!q.exited() && n < 20000) {
          if (verbose) {
            const r = await q.regs();
            console.log(n, r.pc.toString(16), `el${r.el}`, r.nzcv.toString(2).padStart(4, '0'), r.x.slice(16, 29).map((x) => x.toString(16)).join(' '));
          }
          await q.step();
          n++;
        }
      }
      total += n;
      const uart = await q.uart();
      const ok = q.exited() && uart === p.expectUart;
      if (!ok) bad++;
      const ms = Date.now() - t;
      console.log(`${p.name.padEnd(20)} ${mode === 'step' ? String(n).padStart(6) + ' insns ' + Math.round(n / (ms / 1000)) + '/s' : ''} ${ok ? 'ok' : 'BAD'} ${JSON.stringify(uart)}${q.exited() ? '' : ' (did not power off)'}`);
    } finally {
      await q.close();
    }
  }
  console.log(`${progs.length} programs, ${total} steps, ${bad} bad, ${Date.now() - t0} ms`);
  if (progs.length) rmSync(dirname(progs[0].elf), { recursive: true, force: true });
  return bad ? 1 : 0;
}

main(process.argv.slice(2)).then((c) => process.exit(c), (e) => {
  console.error(e);
  process.exit(2);
});
