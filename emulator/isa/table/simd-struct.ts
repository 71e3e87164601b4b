// AdvSIMD load/store structures (ARM ARM C4.1.88.2-5): LD1-LD4/ST1-ST4 of multiple structures,
// of a single lane, and LD1R-LD4R (load and replicate), each without offset and post-indexed
// ("[Xn], #imm" when Rm = 31, where imm is the number of bytes transferred, else "[Xn], Xm").

import { memBase, postIndex, vlane, vlist, type Elem } from '../operands/simd';
import type { InsnDef, Operand } from '../types';
import { row } from './builder';

type F = (name: string) => number;

/** Multiple structures: opcode and register count (C4.1.88.2 "opcode"). */
const MULTIPLE: readonly { n: 1 | 2 | 3 | 4; regs: number; opcode: string }[] = [
  { n: 4, regs: 4, opcode: '0000' },
  { n: 1, regs: 4, opcode: '0010' },
  { n: 3, regs: 3, opcode: '0100' },
  { n: 1, regs: 3, opcode: '0110' },
  { n: 1, regs: 1, opcode: '0111' },
  { n: 2, regs: 2, opcode: '1000' },
  { n: 1, regs: 2, opcode: '1010' },
];

/** Both addressings of one structure instruction: "[Xn]" and post-indexed. */
function both(id: string, mn: string, pre: string, mid: string, tail: string, group: string, summary: string,
  list: Operand, bytes: (f: F) => number): InsnDef[] {
  return [
    row({ id, mn, pat: `${pre}0 ${mid} 00000 ${tail}`, group, summary, ops: [list, memBase] }),
    row({ id: `${id}_post`, mn, pat: `${pre}1 ${mid} Rm:5 ${tail}`, group, summary: `${summary}; Xn|SP += (Rm == 31 ? bytes : Xm)`,
      ops: [list, memBase, postIndex(bytes)] }),
  ];
}

function multiple(): InsnDef[] {
  const out: InsnDef[] = [];
  for (const { n, regs, opcode } of MULTIPLE) {
    for (const [L, dir] of [['0', 'st'], ['1', 'ld']] as const) {
      const mn = `${dir}${n}`;
      const what = n === 1 ? `${regs} register${regs > 1 ? 's' : ''}` : `${n}-element structures`;
      const summary = L === '1' ? `Load ${what} from [Xn|SP] into Vt…` : `Store ${what} from Vt… to [Xn|SP]`;
      const rows = both(`${mn.toUpperCase()}_mult${n === 1 ? `_${regs}` : ''}`, mn, '0 Q:1 001100', `L=${L} 0`,
        `opcode=${opcode} size:2 Rn:5 Rt:5`, 'simd-ldst/multiple', summary, vlist(regs, 'Rt', n > 1),
        (f) => regs * (f('Q') ? 16 : 8));
      // LD2-LD4/ST2-ST4 have no .1d arrangement (size = 11, Q = 0 is reserved).
      out.push(...rows.map((r) => (n > 1 ? { ...r, when: (f: F) => !(f('size') === 3 && f('Q') === 0) } : r)));
    }
  }
  return out;
}

/** One lane: element size, opcode<2:1>, the S:size bits, and the index fields (C7.2 "<index>"). */
const LANES: readonly { e: Elem; op21: string; sSize: string; index: string[] }[] = [
  { e: 'b', op21: '00', sSize: 'S:1 size:2', index: ['Q', 'S', 'size'] },
  { e: 'h', op21: '01', sSize: 'S:1 size1:1 0', index: ['Q', 'S', 'size1'] },
  { e: 's', op21: '10', sSize: 'S:1 00', index: ['Q', 'S'] },
  { e: 'd', op21: '10', sSize: '0 01', index: ['Q'] },
];

const ESIZE: Record<Elem, number> = { b: 1, h: 2, s: 4, d: 8 };

function single(): InsnDef[] {
  const out: InsnDef[] = [];
  for (let n = 1; n <= 4; n++) {
    // selem = opcode<0>:R + 1.
    const op0 = String((n - 1) >> 1);
    const R = String((n - 1) & 1);
    for (const [L, dir] of [['0', 'st'], ['1', 'ld']] as const) {
      const mn = `${dir}${n}`;
      for (const { e, op21, sSize, index } of LANES) {
        const summary = L === '1'
          ? `Load one ${n}-element structure into lane [index] of Vt…`
          : `Store lane [index] of Vt… as one ${n}-element structure`;
        out.push(...both(`${mn.toUpperCase()}_single_${e.toUpperCase()}`, mn, '0 Q:1 001101', `L=${L} R=${R}`,
          `opcode=${op21}${op0} ${sSize} Rn:5 Rt:5`, 'simd-ldst/single', summary, vlane(n, e, index), () => n * ESIZE[e]));
      }
    }
    // Load and replicate: opcode 11x with S = 0; loads only.
    out.push(...both(`LD${n}R`, `ld${n}r`, '0 Q:1 001101', `L=1 R=${R}`, `opcode=11${op0} S=0 size:2 Rn:5 Rt:5`,
      'simd-ldst/replicate', `Load one ${n}-element structure and replicate it to all lanes of Vt…`, vlist(n),
      (f) => n << f('size')));
  }
  return out;
}

export const SIMD_STRUCT: InsnDef[] = [...multiple(), ...single()];
