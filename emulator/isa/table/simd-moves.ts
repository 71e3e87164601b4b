// The moves of the SIMD&FP data-processing group that a world switch uses (ARM ARM C4.1.90-91):
// FMOV between general and FP registers (C4.1.91.6 "Conversion between floating-point and
// integer"), FMOV register and immediate, UMOV/MOV to general, INS/MOV from general, DUP from
// general (C4.1.90.17 "Advanced SIMD copy"), and MOV (vector), the ORR alias.

import { gpr } from '../operands/common';
import { fpImm, fpr, vec, velem, type Elem } from '../operands/simd';
import type { InsnDef } from '../types';
import { row } from './builder';

/** FP<->general conversion group: sf 0 0 11110 ftype 1 rmode opcode 000000 Rn Rd. */
const CVT = (sf: string, ftype: string, rmode: string, opcode: string): string =>
  `sf=${sf} 0 0 11110 ftype=${ftype} 1 rmode=${rmode} opcode=${opcode} 000000 Rn:5 Rd:5`;

function fmovGeneral(): InsnDef[] {
  const forms = [
    // [sf, ftype, FP register, general width, feature]
    ['0', '00', 's', 'w', 'v8.0'],
    ['1', '01', 'd', 'x', 'v8.0'],
    ['0', '11', 'h', 'w', 'fp16'],
    ['1', '11', 'h', 'x', 'fp16'],
  ] as const;
  const out: InsnDef[] = [];
  for (const [sf, ftype, z, w, feature] of forms) {
    const Z = z.toUpperCase(), W = w.toUpperCase();
    out.push(
      row({ id: `FMOV_${W}_${Z}`, mn: 'fmov', pat: CVT(sf, ftype, '00', '110'), group: 'simd-move/fmov-gen', feature,
        summary: `${W}d = ${Z}n (bits copied)`, ops: [gpr('Rd', w), fpr('Rn', z)] }),
      row({ id: `FMOV_${Z}_${W}`, mn: 'fmov', pat: CVT(sf, ftype, '00', '111'), group: 'simd-move/fmov-gen', feature,
        summary: `${Z}d = ${W}n (bits copied; the rest of Vd is cleared)`, ops: [fpr('Rd', z), gpr('Rn', w)] }),
    );
  }
  out.push(
    row({ id: 'FMOV_X_V1D', mn: 'fmov', pat: CVT('1', '10', '01', '110'), group: 'simd-move/fmov-gen',
      summary: 'Xd = Vn.D[1] (upper 64 bits)', ops: [gpr('Rd', 'x'), velem('Rn', 'd', 1)] }),
    row({ id: 'FMOV_V1D_X', mn: 'fmov', pat: CVT('1', '10', '01', '111'), group: 'simd-move/fmov-gen',
      summary: 'Vd.D[1] = Xn (the other bits of Vd are kept)', ops: [velem('Rd', 'd', 1), gpr('Rn', 'x')] }),
  );
  return out;
}

/** FMOV (register) and FMOV (scalar, immediate): ftype 00 S, 01 D, 11 H (FEAT_FP16). */
function fmovScalar(): InsnDef[] {
  const out: InsnDef[] = [];
  for (const [ftype, z] of [['00', 's'], ['01', 'd'], ['11', 'h']] as const) {
    const Z = z.toUpperCase();
    const feature = z === 'h' ? 'fp16' : 'v8.0';
    out.push(
      row({ id: `FMOV_reg_${Z}`, mn: 'fmov', pat: `0 0 0 11110 ftype=${ftype} 1 opcode=000000 10000 Rn:5 Rd:5`,
        group: 'simd-move/fmov', feature, summary: `${Z}d = ${Z}n`, ops: [fpr('Rd', z), fpr('Rn', z)] }),
      row({ id: `FMOV_imm_${Z}`, mn: 'fmov', pat: `0 0 0 11110 ftype=${ftype} 1 imm8:8 100 imm5=00000 Rd:5`,
        group: 'simd-move/fmov', feature, summary: `${Z}d = VFPExpandImm(imm8)`, ops: [fpr('Rd', z), fpImm('imm8', z)] }),
    );
  }
  return out;
}

/** The element size encoded by imm5's lowest set bit (C7.2 "<Ts>"), and its index bits above it. */
const IMM5: readonly { e: Elem; imm5: string }[] = [
  { e: 'b', imm5: 'index:4 1' },
  { e: 'h', imm5: 'index:3 10' },
  { e: 's', imm5: 'index:2 100' },
  { e: 'd', imm5: 'index:1 1000' },
];

/** AdvSIMD copy: 0 Q op 01110000 imm5 0 imm4 1 Rn Rd. */
const COPY = (q: string, imm5: string, imm4: string): string => `0 ${q} 0 01110000 ${imm5} 0 imm4=${imm4} 1 Rn:5 Rd:5`;

function copies(): InsnDef[] {
  const out: InsnDef[] = [];
  for (const { e, imm5 } of IMM5) {
    const E = e.toUpperCase();
    const w = e === 'd' ? 'x' : 'w';
    const W = w.toUpperCase();
    // UMOV: Q = 1 only for D; MOV is the preferred disassembly for S and D (C6.2 MOV (to general)).
    const q = e === 'd' ? 'Q=1' : 'Q=0';
    out.push(row({ id: `UMOV_${E}`, mn: 'umov', pat: COPY(q, imm5, '0111'), group: 'simd-move/umov',
      summary: `${W}d = ZeroExtend(Vn.${E}[index])`, ops: [gpr('Rd', w), velem('Rn', e, 'index')] }));
    if (e === 's' || e === 'd') {
      out.push(row({ id: `MOV_to_gen_${E}`, mn: 'mov', aliasOf: `UMOV_${E}`, pat: COPY(q, imm5, '0111'), group: 'simd-move/umov',
        summary: `${W}d = Vn.${E}[index]`, ops: [gpr('Rd', w), velem('Rn', e, 'index')] }));
    }
    // INS (general): MOV is always the preferred disassembly.
    out.push(
      row({ id: `INS_gen_${E}`, mn: 'ins', pat: COPY('Q=1', imm5, '0011'), group: 'simd-move/ins',
        summary: `Vd.${E}[index] = ${W}n (other lanes kept)`, ops: [velem('Rd', e, 'index'), gpr('Rn', w)] }),
      row({ id: `MOV_from_gen_${E}`, mn: 'mov', aliasOf: `INS_gen_${E}`, pat: COPY('Q=1', imm5, '0011'), group: 'simd-move/ins',
        summary: `Vd.${E}[index] = ${W}n (other lanes kept)`, ops: [velem('Rd', e, 'index'), gpr('Rn', w)] }),
    );
    // DUP (general): the bits of imm5 above the size bit are ignored; .1d (Q = 0, D) is reserved.
    out.push(row({ id: `DUP_gen_${E}`, mn: 'dup', pat: COPY(e === 'd' ? 'Q=1' : 'Q:1', imm5.replace('index', 'ign'), '0001'),
      group: 'simd-move/dup', summary: `Every lane of Vd.${E} = ${W}n`, ops: [vec('Rd', e), gpr('Rn', w)] }));
  }
  return out;
}

/**
 * MOV (vector) is ORR (vector, register) with Rm == Rn (C6.2 MOV (vector)); the ORR row is here
 * because an alias needs the row it aliases (AdvSIMD three same, C4.1.90.34).
 */
const ORR_VEC = row({ id: 'ORR_advsimd_reg', mn: 'orr', pat: '0 Q:1 0 01110 10 1 Rm:5 00011 1 Rn:5 Rd:5',
  group: 'simd-move/mov-vec', summary: 'Vd = Vn OR Vm', ops: [vec('Rd', 'b'), vec('Rn', 'b'), vec('Rm', 'b')] });
const MOV_VEC = row({ id: 'MOV_vec', mn: 'mov', aliasOf: 'ORR_advsimd_reg', pat: '0 Q:1 0 01110 10 1 Rm:5 00011 1 Rn:5 Rd:5',
  when: (f) => f('Rm') === f('Rn'), group: 'simd-move/mov-vec', summary: 'Vd = Vn',
  ops: [vec('Rd', 'b'), vec('Rn', 'b', 'Rm')] });

export const SIMD_MOVES: InsnDef[] = [...fmovGeneral(), ...fmovScalar(), ...copies(), ORR_VEC, MOV_VEC];
