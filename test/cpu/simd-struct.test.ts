// AdvSIMD structure loads/stores: LD1-LD4/ST1-ST4 (multiple), single lane, LD1R-LD4R, with
// and without post-index (immediate and register), register wrap-around, upper-half zeroing.

import { strict as assert } from 'node:assert';
import { CODE_BASE, steps } from './harness';
import { core, DATA, esr2, getV, getX, mem, pattern, setV, setX } from './ldst-support';

const D = BigInt(DATA);
const JUNK = 0xdeadbeefdeadbeefdeadbeefdeadbeefn;

/** Element k (esize bytes) of the memory pattern (byte i = 0x10 + i). */
function el(k: number, esize: number): bigint {
  let r = 0n;
  for (let i = esize - 1; i >= 0; i--) r = (r << 8n) | BigInt((0x10 + k * esize + i) & 0xff);
  return r;
}
/** A vector from its lanes (lane 0 first). */
function vec(esize: number, lanes: bigint[]): bigint {
  return lanes.reduce((acc, v, i) => acc | (v << BigInt(8 * esize * i)), 0n);
}
const range = (n: number, f: (i: number) => bigint): bigint[] => Array.from({ length: n }, (_, i) => f(i));

interface Case { asm: string; x?: Record<number, bigint>; v?: Record<number, bigint>; wantV?: Record<number, bigint>; want?: Record<number, bigint>; wantMem?: [number, number, bigint][] }

const CASES: Case[] = [
  { asm: 'ld1 {v0.16b}, [x1]', v: { 0: JUNK }, wantV: { 0: vec(1, range(16, (i) => el(i, 1))) } },
  { asm: 'ld1 {v0.8b}, [x1]', v: { 0: JUNK }, wantV: { 0: vec(1, range(8, (i) => el(i, 1))) } },
  { asm: 'ld1 {v0.1d}, [x1], #8', v: { 0: JUNK }, wantV: { 0: el(0, 8) }, want: { 1: D + 8n } },
  { asm: 'ld1 {v1.4s, v2.4s, v3.4s, v4.4s}, [x1], #64', wantV: { 1: vec(4, range(4, (i) => el(i, 4))), 4: vec(4, range(4, (i) => el(12 + i, 4))) }, want: { 1: D + 64n } },
  { asm: 'ld1 {v31.2d, v0.2d}, [x1]', wantV: { 31: vec(8, [el(0, 8), el(1, 8)]), 0: vec(8, [el(2, 8), el(3, 8)]) } },
  { asm: 'ld1 {v5.4h, v6.4h, v7.4h}, [x1], x2', x: { 2: 100n }, v: { 7: JUNK }, wantV: { 7: vec(2, range(4, (i) => el(8 + i, 2))) }, want: { 1: D + 100n } },
  { asm: 'ld2 {v0.8h, v1.8h}, [x1]', wantV: { 0: vec(2, range(8, (i) => el(2 * i, 2))), 1: vec(2, range(8, (i) => el(2 * i + 1, 2))) } },
  { asm: 'ld2 {v0.2s, v1.2s}, [x1], #16', v: { 1: JUNK }, wantV: { 0: vec(4, [el(0, 4), el(2, 4)]), 1: vec(4, [el(1, 4), el(3, 4)]) }, want: { 1: D + 16n } },
  { asm: 'ld3 {v0.8b, v1.8b, v2.8b}, [x1]', v: { 2: JUNK }, wantV: { 0: vec(1, range(8, (i) => el(3 * i, 1))), 2: vec(1, range(8, (i) => el(3 * i + 2, 1))) } },
  { asm: 'ld3 {v0.2d, v1.2d, v2.2d}, [x1], #48', wantV: { 1: vec(8, [el(1, 8), el(4, 8)]) }, want: { 1: D + 48n } },
  { asm: 'ld4 {v0.4s, v1.4s, v2.4s, v3.4s}, [x1]', wantV: { 0: vec(4, range(4, (i) => el(4 * i, 4))), 3: vec(4, range(4, (i) => el(4 * i + 3, 4))) } },
  { asm: 'ld4 {v30.16b, v31.16b, v0.16b, v1.16b}, [x1]', wantV: { 30: vec(1, range(16, (i) => el(4 * i, 1))), 1: vec(1, range(16, (i) => el(4 * i + 3, 1))) } },
  // single lane: the other lanes (and the upper half) are kept
  { asm: 'ld1 {v0.b}[15], [x1]', v: { 0: 0n }, wantV: { 0: 0x10n << 120n } },
  { asm: 'ld1 {v0.h}[2], [x1], #2', v: { 0: JUNK }, wantV: { 0: (JUNK & ~(0xffffn << 32n)) | (el(0, 2) << 32n) }, want: { 1: D + 2n } },
  { asm: 'ld2 {v0.s, v1.s}[3], [x1], #8', v: { 0: 0n, 1: 0n }, wantV: { 0: el(0, 4) << 96n, 1: el(1, 4) << 96n }, want: { 1: D + 8n } },
  { asm: 'ld3 {v0.h, v1.h, v2.h}[5], [x1]', v: { 2: 0n }, wantV: { 2: el(2, 2) << 80n } },
  { asm: 'ld4 {v0.d, v1.d, v2.d, v3.d}[1], [x1], x2', x: { 2: 8n }, v: { 3: 5n }, wantV: { 3: (el(3, 8) << 64n) | 5n }, want: { 1: D + 8n } },
  { asm: 'ld1 {v0.s}[0], [x1]', v: { 0: JUNK }, wantV: { 0: (JUNK & ~0xffffffffn) | el(0, 4) } },
  // load and replicate
  { asm: 'ld1r {v0.8b}, [x1]', v: { 0: JUNK }, wantV: { 0: vec(1, range(8, () => 0x10n)) } },
  { asm: 'ld1r {v0.2d}, [x1], #8', wantV: { 0: vec(8, [el(0, 8), el(0, 8)]) }, want: { 1: D + 8n } },
  { asm: 'ld2r {v0.4s, v1.4s}, [x1], x2', x: { 2: 3n }, wantV: { 0: vec(4, range(4, () => el(0, 4))), 1: vec(4, range(4, () => el(1, 4))) }, want: { 1: D + 3n } },
  { asm: 'ld3r {v0.4h, v1.4h, v2.4h}, [x1], #6', v: { 2: JUNK }, wantV: { 2: vec(2, range(4, () => el(2, 2))) }, want: { 1: D + 6n } },
  { asm: 'ld4r {v0.16b, v1.16b, v2.16b, v3.16b}, [x1]', wantV: { 3: vec(1, range(16, () => 0x13n)) } },
  // stores
  { asm: 'st1 {v0.16b}, [x1]', v: { 0: 0x0f0e0d0c0b0a09080706050403020100n }, wantMem: [[DATA, 16, 0x0f0e0d0c0b0a09080706050403020100n], [DATA + 16, 1, 0x20n]] },
  { asm: 'st1 {v0.8b}, [x1], #8', v: { 0: JUNK }, wantMem: [[DATA, 8, JUNK & 0xffffffffffffffffn], [DATA + 8, 1, 0x18n]], want: { 1: D + 8n } },
  { asm: 'st1 {v31.2d, v0.2d}, [x1]', v: { 31: 1n, 0: 2n }, wantMem: [[DATA, 16, 1n], [DATA + 16, 16, 2n]] },
  { asm: 'st2 {v0.4s, v1.4s}, [x1]', v: { 0: vec(4, [0xa0n, 0xa1n, 0xa2n, 0xa3n]), 1: vec(4, [0xb0n, 0xb1n, 0xb2n, 0xb3n]) }, wantMem: [[DATA, 32, vec(4, [0xa0n, 0xb0n, 0xa1n, 0xb1n, 0xa2n, 0xb2n, 0xa3n, 0xb3n])]] },
  { asm: 'st3 {v0.8b, v1.8b, v2.8b}, [x1], #24', v: { 0: vec(1, range(8, () => 0xaan)), 1: vec(1, range(8, () => 0xbbn)), 2: vec(1, range(8, () => 0xccn)) }, wantMem: [[DATA, 24, vec(1, range(24, (i) => [0xaan, 0xbbn, 0xccn][i % 3]))], [DATA + 24, 1, 0x28n]], want: { 1: D + 24n } },
  { asm: 'st4 {v0.2d, v1.2d, v2.2d, v3.2d}, [x1]', v: { 0: (5n << 64n) | 1n, 1: 2n, 2: 3n, 3: 4n }, wantMem: [[DATA, 32, vec(8, [1n, 2n, 3n, 4n])], [DATA + 32, 8, 5n]] },
  { asm: 'st1 {v0.b}[15], [x1]', v: { 0: 0xabn << 120n }, wantMem: [[DATA, 2, 0x11abn]] },
  { asm: 'st2 {v0.h, v1.h}[1], [x1], #4', v: { 0: 0x12340000n, 1: 0x56780000n }, wantMem: [[DATA, 4, 0x56781234n]], want: { 1: D + 4n } },
  { asm: 'st4 {v0.s, v1.s, v2.s, v3.s}[2], [x1]', v: { 0: 1n << 64n, 1: 2n << 64n, 2: 3n << 64n, 3: 4n << 64n }, wantMem: [[DATA, 16, vec(4, [1n, 2n, 3n, 4n])]] },
  { asm: 'st3 {v0.d, v1.d, v2.d}[0], [x1], x2', x: { 2: -24n }, v: { 0: 1n, 1: 2n, 2: 3n }, wantMem: [[DATA, 24, vec(8, [1n, 2n, 3n])]], want: { 1: D - 24n } },
];

describe('CPU AdvSIMD structure loads/stores', () => {
  for (const c of CASES) {
    it(c.asm, () => {
      const t = core(c.asm);
      pattern(t, DATA, 0x200);
      setX(t, 1, D);
      for (const [n, v] of Object.entries(c.x ?? {})) setX(t, Number(n), v);
      for (const [n, v] of Object.entries(c.v ?? {})) setV(t, Number(n), v);
      steps(t, 1);
      assert.equal(t.cpu.pc, BigInt(CODE_BASE + 4), `exception, ESR ${esr2(t).toString(16)}`);
      for (const [n, v] of Object.entries(c.wantV ?? {})) assert.equal(getV(t, Number(n)).toString(16), v.toString(16), `V${n}`);
      for (const [n, v] of Object.entries(c.want ?? {})) assert.equal(getX(t, Number(n)), BigInt.asUintN(64, v), `X${n}`);
      for (const [pa, n, v] of c.wantMem ?? []) assert.equal(mem(t, pa, n).toString(16), v.toString(16), `[${pa.toString(16)}]`);
    });
  }

  it('does no writeback when an element faults', () => {
    const t = core('ld1 {v0.16b, v1.16b}, [x1], #32');
    setX(t, 1, BigInt(0x41000000 - 16));
    steps(t, 1);
    assert.equal(esr2(t) & 0x3fn, 0x10n);
    assert.equal(getX(t, 1), BigInt(0x41000000 - 16));
  });
});
