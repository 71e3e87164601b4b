// Load/store pair of general registers: LDP/STP/LDNP/STNP/LDPSW in every addressing mode,
// the CONSTRAINED UNPREDICTABLE overlaps (as QEMU), and faults part-way.

import { strict as assert } from 'node:assert';
import { CODE_BASE, steps } from './harness';
import { core, DATA, dabtSame, esr2, far2, getSp, getX, mem, pattern, setSp, setX, strictAlign } from './ldst-support';

const D = BigInt(DATA);

interface Case { asm: string; x?: Record<number, bigint>; sp?: bigint; want?: Record<number, bigint>; wantSp?: bigint; wantMem?: [number, number, bigint][] }

const CASES: Case[] = [
  { asm: 'ldp x0, x2, [x1]', x: { 1: D }, want: { 0: 0x1716151413121110n, 2: 0x1f1e1d1c1b1a1918n, 1: D } },
  { asm: 'ldp w0, w2, [x1, #-8]', x: { 1: D + 8n }, want: { 0: 0x13121110n, 2: 0x17161514n } },
  { asm: 'ldp x0, x2, [x1, #504]', x: { 1: D - 504n }, want: { 0: 0x1716151413121110n } },
  { asm: 'ldp x0, x2, [x1, #-512]', x: { 1: D + 512n }, want: { 0: 0x1716151413121110n } },
  { asm: 'ldp x0, x2, [x1, #16]!', x: { 1: D }, want: { 0: 0x2726252423222120n, 2: 0x2f2e2d2c2b2a2928n, 1: D + 16n } },
  { asm: 'ldp w0, w2, [x1], #-4', x: { 1: D }, want: { 0: 0x13121110n, 2: 0x17161514n, 1: D - 4n } },
  { asm: 'ldp x29, x30, [sp], #16', sp: D, want: { 29: 0x1716151413121110n, 30: 0x1f1e1d1c1b1a1918n }, wantSp: D + 16n },
  { asm: 'ldnp x0, x2, [x1, #8]', x: { 1: D }, want: { 0: 0x1f1e1d1c1b1a1918n, 2: 0x2726252423222120n } },
  { asm: 'ldnp w0, w2, [x1]', x: { 1: D }, want: { 0: 0x13121110n, 2: 0x17161514n } },
  { asm: 'ldpsw x0, x2, [x1, #0x70]', x: { 1: D }, want: { 0: 0xffffffff83828180n, 2: 0xffffffff87868584n } },
  { asm: 'ldpsw x0, x2, [x1]', x: { 1: D }, want: { 0: 0x13121110n, 2: 0x17161514n } },
  { asm: 'ldpsw x0, x2, [x1, #8]!', x: { 1: D + 0x68n }, want: { 0: 0xffffffff83828180n, 1: D + 0x70n } },
  { asm: 'ldpsw x0, x2, [x1], #8', x: { 1: D }, want: { 0: 0x13121110n, 1: D + 8n } },
  // CONSTRAINED UNPREDICTABLE, as QEMU 7.2: Rt == Rt2 keeps the first value; a writeback to Rt wins
  { asm: 'ldp x0, x0, [x1]', x: { 1: D }, want: { 0: 0x1716151413121110n } },
  { asm: 'ldp w0, w0, [x1]', x: { 1: D }, want: { 0: 0x13121110n } },
  { asm: 'ldp x1, x2, [x1, #16]!', x: { 1: D }, want: { 1: D + 16n, 2: 0x2f2e2d2c2b2a2928n } },
  { asm: 'stp x0, x2, [x1]', x: { 0: 0xa1n, 1: D, 2: 0xa2n }, wantMem: [[DATA, 8, 0xa1n], [DATA + 8, 8, 0xa2n], [DATA + 16, 1, 0x20n]] },
  { asm: 'stp w0, w2, [x1, #4]', x: { 0: 0x1000000a1n, 1: D, 2: 0xa2n }, wantMem: [[DATA, 8, 0x000000a113121110n], [DATA + 8, 4, 0xa2n]] },
  { asm: 'stp x29, x30, [sp, #-16]!', x: { 29: 1n, 30: 2n }, sp: D + 16n, wantSp: D, wantMem: [[DATA, 8, 1n], [DATA + 8, 8, 2n]] },
  { asm: 'stp xzr, xzr, [x1], #32', x: { 1: D }, want: { 1: D + 32n }, wantMem: [[DATA, 16, 0n]] },
  { asm: 'stnp x0, x2, [x1, #-16]', x: { 0: 3n, 1: D + 16n, 2: 4n }, wantMem: [[DATA, 8, 3n], [DATA + 8, 8, 4n]] },
  { asm: 'stnp w0, w2, [x1, #8]', x: { 0: 3n, 1: D, 2: 4n }, wantMem: [[DATA + 8, 8, 0x0000000400000003n]] },
  // STP with writeback and Rn == Rt: the old base is stored
  { asm: 'stp x1, x2, [x1, #16]!', x: { 1: D, 2: 9n }, want: { 1: D + 16n }, wantMem: [[DATA + 16, 8, D], [DATA + 24, 8, 9n]] },
];

describe('CPU load/store: register pairs', () => {
  for (const c of CASES) {
    it(c.asm, () => {
      const t = core(c.asm);
      pattern(t, DATA - 0x1000, 0x3000, 0x10 - 0x1000);
      for (const [n, v] of Object.entries(c.x ?? {})) setX(t, Number(n), v);
      if (c.sp !== undefined) setSp(t, c.sp);
      steps(t, 1);
      assert.equal(t.cpu.pc, BigInt(CODE_BASE + 4), `exception, ESR ${esr2(t).toString(16)}`);
      for (const [n, v] of Object.entries(c.want ?? {})) assert.equal(getX(t, Number(n)), v, `X${n}`);
      if (c.wantSp !== undefined) assert.equal(getSp(t), c.wantSp);
      for (const [pa, n, v] of c.wantMem ?? []) assert.equal(mem(t, pa, n), v, `[${pa.toString(16)}]`);
    });
  }

  it('leaves the registers and base alone when the second access faults', () => {
    const t = core('ldp x0, x2, [x1, #8]!');
    setX(t, 0, 1n); setX(t, 2, 2n);
    // RAM ends at 0x41000000: the first word is the last of RAM, the second is outside.
    const last = 0x41000000 - 8;
    setX(t, 1, BigInt(last - 8));
    steps(t, 1);
    assert.equal(esr2(t), dabtSame(false, 0x10));
    assert.equal(far2(t), BigInt(last + 8));
    assert.equal(getX(t, 0), 1n);
    assert.equal(getX(t, 2), 2n);
    assert.equal(getX(t, 1), BigInt(last - 8));
  });

  it('checks each element for alignment with SCTLR_EL2.A = 1', () => {
    const t = core('ldp w0, w2, [x1]\nldp x0, x2, [x1]');
    strictAlign(t);
    setX(t, 1, D + 4n);
    steps(t, 1);
    assert.equal(t.cpu.pc, BigInt(CODE_BASE + 4), 'LDP W at 4-byte alignment is fine');
    steps(t, 1);
    assert.equal(esr2(t), dabtSame(false, 0x21));
    assert.equal(far2(t), D + 4n);
  });
});
