// SIMD&FP register loads/stores: B/H/S/D/Q in every addressing form, pairs, literals, the
// zeroing of the upper vector bits, Q alignment with SCTLR.A, and the FP/SIMD access trap.

import { strict as assert } from 'node:assert';
import { SLOTS } from '../../emulator/cpu/cpu';
import { slotOf } from '../../emulator/cpu/sysregs';
import { CODE_BASE, steps } from './harness';
import { core, DATA, dabtSame, esr2, far2, getSp, getV, getX, mem, pattern, setSp, setV, setX, strictAlign } from './ldst-support';

const D = BigInt(DATA);
/** The 16 bytes at DATA + off of the pattern (0x10 + i) as a little-endian number. */
const pat = (off: number, bytes: number): bigint => {
  let r = 0n;
  for (let i = bytes - 1; i >= 0; i--) r = (r << 8n) | BigInt((0x10 + off + i) & 0xff);
  return r;
};
const JUNK = 0xdeadbeefdeadbeefdeadbeefdeadbeefn;

interface Case { asm: string; x?: Record<number, bigint>; sp?: bigint; v?: Record<number, bigint>; want?: Record<number, bigint>; wantV?: Record<number, bigint>; wantSp?: bigint; wantMem?: [number, number, bigint][] }

const Q1 = 0x0f0e0d0c0b0a09080706050403020100n;
const CASES: Case[] = [
  { asm: 'ldr b0, [x1, #4095]', x: { 1: D }, v: { 0: JUNK }, wantV: { 0: pat(4095, 1) } },
  { asm: 'ldr h0, [x1, #2]', x: { 1: D }, v: { 0: JUNK }, wantV: { 0: pat(2, 2) } },
  { asm: 'ldr s0, [x1, #4]', x: { 1: D }, v: { 0: JUNK }, wantV: { 0: pat(4, 4) } },
  { asm: 'ldr d0, [x1, #8]', x: { 1: D }, v: { 0: JUNK }, wantV: { 0: pat(8, 8) } },
  { asm: 'ldr q0, [x1, #65520]', x: { 1: D - 65520n }, v: { 0: JUNK }, wantV: { 0: pat(0, 16) } },
  { asm: 'ldr q31, [sp, #16]', sp: D, wantV: { 31: pat(16, 16) } },
  { asm: 'ldur q1, [x1, #-1]', x: { 1: D + 1n }, wantV: { 1: pat(0, 16) } },
  { asm: 'ldur h1, [x1, #255]', x: { 1: D - 255n }, v: { 1: JUNK }, wantV: { 1: pat(0, 2) } },
  { asm: 'ldr d2, [x1, #8]!', x: { 1: D }, wantV: { 2: pat(8, 8) }, want: { 1: D + 8n } },
  { asm: 'ldr q2, [x1], #-16', x: { 1: D }, wantV: { 2: pat(0, 16) }, want: { 1: D - 16n } },
  { asm: 'ldr s3, [x1, x2, lsl #2]', x: { 1: D, 2: 3n }, wantV: { 3: pat(12, 4) } },
  { asm: 'ldr q3, [x1, x2, lsl #4]', x: { 1: D, 2: 1n }, wantV: { 3: pat(16, 16) } },
  { asm: 'ldr d3, [x1, w2, sxtw #3]', x: { 1: D + 16n, 2: 0xffffffffn }, wantV: { 3: pat(8, 8) } },
  { asm: 'ldr b3, [x1, w2, uxtw]', x: { 1: D, 2: 0x100000005n }, v: { 3: JUNK }, wantV: { 3: pat(5, 1) } },
  { asm: 'ldr h3, [x1, x2, sxtx #1]', x: { 1: D + 8n, 2: -4n }, wantV: { 3: pat(0, 2) } },
  { asm: 'str b0, [x1, #1]', x: { 1: D }, v: { 0: Q1 | 0xeen }, wantMem: [[DATA, 4, 0x1312ee10n]] },
  { asm: 'str h0, [x1]', x: { 1: D }, v: { 0: Q1 }, wantMem: [[DATA, 4, 0x13120100n]] },
  { asm: 'str s0, [x1, #4]!', x: { 1: D }, v: { 0: Q1 }, wantMem: [[DATA, 8, 0x0302010013121110n]], want: { 1: D + 4n } },
  { asm: 'str d0, [x1], #8', x: { 1: D }, v: { 0: Q1 }, wantMem: [[DATA, 16, pat(0, 16) & ~0xffffffffffffffffn | 0x0706050403020100n]], want: { 1: D + 8n } },
  { asm: 'str q0, [x1, #16]', x: { 1: D }, v: { 0: Q1 }, wantMem: [[DATA + 16, 16, Q1], [DATA + 32, 1, 0x30n]] },
  { asm: 'stur q0, [x1, #-3]', x: { 1: D + 3n }, v: { 0: Q1 }, wantMem: [[DATA, 16, Q1]] },
  { asm: 'str q0, [x1, x2]', x: { 1: D, 2: 32n }, v: { 0: Q1 }, wantMem: [[DATA + 32, 16, Q1]] },
  { asm: 'str d0, [sp, #-16]!', sp: D + 16n, v: { 0: Q1 }, wantSp: D, wantMem: [[DATA, 8, 0x0706050403020100n]] },
  // pairs
  { asm: 'ldp s0, s1, [x1, #-8]', x: { 1: D + 8n }, v: { 0: JUNK, 1: JUNK }, wantV: { 0: pat(0, 4), 1: pat(4, 4) } },
  { asm: 'ldp d0, d1, [x1, #16]!', x: { 1: D }, wantV: { 0: pat(16, 8), 1: pat(24, 8) }, want: { 1: D + 16n } },
  { asm: 'ldp q0, q1, [x1], #32', x: { 1: D }, wantV: { 0: pat(0, 16), 1: pat(16, 16) }, want: { 1: D + 32n } },
  { asm: 'ldp q0, q1, [x1, #1008]', x: { 1: D - 1008n }, wantV: { 0: pat(0, 16), 1: pat(16, 16) } },
  { asm: 'ldnp q2, q3, [x1]', x: { 1: D }, wantV: { 2: pat(0, 16), 3: pat(16, 16) } },
  { asm: 'ldnp s2, s3, [x1, #4]', x: { 1: D }, wantV: { 2: pat(4, 4), 3: pat(8, 4) } },
  { asm: 'ldp d4, d4, [x1]', x: { 1: D }, wantV: { 4: pat(8, 8) } },
  { asm: 'stp q0, q1, [sp, #-32]!', sp: D + 32n, v: { 0: Q1, 1: ~Q1 & ((1n << 128n) - 1n) }, wantSp: D, wantMem: [[DATA, 16, Q1], [DATA + 16, 16, ~Q1 & ((1n << 128n) - 1n)]] },
  { asm: 'stp s0, s1, [x1]', x: { 1: D }, v: { 0: 0xaan, 1: 0xbbn }, wantMem: [[DATA, 8, 0x000000bb000000aan]] },
  { asm: 'stp d0, d1, [x1], #-16', x: { 1: D }, v: { 0: 0xaan, 1: 0xbbn }, want: { 1: D - 16n }, wantMem: [[DATA, 16, (0xbbn << 64n) | 0xaan]] },
  { asm: 'stnp d0, d1, [x1, #8]', x: { 1: D }, v: { 0: 0xaan, 1: 0xbbn }, wantMem: [[DATA + 8, 16, (0xbbn << 64n) | 0xaan]] },
  { asm: 'stnp q0, q1, [x1, #-32]', x: { 1: D + 32n }, v: { 0: 1n, 1: 2n }, wantMem: [[DATA, 16, 1n], [DATA + 16, 16, 2n]] },
];

function run(c: Case): ReturnType<typeof core> {
  const t = core(c.asm);
  pattern(t, DATA - 0x10000, 0x20000, 0x10 - 0x10000);
  for (const [n, v] of Object.entries(c.x ?? {})) setX(t, Number(n), v);
  for (const [n, v] of Object.entries(c.v ?? {})) setV(t, Number(n), v);
  if (c.sp !== undefined) setSp(t, c.sp);
  steps(t, 1);
  assert.equal(t.cpu.pc, BigInt(CODE_BASE + 4), `exception, ESR ${esr2(t).toString(16)}`);
  for (const [n, v] of Object.entries(c.want ?? {})) assert.equal(getX(t, Number(n)), BigInt.asUintN(64, v), `X${n}`);
  for (const [n, v] of Object.entries(c.wantV ?? {})) assert.equal(getV(t, Number(n)), v, `V${n}`);
  if (c.wantSp !== undefined) assert.equal(getSp(t), c.wantSp);
  for (const [pa, n, v] of c.wantMem ?? []) assert.equal(mem(t, pa, n), v, `[${pa.toString(16)}]`);
  return t;
}

describe('CPU SIMD&FP loads/stores', () => {
  for (const c of CASES) it(c.asm, () => { run(c); });

  it('loads S/D/Q literals', () => {
    const t = core('ldr s0, 1f\nldr d1, 1f\nldr q2, 1f\nnop\n1: .quad 0x1122334455667788, 0x99aabbccddeeff00');
    for (const r of [0, 1, 2]) setV(t, r, JUNK);
    steps(t, 3);
    assert.equal(getV(t, 0), 0x55667788n);
    assert.equal(getV(t, 1), 0x1122334455667788n);
    assert.equal(getV(t, 2), 0x99aabbccddeeff001122334455667788n);
  });

  it('checks Q accesses for 16-byte alignment with SCTLR_EL2.A = 1, and D for 8', () => {
    const t = core('ldr d0, [x1]\nldr q0, [x1]');
    strictAlign(t);
    setX(t, 1, D + 8n);
    steps(t, 2);
    assert.equal(t.cpu.pc, 0x200n);
    assert.equal(esr2(t), dabtSame(false, 0x21));
    assert.equal(far2(t), D + 8n);
    const s = core('stp q0, q1, [x1]');
    strictAlign(s);
    setX(s, 1, D + 8n);
    steps(s, 1);
    assert.equal(esr2(s), dabtSame(true, 0x21));
  });

  it('Q accesses are two 8-byte accesses: an unaligned one is fine without SCTLR.A', () => {
    const t = core('ldr q0, [x1]');
    pattern(t, DATA, 64);
    setX(t, 1, D + 3n);
    steps(t, 1);
    assert.equal(getV(t, 0), pat(3, 16));
  });

  it('takes an external abort on the second half of a Q load at the end of RAM', () => {
    const t = core('ldr q0, [x1]');
    setV(t, 0, JUNK);
    setX(t, 1, BigInt(0x41000000 - 8));
    steps(t, 1);
    assert.equal(esr2(t), dabtSame(false, 0x10));
    assert.equal(far2(t), 0x41000000n);
    assert.equal(getV(t, 0), JUNK);
  });

  describe('FP/SIMD access traps (EC 0x07)', () => {
    const CPACR = slotOf('CPACR_EL1');
    const CPTR = slotOf('CPTR_EL2');

    it('CPTR_EL2.TFP traps an EL2 access to EL2 before any memory access', () => {
      const t = core('ldr q0, [x1], #16');
      t.cpu.sys[CPTR] |= 1n << 10n;
      setX(t, 1, 0x1000n); // would abort if accessed
      steps(t, 1);
      assert.equal(t.cpu.el, 2);
      assert.equal(esr2(t), (0x07n << 26n) | (1n << 25n) | (1n << 24n) | (0xen << 20n));
      assert.equal(getX(t, 1), 0x1000n);
      assert.equal(t.cpu.sys[SLOTS.ELR_EL2], BigInt(CODE_BASE));
    });

    it('CPACR_EL1.FPEN = 00 traps an EL1 access to EL1; FPEN = 11 lets it run', () => {
      const t = core('str d0, [x1]\nstr d0, [x1]');
      setX(t, 1, D);
      t.cpu.el = 1;
      t.cpu.sys[CPACR] = 0n;
      steps(t, 1);
      assert.equal(t.cpu.el, 1);
      assert.equal(t.cpu.sys[SLOTS.ESR_EL1] >> 26n, 0x07n);
      const u = core('str d0, [x1]');
      setX(u, 1, D);
      setV(u, 0, 0x42n);
      u.cpu.el = 1;
      u.cpu.sys[CPACR] = 3n << 20n;
      steps(u, 1);
      assert.equal(u.cpu.pc, BigInt(CODE_BASE + 4));
      assert.equal(mem(u, DATA, 8), 0x42n);
    });

    it('CPTR_EL2.TFP traps an EL1 access to EL2 when CPACR_EL1 allows it', () => {
      const t = core('ldr s0, [x1]');
      setX(t, 1, D);
      t.cpu.el = 1;
      t.cpu.sys[CPACR] = 3n << 20n;
      t.cpu.sys[CPTR] |= 1n << 10n;
      steps(t, 1);
      assert.equal(t.cpu.el, 2);
      assert.equal(esr2(t) >> 26n, 0x07n);
    });

    it('with HCR_EL2.E2H = 1, CPTR_EL2.FPEN (CPACR layout) decides at EL2', () => {
      const t = core('fmov d0, x1\nfmov d0, x1');
      t.cpu.sys[SLOTS.HCR_EL2] |= 1n << 34n;
      t.cpu.sys[CPTR] = 0n; // FPEN = 00: traps EL2 too
      steps(t, 1);
      assert.equal(esr2(t) >> 26n, 0x07n);
      const u = core('fmov d0, x1');
      setX(u, 1, 5n);
      u.cpu.sys[SLOTS.HCR_EL2] |= 1n << 34n;
      u.cpu.sys[CPTR] = 3n << 20n;
      steps(u, 1);
      assert.equal(u.cpu.pc, BigInt(CODE_BASE + 4));
      assert.equal(getV(u, 0), 5n);
    });

    it('CPACR_EL1.FPEN = 01 traps EL0 but not EL1', () => {
      const t = core('ldr s0, [x1]');
      setX(t, 1, D);
      t.cpu.el = 0; t.cpu.spsel = 0;
      t.cpu.sys[CPACR] = 1n << 20n;
      steps(t, 1);
      assert.equal(t.cpu.el, 1);
      assert.equal(t.cpu.sys[SLOTS.ESR_EL1] >> 26n, 0x07n);
    });
  });
});
