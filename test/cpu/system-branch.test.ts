// Branch rows (ARM ARM C6.2): B.cond over every condition, CBZ/CBNZ, TBZ/TBNZ (both halves),
// BR/BLR/RET, and BC.cond (FEAT_HBC) UNDEFINED on the A57.

import { strict as assert } from 'node:assert';
import { coreWith, steps, CODE_BASE } from './harness';
import { SLOTS } from '../../emulator/cpu/cpu';

const C = BigInt(CODE_BASE);
const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al'];

/** ConditionHolds reference, straight from the ARM ARM table. */
function holds(cond: number, n: number, z: number, cf: number, v: number): boolean {
  const r = [z === 1, cf === 1, n === 1, v === 1, cf === 1 && z === 0, n === v, n === v && z === 0, true][cond >> 1];
  return (cond & 1) === 1 && cond !== 15 ? !r : r;
}

describe('cpu semantics: branches', () => {
  it('B.cond: taken/not taken for every condition and all 16 NZCV values', () => {
    for (let cond = 0; cond < 15; cond++) {
      const t = coreWith(`b.${CONDS[cond]} 1f\nnop\n1: nop`);
      for (let f = 0; f < 16; f++) {
        t.cpu.pc = C;
        t.cpu.setNzcv(f);
        steps(t, 1);
        const exp = holds(cond, f >> 3, (f >> 2) & 1, (f >> 1) & 1, f & 1) ? C + 8n : C + 4n;
        assert.equal(t.cpu.pc, exp, `b.${CONDS[cond]} nzcv=${f.toString(2)}`);
      }
    }
  });

  it('B.cond backwards (negative imm19)', () => {
    const t = coreWith('1: nop\nb.eq 1b');
    t.cpu.zf = 1;
    steps(t, 2);
    assert.equal(t.cpu.pc, C);
  });

  it('BC.cond is UNDEFINED (FEAT_HBC absent)', () => {
    const t = coreWith('.inst 0x54000030'); // bc.eq +4
    steps(t, 1);
    assert.equal(t.cpu.undefinedCounts.get('feature:hbc'), 1);
    assert.equal(t.cpu.sys[SLOTS.ESR_EL2], 0x02000000n);
  });

  it('CBZ/CBNZ: W forms test the low word only; X forms all 64 bits', () => {
    const cases: [string, bigint, boolean][] = [
      ['cbz w1', 0x1_0000_0000n, true], ['cbz x1', 0x1_0000_0000n, false], ['cbz x1', 0n, true],
      ['cbnz w1', 0x1_0000_0000n, false], ['cbnz x1', 0x1_0000_0000n, true], ['cbnz w1', 5n, true], ['cbz w1', 5n, false],
    ];
    for (const [insn, v, taken] of cases) {
      const t = coreWith(`${insn}, 1f\nnop\n1: nop`);
      t.cpu.setXBig(1, v);
      steps(t, 1);
      assert.equal(t.cpu.pc, taken ? C + 8n : C + 4n, `${insn} ${v.toString(16)}`);
    }
  });

  it('TBZ/TBNZ on bits 0, 31, 32 and 63', () => {
    for (const bit of [0, 31, 32, 63]) {
      const reg = bit < 32 ? 'w2' : 'x2';
      for (const set of [false, true]) {
        for (const op of ['tbz', 'tbnz']) {
          const t = coreWith(`${op} ${reg}, #${bit}, 1f\nnop\n1: nop`);
          t.cpu.setXBig(2, set ? (1n << BigInt(bit)) : ~(1n << BigInt(bit)) & ((1n << 64n) - 1n));
          steps(t, 1);
          const taken = op === 'tbz' ? !set : set;
          assert.equal(t.cpu.pc, taken ? C + 8n : C + 4n, `${op} bit ${bit} set=${set}`);
        }
      }
    }
  });

  it('BR, BLR (reads Rn before linking: BLR X30), RET and RET Xn', () => {
    let t = coreWith('br x3');
    t.cpu.setXBig(3, 0xffff_0000_4008_1000n);
    steps(t, 1);
    assert.equal(t.cpu.pc, 0xffff_0000_4008_1000n);

    t = coreWith('blr x30');
    t.cpu.setXBig(30, C + 0x100n);
    steps(t, 1);
    assert.equal(t.cpu.pc, C + 0x100n);
    assert.equal(t.cpu.xBig(30), C + 4n);

    t = coreWith('ret');
    t.cpu.setXBig(30, C + 0x40n);
    steps(t, 1);
    assert.equal(t.cpu.pc, C + 0x40n);

    t = coreWith('ret x5');
    t.cpu.setXBig(5, C + 0x80n);
    steps(t, 1);
    assert.equal(t.cpu.pc, C + 0x80n);
  });

  it('PAuth branches (BRAAZ, RETAA) are UNDEFINED', () => {
    for (const w of [0xd61f081f, 0xd65f0bff]) {
      const t = coreWith(`.inst 0x${w.toString(16)}`);
      steps(t, 1);
      assert.equal(t.cpu.sys[SLOTS.ESR_EL2], 0x02000000n);
    }
  });
});
