// Data processing — immediate (ARM ARM C4.1.86): PC-relative addressing, add/subtract,
// logical, move wide, bitfield, extract.

import { gpr, imm } from '../operands/common';
import type { InsnDef, Operand } from '../types';
import { bySf } from './builder';

/** ADD/SUB immediate's "#imm{, lsl #12}" (objdump prints the shift only when sh=1). */
const aimm: Operand = {
  syntax: '#<imm>{, lsl #12}',
  print: (d) => `#0x${d.f('imm12').toString(16)}${d.f('sh') ? ', lsl #12' : ''}`,
  parse: (p, e) => {
    const v = Number(p.imm());
    if (p.eat(',')) {
      if (!p.eat('lsl')) p.fail("expected 'lsl'");
      const s = Number(p.imm());
      if (s !== 0 && s !== 12) p.fail('shift must be 0 or 12');
      if (v < 0 || v > 0xfff) p.fail('immediate out of range 0 to 4095');
      e.set('imm12', v);
      e.set('sh', s === 12 ? 1 : 0);
      return;
    }
    if (v >= 0 && v <= 0xfff) { e.set('imm12', v); e.set('sh', 0); return; }
    if (v > 0 && (v & 0xfff) === 0 && v <= 0xfff000) { e.set('imm12', v >>> 12); e.set('sh', 1); return; }
    p.fail('immediate out of range');
  },
};

export const DP_IMM: InsnDef[] = [
  ...bySf({ id: 'ADD_imm', mn: 'add', pat: 'sf:1 0 0 100010 sh:1 imm12:12 Rn:5 Rd:5', group: 'dp-imm/add-sub',
    summary: 'Rd = Rn + imm', ops: (w) => [gpr('Rd', `${w}sp`), gpr('Rn', `${w}sp`), aimm] }),
];
void imm;
