// The execute loop itself: fetch, PC advance, decoded-page invalidation, UNDEFINED counting.

import { strict as assert } from 'node:assert';
import { coreWith, steps, CODE_BASE } from './harness';
import { SLOTS } from '../../emulator/cpu/cpu';

describe('CPU core loop', () => {
  it('branches with B and BL, linking X30', () => {
    const t = coreWith('b 1f\nnop\n1: bl 2f\nnop\n2: nop');
    steps(t, 1);
    assert.equal(t.cpu.pc, BigInt(CODE_BASE + 8));
    steps(t, 1);
    assert.equal(t.cpu.pc, BigInt(CODE_BASE + 16));
    assert.equal(t.cpu.xBig(30), BigInt(CODE_BASE + 12));
  });

  it('takes UNDEFINED for an unallocated word at EL2 and counts it', () => {
    const t = coreWith('.inst 0xffffffff');
    steps(t, 1);
    assert.equal(t.cpu.undefinedCounts.get('unallocated'), 1);
    assert.equal(t.cpu.el, 2);
    // VBAR_EL2 resets to 0 here: current EL with SPx, synchronous → offset 0x200.
    assert.equal(t.cpu.pc, 0x200n);
    assert.equal(t.cpu.sys[SLOTS.ESR_EL2], 0x02000000n);
    assert.equal(t.cpu.sys[SLOTS.ELR_EL2], BigInt(CODE_BASE));
  });

  it('raises a PC alignment fault for a misaligned PC', () => {
    const t = coreWith('nop');
    t.cpu.pc = BigInt(CODE_BASE + 2);
    steps(t, 1);
    assert.equal(t.cpu.pc, 0x200n);
    assert.equal(t.cpu.sys[SLOTS.ESR_EL2] >> 26n, 0x22n);
    assert.equal(t.cpu.sys[SLOTS.FAR_EL2], BigInt(CODE_BASE + 2));
  });

  it('takes an instruction abort when fetching outside RAM', () => {
    const t = coreWith('nop');
    t.cpu.pc = 0x1000n;
    steps(t, 1);
    assert.equal(t.cpu.pc, 0x200n);
    assert.equal(t.cpu.sys[SLOTS.ESR_EL2], (0x21n << 26n) | (1n << 25n) | 0x10n);
  });
});
