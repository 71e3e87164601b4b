// Loads and stores of SIMD&FP registers (ARM ARM C4.1.88 with V = 1): the transfer register
// forms (unsigned offset, unscaled, pre/post-index, register offset), LDR (literal), and the
// register pairs (LDP/STP/LDNP/STNP). The structure loads/stores and the FP/SIMD moves live in
// simd-struct.ts and simd-moves.ts; SIMD_LDST exports all three.

import { label } from '../operands/common';
import { fpr, mem, memReg, type FpSize } from '../operands/simd';
import type { InsnDef } from '../types';
import { row } from './builder';
import { SIMD_STRUCT } from './simd-struct';
import { SIMD_MOVES } from './simd-moves';

/** size:opc<1> of each register size (C6.2 LDR (immediate, SIMD&FP)); opc<0> is L. */
const SIZE_BITS: Record<FpSize, { size: string; opc1: string; log2: number }> = {
  b: { size: '00', opc1: '0', log2: 0 },
  h: { size: '01', opc1: '0', log2: 1 },
  s: { size: '10', opc1: '0', log2: 2 },
  d: { size: '11', opc1: '0', log2: 3 },
  q: { size: '00', opc1: '1', log2: 4 },
};

const BYTES = (z: FpSize): number => 1 << SIZE_BITS[z].log2;

/** The single-register forms, one row per size, direction and addressing mode. */
function transfer(): InsnDef[] {
  const out: InsnDef[] = [];
  for (const z of ['b', 'h', 's', 'd', 'q'] as const) {
    const { size, opc1, log2 } = SIZE_BITS[z];
    const Z = z.toUpperCase();
    for (const [L, name] of [['0', 'str'], ['1', 'ldr']] as const) {
      const N = name.toUpperCase();
      const pre = `${size} 111 V=1`;
      const opc = `${opc1} L=${L}`;
      const t = fpr('Rt', z);
      const sem = (addr: string): string =>
        L === '1' ? `${Z}t = Mem[${addr}, ${BYTES(z)}]` : `Mem[${addr}, ${BYTES(z)}] = ${Z}t`;
      const unscaled = L === '1' ? 'ldur' : 'stur';
      out.push(
        row({ id: `${N}_fpsimd_uoff_${Z}`, mn: name, pat: `${pre} 01 ${opc} imm12:12 Rn:5 Rt:5`, group: 'simd-ldst/reg-uoff',
          summary: sem(`Xn|SP + imm12 * ${BYTES(z)}`), ops: [t, mem('imm12', 'offset', BYTES(z), false)] }),
        row({ id: `${N}_fpsimd_post_${Z}`, mn: name, pat: `${pre} 00 ${opc} 0 imm9:9 01 Rn:5 Rt:5`, group: 'simd-ldst/reg-imm9',
          summary: `${sem('Xn|SP')}; Xn|SP += imm9`, ops: [t, mem('imm9', 'post', 1, true)] }),
        row({ id: `${N}_fpsimd_pre_${Z}`, mn: name, pat: `${pre} 00 ${opc} 0 imm9:9 11 Rn:5 Rt:5`, group: 'simd-ldst/reg-imm9',
          summary: `Xn|SP += imm9; ${sem('Xn|SP')}`, ops: [t, mem('imm9', 'pre', 1, true)] }),
        row({ id: `${unscaled.toUpperCase()}_fpsimd_${Z}`, mn: unscaled, pat: `${pre} 00 ${opc} 0 imm9:9 00 Rn:5 Rt:5`,
          group: 'simd-ldst/reg-imm9', summary: sem('Xn|SP + imm9 (unscaled)'), ops: [t, mem('imm9', 'offset', 1, true)] }),
        // GNU as turns "ldr q0, [x0, #-8]" (no unsigned scaled encoding) into LDUR.
        row({ id: `${N}_fpsimd_as_unscaled_${Z}`, mn: name, pat: `${pre} 00 ${opc} 0 imm9:9 00 Rn:5 Rt:5`, asmOnly: true,
          group: 'simd-ldst/reg-imm9', summary: sem('Xn|SP + imm9 (unscaled)'), ops: [t, mem('imm9', 'offset', 1, true)] }),
        row({ id: `${N}_fpsimd_reg_${Z}`, mn: name, pat: `${pre} 00 ${opc} 1 Rm:5 option:3 S:1 10 Rn:5 Rt:5`,
          group: 'simd-ldst/reg-off', when: (f) => (f('option') & 2) !== 0,
          summary: sem(`Xn|SP + (extend(Rm) << (S ? ${log2} : 0))`), ops: [t, memReg(log2)] }),
      );
    }
  }
  return out;
}

/** LDR (literal, SIMD&FP), C6.2: opc 00 S, 01 D, 10 Q. */
function literals(): InsnDef[] {
  return (['s', 'd', 'q'] as const).map((z, i) =>
    row({ id: `LDR_fpsimd_lit_${z.toUpperCase()}`, mn: 'ldr', pat: `${['00', '01', '10'][i]} 011 V=1 00 imm19:19 Rt:5`,
      group: 'simd-ldst/literal', summary: `${z.toUpperCase()}t = Mem[PC + imm19 * 4, ${BYTES(z)}]`,
      ops: [fpr('Rt', z), label('imm19')] }));
}

/** LDP/STP/LDNP/STNP (SIMD&FP), C4.1.88.9-12: opc 00 S, 01 D, 10 Q; imm7 scaled by the size. */
function pairs(): InsnDef[] {
  const out: InsnDef[] = [];
  const modes = [['000', 'np', 'offset'], ['001', 'post', 'post'], ['010', 'off', 'offset'], ['011', 'pre', 'pre']] as const;
  for (const [i, z] of (['s', 'd', 'q'] as const).entries()) {
    const Z = z.toUpperCase();
    const bytes = BYTES(z);
    for (const [L, base] of [['0', 'stp'], ['1', 'ldp']] as const) {
      for (const [bits, kind, mode] of modes) {
        const mn = kind === 'np' ? `${base.slice(0, 2)}np` : base;
        const addr = mode === 'post' ? 'Xn|SP' : `Xn|SP + imm7 * ${bytes}`;
        const access = L === '1' ? `${Z}t, ${Z}t2 = Mem[${addr}, 2 × ${bytes}]` : `Mem[${addr}, 2 × ${bytes}] = ${Z}t, ${Z}t2`;
        const wb = mode === 'offset' ? '' : mode === 'pre' ? 'Xn|SP += imm7 * size; ' : '';
        out.push(row({
          id: kind === 'np' ? `${mn.toUpperCase()}_fpsimd_${Z}` : `${mn.toUpperCase()}_fpsimd_${kind}_${Z}`,
          mn, pat: `${['00', '01', '10'][i]} 101 V=1 ${bits} L=${L} imm7:7 Rt2:5 Rn:5 Rt:5`, group: 'simd-ldst/pair',
          summary: `${wb}${access}${mode === 'post' ? '; Xn|SP += imm7 * size' : ''}${kind === 'np' ? ' (non-temporal hint)' : ''}`,
          ops: [fpr('Rt', z), fpr('Rt2', z), mem('imm7', mode, bytes, true)],
        }));
      }
    }
  }
  return out;
}

export const SIMD_LDST: InsnDef[] = [...transfer(), ...literals(), ...pairs(), ...SIMD_STRUCT, ...SIMD_MOVES];
