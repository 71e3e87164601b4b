// SIMD&FP moves: FMOV (general <-> FP, register, immediate), UMOV/MOV to general, INS/MOV from
// general, DUP (general), ORR/MOV (vector); FP16 gating; the FP access trap.

import { strict as assert } from 'node:assert';
import { slotOf } from '../../emulator/cpu/sysregs';
import { vfpExpandImm } from '../../emulator/cpu/semantics/simd-moves';
import { CODE_BASE, steps } from './harness';
import { core, esr2, getV, getX, setV, setX } from './ldst-support';

const JUNK = 0xdeadbeefdeadbeefdeadbeefdeadbeefn;
const Q = 0xffeeddccbbaa99887766554433221100n;

interface Case { asm: string; x?: Record<number, bigint>; v?: Record<number, bigint>; want?: Record<number, bigint>; wantV?: Record<number, bigint>; max?: boolean }

const CASES: Case[] = [
  { asm: 'fmov s0, w1', x: { 1: 0xaaaaaaaa3f800000n }, v: { 0: JUNK }, wantV: { 0: 0x3f800000n } },
  { asm: 'fmov d0, x1', x: { 1: 0x4000000000000000n }, v: { 0: JUNK }, wantV: { 0: 0x4000000000000000n } },
  { asm: 'fmov w0, s1', x: { 0: -1n }, v: { 1: Q }, want: { 0: 0x33221100n } },
  { asm: 'fmov x0, d1', v: { 1: Q }, want: { 0: 0x7766554433221100n } },
  { asm: 'fmov x0, v1.d[1]', v: { 1: Q }, want: { 0: 0xffeeddccbbaa9988n } },
  { asm: 'fmov v0.d[1], x1', x: { 1: 0x0123456789abcdefn }, v: { 0: Q }, wantV: { 0: (0x0123456789abcdefn << 64n) | 0x7766554433221100n } },
  { asm: 'fmov d0, xzr', v: { 0: JUNK }, wantV: { 0: 0n } },
  { asm: 'fmov s0, s1', v: { 0: JUNK, 1: Q }, wantV: { 0: 0x33221100n } },
  { asm: 'fmov d31, d1', v: { 31: JUNK, 1: Q }, wantV: { 31: 0x7766554433221100n } },
  { asm: 'fmov s0, #1.0', v: { 0: JUNK }, wantV: { 0: 0x3f800000n } },
  { asm: 'fmov s0, #-0.125', wantV: { 0: 0xbe000000n } },
  { asm: 'fmov s0, #31.0', wantV: { 0: 0x41f80000n } },
  { asm: 'fmov d0, #-2.5', v: { 0: JUNK }, wantV: { 0: 0xc004000000000000n } },
  { asm: 'fmov d0, #0.1875', wantV: { 0: 0x3fc8000000000000n } },
  { asm: 'fmov d0, #2.0', wantV: { 0: 0x4000000000000000n } },
  { asm: 'umov w0, v1.b[15]', x: { 0: -1n }, v: { 1: Q }, want: { 0: 0xffn } },
  { asm: 'umov w0, v1.h[3]', v: { 1: Q }, want: { 0: 0x7766n } },
  { asm: 'mov w0, v1.s[2]', x: { 0: -1n }, v: { 1: Q }, want: { 0: 0xbbaa9988n } },
  { asm: 'mov x0, v1.d[1]', v: { 1: Q }, want: { 0: 0xffeeddccbbaa9988n } },
  { asm: 'ins v0.b[3], w1', x: { 1: 0x1ffn }, v: { 0: Q }, wantV: { 0: (Q & ~(0xffn << 24n)) | (0xffn << 24n) } },
  { asm: 'mov v0.h[7], w1', x: { 1: 0x12345n }, v: { 0: Q }, wantV: { 0: (Q & ~(0xffffn << 112n)) | (0x2345n << 112n) } },
  { asm: 'mov v0.s[1], w1', x: { 1: 0xabcdef01n }, v: { 0: Q }, wantV: { 0: (Q & ~(0xffffffffn << 32n)) | (0xabcdef01n << 32n) } },
  { asm: 'mov v0.d[0], x1', x: { 1: 5n }, v: { 0: Q }, wantV: { 0: (Q & ~0xffffffffffffffffn) | 5n } },
  { asm: 'dup v0.16b, w1', x: { 1: 0x1a5n }, wantV: { 0: 0xa5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5n } },
  { asm: 'dup v0.8b, w1', x: { 1: 0x5an }, v: { 0: JUNK }, wantV: { 0: 0x5a5a5a5a5a5a5a5an } },
  { asm: 'dup v0.4h, w1', x: { 1: 0x1234n }, v: { 0: JUNK }, wantV: { 0: 0x1234123412341234n } },
  { asm: 'dup v0.8h, w1', x: { 1: 0x1234n }, wantV: { 0: 0x12341234123412341234123412341234n } },
  { asm: 'dup v0.2s, w1', x: { 1: 0xcafef00dn }, v: { 0: JUNK }, wantV: { 0: 0xcafef00dcafef00dn } },
  { asm: 'dup v0.4s, wzr', v: { 0: JUNK }, wantV: { 0: 0n } },
  { asm: 'dup v0.2d, x1', x: { 1: 0x0123456789abcdefn }, wantV: { 0: 0x0123456789abcdef0123456789abcdefn } },
  { asm: 'orr v0.16b, v1.16b, v2.16b', v: { 1: Q, 2: 0x0f0n << 64n }, wantV: { 0: Q | (0x0f0n << 64n) } },
  { asm: 'orr v0.8b, v1.8b, v2.8b', v: { 0: JUNK, 1: Q, 2: 0xffn }, wantV: { 0: 0x77665544332211ffn } },
  { asm: 'mov v0.16b, v1.16b', v: { 1: Q }, wantV: { 0: Q } },
  { asm: 'mov v0.8b, v1.8b', v: { 0: JUNK, 1: Q }, wantV: { 0: 0x7766554433221100n } },
  // FEAT_FP16 forms on a max core
  { asm: 'fmov h0, w1', x: { 1: 0x12343c00n }, v: { 0: JUNK }, wantV: { 0: 0x3c00n }, max: true },
  { asm: 'fmov x0, h1', x: { 0: -1n }, v: { 1: Q }, want: { 0: 0x1100n }, max: true },
  { asm: 'fmov h0, h1', v: { 0: JUNK, 1: Q }, wantV: { 0: 0x1100n }, max: true },
  { asm: 'fmov h0, #1.0', v: { 0: JUNK }, wantV: { 0: 0x3c00n }, max: true },
  { asm: 'fmov h0, #-31.0', wantV: { 0: 0xcfc0n }, max: true },
];

describe('CPU SIMD&FP moves', () => {
  for (const c of CASES) {
    it(c.asm, () => {
      const t = core(c.asm, { max: c.max });
      for (const [n, v] of Object.entries(c.x ?? {})) setX(t, Number(n), v);
      for (const [n, v] of Object.entries(c.v ?? {})) setV(t, Number(n), v);
      steps(t, 1);
      assert.equal(t.cpu.pc, BigInt(CODE_BASE + 4), `exception, ESR ${esr2(t).toString(16)}`);
      for (const [n, v] of Object.entries(c.want ?? {})) assert.equal(getX(t, Number(n)).toString(16), BigInt.asUintN(64, v).toString(16), `X${n}`);
      for (const [n, v] of Object.entries(c.wantV ?? {})) assert.equal(getV(t, Number(n)).toString(16), v.toString(16), `V${n}`);
    });
  }

  it('VFPExpandImm agrees with the value the table prints for every imm8', () => {
    const f32 = new DataView(new ArrayBuffer(8));
    for (let imm8 = 0; imm8 < 256; imm8++) {
      const [lo] = vfpExpandImm(imm8, 4);
      f32.setUint32(0, lo);
      const [, hi] = vfpExpandImm(imm8, 8);
      const sign = imm8 & 0x80 ? -1 : 1;
      const want = sign * ((16 + (imm8 & 15)) / 16) * 2 ** (((((imm8 >> 6) & 1) ^ 1) << 2 | ((imm8 >> 4) & 3)) - 3);
      assert.equal(f32.getFloat32(0), want, `S imm8 ${imm8}`);
      f32.setUint32(0, hi); f32.setUint32(4, 0);
      assert.equal(f32.getFloat64(0), want, `D imm8 ${imm8}`);
    }
  });

  it('FP16 moves are UNDEFINED on the Cortex-A57', () => {
    const t = core('fmov h0, w1');
    steps(t, 1);
    assert.equal(esr2(t), 0x02000000n);
    assert.equal(t.cpu.undefinedCounts.get('feature:fp16'), 1);
  });

  it('traps with CPTR_EL2.TFP (EC 0x07) and leaves the destination alone', () => {
    const t = core('umov w0, v1.b[0]');
    t.cpu.sys[slotOf('CPTR_EL2')] |= 1n << 10n;
    setX(t, 0, 9n);
    steps(t, 1);
    assert.equal(esr2(t) >> 26n, 0x07n);
    assert.equal(getX(t, 0), 9n);
  });
});
