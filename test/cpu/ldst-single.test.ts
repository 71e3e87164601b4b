// Loads/stores of one general register: every addressing form, extension, writeback, literal,
// prefetch, LDTR/STTR, and the faults (alignment with SCTLR.A, external abort, address size).

import { strict as assert } from 'node:assert';
import { SLOTS } from '../../emulator/cpu/cpu';
import { CODE_BASE, steps } from './harness';
import { core, DATA, dabtSame, elr2, esr2, far2, getSp, getX, iss, mem, pattern, setMem, setSp, setX, strictAlign } from './ldst-support';

interface Case {
  asm: string;
  x?: Record<number, bigint>;
  sp?: bigint;
  /** Expected registers after one instruction. */
  want?: Record<number, bigint>;
  wantSp?: bigint;
  /** Expected memory [pa, bytes, value]. */
  wantMem?: [number, number, bigint][];
}

const D = BigInt(DATA);

// Memory at DATA holds 0x10, 0x11, … ; so [DATA] as a u64 is 0x1716151413121110.
const LOADS: Case[] = [
  { asm: 'ldr x0, [x1]', x: { 1: D }, want: { 0: 0x1716151413121110n, 1: D } },
  { asm: 'ldr w0, [x1, #4]', x: { 0: -1n, 1: D }, want: { 0: 0x17161514n } },
  { asm: 'ldrb w0, [x1, #4095]', x: { 1: D }, want: { 0: BigInt((0x10 + 4095) & 0xff) } },
  { asm: 'ldrh w0, [x1, #2]', x: { 1: D }, want: { 0: 0x1312n } },
  { asm: 'ldr x0, [x1, #32760]', x: { 1: D }, want: { 0: 0x0f0e0d0c0b0a0908n } },
  { asm: 'ldur x0, [x1, #-1]', x: { 1: D + 1n }, want: { 0: 0x1716151413121110n } },
  { asm: 'ldur w0, [x1, #255]', x: { 1: D - 255n }, want: { 0: 0x13121110n } },
  { asm: 'ldr x0, [x1, #3]', x: { 1: D }, want: { 0: 0x1a19181716151413n } }, // as LDUR (unaligned)
  { asm: 'ldr x0, [sp, #8]', sp: D, want: { 0: 0x1f1e1d1c1b1a1918n } },
  { asm: 'ldrsb x0, [x1, #0x80]', x: { 1: D }, want: { 0: 0xffffffffffffff90n } },
  { asm: 'ldrsb w0, [x1, #0x80]', x: { 1: D }, want: { 0: 0xffffff90n } },
  { asm: 'ldrsb x0, [x1, #0x6f]', x: { 1: D }, want: { 0: 0x7fn } },
  { asm: 'ldrsh x0, [x1, #0x70]', x: { 1: D }, want: { 0: 0xffffffffffff8180n } },
  { asm: 'ldrsh w0, [x1, #0x70]', x: { 1: D }, want: { 0: 0xffff8180n } },
  { asm: 'ldrsw x0, [x1, #0x70]', x: { 1: D }, want: { 0: 0xffffffff83828180n } },
  { asm: 'ldrsw x0, [x1]', x: { 1: D }, want: { 0: 0x13121110n } },
  { asm: 'ldursb w0, [x1, #-16]', x: { 1: D + 0x90n }, want: { 0: 0xffffff90n } },
  { asm: 'ldursh x0, [x1, #-2]', x: { 1: D + 0x72n }, want: { 0: 0xffffffffffff8180n } },
  { asm: 'ldursw x0, [x1, #1]', x: { 1: D + 0x6fn }, want: { 0: 0xffffffff83828180n } },
  { asm: 'ldr xzr, [x1]', x: { 1: D }, want: { 31: 0n } },
  // pre/post-index: the base is written back
  { asm: 'ldr x0, [x1, #8]!', x: { 1: D }, want: { 0: 0x1f1e1d1c1b1a1918n, 1: D + 8n } },
  { asm: 'ldr x0, [x1], #-256', x: { 1: D }, want: { 0: 0x1716151413121110n, 1: D - 256n } },
  { asm: 'ldrb w0, [x1], #1', x: { 1: D + 1n }, want: { 0: 0x11n, 1: D + 2n } },
  { asm: 'ldrsh x0, [x1, #-2]!', x: { 1: D + 0x72n }, want: { 0: 0xffffffffffff8180n, 1: D + 0x70n } },
  { asm: 'ldr w0, [sp, #-16]!', sp: D + 16n, want: { 0: 0x13121110n }, wantSp: D },
  // Rn == Rt with writeback (CONSTRAINED UNPREDICTABLE): the writeback wins, as in QEMU
  { asm: 'ldr x1, [x1, #8]!', x: { 1: D }, want: { 1: D + 8n } },
  { asm: 'ldr x1, [x1], #8', x: { 1: D }, want: { 1: D + 8n } },
  // register offset: LSL, UXTW, SXTW, SXTX, scaled or not
  { asm: 'ldr x0, [x1, x2]', x: { 1: D, 2: 8n }, want: { 0: 0x1f1e1d1c1b1a1918n } },
  { asm: 'ldr x0, [x1, x2, lsl #3]', x: { 1: D, 2: 1n }, want: { 0: 0x1f1e1d1c1b1a1918n } },
  { asm: 'ldr w0, [x1, w2, uxtw #2]', x: { 1: D, 2: 0xffffffff00000001n }, want: { 0: 0x17161514n } },
  { asm: 'ldr x0, [x1, w2, sxtw #3]', x: { 1: D + 16n, 2: 0xfffffffeffffffffn }, want: { 0: 0x1f1e1d1c1b1a1918n } },
  { asm: 'ldr x0, [x1, w2, sxtw]', x: { 1: D + 16n, 2: 0xfffffff8n }, want: { 0: 0x1f1e1d1c1b1a1918n } },
  { asm: 'ldrh w0, [x1, x2, sxtx #1]', x: { 1: D + 8n, 2: -3n }, want: { 0: 0x1312n } },
  { asm: 'ldrb w0, [x1, x2, lsl #0]', x: { 1: D, 2: 5n }, want: { 0: 0x15n } },
  { asm: 'ldrsb w0, [x1, w2, uxtw]', x: { 1: D, 2: 0x80n }, want: { 0: 0xffffff90n } },
  { asm: 'ldrsw x0, [sp, xzr]', sp: D + 0x70n, want: { 0: 0xffffffff83828180n } },
  // unprivileged forms load as the ordinary ones with the MMU off
  { asm: 'ldtr x0, [x1, #8]', x: { 1: D }, want: { 0: 0x1f1e1d1c1b1a1918n } },
  { asm: 'ldtrsb x0, [x1, #-1]', x: { 1: D + 0x81n }, want: { 0: 0xffffffffffffff90n } },
  { asm: 'ldtrh w0, [x1]', x: { 1: D }, want: { 0: 0x1110n } },
];

const STORES: Case[] = [
  { asm: 'str x0, [x1]', x: { 0: 0x8877665544332211n, 1: D }, wantMem: [[DATA, 8, 0x8877665544332211n], [DATA + 8, 1, 0x18n]] },
  { asm: 'str w0, [x1, #4]', x: { 0: 0x8877665544332211n, 1: D }, wantMem: [[DATA, 8, 0x4433221113121110n]] },
  { asm: 'strb w0, [x1, #1]', x: { 0: 0xabcdn, 1: D }, wantMem: [[DATA, 4, 0x1312cd10n]] },
  { asm: 'strh w0, [x1, #2]', x: { 0: 0xabcdn, 1: D }, wantMem: [[DATA, 4, 0xabcd1110n]] },
  { asm: 'stur x0, [x1, #-3]', x: { 0: 0x8877665544332211n, 1: D + 3n }, wantMem: [[DATA, 8, 0x8877665544332211n]] },
  { asm: 'str xzr, [x1, #16]', x: { 1: D }, wantMem: [[DATA + 16, 8, 0n], [DATA + 24, 1, 0x28n]] },
  { asm: 'str x0, [x1, #8]!', x: { 0: 5n, 1: D }, want: { 1: D + 8n }, wantMem: [[DATA + 8, 8, 5n]] },
  { asm: 'strb w0, [x1], #-1', x: { 0: 0xeen, 1: D }, want: { 1: D - 1n }, wantMem: [[DATA, 1, 0xeen]] },
  { asm: 'str x0, [sp, #-16]!', x: { 0: 7n }, sp: D + 16n, wantSp: D, wantMem: [[DATA, 8, 7n]] },
  // Rn == Rt with writeback: the old register value is stored (QEMU)
  { asm: 'str x1, [x1, #8]!', x: { 1: D }, want: { 1: D + 8n }, wantMem: [[DATA + 8, 8, D]] },
  { asm: 'str x1, [x1], #8', x: { 1: D }, want: { 1: D + 8n }, wantMem: [[DATA, 8, D]] },
  { asm: 'str w0, [x1, w2, sxtw #2]', x: { 0: 0xdeadbeefn, 1: D + 8n, 2: 0xffffffffn }, wantMem: [[DATA + 4, 4, 0xdeadbeefn]] },
  { asm: 'strh w0, [x1, x2, lsl #1]', x: { 0: 0x1234n, 1: D, 2: 3n }, wantMem: [[DATA + 6, 2, 0x1234n]] },
  { asm: 'sttr w0, [x1, #-4]', x: { 0: 0x01020304n, 1: D + 4n }, wantMem: [[DATA, 4, 0x01020304n]] },
  { asm: 'sttrb w0, [x1, #255]', x: { 0: 0x77n, 1: D }, wantMem: [[DATA + 255, 1, 0x77n]] },
];

function run(c: Case): ReturnType<typeof core> {
  const t = core(c.asm);
  pattern(t, DATA - 0x1000, 0x10000, 0x10 - 0x1000);
  for (const [n, v] of Object.entries(c.x ?? {})) setX(t, Number(n), v);
  if (c.sp !== undefined) setSp(t, c.sp);
  steps(t, 1);
  assert.equal(t.cpu.pc, BigInt(CODE_BASE + 4), `${c.asm}: took an exception (ESR ${esr2(t).toString(16)})`);
  for (const [n, v] of Object.entries(c.want ?? {})) assert.equal(getX(t, Number(n)), BigInt.asUintN(64, v), `${c.asm}: X${n}`);
  if (c.wantSp !== undefined) assert.equal(getSp(t), c.wantSp, `${c.asm}: SP`);
  for (const [pa, n, v] of c.wantMem ?? []) assert.equal(mem(t, pa, n), v, `${c.asm}: [${pa.toString(16)}]`);
  return t;
}

describe('CPU load/store: single register', () => {
  describe('loads', () => {
    for (const c of LOADS) it(c.asm, () => { run(c); });
  });
  describe('stores', () => {
    for (const c of STORES) it(c.asm, () => { run(c); });
  });

  it('loads PC-relative literals (LDR W/X, LDRSW) and ignores PRFM', () => {
    const t = core('ldr w0, 1f\nldr x1, 1f\nldrsw x2, 2f\nprfm pldl1keep, 1f\nprfm pstl2strm, [x5, #8]\nprfum pldl1keep, [x5, #-1]\nprfm pldl1keep, [x5, x6, lsl #3]\nnop\n.balign 8\n1: .quad 0x8000000180000002\n2: .word 0x80000000');
    setX(t, 5, 0xdead000000000000n);
    steps(t, 7);
    assert.equal(t.cpu.pc, BigInt(CODE_BASE + 28));
    assert.equal(getX(t, 0), 0x80000002n);
    assert.equal(getX(t, 1), 0x8000000180000002n);
    assert.equal(getX(t, 2), 0xffffffff80000000n);
  });

  it('does a little-endian access across a page boundary', () => {
    const t = core('ldr x0, [x1]\nstr x2, [x1, #8]');
    pattern(t, DATA, 0x2000);
    setX(t, 1, BigInt(DATA + 0xffc));
    setX(t, 2, 0x0102030405060708n);
    steps(t, 2);
    assert.equal(getX(t, 0), mem(t, DATA + 0xffc, 8));
    assert.equal(mem(t, DATA + 0x1004, 8), 0x0102030405060708n);
  });

  it('raises an alignment fault with SCTLR_EL2.A = 1 (EC 0x25, DFSC 0x21, WnR, FAR)', () => {
    const t = core('ldr x0, [x1]');
    strictAlign(t);
    setX(t, 1, D + 4n);
    setX(t, 0, 0x55n);
    steps(t, 1);
    assert.equal(t.cpu.pc, 0x200n);
    assert.equal(esr2(t), dabtSame(false, 0x21, iss(8, 0, { sf: true })));
    assert.equal(far2(t), D + 4n);
    assert.equal(elr2(t), BigInt(CODE_BASE));
    assert.equal(getX(t, 0), 0x55n, 'the destination is unchanged');
    const s = core('strh w0, [x1, #1]!');
    strictAlign(s);
    setX(s, 1, D);
    steps(s, 1);
    assert.equal(esr2(s), dabtSame(true, 0x21), 'no syndrome for a writeback form');
    assert.equal(far2(s), D + 1n);
    assert.equal(getX(s, 1), D, 'no writeback after a fault');
    const ok = core('ldrb w0, [x1, #1]\nldrh w0, [x1, #2]');
    strictAlign(ok);
    setX(ok, 1, D);
    steps(ok, 2);
    assert.equal(ok.cpu.pc, BigInt(CODE_BASE + 8), 'aligned accesses pass');
  });

  it('takes a synchronous external abort for a PA outside RAM and MMIO (DFSC 0x10)', () => {
    const t = core('ldr x0, [x1], #8');
    setX(t, 1, 0x1000n);
    steps(t, 1);
    assert.equal(esr2(t), dabtSame(false, 0x10));
    assert.equal(far2(t), 0x1000n);
    assert.equal(getX(t, 1), 0x1000n);
    const s = core('str w0, [x1]');
    setX(s, 1, 0x3ffffff0n);
    steps(s, 1);
    assert.equal(esr2(s), dabtSame(true, 0x10, iss(4, 0)));
  });

  it('reports an address size fault (DFSC 0) for a VA beyond the 40-bit PA space with the MMU off', () => {
    const t = core('ldr x0, [x1]');
    setX(t, 1, 1n << 40n);
    steps(t, 1);
    assert.equal(esr2(t), dabtSame(false, 0x00, iss(8, 0, { sf: true })));
  });

  it('takes the abort to EL2 as EC 0x24 from EL1 when HCR_EL2.TGE routes it (EL0)', () => {
    const t = core('ldr x0, [x1]');
    t.cpu.el = 0; t.cpu.spsel = 0;
    t.cpu.sys[SLOTS.HCR_EL2] |= 1n << 27n; // TGE: EL0 exceptions go to EL2
    setX(t, 1, 0x1000n);
    steps(t, 1);
    assert.equal(t.cpu.el, 2);
    assert.equal(esr2(t) >> 26n, 0x24n);
    assert.equal(esr2(t) & 0x3fn, 0x10n);
  });

  it('gives data aborts of single-register accesses without writeback an instruction syndrome (as QEMU 7.2)', () => {
    const cases: [string, boolean, bigint][] = [
      ['ldrb w3, [x1]', false, iss(1, 3)],
      ['ldrsb x4, [x1, #1]', false, iss(1, 4, { sse: true, sf: true })],
      ['ldrsh w5, [x1, x2]', false, iss(2, 5, { sse: true })],
      ['ldrsw x6, [x1, #-4]', false, iss(4, 6, { sse: true, sf: true })],
      ['ldr w7, [x1, w2, uxtw]', false, iss(4, 7)],
      ['ldtr x8, [x1]', false, iss(8, 8, { sf: true })],
      ['str xzr, [x1]', true, iss(8, 31, { sf: true })],
      ['sttrh w9, [x1]', true, iss(2, 9)],
      ['stur w10, [x1, #3]', true, iss(4, 10)],
      ['ldr x0, [x1, #8]!', false, 0n],
      ['str x0, [x1], #8', true, 0n],
      ['ldp x3, x4, [x1]', false, 0n],
    ];
    for (const [src, wnr, want] of cases) {
      const t = core(src);
      setX(t, 1, 0x1000n); setX(t, 2, 0n);
      steps(t, 1);
      assert.equal(esr2(t), dabtSame(wnr, 0x10, want), src);
      // the next instruction's abort carries nothing left over
      assert.equal(t.cpu.ldstSyndrome, 0, src);
    }
    // A literal 0x80004 bytes back from the code is just below RAM.
    const lit = core('ldrsw x11, .-0x80004');
    steps(lit, 1);
    assert.equal(esr2(lit), dabtSame(false, 0x10, iss(4, 11, { sse: true, sf: true })));
    assert.equal(far2(lit), 0x3ffffffcn);
  });

  it('clears the exclusive monitor on a store to the monitored granule', () => {
    const t = core('str x0, [x1, #56]');
    t.cpu.exclusivePa = DATA; t.cpu.exclusiveSize = 8;
    setX(t, 1, D);
    steps(t, 1);
    assert.equal(t.cpu.exclusivePa, -1);
    setMem(t, DATA, 8, 0n);
  });
});
