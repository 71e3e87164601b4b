// Exclusive and ordered loads/stores: the local monitor (set, passed, failed, cleared by a store
// to the granule, by CLREX, by exception entry and by ERET), sizes, pairs, alignment faults.

import { strict as assert } from 'node:assert';
import { SLOTS } from '../../emulator/cpu/cpu';
import { IL } from '../../emulator/cpu/exceptions';
import { CODE_BASE, steps } from './harness';
import { core, DATA, dabtSame, esr2, far2, getX, iss, mem, pattern, setMem, setX } from './ldst-support';

const D = BigInt(DATA);
const ELR = SLOTS.ELR_EL2;
const SPSR = SLOTS.SPSR_EL2;
const X = 0x1716151413121110n;

function excl(src: string, opts: { max?: boolean } = {}): ReturnType<typeof core> {
  const t = core(src, opts);
  pattern(t, DATA, 0x100);
  setX(t, 1, D);
  setX(t, 3, 0xaaaabbbbccccddddn);
  setX(t, 2, 0x77n);
  return t;
}

describe('CPU load/store: exclusives and ordered accesses', () => {
  it('LDXR/STXR: passes (status 0) and stores; the monitor is then clear', () => {
    const t = excl('ldxr x0, [x1]\nstxr w2, x3, [x1]');
    steps(t, 1);
    assert.equal(getX(t, 0), X);
    assert.equal(t.cpu.exclusivePa, DATA);
    assert.equal(t.cpu.exclusiveSize, 8);
    steps(t, 1);
    assert.equal(getX(t, 2), 0n);
    assert.equal(mem(t, DATA, 8), 0xaaaabbbbccccddddn);
    assert.equal(t.cpu.exclusivePa, -1);
  });

  it('STXR without a preceding LDXR fails (status 1) and stores nothing', () => {
    const t = excl('stxr w2, x3, [x1]');
    steps(t, 1);
    assert.equal(getX(t, 2), 1n);
    assert.equal(mem(t, DATA, 8), X);
  });

  it('a second STXR fails: every store-exclusive clears the monitor', () => {
    const t = excl('ldxr w0, [x1]\nstxr w2, w3, [x1]\nstxr w2, wzr, [x1]');
    steps(t, 3);
    assert.equal(getX(t, 2), 1n);
    assert.equal(mem(t, DATA, 8), 0x17161514ccccddddn);
  });

  it('fails after an intervening store to the granule', () => {
    const t = excl('ldxr x0, [x1]\nstr x4, [x1, #40]\nstxr w2, x3, [x1]');
    steps(t, 3);
    assert.equal(getX(t, 2), 1n);
    assert.equal(mem(t, DATA, 8), X);
  });

  it('fails after CLREX (the monitor cleared), after exception entry, and after ERET', () => {
    const t = excl('ldxr x0, [x1]\nstxr w2, x3, [x1]');
    steps(t, 1);
    t.cpu.exclusivePa = -1; // what CLREX does
    steps(t, 1);
    assert.equal(getX(t, 2), 1n);

    const e = excl('ldxr x0, [x1]\nldr x5, [x6]');
    setX(e, 6, 0x1000n);
    steps(e, 2);
    assert.equal(esr2(e), dabtSame(false, 0x10, iss(8, 5, { sf: true })));
    assert.equal(e.cpu.exclusivePa, -1);

    const r = excl('ldxr x0, [x1]');
    steps(r, 1);
    r.cpu.sys[ELR] = BigInt(CODE_BASE + 4); r.cpu.sys[SPSR] = 0x3c9n;
    r.cpu.eret();
    assert.equal(r.cpu.exclusivePa, -1);
  });

  it('fails for another address or another size than the monitored one', () => {
    const t = excl('ldxr x0, [x1]\nstxr w2, x3, [x4]');
    setX(t, 4, D + 8n);
    steps(t, 2);
    assert.equal(getX(t, 2), 1n);
    assert.equal(mem(t, DATA + 8, 8), 0x1f1e1d1c1b1a1918n);
    const s = excl('ldxr x0, [x1]\nstxr w2, w3, [x1]');
    steps(s, 2);
    assert.equal(getX(s, 2), 1n);
  });

  it('byte, halfword and acquire/release forms', () => {
    const t = excl('ldaxrb w0, [x1]\nstlxrb w2, w3, [x1]\nldxrh w4, [x1, #0]\nstxrh w5, w3, [x1]\nldaxr w6, [x1]\nstlxr w7, wzr, [x1]');
    setX(t, 0, -1n);
    steps(t, 2);
    assert.equal(getX(t, 0), 0x10n);
    assert.equal(getX(t, 2), 0n);
    assert.equal(mem(t, DATA, 2), 0x11ddn);
    steps(t, 2);
    assert.equal(getX(t, 4), 0x11ddn);
    assert.equal(getX(t, 5), 0n);
    assert.equal(mem(t, DATA, 4), 0x1312ddddn);
    steps(t, 2);
    assert.equal(getX(t, 6), 0x1312ddddn);
    assert.equal(getX(t, 7), 0n);
    assert.equal(mem(t, DATA, 8), 0x1716151400000000n);
  });

  it('STXR with Rs == Rt stores the old value and writes the status last (QEMU)', () => {
    const t = excl('ldxr x0, [x1]\nstxr w3, x3, [x1]');
    steps(t, 2);
    assert.equal(mem(t, DATA, 8), 0xaaaabbbbccccddddn);
    assert.equal(getX(t, 3), 0n);
  });

  it('LDXP/STXP of X (16-byte block) and W (8-byte block) registers', () => {
    const t = excl('ldxp x4, x5, [x1]\nstxp w2, x5, x4, [x1]\nldaxp w6, w7, [x1]\nstlxp w8, w7, w6, [x1]');
    steps(t, 1);
    assert.equal(getX(t, 4), X);
    assert.equal(getX(t, 5), 0x1f1e1d1c1b1a1918n);
    assert.equal(t.cpu.exclusiveSize, 16);
    steps(t, 1);
    assert.equal(getX(t, 2), 0n);
    assert.equal(mem(t, DATA, 8), 0x1f1e1d1c1b1a1918n);
    assert.equal(mem(t, DATA + 8, 8), X);
    steps(t, 2);
    assert.equal(getX(t, 6), 0x1b1a1918n);
    assert.equal(getX(t, 7), 0x1f1e1d1cn);
    assert.equal(getX(t, 8), 0n);
    assert.equal(mem(t, DATA, 8), 0x1b1a19181f1e1d1cn);
  });

  it('LDXP with Rt == Rt2 keeps the second value (QEMU)', () => {
    const t = excl('ldxp x4, x4, [x1]');
    steps(t, 1);
    assert.equal(getX(t, 4), 0x1f1e1d1c1b1a1918n);
  });

  it('exclusive and ordered accesses must be aligned: alignment fault (WnR for stores), even without SCTLR.A', () => {
    // LDAR/STLR aborts carry an instruction syndrome with AR = 1 (QEMU 7.2); exclusives none.
    const cases: [string, bigint, boolean, bigint?][] = [
      ['ldxr x0, [x1]', D + 4n, false],
      ['ldxrh w0, [x1]', D + 1n, false],
      ['ldaxr w0, [x1]', D + 2n, false],
      ['ldxp x4, x5, [x1]', D + 8n, false],
      ['ldxp w4, w5, [x1]', D + 4n, false],
      ['ldar x0, [x1]', D + 4n, false, iss(8, 0, { sf: true, ar: true })],
      ['stlr w0, [x1]', D + 2n, true, iss(4, 0, { ar: true })],
      ['ldarh w0, [x1]', D + 1n, false, iss(2, 0, { ar: true })],
      // a store-exclusive checks alignment once the monitor holds its address
      ['stxr w2, x3, [x1]', D + 4n, true],
      ['stlxrh w2, w3, [x1]', D + 3n, true],
      ['stxp w2, x3, x4, [x1]', D + 8n, true],
    ];
    for (const [src, addr, wnr, syn] of cases) {
      const t = excl(src);
      setX(t, 1, addr);
      setX(t, 2, 0x77n);
      if (src.startsWith('st') && src.includes('x')) {
        t.cpu.exclusivePa = Number(addr);
        t.cpu.exclusiveSize = src.startsWith('stxp') ? 16 : src.includes('xrh') ? 2 : 8;
      }
      steps(t, 1);
      assert.equal(t.cpu.pc, 0x200n, src);
      assert.equal(esr2(t), dabtSame(wnr, 0x21, syn ?? 0n), src);
      assert.equal(far2(t), addr, src);
      assert.equal(getX(t, 2), 0x77n, `${src}: no status written`);
    }
  });

  it('a misaligned store-exclusive with no monitored address just fails (monitor checked first, as QEMU)', () => {
    const t = excl('stxr w2, x3, [x1]\nstlxp w2, x3, x4, [x5]');
    setX(t, 1, D + 4n);
    setX(t, 5, D + 8n);
    steps(t, 1);
    assert.equal(t.cpu.pc, BigInt(CODE_BASE + 4));
    assert.equal(getX(t, 2), 1n);
    setX(t, 2, 0x77n);
    t.cpu.exclusivePa = DATA; t.cpu.exclusiveSize = 16; // another address
    steps(t, 1);
    assert.equal(t.cpu.pc, BigInt(CODE_BASE + 8));
    assert.equal(getX(t, 2), 1n);
    assert.equal(mem(t, DATA, 8), X);
  });

  it('LDAR/STLR (all sizes) load and store as ordinary accesses', () => {
    const t = excl('ldar x0, [x1]\nldarb w4, [x1, #0]\nldarh w5, [x1]\nstlr w3, [x1]\nstlrb wzr, [x1]\nstlrh w3, [x6]');
    setX(t, 6, D + 8n);
    steps(t, 6);
    assert.equal(t.cpu.pc, BigInt(CODE_BASE + 24));
    assert.equal(getX(t, 0), X);
    assert.equal(getX(t, 4), 0x10n);
    assert.equal(getX(t, 5), 0x1110n);
    assert.equal(mem(t, DATA, 8), 0x17161514ccccdd00n);
    assert.equal(mem(t, DATA + 8, 2), 0xddddn);
  });

  it('LDLAR/STLLR (FEAT_LOR) are UNDEFINED on the A57 and ordered accesses on a max core', () => {
    const a57 = excl('ldlar x0, [x1]');
    steps(a57, 1);
    assert.equal(esr2(a57), BigInt((0 << 26) | IL));
    assert.equal(a57.cpu.undefinedCounts.get('feature:lor'), 1);
    const bad = excl('stllr w3, [x1]', { max: true });
    setX(bad, 1, D + 2n);
    steps(bad, 1);
    assert.equal(esr2(bad), dabtSame(true, 0x21, iss(4, 3)), 'STLLR: AR = 0 (o0 = 0), as QEMU');
    const max = excl('ldlar x0, [x1]\nstllrh w3, [x1]', { max: true });
    steps(max, 2);
    assert.equal(max.cpu.pc, BigInt(CODE_BASE + 8));
    assert.equal(getX(max, 0), X);
    assert.equal(mem(max, DATA, 2), 0xddddn);
    setMem(max, DATA, 8, 0n);
  });
});
