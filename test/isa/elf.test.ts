// The ELF64 writer (emulator/isa/asm/elf-writer.ts) and reader (emulator/machine/elf-reader.ts):
// round trips, what GNU binutils make of our files, and malformed input.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble, type AsmImage } from '../../emulator/isa/asm/assembler';
import { writeElf } from '../../emulator/isa/asm/elf-writer';
import {
  EM_AARCH64, ET_EXEC, ET_REL, PF_R, PF_W, PF_X, PT_LOAD, SHN_ABS, SHT_NOBITS, SHT_PROGBITS, STB_GLOBAL, STB_LOCAL, STB_WEAK,
  STT_FUNC, STT_OBJECT,
} from '../../emulator/isa/elf-format';
import { ElfError, readElf } from '../../emulator/machine/elf-reader';
import { OBJDUMP } from '../support/objdump';
import { GAS, haveTool, READELF } from '../support/gas';

const BASE = 0x40080000n;

const SOURCE = `
  .global _start
  .type _start, %function
_start:
  add x0, x0, #1
  add x1, x1, #2
  .size _start, . - _start
  .word 0x12345678
  .equ MAGIC, 0x42
  .data
  .type table, %object
table: .quad _start, MAGIC
  .size table, 16
  .weak hook
hook: .byte 1
  .bss
  .align 4
buffer: .skip 64
  .section .notes, ""
  .ascii "not loaded"
`;

function image(): AsmImage {
  const img = assemble(SOURCE, { fileName: 'elf.S' });
  assert.deepEqual(img.diagnostics, []);
  return img;
}

function withFile<T>(bytes: Uint8Array, f: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'armvirt-elf-'));
  try {
    const p = join(dir, 'a.elf');
    writeFileSync(p, bytes);
    return f(p);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('ELF writer and reader', () => {
  it('round-trips an executable: header, sections, segments, symbols', () => {
    const img = image();
    const elf = readElf(writeElf(img, 'exec'));
    assert.equal(elf.header.type, ET_EXEC);
    assert.equal(elf.header.typeName, 'EXEC');
    assert.equal(elf.header.machine, EM_AARCH64);
    assert.equal(elf.header.entry, BASE);

    const sec = (n: string) => elf.sections.find((s) => s.name === n)!;
    for (const s of img.sections) {
      const e = sec(s.name);
      assert.ok(e, s.name);
      assert.equal(e.addr, s.flags.alloc ? s.addr : 0n);
      assert.equal(e.size, BigInt(s.data.length));
      assert.equal(e.type, s.nobits ? SHT_NOBITS : SHT_PROGBITS);
      if (!s.nobits) assert.deepEqual([...e.data], [...s.data]);
    }
    assert.deepEqual(elf.sections.map((s) => s.name), ['', '.text', '.data', '.bss', '.notes', '.symtab', '.strtab', '.shstrtab']);

    // One PT_LOAD per allocated section, with its permissions; .bss has no file bytes.
    assert.deepEqual(elf.segments.map((p) => [p.type, p.vaddr - BASE, p.filesz, p.memsz, p.flags]), [
      [PT_LOAD, 0n, 12n, 12n, PF_R | PF_X],
      [PT_LOAD, 12n, 17n, 17n, PF_R | PF_W],
      [PT_LOAD, 32n, 0n, 64n, PF_R | PF_W],
    ]);
    for (const p of elf.segments) assert.equal(p.offset % p.align, p.vaddr % p.align);

    const s = (n: string) => elf.symbols.find((x) => x.name === n)!;
    assert.deepEqual([s('_start').value, s('_start').size, s('_start').type, s('_start').bind, s('_start').section], [BASE, 8n, STT_FUNC, STB_GLOBAL, '.text']);
    assert.deepEqual([s('table').value, s('table').size, s('table').type, s('table').bind], [BASE + 12n, 16n, STT_OBJECT, STB_LOCAL]);
    assert.equal(s('hook').bind, STB_WEAK);
    assert.deepEqual([s('MAGIC').value, s('MAGIC').shndx, s('MAGIC').section], [0x42n, SHN_ABS, null]);
    assert.equal(s('buffer').value, BASE + 32n);
    // Mapping symbols tell objdump where code and data start.
    assert.deepEqual(elf.symbols.filter((x) => (x.name === '$x' || x.name === '$d') && x.section !== '.notes').map((x) => [x.name, x.value - BASE]),
      [['$x', 0n], ['$d', 8n], ['$d', 12n]]);
    // Locals come before globals (sh_info is the first global).
    const symtab = sec('.symtab');
    const binds = elf.symbols.map((x) => x.bind);
    assert.equal(binds.slice(0, symtab.info - 1).every((b) => b === STB_LOCAL), true);
    assert.equal(binds.slice(symtab.info - 1).every((b) => b !== STB_LOCAL), true);
  });

  it('writes a relocatable object with section-relative symbol values', () => {
    const elf = readElf(writeElf(image(), 'rel'));
    assert.equal(elf.header.type, ET_REL);
    assert.equal(elf.header.entry, 0n);
    assert.equal(elf.segments.length, 0);
    const s = (n: string) => elf.symbols.find((x) => x.name === n)!;
    assert.equal(s('_start').value, 0n);
    assert.equal(s('table').value, 0n);
    assert.equal(s('hook').value, 16n);
    assert.equal(elf.sections.find((x) => x.name === '.data')!.addr, BASE + 12n);
  });

  it('reads an object written by GNU as', function () {
    if (!haveTool(GAS)) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'armvirt-elf-'));
    try {
      writeFileSync(join(dir, 'a.S'), '.global f\nf: add x0, x0, #1\n.data\n.quad f\n');
      execFileSync(GAS, [join(dir, 'a.S'), '-o', join(dir, 'a.o')]);
      const elf = readElf(readFileSync(join(dir, 'a.o')));
      assert.equal(elf.header.type, ET_REL);
      assert.ok(elf.sections.some((s) => s.name === '.rela.data'));
      assert.equal(elf.symbols.find((s) => s.name === 'f')!.bind, STB_GLOBAL);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ELF files and GNU binutils', () => {
  it('readelf -a reads our executable and object without a warning', function () {
    if (!haveTool(READELF)) this.skip();
    for (const kind of ['exec', 'rel'] as const) {
      withFile(writeElf(image(), kind), (p) => {
        const out = execFileSync(READELF, ['-a', '-W', p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        assert.doesNotMatch(out, /warning|error|corrupt/i);
        assert.match(out, /AArch64/);
        assert.match(out, kind === 'exec' ? /Entry point address:\s+0x40080000/ : /REL \(Relocatable file\)/);
        assert.match(out, /FUNC\s+GLOBAL\s+DEFAULT\s+1 _start/);
      });
    }
  });

  it('objdump -d lists our symbols and tells code from data', function () {
    if (!haveTool(OBJDUMP)) this.skip();
    for (const kind of ['exec', 'rel'] as const) {
      withFile(writeElf(image(), kind), (p) => {
        const out = execFileSync(OBJDUMP, ['-d', p], { encoding: 'utf8' });
        assert.match(out, /file format elf64-littleaarch64/);
        assert.match(out, /0000000040080000 <_start>:/);
        assert.match(out, /40080000:\t91000400 \tadd\tx0, x0, #0x1/);
        assert.match(out, /40080008:\t12345678 \t\.word\t0x12345678/);
        const syms = execFileSync(OBJDUMP, ['-t', p], { encoding: 'utf8' });
        for (const n of ['_start', 'table', 'hook', 'buffer', 'MAGIC']) assert.match(syms, new RegExp(`\\s${n}\\n`));
      });
    }
  });
});

describe('ELF reader on malformed input', () => {
  const good = writeElf(image(), 'exec');

  function expectElfError(bytes: Uint8Array, re?: RegExp): void {
    try {
      readElf(bytes);
    } catch (e) {
      assert.ok(e instanceof ElfError, `expected ElfError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      if (re) assert.match(e.message, re);
      return;
    }
    assert.fail('expected an ElfError');
  }

  /** Either parses or throws ElfError: nothing else may escape. */
  function safe(bytes: Uint8Array): void {
    try {
      readElf(bytes);
    } catch (e) {
      assert.ok(e instanceof ElfError, `got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      assert.ok(e.message.length > 0);
    }
  }

  const patched = (f: (b: Uint8Array, dv: DataView) => void): Uint8Array => {
    const b = good.slice();
    f(b, new DataView(b.buffer));
    return b;
  };

  it('names what is wrong', () => {
    expectElfError(new Uint8Array(0), /truncated: 0 bytes/);
    expectElfError(good.slice(0, 40), /truncated: 40 bytes, too short for an ELF64 header/);
    expectElfError(patched((b) => { b[0] = 0; }), /bad magic/);
    expectElfError(patched((b) => { b[4] = 1; }), /ELF32/);
    expectElfError(patched((b) => { b[4] = 9; }), /bad ELF class 9/);
    expectElfError(patched((b) => { b[5] = 2; }), /big-endian/);
    expectElfError(patched((_b, dv) => dv.setUint16(18, 40, true)), /machine 40 is not AArch64/);
    expectElfError(patched((_b, dv) => dv.setBigUint64(40, 1n << 40n, true)), /section header table .* outside the file/);
    expectElfError(patched((_b, dv) => dv.setBigUint64(32, 0xffffffffffffff00n, true)), /program header table .* outside the file/);
    const shoff = Number(new DataView(good.buffer).getBigUint64(40, true));
    expectElfError(patched((_b, dv) => dv.setBigUint64(shoff + 64 + 24, 1n << 50n, true)), /section 1: .* outside the file/);
    expectElfError(patched((_b, dv) => dv.setUint16(62, 99, true)), /e_shstrndx 99 is not a section/);
  });

  it('survives every truncation', () => {
    for (let n = 0; n < good.length; n += n < 200 ? 1 : 7) safe(good.slice(0, n));
    expectElfError(good.slice(0, good.length - 1));
  });

  it('survives garbled bytes (fuzz)', () => {
    let seed = 0x2545f491;
    const rnd = () => {
      seed ^= seed << 13; seed >>>= 0;
      seed ^= seed >>> 17;
      seed ^= seed << 5; seed >>>= 0;
      return seed;
    };
    const gnuish = [good, writeElf(image(), 'rel')];
    for (let i = 0; i < 3000; i++) {
      const b = gnuish[i & 1].slice();
      const flips = 1 + (rnd() % 8);
      for (let k = 0; k < flips; k++) {
        // Favour the headers and tables, where the offsets live.
        const at = rnd() % 3 === 0 ? rnd() % 64 : rnd() % b.length;
        b[at] = rnd() & 0xff;
      }
      safe(b);
    }
    for (let i = 0; i < 500; i++) {
      const b = new Uint8Array(rnd() % 512);
      for (let k = 0; k < b.length; k++) b[k] = rnd() & 0xff;
      b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1].slice(0, b.length));
      if (b.length > 19) { b[18] = EM_AARCH64; b[19] = 0; }
      safe(b);
    }
  });
});
