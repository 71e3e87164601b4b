// The assembler driver: directives, macros, conditionals, local labels, literal pools, includes,
// the line table and diagnostics. Instructions used here are only those the table has while
// these tests run (`add` immediate at least); everything else is data directives.

import { strict as assert } from 'node:assert';
import { assemble, type AsmImage, type AsmOptions } from '../../emulator/isa/asm/assembler';
import { knownMnemonic } from '../../emulator/isa/asm/encode';
import { gasBytes, haveGas } from '../support/gas';

const BASE = 0x40080000n;

function asm(src: string, opts: Partial<AsmOptions> = {}): AsmImage {
  return assemble(src, { fileName: 'test.S', ...opts });
}

/** Assembles and insists on no diagnostics at all. */
function clean(src: string, opts: Partial<AsmOptions> = {}): AsmImage {
  const img = asm(src, opts);
  assert.deepEqual(img.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`), []);
  assert.ok(img.ok);
  return img;
}

function hex(img: AsmImage, name = '.text'): string {
  const s = img.sections.find((x) => x.name === name);
  assert.ok(s, `no section ${name}`);
  return Buffer.from(s.data).toString('hex');
}

function sym(img: AsmImage, name: string): bigint {
  const s = img.symbols.find((x) => x.name === name);
  assert.ok(s, `no symbol ${name}`);
  return s.value;
}

function errors(img: AsmImage): string[] {
  return img.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`);
}

describe('assembler: data directives', () => {
  it('emits integers of every size, little-endian', () => {
    const img = clean('.byte 1, -1, 0x7f\n.hword 0x1234\n.short 1\n.2byte 2\n.word 0x11223344\n.long 5\n.4byte 6\n.int 7\n.quad 0x0102030405060708\n.8byte -2\n.xword 3\n.dword 4');
    assert.equal(hex(img), '01ff7f' + '3412' + '0100' + '0200' + '44332211' + '05000000' + '06000000' + '07000000'
      + '0807060504030201' + 'feffffffffffffff' + '0300000000000000' + '0400000000000000');
  });

  it('warns like GNU as when a value is truncated, not for a sign extension', () => {
    const img = asm('.byte 256\n.byte -128, -129\n.hword 0x12345');
    assert.ok(img.ok);
    assert.deepEqual(img.diagnostics.map((d) => `${d.line}:${d.column}: ${d.severity}: ${d.message}`), [
      '1:7: warning: value 0x100 truncated to 0x0',
      '3:8: warning: value 0x12345 truncated to 0x2345',
    ]);
    assert.equal(hex(img), '00807f4523');
  });

  it('emits strings with escapes', () => {
    const img = clean('.ascii "ab\\n", "\\x41\\101\\q"\n.asciz "z"\n.string "\\"\\\\\\t"\n.ascii "é"');
    assert.equal(hex(img), '61620a' + '414171' + '7a00' + '225c0900' + 'c3a9');
  });

  it('reserves with .space/.skip/.zero/.fill', () => {
    const img = clean('.space 2\n.skip 3, 0xaa\n.zero 1\n.fill 2, 3, 0x0102030405\n.fill 1\n.fill 2, 2');
    assert.equal(hex(img), '0000' + 'aaaaaa' + '00' + '050403050403' + '00' + '00000000');
  });

  it('emits floats, LEB128 and .inst words', () => {
    const img = clean('.float 1.5\n.double -2\n.uleb128 300\n.sleb128 -2\n.inst 0xd503201f');
    assert.equal(hex(img), '0000c03f' + '00000000000000c0' + 'ac02' + '7e' + '00' + '1f2003d5');
  });

  it('evaluates expressions with GAS precedence and forward references', () => {
    const img = clean('.byte 1 + 2 * 3, (1 + 2) * 3, 1 << 2 + 1, 7 & 3 | 8\n.quad later - .\n.byte 0\nlater:');
    // GAS: << binds tighter than +, & and | share a level.
    assert.equal(hex(img), '07' + '09' + '05' + '0b' + '0900000000000000' + '00');
  });
});

describe('assembler: alignment and .org', () => {
  it('pads code with zero bytes to a word, then NOPs, as GNU as does', () => {
    const img = clean('.byte 1\n.align 4\n.byte 2\n.balign 8\n.byte 3\n.p2align 3, 0xee');
    assert.equal(hex(img), '01000000' + '1f2003d5' + '1f2003d5' + '1f2003d5' + '02000000' + '1f2003d5' + '03' + 'ee'.repeat(7));
    assert.equal(img.sections[0].align, 16);
  });

  it('pads data with zeros and honours the maximum skip', () => {
    const img = clean('.data\n.byte 1\n.align 3\n.byte 2\n.p2align 3, 0, 2\n.byte 3\n.p2align 2,,3\n.byte 4');
    assert.equal(hex(img, '.data'), '0100000000000000' + '0203' + '0000' + '04');
    assert.equal(img.sections.find((s) => s.name === '.data')!.align, 8);
  });

  it('aligns instructions to 4 bytes', () => {
    const img = clean('.byte 1\nadd x0, x0, #1');
    assert.equal(hex(img), '01000000' + '00040091');
    assert.equal(img.sections[0].align, 4);
  });

  it('moves the location counter with .org, forwards only', () => {
    assert.equal(hex(clean('.byte 1\n.org 4\n.byte 2\n.org 6, 0x55\nx: .org x + 2')), '01000000' + '0255' + '0000');
    assert.deepEqual(errors(asm('.skip 8\n.org 4')), ['test.S:2:6: attempt to move .org backwards (from 0x8 to 0x4)']);
  });

  it('rejects alignments that are not powers of two', () => {
    assert.deepEqual(errors(asm('.balign 3')), ['test.S:1:9: alignment is not a power of 2']);
  });
});

describe('assembler: sections and layout', () => {
  it('places .text at the base, then sections in order of first appearance, .bss last', () => {
    const img = clean('.data\nd: .byte 1\n.bss\nb: .skip 4\n.section .rodata.x, "a"\nr: .byte 2\n.text\nt: .byte 3\n.section .mine\nm: .byte 4');
    const at = Object.fromEntries(img.sections.map((s) => [s.name, s.addr]));
    assert.equal(img.sections[0].name, '.text');
    assert.equal(at['.text'], BASE);
    assert.equal(at['.data'], BASE + 1n);
    assert.equal(at['.rodata.x'], BASE + 2n);
    assert.equal(at['.bss'], BASE + 3n);
    assert.equal(at['.mine'], 0n, 'a section without the "a" flag is not allocated');
    assert.equal(sym(img, 'b'), BASE + 3n);
    assert.deepEqual(img.sections.find((s) => s.name === '.bss')!.flags, { alloc: true, write: true, exec: false });
    assert.equal(img.sections.find((s) => s.name === '.bss')!.nobits, true);
  });

  it('aligns each section to its alignment', () => {
    const img = clean('.byte 1\n.data\n.align 4\n.byte 2', { base: 0x1000n });
    assert.equal(img.sections[1].addr, 0x1010n);
  });

  it('reads flags and types from .section', () => {
    const img = clean('.section .vectors, "ax", %progbits\n.byte 1\n.section .stack, "aw", @nobits\n.skip 16\n.section .text.boot\n.byte 2');
    const f = (n: string) => img.sections.find((s) => s.name === n)!;
    assert.deepEqual(f('.vectors').flags, { alloc: true, write: false, exec: true });
    assert.equal(f('.stack').nobits, true);
    assert.deepEqual(f('.text.boot').flags, { alloc: true, write: false, exec: true });
  });

  it('supports .pushsection/.popsection/.previous', () => {
    const img = clean('.byte 1\n.pushsection .data\n.byte 2\n.popsection\n.byte 3\n.data\n.byte 4\n.previous\n.byte 5');
    assert.equal(hex(img), '010305');
    assert.equal(hex(img, '.data'), '0204');
  });

  it('refuses data other than zeros in .bss', () => {
    assert.deepEqual(errors(asm('.bss\n.quad 0\n.byte 1\n.skip 4')), ['test.S:3:7: attempt to store non-zero value in section .bss']);
  });
});

describe('assembler: symbols', () => {
  it('defines labels, several on a line, and label: insn', () => {
    const img = clean('a: b: .byte 1\nc: add x0, x0, #1; d:\n.quad a, c, d');
    assert.equal(sym(img, 'a'), BASE);
    assert.equal(sym(img, 'b'), BASE);
    // GNU as defines a label before it aligns the instruction that follows it.
    assert.equal(sym(img, 'c'), BASE + 1n);
    assert.equal(sym(img, 'd'), BASE + 8n);
  });

  it('handles .equ/.set/=/.equiv and replays .set in order', () => {
    const img = clean('.equ A, 5\nB = A * 2\n.set i, 0\n.rept 3\n.byte i\n.set i, i + 1\n.endr\n.byte B, i\n.equiv C, 1');
    assert.equal(hex(img), '000102' + '0a03');
    const a = img.symbols.find((s) => s.name === 'A')!;
    assert.equal(a.kind, 'equ');
    assert.equal(a.section, null);
  });

  it('evaluates a .set of a label after layout', () => {
    const img = clean('.data\nx: .byte 1\n.set alias, x + 1\n.text\n.quad alias');
    const v = BASE + 8n + 1n;
    assert.equal(hex(img), Buffer.from(new BigUint64Array([v]).buffer).toString('hex'));
    assert.equal(img.symbols.find((s) => s.name === 'alias')!.section, '.data');
  });

  it('records .global/.weak/.type/.size', () => {
    const img = clean('.global f\n.type f, %function\nf: add x0, x0, #1\nadd x0, x0, #2\n.size f, . - f\n.weak w\n.type o, @object\nw: o: .quad 0\n.size o, 8');
    const f = img.symbols.find((s) => s.name === 'f')!;
    assert.deepEqual([f.global, f.kind, f.size], [true, 'func', 8]);
    const o = img.symbols.find((s) => s.name === 'o')!;
    assert.deepEqual([o.global, o.kind, o.size], [false, 'object', 8]);
    assert.equal(img.symbols.find((s) => s.name === 'w')!.weak, true);
  });

  it('takes the entry point from _start', () => {
    assert.equal(clean('.byte 0\n.align 2\n_start: add x0, x0, #1').entry, BASE + 4n);
    assert.equal(clean('.byte 0').entry, BASE);
  });

  it('reports redefinitions', () => {
    assert.deepEqual(errors(asm('x: .byte 1\nx: .byte 2\n.equiv y, 1\n.equiv y, 2')), [
      "test.S:2:1: symbol 'x' is already defined (test.S:1)",
      "test.S:4:8: symbol 'y' is already defined (test.S:3)",
    ]);
  });
});

describe('assembler: numeric local labels', () => {
  it('resolves 1f and 1b relative to the statement', () => {
    const img = clean('1: .byte 0\n.align 3\n.quad 1b, 1f\n1: .quad 1b, 2f\n2:');
    const w = (i: number) => BigInt('0x' + hex(img).slice(i * 16, i * 16 + 16).match(/../g)!.reverse().join(''));
    assert.equal(w(1), BASE);
    assert.equal(w(2), BASE + 24n);
    assert.equal(w(3), BASE + 24n);
    assert.equal(w(4), BASE + 40n);
  });

  it('lets a label on the same line be 1b', () => {
    const img = clean('.byte 0, 0, 0, 0\n1: .word 1b - .');
    assert.equal(hex(img), '00000000' + '00000000');
  });

  it('reports a missing local label at its column', () => {
    assert.deepEqual(errors(asm('.word 3f')), ['test.S:1:7: undefined local label 3f']);
  });
});

describe('assembler: macros', () => {
  it('binds positional, named and default arguments', () => {
    const img = clean('.macro m a, b=5\n.byte \\a, \\b\n.endm\nm 1 2\nm 1, 2\nm 3\nm b=7, a=8\nm 1+2 4\nm 1 +2');
    assert.equal(hex(img), '0102' + '0102' + '0305' + '0807' + '0304' + '0305');
  });

  it('supports :req, :vararg, \\@, \\() and quoted arguments', () => {
    const img = clean('.macro v first:req, rest:vararg\n.byte \\first, \\rest\n.endm\nv 1, 2, 3\n'
      + '.macro c\n.byte \\@\n.endm\nc\nc\n'
      + '.macro w n\n.byte \\n\\()0\n.endm\nw 7\n'
      + '.macro s x\n.ascii "\\x"\n.endm\ns "a b"');
    assert.equal(hex(img), '010203' + '0102' + '46' + '612062');
  });

  it('reports a missing required argument at the call', () => {
    assert.deepEqual(errors(asm('.macro r a:req\n.byte \\a\n.endm\n  r')), [
      "test.S:4:4: missing value for required parameter 'a' of macro 'r'",
    ]);
  });

  it('reports too many arguments and mixed keyword/positional arguments', () => {
    assert.deepEqual(errors(asm('.macro s x\n.endm\ns a b\n.macro k a, b\n.endm\nk b=1, 2')), [
      "test.S:3:3: too many positional arguments for macro 's'",
      "test.S:6:3: can't mix positional and keyword arguments",
    ]);
  });

  it('leaves with .exitm, nests, recurses and can be purged', () => {
    const img = clean('.macro r a\n.byte \\a\n.exitm\n.byte 0xff\n.endm\nr 9\n'
      + '.macro down n\n.if \\n\n.byte \\n\ndown \\n-1\n.endif\n.endm\ndown 3\n'
      + '.macro outer\n.macro inner\n.byte 0x11\n.endm\ninner\n.endm\nouter\n'
      + '.purgem r\n.macro r\n.byte 0x22\n.endm\nr');
    assert.equal(hex(img), '09' + '030201' + '11' + '22');
  });

  it('stops runaway recursion', () => {
    const img = asm('.macro f\nf\n.endm\nf');
    assert.equal(img.ok, false);
    assert.match(errors(img)[0], /macros nested too deeply/);
  });

  it('reports errors inside an expansion at the call site', () => {
    const img = asm('.macro m x\n.byte \\x\n.endm\n\n   m undefined_thing');
    assert.deepEqual(errors(img), ["test.S:5:4: undefined symbol 'undefined_thing' (in macro 'm', test.S:2)"]);
  });

  it('reports an unterminated .macro', () => {
    assert.deepEqual(errors(asm('.byte 1\n.macro m\n.byte 2')), ['test.S:2:1: .macro without .endm']);
  });
});

describe('assembler: repetition', () => {
  it('expands .rept, .irp and .irpc', () => {
    const img = clean('.rept 3\n.byte 0xee\n.endr\n.irp v, 1, 2, 3\n.byte \\v\n.endr\n.irp r x0 x1\n.ascii "\\r"\n.endr\n.irpc c, 456\n.byte \\c\n.endr\n.rept 0\n.byte 0xff\n.endr');
    assert.equal(hex(img), 'eeeeee' + '010203' + '78307831' + '040506');
  });

  it('nests repetitions', () => {
    assert.equal(hex(clean('.rept 2\n.irp v, 1, 2\n.byte \\v\n.endr\n.endr')), '01020102');
  });

  it('reports an unterminated .rept', () => {
    assert.deepEqual(errors(asm('.rept 2\n.byte 1')), ['test.S:1:1: .rept without .endr']);
  });
});

describe('assembler: conditionals', () => {
  it('follows .if/.elseif/.else/.endif and nesting', () => {
    const img = clean('.if 0\n.byte 1\n.elseif 1\n.byte 2\n.else\n.byte 3\n.endif\n'
      + '.if 1\n.if 0\n.byte 4\n.else\n.byte 5\n.endif\n.endif\n'
      + '.if 0\n.if 1\n.byte 6\n.endif\n.else\n.byte 7\n.endif');
    assert.equal(hex(img), '020507');
  });

  it('implements every .if variant', () => {
    const tests: [string, boolean][] = [
      ['.ifeq 0', true], ['.ifne 0', false], ['.ifge -1', false], ['.ifgt 1', true], ['.ifle 0', true], ['.iflt 0', false],
      ['.ifdef known', true], ['.ifdef unknown', false], ['.ifndef unknown', true], ['.ifnotdef known', false],
      ['.ifc a, a', true], ['.ifc a, b', false], ['.ifnc a, b', true], ['.ifeqs "x", "x"', true], ['.ifnes "x", "x"', false],
      ['.ifb', true], ['.ifb x', false], ['.ifnb x', true],
    ];
    for (const [cond, want] of tests) {
      const img = clean(`known: .byte 0\n${cond}\n.byte 1\n.else\n.byte 2\n.endif`);
      assert.equal(hex(img), want ? '0001' : '0002', cond);
    }
  });

  it('does not assemble or diagnose inactive code', () => {
    assert.equal(hex(clean('.if 0\nnot an instruction\n.bogus\n.endif\n.byte 1')), '01');
  });

  it('reports unbalanced conditionals', () => {
    assert.deepEqual(errors(asm('.endif\n.else\n.if 1\n.byte 1')), [
      'test.S:1:1: .endif without a matching .if',
      'test.S:2:1: .else without a matching .if',
      'test.S:3:1: .if without .endif',
    ]);
  });

  it('reports .err, .error and .warning', () => {
    const img = asm('.err\n.error "custom"\n.warning "careful"');
    assert.deepEqual(img.diagnostics.map((d) => `${d.line}:${d.column}: ${d.severity}: ${d.message}`), [
      '1:1: error: .err encountered', '2:1: error: custom', '3:1: warning: careful',
    ]);
  });
});

describe('assembler: literal pools', () => {
  // The pool's layout does not depend on the ldr encodings, which other rows provide.
  const ldrReady = (img: AsmImage) => knownMnemonic('ldr') && img.ok;

  it('places 4-, 8- then 16-byte pools at .ltorg, aligned and de-duplicated', () => {
    const src = 'ldr x1, =0x1234\nldr w2, =0x55\nldr x3, =0x1234\nldr x4, =foo\nldr x5, =foo+4\nldr x6, =foo\nldr w7, =0x55\n'
      + 'ldr q0, =0x12\n.ltorg\nfoo: add x0, x0, #1';
    const img = asm(src);
    const t = hex(img);
    // 8 ldr (0x00-0x1f), 4-byte pool at 0x20: 0x55; 8-byte pool at 0x28: 0x1234, foo, foo+4; 16 at 0x40.
    assert.equal(t.slice(0x20 * 2, 0x28 * 2), '55000000' + '00000000');
    const foo = BASE + 0x50n;
    const q = (v: bigint) => Buffer.from(new BigUint64Array([v]).buffer).toString('hex');
    assert.equal(t.slice(0x28 * 2, 0x40 * 2), q(0x1234n) + q(foo) + q(foo + 4n));
    assert.equal(t.slice(0x40 * 2, 0x50 * 2), q(0x12n) + q(0n));
    assert.equal(sym(img, 'foo'), foo);
    if (ldrReady(img)) {
      // ldr x1 at 0 loads 0x28: imm19 = 10.
      assert.equal(t.slice(0, 8), '41010058');
    }
  });

  it('emits the remaining pool at the end of each section', () => {
    const img = asm('add x0, x0, #1\nldr x8, =1\n.data\n.byte 1\n.align 2\nldr x9, =0x99');
    assert.equal(hex(img).slice(16), '0100000000000000');
    // .byte, padding to 4, `ldr x9, .+4` (0x58000029), then the 8-byte pool entry.
    assert.equal(hex(img, '.data'), '01000000' + '29000058' + '9900000000000000');
    assert.equal(img.sections[1].align, 8);
  });

  it('rejects a register that cannot load a literal', () => {
    assert.deepEqual(errors(asm('ldr sp, =1')), ["test.S:1:5: 'ldr sp, =…' needs a W, X, S, D or Q register"]);
  });
});

describe('assembler: includes', () => {
  const files: Record<string, string> = {
    'inc/defs.S': '.equ SIZE, 4\n.include "more.S"\n',
    'inc/more.S': '.macro put v\n.byte \\v\n.endm\n',
    'cyc/a.S': '.include "b.S"\n',
    'cyc/b.S': '.include "a.S"\n',
  };
  const readFile = (path: string, from: string): string | null => {
    const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
    return files[dir + path] ?? null;
  };

  it('reads files relative to the including file', () => {
    const img = clean('.include "inc/defs.S"\nput SIZE\n.byte 1', { readFile });
    assert.equal(hex(img), '0401');
    const l = img.lines.find((x) => x.macro);
    assert.deepEqual(l, { addr: BASE, file: 'test.S', line: 2, macro: { name: 'put', file: 'inc/more.S', line: 2 } });
  });

  it('detects include cycles', () => {
    const img = asm('.include "cyc/a.S"', { readFile });
    assert.deepEqual(errors(img), ['cyc/b.S:1:10: include cycle: cyc/a.S -> cyc/b.S -> cyc/a.S']);
  });

  it('reports a missing file', () => {
    assert.deepEqual(errors(asm('.include "nope.S"', { readFile })), ["test.S:1:10: cannot read 'nope.S' (included from test.S)"]);
    assert.match(errors(asm('.include "x.S"'))[0], /no file reader/);
  });
});

describe('assembler: line table', () => {
  it('maps every instruction and data directive to its line', () => {
    const img = clean('add x0, x0, #1\n\n.word 1\n.macro m\n.byte 2\n.endm\nm\n.rept 2\n.hword 3\n.endr');
    assert.deepEqual(img.lines.map((l) => [l.addr - BASE, l.line, l.macro?.line]), [
      [0n, 1, undefined], [4n, 3, undefined], [8n, 7, 5], [9n, 9, undefined], [11n, 9, undefined],
    ]);
  });
});

describe('assembler: diagnostics', () => {
  it('names file, line and column of each error, and goes on after one', () => {
    const img = asm('  bogus x0\n.byte undefined_sym\n.word 1 +\nadd x0, x0, #1\n.frob 1\n.space 1f\n1:');
    assert.deepEqual(errors(img), [
      "test.S:1:3: unknown instruction 'bogus'",
      "test.S:2:7: undefined symbol 'undefined_sym'",
      'test.S:3:10: expected an expression, found end of line',
      "test.S:5:1: unknown directive '.frob'",
      'test.S:6:8: undefined local label 1f',
    ]);
    assert.equal(img.ok, false);
    const d = img.diagnostics[0];
    assert.deepEqual([d.column, d.endColumn], [3, 11]);
  });

  it('reports bad operands and out-of-range immediates from the encoder', () => {
    const img = asm('add x0, x0, #5000\nadd x0, x0, undefined_label\nadd x0, q0, #1');
    const e = img.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(e.map((d) => d.line), [1, 2, 3]);
    for (const d of e) assert.ok(d.column >= 5 && d.column <= 18, `${d.line}:${d.column} ${d.message}`);
  });

  it('reports columns after /* */ comments and ; separators exactly', () => {
    const img = asm('/* c */ .byte 1 ; .frob\n.byte 1 /* multi\n line */ ; .bad');
    assert.deepEqual(errors(img), ["test.S:1:19: unknown directive '.frob'", "test.S:3:12: unknown directive '.bad'"]);
  });

  it('reports every error of a file in one pass', () => {
    const src = Array.from({ length: 500 }, (_, i) => (i % 2 ? '.byte nope' : 'nop_not_here')).join('\n');
    const img = asm(src);
    assert.equal(errors(img).length, 500);
  });

  it('never throws, whatever the input', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = ['.macro', '.endm', '.rept', '.endr', '.if', '.endif', '.else', '\\', '"', "'", ';', ':', ',', '\n', ' ', '1f', '1b',
      '.byte', '.org', '.align', '=', '(', ')', '[', ']', '#', '/*', '*/', '//', 'x0', 'add', '.include', '.irp', '.set', 'a', '1:', '0x'];
    for (let n = 0; n < 300; n++) {
      let s = '';
      const len = Math.floor(rnd() * 60);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      const img = assemble(s, { fileName: 'fuzz.S', readFile: () => s });
      assert.ok(Array.isArray(img.diagnostics));
    }
  });

  it('assembles a 10 MB file in linear time', function () {
    this.timeout(120000);
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < 10_000_000; i++) {
      const l = `l${i}: add x1, x2, #${i & 0xfff} // comment\n.word 0x1234, l${i}\n`;
      lines.push(l);
      size += l.length;
    }
    const img = asm(lines.join(''));
    assert.ok(img.ok);
    assert.equal(img.lines.length, lines.length * 2);
  });
});

describe('assembler: agreement with GNU as', function () {
  before(function () {
    if (!haveGas()) this.skip();
  });

  const corpus = [
    '.byte 1, -1, 255\n.hword 0x1234\n.word 0xdeadbeef\n.quad -2\n.ascii "hi\\n\\x41\\101"\n.asciz "z"\n.string "s"',
    '.byte 1\n.align 4\n.byte 2\n.balign 8\n.byte 3\n.p2align 3, 0xee\n.p2align 4,,4\n.byte 4\n.align 2, 0x11, 1',
    'add x0, x0, #1\n.byte 1\n.align 4\nadd x0, x0, #1\n.align 4, 0x11\n.skip 2\n.align 2\n.fill 2, 3, 0x0102030405\n.org 0x40\n.org 0x48, 0x77',
    '.macro m a, b=5, c:vararg\n.byte \\a, \\b\n.ifnb \\c\n.byte 0xcc, \\c\n.endif\n.endm\nm 1 2\nm 1, 2\nm 3\nm b=7, a=8\nm 1+2 4\nm 1,2,3,4',
    '.irp v, 1, 2, 3\n.byte \\v\n.endr\n.irpc c, 456\n.byte \\c\n.endr\n.rept 3\n.hword 0xeeee\n.endr\n.set i, 0\n.rept 4\n.byte i * i\n.set i, i + 1\n.endr',
    '.data\n.byte 1\n.align 3\n.byte 2\n.p2align 3, 0, 2\n.byte 3\n.section .rodata\n.quad 1\n.section .s4, "a", %progbits\n.byte 1\n.text\n.float 1.5, -0.25\n.double 3.0\n.uleb128 624485\n.sleb128 -123456',
    '1: .byte 0\n.align 3\n2: .word 2b - 1b, 3f - 2b\n3: .if 1\n.byte 0x33\n.endif\n.byte 1 << 2 + 1, 7 & 3 | 8, -1 >> 60, 10 / 3, -7 % 3',
    '.macro cnt\n.byte \\@\n.endm\ncnt\n.rept 2\ncnt\n.endr\n.macro w n\n.byte \\n\\()0\n.endm\nw 7\n.ifc a,a\n.byte 1\n.endif\n.ifnc "a b", "a b"\n.byte 2\n.endif',
  ];
  it('places literal pools as GNU as does (once the ldr literal rows exist)', function () {
    const src = 'add x0, x0, #1\nldr x1, =0x1234\nldr w2, =0x55\nldr x3, =0x1234\nldr w7, =0x55\nldr x4, =-1\n'
      + '.ltorg\nadd x0, x0, #1\nldr x8, =1\n.data\n.byte 1\n.align 2\nldr x9, =0x99\nldr w9, =0x99';
    const img = asm(src, { base: 0n });
    if (!img.ok) this.skip();
    const gas = gasBytes(src);
    for (const s of img.sections) {
      assert.equal(Buffer.from(s.data).toString('hex'), Buffer.from(gas.get(s.name)!.data).toString('hex'), s.name);
      assert.equal(s.align, gas.get(s.name)!.align, `${s.name} alignment`);
    }
  });

  corpus.forEach((src, i) => {
    it(`matches section bytes and alignment, corpus ${i}`, () => {
      const img = clean(src, { base: 0n });
      const gas = gasBytes(src);
      for (const s of img.sections) {
        const g = gas.get(s.name);
        assert.ok(g, `GNU as has no section ${s.name}`);
        if (!s.nobits) assert.equal(Buffer.from(s.data).toString('hex'), Buffer.from(g.data).toString('hex'), s.name);
        assert.equal(s.align, g.align, `${s.name} alignment`);
      }
    });
  });
});
