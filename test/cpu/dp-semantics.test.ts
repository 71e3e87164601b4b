// Hand-written data-processing cases (dynarmic shape: instruction + registers → registers) for
// what the Unicorn differential test cannot reach: PCs whose 64-bit arithmetic carries across
// the halves, known CRC check values, division edge cases, SP forms at EL2, the FEAT_FlagM
// table kept out of the A57's semantics, and the UNDEFINED counting of absent features.

import { strict as assert } from 'node:assert';
import { coreWith, steps, CODE_BASE, type TestCore } from './harness';
import { DP_FLAGM_SEMANTICS } from '../../emulator/cpu/semantics/dp-flagm';
import { baseDecoder } from '../../emulator/cpu/cpu';
import { fieldReader } from '../../emulator/isa/decoder';

const M64 = (1n << 64n) - 1n;

/** Assembles one instruction and returns its word. */
function wordOf(src: string): number {
  return coreWith(src).bus.read32(CODE_BASE);
}

/** Executes `src` (one instruction) at PC `pc` with registers `regs`, via the compiled executor. */
function execAt(src: string, pc: bigint, regs: Record<number, bigint> = {}): TestCore {
  const t = coreWith('nop');
  for (const [n, v] of Object.entries(regs)) t.cpu.setXBig(Number(n), BigInt.asUintN(64, v));
  t.cpu.pc = pc;
  t.cpu.compile(wordOf(src), 0)(t.cpu);
  return t;
}

/** Runs a snippet from CODE_BASE for `n` instructions with initial registers. */
function run(src: string, n: number, regs: Record<number, bigint> = {}): TestCore {
  const t = coreWith(src);
  for (const [r, v] of Object.entries(regs)) t.cpu.setXBig(Number(r), BigInt.asUintN(64, v));
  steps(t, n);
  return t;
}

describe('data-processing semantics: hand cases', () => {
  it('ADRP/ADR carry and borrow across the 32-bit halves of the PC', () => {
    let t = execAt('adrp x0, . + 0x2000', 0xfffff000n);
    assert.equal(t.cpu.xBig(0), 0x100001000n);
    t = execAt('adr x1, . - 8', 0x100000004n);
    assert.equal(t.cpu.xBig(1), 0xfffffffcn);
    t = execAt('adrp x2, . - 0x1000', 0xffff000000000123n);
    assert.equal(t.cpu.xBig(2), 0xfffefffffffff000n);
  });

  it('ADD/SUB immediate use SP for register 31 and zero-extend W results', () => {
    const t = run('mov x0, sp\nadd sp, sp, #0x10\nsub x1, sp, #1, lsl #12\nadd w2, wsp, #1\nsub x3, x4, #1', 5, { 4: 0n });
    assert.equal(t.cpu.xBig(0), 0n);
    assert.equal(t.cpu.xBig(1), 0x10n - 0x1000n + (1n << 64n));
    assert.equal(t.cpu.xBig(2), 0x11n);
    assert.equal(t.cpu.xBig(3), M64);
  });

  it('CMP/CMN set NZCV as AddWithCarry does', () => {
    let t = run('cmp x0, x1', 1, { 0: 0x8000000000000000n, 1: 1n });
    assert.equal(t.cpu.nzcv(), 0b0011); // N=0 Z=0 C=1 V=1
    t = run('cmn w0, #1', 1, { 0: 0xffffffffn });
    assert.equal(t.cpu.nzcv(), 0b0110); // Z=1 C=1
    t = run('subs x0, x0, x0', 1, { 0: 5n });
    assert.equal(t.cpu.nzcv(), 0b0110);
  });

  it('divides with x/0 = 0 and INT_MIN/-1 = INT_MIN', () => {
    const t = run('sdiv x2, x0, x1\nudiv x3, x0, xzr\nsdiv w4, w5, w1\nsdiv x6, x7, x8', 4,
      { 0: 0x8000000000000000n, 1: -1n, 5: 0x80000000n, 7: -7n, 8: 2n });
    assert.equal(t.cpu.xBig(2), 0x8000000000000000n);
    assert.equal(t.cpu.xBig(3), 0n);
    assert.equal(t.cpu.xBig(4), 0x80000000n);
    assert.equal(t.cpu.xBig(6), BigInt.asUintN(64, -3n));
  });

  it('UMULH/SMULH/MADD/SMADDL on edge values', () => {
    const t = run('umulh x2, x0, x0\nsmulh x3, x0, x0\nmadd x4, x0, x0, x1\nsmaddl x5, w0, w1, xzr\numulh x6, x7, x8', 5,
      { 0: -1n, 1: 7n, 7: 0xfedcba9876543210n, 8: 0x0123456789abcdefn });
    assert.equal(t.cpu.xBig(2), M64 - 1n);
    assert.equal(t.cpu.xBig(3), 0n);
    assert.equal(t.cpu.xBig(4), 8n);
    assert.equal(t.cpu.xBig(5), BigInt.asUintN(64, -7n));
    assert.equal(t.cpu.xBig(6), (0xfedcba9876543210n * 0x0123456789abcdefn) >> 64n);
  });

  it('CRC32B/CRC32CB give the standard check values of "123456789"', () => {
    for (const [insn, check] of [['crc32b', 0xcbf43926n], ['crc32cb', 0xe3069283n]] as const) {
      const t = coreWith(`${insn} w0, w0, w1`);
      const exec = t.cpu.compile(t.bus.read32(CODE_BASE), 0);
      t.cpu.setXBig(0, 0xffffffffn);
      for (const ch of '123456789') { t.cpu.setXBig(1, BigInt(ch.charCodeAt(0))); exec(t.cpu); }
      assert.equal(t.cpu.xBig(0) ^ 0xffffffffn, check, insn);
    }
  });

  it('bitfield aliases: SBFX, UBFIZ, BFI, ROR', () => {
    const t = run('sbfx x1, x0, #4, #8\nubfiz w2, w0, #24, #8\nbfi x3, x0, #56, #8\nror x4, x0, #4', 4,
      { 0: 0x0000_0000_0000_0ff0n, 3: 0x1234n });
    assert.equal(t.cpu.xBig(1), M64);
    assert.equal(t.cpu.xBig(2), 0xf0000000n);
    assert.equal(t.cpu.xBig(3), 0xf000_0000_0000_1234n);
    assert.equal(t.cpu.xBig(4), 0x0000_0000_0000_00ffn);
  });

  it('logical immediate writes SP for Rd=31 and ANDS clears C and V', () => {
    const t = run('orr sp, xzr, #0x5555555555555555\nands x1, x0, #0xff00', 2, { 0: 0xff00n });
    assert.equal((BigInt(t.cpu.spHi()) << 32n) | BigInt(t.cpu.spLo()), 0x5555555555555555n);
    const u = run('ands x1, x0, #0xff00', 1, { 0: 0xf00000000000ff00n });
    assert.equal(u.cpu.xBig(1), 0xff00n);
    assert.equal(u.cpu.nzcv(), 0);
  });

  it('PAuth, MTE, CSSC and FlagM rows take UNDEFINED on the A57, counted by feature', () => {
    for (const [src, cls] of [['pacia x0, x1', 'feature:pauth'], ['abs x0, x1', 'feature:cssc'],
      ['irg x0, x1', 'feature:mte'], ['rmif x0, #3, #2', 'feature:flagm']] as const) {
      const t = run(src, 1);
      assert.equal(t.cpu.undefinedCounts.get(cls), 1, src);
      assert.equal(t.cpu.pc, 0x200n);
    }
  });

  it('FEAT_FlagM semantics compute the flags', () => {
    const exec = (src: string, x0: bigint, nzcv: number): number => {
      const t = coreWith('nop');
      const w = wordOf(src);
      const def = baseDecoder().decode(w)!;
      t.cpu.setXBig(0, x0); t.cpu.setNzcv(nzcv);
      DP_FLAGM_SEMANTICS[def.id](fieldReader(def, w), w, def)(t.cpu);
      return t.cpu.nzcv();
    };
    assert.equal(exec('setf8 w0', 0x80n, 0b0010), 0b1011); // N=1, C kept, V = bit8 ^ bit7
    assert.equal(exec('setf16 w0', 0x10000n, 0), 0b0101); // Z=1, V=1
    assert.equal(exec('rmif x0, #4, #0b1010', 0xa0n, 0b0101), 0b1111);
  });
});
