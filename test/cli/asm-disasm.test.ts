// The `armvirt asm` and `armvirt disasm` commands, driven through main() as a user would.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { haveObjdump, OBJDUMP } from '../support/objdump';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const SRC = `
  .global _start
_start:
  mov x0, #16
1: subs x0, x0, #1
  b.ne 1b
  bl helper
  hvc #0
helper:
  ldr x1, =0x1122334455667788
  ret
  .ltorg
`;

describe('armvirt asm / disasm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'armvirt-cli-'));

  it('disassembles --words in objdump\'s line layout, numbering from 0 or --base', async () => {
    const r = await run(['disasm', '--words', 'd503201f', 'aa0103e0']);
    assert.equal(r.code, 0);
    assert.equal(r.out, '   0:\td503201f \tnop\n   4:\taa0103e0 \tmov\tx0, x1\n');
    const b = await run(['disasm', '--words', '14000000', '--base', '0x40080000']);
    assert.equal(b.out, '    40080000:\t14000000 \tb\t0x40080000\n');
  });

  it('rejects bad words and bad flags with a usage error (exit 2)', async () => {
    assert.equal((await run(['disasm', '--words', 'xyz'])).code, 2);
    assert.equal((await run(['disasm', '--bogus'])).code, 2);
    assert.equal((await run(['frobnicate'])).code, 2);
  });

  it('assembles to an ELF that objdump -d prints exactly as armvirt disasm does', async function () {
    const src = join(dir, 'p.S');
    const elf = join(dir, 'p.elf');
    writeFileSync(src, SRC);
    const a = await run(['asm', src, '-o', elf]);
    assert.equal(a.code, 0, a.err);
    const ours = await run(['disasm', elf]);
    assert.equal(ours.code, 0, ours.err);
    assert.match(ours.out, /<_start>:/);
    assert.match(ours.out, /\tbl\t[0-9a-f]+ <helper>/);
    if (!haveObjdump()) this.skip();
    const ref = execFileSync(OBJDUMP, ['-d', elf], { encoding: 'utf8' });
    // objdump pads its "// comment" column with spaces; compare after collapsing whitespace runs.
    const norm = (s: string): string => s.split('\n').map((l) => l.replace(/[ \t]+/g, ' ').trimEnd()).join('\n');
    assert.equal(norm(ours.out), norm(ref));
  });

  it('reports assembler errors as file:line:column and writes nothing', async () => {
    const src = join(dir, 'bad.S');
    const elf = join(dir, 'bad.elf');
    writeFileSync(src, 'nop\n  frob x0, x1\n  add x0, x1, #99999\n');
    const r = await run(['asm', src, '-o', elf]);
    assert.equal(r.code, 1);
    assert.match(r.err, /bad\.S:2:\d+: error: .*frob/);
    assert.match(r.err, /bad\.S:3:\d+: error: /);
    assert.throws(() => readFileSync(elf));
  });

  it('rejects a malformed ELF with a clear message', async () => {
    const f = join(dir, 'junk.elf');
    writeFileSync(f, Buffer.from('\x7fELF\x02\x01\x01garbage'));
    const r = await run(['disasm', f]);
    assert.equal(r.code, 1);
    assert.match(r.err, /junk\.elf: /);
  });
});
