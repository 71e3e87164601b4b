// Data processing — register (ARM ARM C4.1.88): logical and add/subtract (shifted and extended
// register), add/subtract with carry, flag manipulation, conditional compare and select; the
// 1-, 2- and 3-source groups live in dp-reg-src.ts.

import { gpr, imm, type RegClass } from '../operands/common';
import { condComment, extendedReg, gprSame, shiftedReg } from '../operands/dp-reg';
import type { InsnDef } from '../types';
import { bySf, row, type Width } from './builder';
import { DP_REG_SRC } from './dp-reg-src';

type F = (name: string) => number;
const sp = (w: Width): RegClass => `${w}sp`;

// ---- Logical (shifted register), C4.1.88.10 ----
const LOGICAL = (opc: string, n: string, rn = 'Rn:5', rd = 'Rd:5'): string =>
  `sf:1 opc=${opc} 01010 shift:2 N=${n} Rm:5 imm6:6 ${rn} ${rd}`;
const LOGICAL_OPS = [
  ['AND', '00', '0', 'Rn & op2'], ['BIC', '00', '1', 'Rn & NOT op2'], ['ORR', '01', '0', 'Rn | op2'],
  ['ORN', '01', '1', 'Rn | NOT op2'], ['EOR', '10', '0', 'Rn ^ op2'], ['EON', '10', '1', 'Rn ^ NOT op2'],
  ['ANDS', '11', '0', 'Rn & op2, setting N and Z (C = V = 0)'], ['BICS', '11', '1', 'Rn & NOT op2, setting N and Z (C = V = 0)'],
] as const;

const LOGICAL_REG: InsnDef[] = [
  // MOV (register), C6.2.186: ORR Rd, ZR, Rm with no shift.
  ...bySf({ id: 'MOV_reg', mn: 'mov', pat: 'sf:1 opc=01 01010 shift=00 N=0 Rm:5 imm6=000000 Rn=11111 Rd:5', aliasOf: 'ORR_reg',
    group: 'dp-reg/logical', summary: 'Rd = Rm', ops: (w) => [gpr('Rd', w), gpr('Rm', w)] }),
  // GNU as also takes MOV with a shift, and UXTW Wd|Xd, Wn, as ORR with ZR.
  ...bySf({ id: 'MOV_reg_shift', mn: 'mov', pat: LOGICAL('01', '0', 'Rn=11111'), aliasOf: 'ORR_reg', asmOnly: true,
    group: 'dp-reg/logical', summary: 'Rd = shifted Rm', ops: (w, bits) => [gpr('Rd', w), shiftedReg(w, bits, true)] }),
  ...(['w', 'x'] as const).map((w) =>
    row({ id: `UXTW_${w}`, mn: 'uxtw', pat: 'sf=0 opc=01 01010 shift=00 N=0 Rm:5 imm6=000000 Rn=11111 Rd:5', aliasOf: 'ORR_reg_32',
      asmOnly: true, group: 'dp-reg/logical', summary: 'Rd = ZeroExtend(Wm)', ops: [gpr('Rd', w), gpr('Rm', 'w')] })),
  ...bySf({ id: 'MVN', mn: 'mvn', pat: LOGICAL('01', '1', 'Rn=11111'), aliasOf: 'ORN_reg', group: 'dp-reg/logical',
    summary: 'Rd = NOT shifted Rm', ops: (w, bits) => [gpr('Rd', w), shiftedReg(w, bits, true)] }),
  ...bySf({ id: 'TST_reg', mn: 'tst', pat: LOGICAL('11', '0', 'Rn:5', 'Rd=11111'), aliasOf: 'ANDS_reg', group: 'dp-reg/logical',
    summary: 'NZ = flags of Rn & shifted Rm (C = V = 0)', ops: (w, bits) => [gpr('Rn', w), shiftedReg(w, bits, true)] }),
  ...LOGICAL_OPS.flatMap(([id, opc, n, what]) =>
    bySf({ id: `${id}_reg`, mn: id.toLowerCase(), pat: LOGICAL(opc, n), group: 'dp-reg/logical',
      summary: `Rd = ${what} (op2 = shifted Rm)`, ops: (w, bits) => [gpr('Rd', w), gpr('Rn', w), shiftedReg(w, bits, true)] })),
];

// ---- Add/subtract (shifted register), C4.1.88.11, and (extended register), C4.1.88.12 ----
const ADD_SUB_SH = (op: string, s: string, rn = 'Rn:5', rd = 'Rd:5'): string =>
  `sf:1 op=${op} S=${s} 01011 shift:2 0 Rm:5 imm6:6 ${rn} ${rd}`;
const ADD_SUB_EXT = (op: string, s: string, rd = 'Rd:5'): string =>
  `sf:1 op=${op} S=${s} 01011 opt=00 1 Rm:5 option:3 imm3:3 Rn:5 ${rd}`;
const ARITH = [['ADD', '0', '0', '+'], ['ADDS', '0', '1', '+'], ['SUB', '1', '0', '-'], ['SUBS', '1', '1', '-']] as const;

const ADD_SUB_REG: InsnDef[] = [
  // CMN/CMP/NEG/NEGS (shifted register), C6.2.66/70/204/205; CMP wins over NEGS for Rd = Rn = ZR.
  ...bySf({ id: 'CMN_reg', mn: 'cmn', pat: ADD_SUB_SH('0', '1', 'Rn:5', 'Rd=11111'), aliasOf: 'ADDS_reg', group: 'dp-reg/add-sub',
    summary: 'NZCV = flags of Rn + shifted Rm', ops: (w, bits) => [gpr('Rn', w), shiftedReg(w, bits, false)] }),
  ...bySf({ id: 'CMP_reg', mn: 'cmp', pat: ADD_SUB_SH('1', '1', 'Rn:5', 'Rd=11111'), aliasOf: 'SUBS_reg', group: 'dp-reg/add-sub',
    prio: 2, summary: 'NZCV = flags of Rn - shifted Rm', ops: (w, bits) => [gpr('Rn', w), shiftedReg(w, bits, false)] }),
  ...bySf({ id: 'NEG', mn: 'neg', pat: ADD_SUB_SH('1', '0', 'Rn=11111'), aliasOf: 'SUB_reg', group: 'dp-reg/add-sub',
    summary: 'Rd = -shifted Rm', ops: (w, bits) => [gpr('Rd', w), shiftedReg(w, bits, false)] }),
  ...bySf({ id: 'NEGS', mn: 'negs', pat: ADD_SUB_SH('1', '1', 'Rn=11111'), aliasOf: 'SUBS_reg', group: 'dp-reg/add-sub',
    summary: 'Rd = -shifted Rm, setting NZCV', ops: (w, bits) => [gpr('Rd', w), shiftedReg(w, bits, false)] }),
  // Shifted before extended: the assembler takes "add x0, x1, x2" as the shifted form, as GNU as does.
  ...ARITH.flatMap(([id, op, s, o]) =>
    bySf({ id: `${id}_reg`, mn: id.toLowerCase(), pat: ADD_SUB_SH(op, s), group: 'dp-reg/add-sub',
      summary: `Rd = Rn ${o} shifted Rm${s === '1' ? ', setting NZCV' : ''}`,
      ops: (w, bits) => [gpr('Rd', w), gpr('Rn', w), shiftedReg(w, bits, false)] })),
  ...bySf({ id: 'CMN_ext', mn: 'cmn', pat: ADD_SUB_EXT('0', '1', 'Rd=11111'), aliasOf: 'ADDS_ext', group: 'dp-reg/add-sub-ext',
    summary: 'NZCV = flags of Rn|SP + extended Rm', ops: (w, bits) => [gpr('Rn', sp(w)), extendedReg(bits, false)] }),
  ...bySf({ id: 'CMP_ext', mn: 'cmp', pat: ADD_SUB_EXT('1', '1', 'Rd=11111'), aliasOf: 'SUBS_ext', group: 'dp-reg/add-sub-ext',
    summary: 'NZCV = flags of Rn|SP - extended Rm', ops: (w, bits) => [gpr('Rn', sp(w)), extendedReg(bits, false)] }),
  ...ARITH.flatMap(([id, op, s, o]) =>
    bySf({ id: `${id}_ext`, mn: id.toLowerCase(), pat: ADD_SUB_EXT(op, s), group: 'dp-reg/add-sub-ext',
      summary: `Rd = Rn|SP ${o} extended and shifted Rm${s === '1' ? ', setting NZCV' : ''}`,
      ops: (w, bits) => [gpr('Rd', s === '1' ? w : sp(w)), gpr('Rn', sp(w)), extendedReg(bits, s === '0')] })),
];

// ---- Add/subtract (with carry), C4.1.88.13 ----
const CARRY = (op: string, s: string, rn = 'Rn:5'): string => `sf:1 op=${op} S=${s} 11010000 Rm:5 000000 ${rn} Rd:5`;
const CARRY_ROWS: InsnDef[] = [
  ...bySf({ id: 'NGC', mn: 'ngc', pat: CARRY('1', '0', 'Rn=11111'), aliasOf: 'SBC', group: 'dp-reg/carry',
    summary: 'Rd = NOT Rm + C', ops: (w) => [gpr('Rd', w), gpr('Rm', w)] }),
  ...bySf({ id: 'NGCS', mn: 'ngcs', pat: CARRY('1', '1', 'Rn=11111'), aliasOf: 'SBCS', group: 'dp-reg/carry',
    summary: 'Rd = NOT Rm + C, setting NZCV', ops: (w) => [gpr('Rd', w), gpr('Rm', w)] }),
  ...([['ADC', '0', '0', 'Rn + Rm + C'], ['ADCS', '0', '1', 'Rn + Rm + C, setting NZCV'], ['SBC', '1', '0', 'Rn + NOT Rm + C'],
    ['SBCS', '1', '1', 'Rn + NOT Rm + C, setting NZCV']] as const).flatMap(([id, op, s, what]) =>
    bySf({ id, mn: id.toLowerCase(), pat: CARRY(op, s), group: 'dp-reg/carry', summary: `Rd = ${what}`,
      ops: (w) => [gpr('Rd', w), gpr('Rn', w), gpr('Rm', w)] })),
];

// ---- Rotate right into flags, C4.1.88.14, and evaluate into flags, C4.1.88.15 (FEAT_FlagM) ----
const FLAGS: InsnDef[] = [
  row({ id: 'RMIF', mn: 'rmif', pat: '1 0 1 11010000 imm6:6 00001 Rn:5 0 mask:4', group: 'dp-reg/flags', feature: 'flagm',
    summary: 'NZCV bits selected by mask = (Xn rotated right by imm6)<3:0>', ops: [gpr('Rn', 'x'), imm('imm6'), imm('mask')] }),
  row({ id: 'SETF8', mn: 'setf8', pat: '0 0 1 11010000 000000 sz=0 0010 Rn:5 0 1101', group: 'dp-reg/flags', feature: 'flagm',
    summary: 'N = Wn<7>, Z = (Wn<7:0> == 0), V = Wn<8> ^ Wn<7>', ops: [gpr('Rn', 'w')] }),
  row({ id: 'SETF16', mn: 'setf16', pat: '0 0 1 11010000 000000 sz=1 0010 Rn:5 0 1101', group: 'dp-reg/flags', feature: 'flagm',
    summary: 'N = Wn<15>, Z = (Wn<15:0> == 0), V = Wn<16> ^ Wn<15>', ops: [gpr('Rn', 'w')] }),
];

// ---- Conditional compare (register / immediate), C4.1.88.16/17 ----
const CCMP_ROWS: InsnDef[] = ([['CCMN', '0', '+'], ['CCMP', '1', '-']] as const).flatMap(([id, op, o]) => [
  ...bySf({ id: `${id}_reg`, mn: id.toLowerCase(), pat: `sf:1 op=${op} 1 11010010 Rm:5 cond:4 0 0 Rn:5 0 nzcv:4`,
    group: 'dp-reg/cond-cmp', summary: `NZCV = cond ? flags of Rn ${o} Rm : nzcv`,
    ops: (w) => [gpr('Rn', w), gpr('Rm', w), imm('nzcv', { hex: true }), condComment()] }),
  ...bySf({ id: `${id}_imm`, mn: id.toLowerCase(), pat: `sf:1 op=${op} 1 11010010 imm5:5 cond:4 1 0 Rn:5 0 nzcv:4`,
    group: 'dp-reg/cond-cmp', summary: `NZCV = cond ? flags of Rn ${o} imm5 : nzcv`,
    ops: (w) => [gpr('Rn', w), imm('imm5', { hex: true }), imm('nzcv', { hex: true }), condComment()] }),
]);

// ---- Conditional select, C4.1.88.18, with CSET/CSETM/CINC/CINV/CNEG ----
const CSEL = (op: string, o2: string, rm = 'Rm:5', rn = 'Rn:5'): string => `sf:1 op=${op} 0 11010100 ${rm} cond:4 0 o2=${o2} ${rn} Rd:5`;
/** The aliases exist only for conditions other than AL/NV (ARM ARM: "cond != '111x'"). */
const notAl = (f: F): boolean => f('cond') < 14;
const COND_SEL: InsnDef[] = [
  ...bySf({ id: 'CSET', mn: 'cset', pat: CSEL('0', '1', 'Rm=11111', 'Rn=11111'), aliasOf: 'CSINC', when: notAl, prio: 2,
    group: 'dp-reg/cond-sel', summary: 'Rd = cond ? 1 : 0', ops: (w) => [gpr('Rd', w), condComment(true)] }),
  ...bySf({ id: 'CSETM', mn: 'csetm', pat: CSEL('1', '0', 'Rm=11111', 'Rn=11111'), aliasOf: 'CSINV', when: notAl, prio: 2,
    group: 'dp-reg/cond-sel', summary: 'Rd = cond ? -1 : 0', ops: (w) => [gpr('Rd', w), condComment(true)] }),
  ...([['CINC', '0', '1', 'CSINC', 'Rn + 1'], ['CINV', '1', '0', 'CSINV', 'NOT Rn'], ['CNEG', '1', '1', 'CSNEG', '-Rn']] as const)
    .flatMap(([id, op, o2, of, what]) =>
      bySf({ id, mn: id.toLowerCase(), pat: CSEL(op, o2), aliasOf: of, when: (f) => notAl(f) && f('Rn') === f('Rm'),
        group: 'dp-reg/cond-sel', summary: `Rd = cond ? ${what} : Rn`,
        ops: (w) => [gpr('Rd', w), gprSame(['Rn', 'Rm'], w), condComment(true)] })),
  ...([['CSEL', '0', '0', 'Rm'], ['CSINC', '0', '1', 'Rm + 1'], ['CSINV', '1', '0', 'NOT Rm'], ['CSNEG', '1', '1', '-Rm']] as const)
    .flatMap(([id, op, o2, what]) =>
      bySf({ id, mn: id.toLowerCase(), pat: CSEL(op, o2), group: 'dp-reg/cond-sel', summary: `Rd = cond ? Rn : ${what}`,
        ops: (w) => [gpr('Rd', w), gpr('Rn', w), gpr('Rm', w), condComment()] })),
];

export const DP_REG: InsnDef[] = [
  ...LOGICAL_REG, ...ADD_SUB_REG, ...CARRY_ROWS, ...FLAGS, ...CCMP_ROWS, ...COND_SEL, ...DP_REG_SRC,
];
