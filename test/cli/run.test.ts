// `armvirt run`, driven through main() as a user would.

import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const HELLO = `
  .global _start
_start:
  ldr x1, =0x09000000
  adr x2, msg
1: ldrb w3, [x2], #1
  cbz w3, 2f
  strb w3, [x1]
  b 1b
2: ldr x0, =0x84000008      // PSCI SYSTEM_OFF
  smc #0
  b .
msg: .asciz "hello"
`;

const SUMMARY = /^armvirt: (\d+) instructions, (\d+) cycles, \d+\.\d{3} s, \d+\.\d\d MIPS, exit (\d+)$/m;

describe('armvirt run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'armvirt-run-'));
  const file = (name: string, text: string | Uint8Array): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const hello = file('hello.S', HELLO);

  it('prints the guest UART on stdout and exits 0 on PSCI SYSTEM_OFF, with a summary on stderr', async () => {
    const r = await run(['run', hello]);
    assert.equal(r.out, 'hello');
    assert.equal(r.code, 0, r.err);
    const m = SUMMARY.exec(r.err);
    assert.ok(m, r.err);
    assert.ok(Number(m[2]) > Number(m[1]), 'loads, stores and the SMC cost more than one cycle each');
    assert.equal(m[3], '0');
  });

  it('prints the machine-readable summary with --json instead of the UART text', async () => {
    const r = await run(['run', hello, '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    for (const k of ['instructions', 'cycles', 'wallSeconds', 'mips', 'exitStatus', 'uart', 'undefined']) assert.ok(k in j, k);
    assert.equal(j.uart, 'hello');
    assert.equal(j.exitStatus, 0);
    assert.equal(j.stop, 'poweroff');
    assert.ok(j.instructions > 20);
    assert.ok(j.cycles > j.instructions, 'cycles come from the cost model, not one per instruction');
    assert.deepEqual(j.cpuCycles, [j.cycles]);
    assert.deepEqual(j.undefined, {});
    assert.equal(typeof j.wallSeconds, 'number');
  });

  it('exits 124 when --max-insns is reached, as timeout(1)', async () => {
    const r = await run(['run', file('spin.S', '1: b 1b\n'), '--max-insns', '1000', '--json']);
    assert.equal(r.code, 124);
    const j = JSON.parse(r.out);
    assert.equal(j.instructions, 1000);
    assert.equal(j.exitStatus, 124);
    assert.equal(j.stop, 'limit');
  });

  it('gives a clear error, without a stack trace, for a malformed ELF', async () => {
    const r = await run(['run', file('junk.elf', '\x7fELF\x02\x01\x01garbage')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /^armvirt run: .*junk\.elf: malformed ELF: truncated/);
    assert.doesNotMatch(r.err, /\n\s+at /);
    assert.equal(r.out, '');
  });

  it('reports assembly errors as file:line:column and exits 1', async () => {
    const r = await run(['run', file('bad.S', 'nop\n  frob x0\n')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /bad\.S:2:\d+: error: .*frob/);
  });

  it('runs an ELF written by armvirt asm', async () => {
    const elf = join(dir, 'hello.elf');
    assert.equal((await run(['asm', hello, '-o', elf])).code, 0);
    const r = await run(['run', elf]);
    assert.equal(r.out, 'hello');
    assert.equal(r.code, 0);
  });

  it('takes the exit status from semihosting SYS_EXIT', async () => {
    const p = file('semi.S', `
      mov x0, #0x04
      adr x1, msg
      hlt #0xf000
      mov x0, #0x18
      adr x1, blk
      hlt #0xf000
    msg: .asciz "via semihosting\\n"
      .balign 8
    blk: .quad 0x20026, 7
    `);
    const r = await run(['run', p]);
    assert.equal(r.code, 7);
    assert.equal(r.out, 'via semihosting\n');
    assert.match(r.err, /exit 7$/m);
  });

  it('starts at EL1 with --el 1, where PSCI goes through HVC', async () => {
    const p = file('el1.S', `
      mrs x1, CurrentEL
      cmp x1, #4
      b.ne .
      ldr x0, =0x84000008
      hvc #0
    `);
    const r = await run(['run', p, '--el', '1', '--max-insns', '100']);
    assert.equal(r.code, 0, r.err);
  });

  it('writes one JSON object per event line with --trace traps / all --trace-file', async () => {
    const t1 = join(dir, 'traps.jsonl');
    assert.equal((await run(['run', hello, '--trace', 'traps', '--trace-file', t1])).code, 0);
    const ev = readFileSync(t1, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(ev.some((e) => e.kind === 'psci' && e.fn === 'SYSTEM_OFF'));
    assert.ok(ev.some((e) => e.kind === 'stop'));
    assert.ok(!ev.some((e) => e.kind === 'mmio'));
    const t2 = join(dir, 'all.jsonl');
    assert.equal((await run(['run', hello, '--trace', 'all', '--trace-file', t2])).code, 0);
    const all = readFileSync(t2, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(all.filter((e) => e.kind === 'mmio' && e.write).length, 5);
  });

  it('traces to stderr without --trace-file', async () => {
    const r = await run(['run', hello, '--trace', 'traps']);
    assert.match(r.err, /^\{"kind":"psci","cpu":0,.*"fn":"SYSTEM_OFF"/m);
  });

  it('counts UNDEFINED instructions by class and stops a core stuck at an unset vector (exit 1)', async () => {
    const r = await run(['run', file('undef.S', '.inst 0xffffffff\n'), '--json']);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.deepEqual(j.undefined, { unallocated: 1 });
    assert.equal(j.stop, 'halted');
    assert.match(r.err, /stopped: core 0 is stuck/);
  });

  it('rejects bad values with a usage error (exit 2) and a missing initrd with exit 1', async () => {
    const missing = await run(['run', hello, '--initrd', join(dir, 'no-initrd')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /--initrd: cannot read/);
    assert.equal((await run(['run', hello, '--el', '3'])).code, 2);
    assert.equal((await run(['run', hello, '--cpus', '9'])).code, 2);
    assert.equal((await run(['run', hello, '--gic', '4'])).code, 2);
    assert.equal((await run(['run', hello, '--trace', 'some'])).code, 2);
    assert.equal((await run(['run', hello, '--max-insns', 'lots'])).code, 2);
    assert.equal((await run(['run', hello, '--trace-file', 'x'])).code, 2);
    assert.equal((await run(['run'])).code, 2);
  });

  it('reports a missing file', async () => {
    const r = await run(['run', join(dir, 'nope.S')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /cannot read/);
  });
});
