// FEAT_LSE atomics on a "max" core: LD<op> (all operations, sizes, orderings), ST<op>, SWP,
// CAS, CASP; alignment faults; and their gating (UNDEFINED on the Cortex-A57).

import { strict as assert } from 'node:assert';
import { CODE_BASE, steps } from './harness';
import { core, DATA, dabtSame, esr2, far2, getX, mem, setMem, setX } from './ldst-support';

const D = BigInt(DATA);

interface Case {
  asm: string;
  /** Initial 16 bytes at DATA. */
  m: bigint;
  x: Record<number, bigint>;
  want: Record<number, bigint>;
  wantMem: bigint;
  /** Compared bytes at DATA (default 8). */
  bytes?: number;
}

const M = 0x8877665544332211n;

const CASES: Case[] = [
  { asm: 'ldadd x2, x0, [x1]', m: M, x: { 2: 1n }, want: { 0: M }, wantMem: M + 1n },
  { asm: 'ldadd x2, x0, [x1]', m: 0xffffffffffffffffn, x: { 2: 2n }, want: { 0: 0xffffffffffffffffn }, wantMem: 1n },
  { asm: 'ldadd w2, w0, [x1]', m: 0x11111111ffffffffn, x: { 2: 0xaaaaaaaa00000003n }, want: { 0: 0xffffffffn }, wantMem: 0x1111111100000002n },
  { asm: 'ldaddh w2, w0, [x1]', m: M, x: { 2: 0xffffn }, want: { 0: 0x2211n }, wantMem: 0x8877665544332210n },
  { asm: 'ldaddb w2, w0, [x1]', m: M, x: { 2: 0x1f0n }, want: { 0: 0x11n }, wantMem: 0x8877665544332201n },
  { asm: 'ldaddal x2, x0, [x1]', m: 5n, x: { 2: 5n }, want: { 0: 5n }, wantMem: 10n },
  { asm: 'ldaddlb w2, w0, [x1]', m: 5n, x: { 2: 5n }, want: { 0: 5n }, wantMem: 10n },
  { asm: 'ldclr x2, x0, [x1]', m: M, x: { 2: 0xff00ff00ff00ff00n }, want: { 0: M }, wantMem: 0x0077005500330011n },
  { asm: 'ldclrah w2, w0, [x1]', m: M, x: { 2: 0x0f0fn }, want: { 0: 0x2211n }, wantMem: 0x8877665544332010n },
  { asm: 'ldeor w2, w0, [x1]', m: M, x: { 2: 0xffffffffn }, want: { 0: 0x44332211n }, wantMem: 0x88776655bbccddeen },
  { asm: 'ldeorlb w2, w0, [x1]', m: M, x: { 2: 0xffn }, want: { 0: 0x11n }, wantMem: 0x88776655443322een },
  { asm: 'ldset x2, x0, [x1]', m: M, x: { 2: 0x8000000000000001n }, want: { 0: M }, wantMem: 0x8877665544332211n | 1n },
  { asm: 'ldsetal w2, w0, [x1]', m: 0n, x: { 2: 0x80000000n }, want: { 0: 0n }, wantMem: 0x80000000n },
  // signed vs unsigned max/min at each size: 0x80… is negative signed, large unsigned
  { asm: 'ldsmaxb w2, w0, [x1]', m: 0x80n, x: { 2: 0x7fn }, want: { 0: 0x80n }, wantMem: 0x7fn },
  { asm: 'ldumaxb w2, w0, [x1]', m: 0x80n, x: { 2: 0x7fn }, want: { 0: 0x80n }, wantMem: 0x80n },
  { asm: 'ldsminb w2, w0, [x1]', m: 0x7fn, x: { 2: 0x180n }, want: { 0: 0x7fn }, wantMem: 0x80n },
  { asm: 'lduminb w2, w0, [x1]', m: 0x7fn, x: { 2: 0x80n }, want: { 0: 0x7fn }, wantMem: 0x7fn },
  { asm: 'ldsmaxh w2, w0, [x1]', m: 0x8000n, x: { 2: 1n }, want: { 0: 0x8000n }, wantMem: 1n },
  { asm: 'ldsminh w2, w0, [x1]', m: 0x8000n, x: { 2: 1n }, want: { 0: 0x8000n }, wantMem: 0x8000n },
  { asm: 'ldumaxh w2, w0, [x1]', m: 0x8000n, x: { 2: 1n }, want: { 0: 0x8000n }, wantMem: 0x8000n },
  { asm: 'ldsmax w2, w0, [x1]', m: 0x80000000n, x: { 2: 0xffffffffn }, want: { 0: 0x80000000n }, wantMem: 0xffffffffn },
  { asm: 'ldsmin w2, w0, [x1]', m: 0x80000000n, x: { 2: 0xffffffffn }, want: { 0: 0x80000000n }, wantMem: 0x80000000n },
  { asm: 'ldumax w2, w0, [x1]', m: 0x80000000n, x: { 2: 0xffffffffn }, want: { 0: 0x80000000n }, wantMem: 0xffffffffn },
  { asm: 'ldumin w2, w0, [x1]', m: 0x80000000n, x: { 2: 0xffffffffn }, want: { 0: 0x80000000n }, wantMem: 0x80000000n },
  { asm: 'ldsmax x2, x0, [x1]', m: 0xffffffff00000000n, x: { 2: 0xfffffffeffffffffn }, want: { 0: 0xffffffff00000000n }, wantMem: 0xffffffff00000000n },
  { asm: 'ldsmin x2, x0, [x1]', m: 0x7fffffffffffffffn, x: { 2: 0x8000000000000000n }, want: { 0: 0x7fffffffffffffffn }, wantMem: 0x8000000000000000n },
  { asm: 'ldumax x2, x0, [x1]', m: 0x7fffffffffffffffn, x: { 2: 0x8000000000000000n }, want: { 0: 0x7fffffffffffffffn }, wantMem: 0x8000000000000000n },
  { asm: 'ldumin x2, x0, [x1]', m: 0x0000000100000000n, x: { 2: 0x00000000ffffffffn }, want: { 0: 0x100000000n }, wantMem: 0xffffffffn },
  { asm: 'ldumaxal x2, x0, [x1]', m: 0x0000000100000000n, x: { 2: 0x00000000ffffffffn }, want: { 0: 0x100000000n }, wantMem: 0x100000000n },
  // ST<op>: the LD<op> with Rt = XZR
  { asm: 'stadd w2, [x1]', m: 0xffffffffn, x: { 2: 1n }, want: {}, wantMem: 0n },
  { asm: 'stsmaxl x2, [x1]', m: 3n, x: { 2: 4n }, want: {}, wantMem: 4n },
  { asm: 'steorb w2, [x1]', m: M, x: { 2: 0x11n }, want: {}, wantMem: 0x8877665544332200n },
  // Rs == Rt: the old value lands in Rt after Rs was read
  { asm: 'ldadd x0, x0, [x1]', m: 10n, x: { 0: 5n }, want: { 0: 10n }, wantMem: 15n },
  { asm: 'swp x2, x0, [x1]', m: M, x: { 2: 7n }, want: { 0: M, 2: 7n }, wantMem: 7n },
  { asm: 'swpal w2, w0, [x1]', m: M, x: { 2: 0xffffffff00000007n }, want: { 0: 0x44332211n }, wantMem: 0x8877665500000007n },
  { asm: 'swpb w2, w0, [x1]', m: M, x: { 2: 0x1234n }, want: { 0: 0x11n }, wantMem: 0x8877665544332234n },
  { asm: 'swplh w2, w0, [x1]', m: M, x: { 2: 0x1234n }, want: { 0: 0x2211n }, wantMem: 0x8877665544331234n },
  // CAS: Rs = old value; the store happens only if it equalled Rs
  { asm: 'cas x2, x3, [x1]', m: M, x: { 2: M, 3: 9n }, want: { 2: M }, wantMem: 9n },
  { asm: 'cas x2, x3, [x1]', m: M, x: { 2: 1n, 3: 9n }, want: { 2: M }, wantMem: M },
  { asm: 'casal w2, w3, [x1]', m: M, x: { 2: 0xffffffff44332211n, 3: 9n }, want: { 2: 0x44332211n }, wantMem: 0x8877665500000009n },
  { asm: 'casab w2, w3, [x1]', m: M, x: { 2: 0x311n, 3: 0x2ffn }, want: { 2: 0x11n }, wantMem: 0x88776655443322ffn },
  { asm: 'caslh w2, w3, [x1]', m: M, x: { 2: 0x2212n, 3: 0n }, want: { 2: 0x2211n }, wantMem: M },
  // CASP: pairs (Rs, Rs+1) and (Rt, Rt+1)
  { asm: 'casp x2, x3, x4, x5, [x1]', m: (2n << 64n) | 1n, x: { 2: 1n, 3: 2n, 4: 7n, 5: 8n }, want: { 2: 1n, 3: 2n }, wantMem: (8n << 64n) | 7n, bytes: 16 },
  { asm: 'caspal x2, x3, x4, x5, [x1]', m: (2n << 64n) | 1n, x: { 2: 1n, 3: 3n, 4: 7n, 5: 8n }, want: { 2: 1n, 3: 2n }, wantMem: (2n << 64n) | 1n, bytes: 16 },
  { asm: 'casp w2, w3, w4, w5, [x1]', m: M, x: { 2: 0x44332211n, 3: 0x88776655n, 4: 1n, 5: 2n }, want: { 2: 0x44332211n, 3: 0x88776655n }, wantMem: 0x0000000200000001n },
  { asm: 'caspl w2, w3, w4, w5, [x1]', m: M, x: { 2: 0x44332211n, 3: 0x88776654n, 4: 1n, 5: 2n }, want: { 2: 0x44332211n, 3: 0x88776655n }, wantMem: M },
];

describe('CPU load/store: LSE atomics (max core)', () => {
  for (const c of CASES) {
    it(`${c.asm} (mem ${c.m.toString(16)})`, () => {
      const t = core(c.asm, { max: true });
      setMem(t, DATA, 16, c.m);
      setX(t, 1, D);
      for (const [n, v] of Object.entries(c.x)) setX(t, Number(n), v);
      steps(t, 1);
      assert.equal(t.cpu.pc, BigInt(CODE_BASE + 4), `exception, ESR ${esr2(t).toString(16)}`);
      for (const [n, v] of Object.entries(c.want)) assert.equal(getX(t, Number(n)), v, `X${n}`);
      const n = c.bytes ?? 8;
      assert.equal(mem(t, DATA, n), BigInt.asUintN(8 * n, c.wantMem));
    });
  }

  it('faults on a misaligned address with WnR = 1 (as QEMU reports atomics)', () => {
    for (const [src, off] of [['ldadd x2, x0, [x1]', 4n], ['swph w2, w0, [x1]', 1n], ['cas w2, w3, [x1]', 2n],
      ['casp x2, x3, x4, x5, [x1]', 8n], ['casp w2, w3, w4, w5, [x1]', 4n]] as const) {
      const t = core(src, { max: true });
      setX(t, 1, D + off);
      setX(t, 0, 0x55n);
      steps(t, 1);
      assert.equal(esr2(t), dabtSame(true, 0x21), src);
      assert.equal(far2(t), D + off);
      assert.equal(getX(t, 0), 0x55n);
    }
  });

  it('CASP with an odd register pair is UNDEFINED', () => {
    // casp x1, x2, x4, x5, [x0]: Rs = 1
    const t = core('.inst 0x48217c04', { max: true });
    steps(t, 1);
    assert.equal(esr2(t), 0x02000000n);
  });

  it('is UNDEFINED on the Cortex-A57 (no FEAT_LSE), as QEMU -cpu cortex-a57', () => {
    for (const src of ['ldadd x2, x0, [x1]', 'stclr w2, [x1]', 'swp x2, x0, [x1]', 'cas x2, x3, [x1]', 'casp x2, x3, x4, x5, [x1]']) {
      const t = core(src);
      setX(t, 1, D);
      setMem(t, DATA, 8, 5n);
      steps(t, 1);
      assert.equal(t.cpu.pc, 0x200n, src);
      assert.equal(esr2(t), 0x02000000n, src);
      assert.equal(mem(t, DATA, 8), 5n);
      assert.equal(t.cpu.undefinedCounts.get('feature:lse'), 1);
    }
  });
});
