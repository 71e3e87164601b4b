// Data processing — immediate (ARM ARM C4.1.86): PC-relative addressing, add/subtract (with
// tags), min/max, logical, move wide, bitfield, extract — with every alias objdump prefers.

import { gpr, imm, type RegClass } from '../operands/common';
import {
  type Bits, adrTarget, aimm, bfImm, bitmaskImm, lsbExtract, lsbInsert, minMaxImm, movBitmaskPreferred,
  movBitmaskValue, movImm16, movWideValue, shiftLeft, shiftRight, tagOffset, widthExtract, widthInsert,
} from '../operands/dp-imm';
import { gprSame, spMoveSource } from '../operands/dp-reg';
import { parsePattern } from '../pattern';
import type { InsnDef } from '../types';
import { bySf, row, type Width } from './builder';

type F = (name: string) => number;
const size = (f: F): Bits => (f('sf') ? 64 : 32);
const sp = (w: Width): RegClass => `${w}sp`;

/** bySf for bitfield/extract rows, whose N bit must equal sf (fixed so the assembler sets it). */
function bySfN(...a: Parameters<typeof bySf>): InsnDef[] {
  return bySf(...a).map((r) => ({ ...r, pattern: parsePattern(r.pattern.text.replace(/\bN:1\b/, `N=${r.id.endsWith('_64') ? 1 : 0}`)) }));
}

// ---- PC-rel. addressing, C4.1.86.1 ----
const PC_REL: InsnDef[] = [
  row({ id: 'ADR', mn: 'adr', pat: '0 immlo:2 10000 immhi:19 Rd:5', group: 'dp-imm/pc-rel',
    summary: 'Rd = PC + imm21', ops: [gpr('Rd', 'x'), adrTarget(false)] }),
  row({ id: 'ADRP', mn: 'adrp', pat: '1 immlo:2 10000 immhi:19 Rd:5', group: 'dp-imm/pc-rel',
    summary: 'Rd = (PC with bits 11:0 cleared) + imm21 * 4096', ops: [gpr('Rd', 'x'), adrTarget(true)] }),
];

// ---- Add/subtract (immediate), C4.1.86.2 ----
const ADD_SUB = (op: string, s: string): string => `sf:1 ${op} ${s} 100010 sh:1 imm12:12 Rn:5 Rd:5`;
const RD31 = (pat: string): string => pat.replace('Rd:5', '11111');

/** ADD/SUB and their flag-setting forms; `other` is the row a negative immediate assembles to. */
const ARITH = [
  { id: 'ADD', op: '0', s: '0', other: 'SUB', sum: '+' },
  { id: 'ADDS', op: '0', s: '1', other: 'SUBS', sum: '+' },
  { id: 'SUB', op: '1', s: '0', other: 'ADD', sum: '-' },
  { id: 'SUBS', op: '1', s: '1', other: 'ADDS', sum: '-' },
] as const;

const ADD_SUB_IMM: InsnDef[] = [
  // MOV (to/from SP), C6.2.185: ADD Rd, Rn, #0 when Rd or Rn is SP.
  ...bySf({ id: 'MOV_sp', mn: 'mov', pat: 'sf:1 0 0 100010 0 000000000000 Rn:5 Rd:5', aliasOf: 'ADD_imm',
    when: (f) => f('Rd') === 31 || f('Rn') === 31, group: 'dp-imm/add-sub', summary: 'Rd|SP = Rn|SP',
    ops: (w) => [gpr('Rd', sp(w)), spMoveSource(sp(w))] }),
  ...ARITH.flatMap((a) => [
    ...bySf({ id: `${a.id}_imm`, mn: a.id.toLowerCase(), pat: ADD_SUB(a.op, a.s), group: 'dp-imm/add-sub',
      summary: `Rd = Rn ${a.sum} imm${a.s === '1' ? ', setting NZCV' : ''}`,
      ops: (w) => [gpr('Rd', a.s === '1' ? w : sp(w)), gpr('Rn', sp(w)), aimm()] }),
    // GNU as assembles a negative immediate as the opposite operation.
    ...bySf({ id: `${a.id}_imm_neg`, mn: a.id.toLowerCase(), pat: ADD_SUB(a.op === '0' ? '1' : '0', a.s), asmOnly: true,
      group: 'dp-imm/add-sub', summary: `Rd = Rn ${a.sum} imm (negative immediate: ${a.other})`,
      ops: (w) => [gpr('Rd', a.s === '1' ? w : sp(w)), gpr('Rn', sp(w)), aimm(true)] }),
  ]),
  // CMN/CMP (immediate), C6.2.65/C6.2.69: ADDS/SUBS discarding the result.
  ...bySf({ id: 'CMN_imm', mn: 'cmn', pat: RD31(ADD_SUB('0', '1')), aliasOf: 'ADDS_imm', group: 'dp-imm/add-sub',
    summary: 'NZCV = flags of Rn + imm', ops: (w) => [gpr('Rn', sp(w)), aimm()] }),
  ...bySf({ id: 'CMP_imm', mn: 'cmp', pat: RD31(ADD_SUB('1', '1')), aliasOf: 'SUBS_imm', group: 'dp-imm/add-sub',
    summary: 'NZCV = flags of Rn - imm', ops: (w) => [gpr('Rn', sp(w)), aimm()] }),
  ...bySf({ id: 'CMN_imm_neg', mn: 'cmn', pat: RD31(ADD_SUB('1', '1')), aliasOf: 'SUBS_imm', asmOnly: true,
    group: 'dp-imm/add-sub', summary: 'NZCV = flags of Rn + imm (negative immediate: CMP)', ops: (w) => [gpr('Rn', sp(w)), aimm(true)] }),
  ...bySf({ id: 'CMP_imm_neg', mn: 'cmp', pat: RD31(ADD_SUB('0', '1')), aliasOf: 'ADDS_imm', asmOnly: true,
    group: 'dp-imm/add-sub', summary: 'NZCV = flags of Rn - imm (negative immediate: CMN)', ops: (w) => [gpr('Rn', sp(w)), aimm(true)] }),
];

// ---- Add/subtract (immediate, with tags), C4.1.86.3 (FEAT_MTE) ----
const TAGS: InsnDef[] = [
  row({ id: 'ADDG', mn: 'addg', pat: '1 0 0 100011 0 uimm6:6 00 uimm4:4 Rn:5 Rd:5', group: 'dp-imm/add-sub-tags', feature: 'mte',
    summary: 'Rd = Rn + uimm6*16 with the allocation tag advanced by uimm4 (excluding GCR_EL1.Exclude)',
    ops: [gpr('Rd', 'xsp'), gpr('Rn', 'xsp'), tagOffset, imm('uimm4', { hex: true })] }),
  row({ id: 'SUBG', mn: 'subg', pat: '1 1 0 100011 0 uimm6:6 00 uimm4:4 Rn:5 Rd:5', group: 'dp-imm/add-sub-tags', feature: 'mte',
    summary: 'Rd = Rn - uimm6*16 with the allocation tag advanced by uimm4 (excluding GCR_EL1.Exclude)',
    ops: [gpr('Rd', 'xsp'), gpr('Rn', 'xsp'), tagOffset, imm('uimm4', { hex: true })] }),
];

// ---- Min/max (immediate), C4.1.86.4 (FEAT_CSSC) ----
const MIN_MAX: InsnDef[] = ([
  ['SMAX', '0000', true, 'signed maximum'], ['UMAX', '0001', false, 'unsigned maximum'],
  ['SMIN', '0010', true, 'signed minimum'], ['UMIN', '0011', false, 'unsigned minimum'],
] as const).flatMap(([id, opc, signed, what]) =>
  bySf({ id: `${id}_imm`, mn: id.toLowerCase(), pat: `sf:1 0 0 100011 1 opc=${opc} imm8:8 Rn:5 Rd:5`, group: 'dp-imm/min-max',
    feature: 'cssc', summary: `Rd = ${what} of Rn and imm8`, ops: (w) => [gpr('Rd', w), gpr('Rn', w), minMaxImm(signed)] }));

// ---- Logical (immediate), C4.1.86.5: the bitmask immediate is N:immr:imms ----
const LOGICAL = (opc: string): string => `sf:1 opc=${opc} 100100 N:1 immr:6 imms:6 Rn:5 Rd:5`;
const LOGICAL_IMM: InsnDef[] = [
  ...([['AND', '00', '&'], ['ORR', '01', '|'], ['EOR', '10', '^'], ['ANDS', '11', '&']] as const).flatMap(([id, opc, o]) =>
    bySf({ id: `${id}_imm`, mn: id.toLowerCase(), pat: LOGICAL(opc), group: 'dp-imm/logical',
      summary: `Rd = Rn ${o} bitmask${id === 'ANDS' ? ', setting N and Z (C = V = 0)' : ''}`,
      ops: (w, bits) => [gpr('Rd', id === 'ANDS' ? w : sp(w)), gpr('Rn', w), bitmaskImm(bits)] })),
  // GNU as also takes BIC with an immediate, as AND with the inverted bitmask.
  ...bySf({ id: 'BIC_imm', mn: 'bic', pat: LOGICAL('00'), aliasOf: 'AND_imm', asmOnly: true, group: 'dp-imm/logical',
    summary: 'Rd = Rn & NOT imm', ops: (w, bits) => [gpr('Rd', sp(w)), gpr('Rn', w), bitmaskImm(bits, true)] }),
  // TST (immediate), C6.2.388; MOV (bitmask immediate), C6.2.187, unless MOVZ/MOVN can write it to Rd.
  ...bySf({ id: 'TST_imm', mn: 'tst', pat: RD31(LOGICAL('11')), aliasOf: 'ANDS_imm', group: 'dp-imm/logical',
    summary: 'NZ = flags of Rn & bitmask (C = V = 0)', ops: (w, bits) => [gpr('Rn', w), bitmaskImm(bits)] }),
  ...bySf({ id: 'MOV_bitmask', mn: 'mov', pat: LOGICAL('01').replace('Rn:5', '11111'), aliasOf: 'ORR_imm',
    when: (f) => f('Rd') === 31 || movBitmaskPreferred(f, size(f)), group: 'dp-imm/logical', summary: 'Rd|SP = bitmask',
    ops: (w, bits) => [gpr('Rd', sp(w)), movBitmaskValue(bits)] }),
];

// ---- Move wide (immediate), C4.1.86.6 ----
const MOVE_WIDE = (opc: string): string => `sf:1 opc=${opc} 100101 hw:2 imm16:16 Rd:5`;
/** MOV (wide immediate) is preferred unless imm16 is 0 with a nonzero shift (C6.2.190/191). */
const wideMov = (f: F): boolean => !(f('imm16') === 0 && f('hw') !== 0);
const MOVE_WIDE_IMM: InsnDef[] = [
  // Aliases first: the assembler tries MOV as MOVZ, then MOVN, then ORR (as GNU as does).
  ...bySf({ id: 'MOV_movz', mn: 'mov', pat: MOVE_WIDE('10'), aliasOf: 'MOVZ', when: wideMov, group: 'dp-imm/move-wide',
    summary: 'Rd = imm', ops: (w, bits) => [gpr('Rd', w), movWideValue(false, bits)] }),
  ...bySf({ id: 'MOV_movn', mn: 'mov', pat: MOVE_WIDE('00'), aliasOf: 'MOVN', group: 'dp-imm/move-wide',
    when: (f) => wideMov(f) && (f('sf') === 1 || f('imm16') !== 0xffff),
    summary: 'Rd = imm (written as NOT of a 16-bit chunk)', ops: (w, bits) => [gpr('Rd', w), movWideValue(true, bits)] }),
  ...bySf({ id: 'MOVN', mn: 'movn', pat: MOVE_WIDE('00'), group: 'dp-imm/move-wide',
    summary: 'Rd = NOT(imm16 << shift)', ops: (w, bits) => [gpr('Rd', w), movImm16(bits, 'n')] }),
  ...bySf({ id: 'MOVZ', mn: 'movz', pat: MOVE_WIDE('10'), group: 'dp-imm/move-wide',
    summary: 'Rd = imm16 << shift', ops: (w, bits) => [gpr('Rd', w), movImm16(bits, 'z')] }),
  ...bySf({ id: 'MOVK', mn: 'movk', pat: MOVE_WIDE('11'), group: 'dp-imm/move-wide',
    summary: 'Rd<shift+15:shift> = imm16, other bits kept', ops: (w, bits) => [gpr('Rd', w), movImm16(bits, 'k')] }),
  // MOVZ/MOVN with ":abs_gN_s:" assemble as whichever the value's sign needs (GNU as, as the linker would).
  ...bySf({ id: 'MOVZ_as_movn', mn: 'movz', pat: MOVE_WIDE('00'), aliasOf: 'MOVN', asmOnly: true, group: 'dp-imm/move-wide',
    summary: 'Rd = NOT(imm16 << shift)', ops: (w, bits) => [gpr('Rd', w), movImm16(bits, 'n', true)] }),
  ...bySf({ id: 'MOVN_as_movz', mn: 'movn', pat: MOVE_WIDE('10'), aliasOf: 'MOVZ', asmOnly: true, group: 'dp-imm/move-wide',
    summary: 'Rd = imm16 << shift', ops: (w, bits) => [gpr('Rd', w), movImm16(bits, 'z', true)] }),
];

// ---- Bitfield, C4.1.86.7: SBFM/BFM/UBFM and the aliases objdump always prefers ----
const BITFIELD = (opc: string, rest = 'immr:6 imms:6 Rn:5 Rd:5'): string => `sf:1 opc=${opc} 100110 N:1 ${rest}`;
/** N must equal sf; the 32-bit form has 5-bit immr/imms. */
const bfValid = (f: F): boolean => f('N') === f('sf') && (f('sf') === 1 || (f('immr') < 32 && f('imms') < 32));
const top = (f: F): boolean => f('imms') === size(f) - 1;

interface BfAlias {
  id: string; mn: string; opc: string; of: string; prio: number; summary: string;
  when?: (f: F) => boolean; rest?: string; src?: 'w'; form: 'x' | 'iz' | 'asr' | 'lsl' | 'none' | 'bfc';
}

const BF_ALIASES: BfAlias[] = [
  { id: 'ASR_imm', mn: 'asr', opc: '00', of: 'SBFM', prio: 2, when: top, form: 'asr', summary: 'Rd = Rn >> shift (arithmetic)' },
  { id: 'SBFIZ', mn: 'sbfiz', opc: '00', of: 'SBFM', prio: 1, when: (f) => f('imms') < f('immr'), form: 'iz',
    summary: 'Rd = SignExtend(Rn<width-1:0>) << lsb' },
  { id: 'SBFX', mn: 'sbfx', opc: '00', of: 'SBFM', prio: 1, when: (f) => f('imms') >= f('immr'), form: 'x',
    summary: 'Rd = SignExtend(Rn<lsb+width-1:lsb>)' },
  { id: 'SXTB', mn: 'sxtb', opc: '00', of: 'SBFM', prio: 2, rest: 'immr=000000 imms=000111 Rn:5 Rd:5', src: 'w', form: 'none',
    summary: 'Rd = SignExtend(Wn<7:0>)' },
  { id: 'SXTH', mn: 'sxth', opc: '00', of: 'SBFM', prio: 2, rest: 'immr=000000 imms=001111 Rn:5 Rd:5', src: 'w', form: 'none',
    summary: 'Rd = SignExtend(Wn<15:0>)' },
  { id: 'BFC', mn: 'bfc', opc: '01', of: 'BFM', prio: 2, rest: 'immr:6 imms:6 11111 Rd:5', when: (f) => f('imms') < f('immr'),
    form: 'bfc', summary: 'Rd<lsb+width-1:lsb> = 0, other bits kept' },
  { id: 'BFI', mn: 'bfi', opc: '01', of: 'BFM', prio: 1, when: (f) => f('imms') < f('immr'), form: 'iz',
    summary: 'Rd<lsb+width-1:lsb> = Rn<width-1:0>, other bits kept' },
  { id: 'BFXIL', mn: 'bfxil', opc: '01', of: 'BFM', prio: 1, when: (f) => f('imms') >= f('immr'), form: 'x',
    summary: 'Rd<width-1:0> = Rn<lsb+width-1:lsb>, other bits kept' },
  { id: 'LSL_imm', mn: 'lsl', opc: '10', of: 'UBFM', prio: 3, when: (f) => !top(f) && f('imms') + 1 === f('immr'), form: 'lsl',
    summary: 'Rd = Rn << shift' },
  { id: 'LSR_imm', mn: 'lsr', opc: '10', of: 'UBFM', prio: 2, when: top, form: 'asr', summary: 'Rd = Rn >> shift (logical)' },
  { id: 'UBFIZ', mn: 'ubfiz', opc: '10', of: 'UBFM', prio: 1, when: (f) => f('imms') < f('immr'), form: 'iz',
    summary: 'Rd = ZeroExtend(Rn<width-1:0>) << lsb' },
  { id: 'UBFX', mn: 'ubfx', opc: '10', of: 'UBFM', prio: 1, when: (f) => f('imms') >= f('immr'), form: 'x',
    summary: 'Rd = ZeroExtend(Rn<lsb+width-1:lsb>)' },
];

function bfAlias(a: BfAlias): InsnDef[] {
  return bySfN({ id: a.id, mn: a.mn, pat: BITFIELD(a.opc, a.rest), aliasOf: a.of, prio: a.prio, group: 'dp-imm/bitfield',
    when: (f) => bfValid(f) && (a.when?.(f) ?? true), summary: a.summary,
    ops: (w, bits) => {
      const rd = gpr('Rd', w), rn = gpr('Rn', a.src ?? w);
      switch (a.form) {
        case 'x': return [rd, rn, lsbExtract(bits), widthExtract(bits)];
        case 'iz': return [rd, rn, lsbInsert(bits), widthInsert(bits)];
        case 'bfc': return [rd, lsbInsert(bits), widthInsert(bits)];
        case 'asr': return [rd, rn, shiftRight(bits)];
        case 'lsl': return [rd, rn, shiftLeft(bits)];
        case 'none': return [rd, rn];
      }
    } });
}

const BITFIELD_ROWS: InsnDef[] = [
  ...BF_ALIASES.flatMap(bfAlias),
  // SXTW (64-bit only) and UXTB/UXTH (32-bit only: the 64-bit forms print as UBFX).
  row({ id: 'SXTW', mn: 'sxtw', pat: '1 00 100110 1 000000 011111 Rn:5 Rd:5', aliasOf: 'SBFM_64', prio: 2, group: 'dp-imm/bitfield',
    summary: 'Xd = SignExtend(Wn)', ops: [gpr('Rd', 'x'), gpr('Rn', 'w')] }),
  row({ id: 'UXTB', mn: 'uxtb', pat: '0 10 100110 0 000000 000111 Rn:5 Rd:5', aliasOf: 'UBFM_32', prio: 2, group: 'dp-imm/bitfield',
    summary: 'Wd = ZeroExtend(Wn<7:0>)', ops: [gpr('Rd', 'w'), gpr('Rn', 'w')] }),
  row({ id: 'UXTH', mn: 'uxth', pat: '0 10 100110 0 000000 001111 Rn:5 Rd:5', aliasOf: 'UBFM_32', prio: 2, group: 'dp-imm/bitfield',
    summary: 'Wd = ZeroExtend(Wn<15:0>)', ops: [gpr('Rd', 'w'), gpr('Rn', 'w')] }),
  // GNU as accepts an X destination for UXTB/UXTH and writes the 32-bit form.
  ...(['UXTB', 'UXTH'] as const).map((id, i) =>
    row({ id: `${id}_x`, mn: id.toLowerCase(), pat: `0 10 100110 0 000000 00${i ? 1 : 0}111 Rn:5 Rd:5`, aliasOf: 'UBFM_32',
      asmOnly: true, group: 'dp-imm/bitfield', summary: `Wd = ZeroExtend(Wn<${i ? 15 : 7}:0>)`, ops: [gpr('Rd', 'x'), gpr('Rn', 'w')] })),
  ...([['SBFM', '00', 'Rd = Rn rotated right by immr, bits imms:0 sign-extended'],
    ['BFM', '01', 'Rd = Rd with bits of Rn rotated right by immr inserted (mask from imms)'],
    ['UBFM', '10', 'Rd = Rn rotated right by immr, bits imms:0 zero-extended']] as const).flatMap(([id, opc, summary]) =>
    bySfN({ id, mn: id.toLowerCase(), pat: BITFIELD(opc), when: bfValid, group: 'dp-imm/bitfield', summary,
      ops: (w, bits) => [gpr('Rd', w), gpr('Rn', w), bfImm('immr', bits), bfImm('imms', bits)] })),
];

// ---- Extract, C4.1.86.8: EXTR and ROR (immediate) when Rn == Rm ----
const EXTR_PAT = 'sf:1 00 100111 N:1 0 Rm:5 imms:6 Rn:5 Rd:5';
const extrValid = (f: F): boolean => f('N') === f('sf') && (f('sf') === 1 || f('imms') < 32);
const EXTRACT: InsnDef[] = [
  ...bySfN({ id: 'ROR_imm', mn: 'ror', pat: EXTR_PAT, aliasOf: 'EXTR', when: (f) => extrValid(f) && f('Rn') === f('Rm'),
    group: 'dp-imm/extract', summary: 'Rd = Rn rotated right by imms',
    ops: (w, bits) => [gpr('Rd', w), gprSame(['Rn', 'Rm'], w), bfImm('imms', bits)] }),
  ...bySfN({ id: 'EXTR', mn: 'extr', pat: EXTR_PAT, when: extrValid, group: 'dp-imm/extract',
    summary: 'Rd = (Rn:Rm) >> imms, low bits', ops: (w, bits) => [gpr('Rd', w), gpr('Rn', w), gpr('Rm', w), bfImm('imms', bits)] }),
];

export const DP_IMM: InsnDef[] = [
  ...PC_REL, ...ADD_SUB_IMM, ...TAGS, ...MIN_MAX, ...MOVE_WIDE_IMM, ...LOGICAL_IMM, ...BITFIELD_ROWS, ...EXTRACT,
];
