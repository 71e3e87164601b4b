// Data processing — register (ARM ARM C4.1.88), the 2-source, 1-source and 3-source groups:
// divide, variable shifts, CRC32, MTE tag arithmetic, PACGA, CSSC min/max; bit and byte
// reversal, counts, pointer authentication; multiply(-add) with the MUL/MNEG/…L aliases.

import { gpr } from '../operands/common';
import { implicitField, optReg } from '../operands/dp-reg';
import type { InsnDef } from '../types';
import { bySf, row } from './builder';

// ---- Data-processing (2 source), C4.1.88.1 ----
const SRC2 = (opcode: string, sf = 'sf:1', s = '0', rd = 'Rd:5'): string => `${sf} 0 S=${s} 11010110 Rm:5 opcode=${opcode} Rn:5 ${rd}`;

const SHIFTS_V = [
  ['LSL', '001000', 'Rn << (Rm MOD size)'], ['LSR', '001001', 'Rn >> (Rm MOD size) (logical)'],
  ['ASR', '001010', 'Rn >> (Rm MOD size) (arithmetic)'], ['ROR', '001011', 'Rn rotated right by Rm MOD size'],
] as const;

const CRC = [
  ['CRC32B', '010000', 'w', 'byte'], ['CRC32H', '010001', 'w', 'halfword'], ['CRC32W', '010010', 'w', 'word'],
  ['CRC32X', '010011', 'x', 'doubleword'], ['CRC32CB', '010100', 'w', 'byte'], ['CRC32CH', '010101', 'w', 'halfword'],
  ['CRC32CW', '010110', 'w', 'word'], ['CRC32CX', '010111', 'x', 'doubleword'],
] as const;

const SRC2_ROWS: InsnDef[] = [
  ...bySf({ id: 'UDIV', mn: 'udiv', pat: SRC2('000010'), group: 'dp-reg/2src', summary: 'Rd = Rn / Rm (unsigned, 0 if Rm is 0)',
    ops: (w) => [gpr('Rd', w), gpr('Rn', w), gpr('Rm', w)] }),
  ...bySf({ id: 'SDIV', mn: 'sdiv', pat: SRC2('000011'), group: 'dp-reg/2src', summary: 'Rd = Rn / Rm (signed, 0 if Rm is 0)',
    ops: (w) => [gpr('Rd', w), gpr('Rn', w), gpr('Rm', w)] }),
  // LSLV & co. always print as LSL/LSR/ASR/ROR (register), C6.2.179 etc.
  ...SHIFTS_V.flatMap(([id, opcode, what]) => [
    ...bySf({ id: `${id}_reg`, mn: id.toLowerCase(), pat: SRC2(opcode), aliasOf: `${id}V`, group: 'dp-reg/2src',
      summary: `Rd = ${what}`, ops: (w) => [gpr('Rd', w), gpr('Rn', w), gpr('Rm', w)] }),
    ...bySf({ id: `${id}V`, mn: `${id.toLowerCase()}v`, pat: SRC2(opcode), group: 'dp-reg/2src',
      summary: `Rd = ${what}`, ops: (w) => [gpr('Rd', w), gpr('Rn', w), gpr('Rm', w)] }),
  ]),
  // CRC32 (FEAT_CRC32): the X forms exist only with sf=1, the others only with sf=0.
  ...CRC.map(([id, opcode, m, what]) =>
    row({ id, mn: id.toLowerCase(), pat: SRC2(opcode, m === 'x' ? 'sf=1' : 'sf=0'), group: 'dp-reg/2src', feature: 'crc32',
      summary: `Wd = CRC-32${id.startsWith('CRC32C') ? 'C' : ''} of Wn updated with the ${what} in Rm`,
      ops: [gpr('Rd', 'w'), gpr('Rn', 'w'), gpr('Rm', m)] })),
  // FEAT_MTE.
  row({ id: 'CMPP', mn: 'cmpp', pat: SRC2('000000', 'sf=1', '1', 'Rd=11111'), aliasOf: 'SUBPS', group: 'dp-reg/2src', feature: 'mte',
    summary: 'NZCV = flags of Xn<55:0> - Xm<55:0> (sign-extended)', ops: [gpr('Rn', 'xsp'), gpr('Rm', 'xsp')] }),
  row({ id: 'SUBP', mn: 'subp', pat: SRC2('000000', 'sf=1'), group: 'dp-reg/2src', feature: 'mte',
    summary: 'Xd = SignExtend(Xn<55:0>) - SignExtend(Xm<55:0>)', ops: [gpr('Rd', 'x'), gpr('Rn', 'xsp'), gpr('Rm', 'xsp')] }),
  row({ id: 'SUBPS', mn: 'subps', pat: SRC2('000000', 'sf=1', '1'), group: 'dp-reg/2src', feature: 'mte',
    summary: 'Xd = SignExtend(Xn<55:0>) - SignExtend(Xm<55:0>), setting NZCV', ops: [gpr('Rd', 'x'), gpr('Rn', 'xsp'), gpr('Rm', 'xsp')] }),
  row({ id: 'IRG', mn: 'irg', pat: SRC2('000100', 'sf=1'), group: 'dp-reg/2src', feature: 'mte',
    summary: 'Xd = Xn with a random allocation tag not excluded by Xm or GCR_EL1.Exclude',
    ops: [gpr('Rd', 'xsp'), gpr('Rn', 'xsp'), optReg('Rm', 'x', 31)] }),
  row({ id: 'GMI', mn: 'gmi', pat: SRC2('000101', 'sf=1'), group: 'dp-reg/2src', feature: 'mte',
    summary: 'Xd = Xm with the bit of the allocation tag of Xn set', ops: [gpr('Rd', 'x'), gpr('Rn', 'xsp'), gpr('Rm', 'x')] }),
  // FEAT_PAuth.
  row({ id: 'PACGA', mn: 'pacga', pat: SRC2('001100', 'sf=1'), group: 'dp-reg/2src', feature: 'pauth',
    summary: 'Xd<63:32> = PAC of Xn with modifier Xm|SP and the generic key, Xd<31:0> = 0',
    ops: [gpr('Rd', 'x'), gpr('Rn', 'x'), gpr('Rm', 'xsp')] }),
  // FEAT_CSSC min/max (register).
  ...([['SMAX', '011000', 'signed maximum'], ['UMAX', '011001', 'unsigned maximum'], ['SMIN', '011010', 'signed minimum'],
    ['UMIN', '011011', 'unsigned minimum']] as const).flatMap(([id, opcode, what]) =>
    bySf({ id: `${id}_reg`, mn: id.toLowerCase(), pat: SRC2(opcode), group: 'dp-reg/2src', feature: 'cssc',
      summary: `Rd = ${what} of Rn and Rm`, ops: (w) => [gpr('Rd', w), gpr('Rn', w), gpr('Rm', w)] })),
];

// ---- Data-processing (1 source), C4.1.88.3 ----
const SRC1 = (opcode: string, sf = 'sf:1', opcode2 = '00000', rn = 'Rn:5'): string =>
  `${sf} 1 0 11010110 opcode2=${opcode2} opcode=${opcode} ${rn} Rd:5`;

const SRC1_ROWS: InsnDef[] = [
  ...([['RBIT', '000000', 'Rd = Rn with its bit order reversed', 'v8.0'], ['REV16', '000001', 'Rd = Rn with the bytes of each halfword reversed', 'v8.0'],
    ['CLZ', '000100', 'Rd = number of leading zero bits of Rn', 'v8.0'],
    ['CLS', '000101', 'Rd = number of leading bits of Rn equal to the sign bit, excluding it', 'v8.0'],
    ['CTZ', '000110', 'Rd = number of trailing zero bits of Rn', 'cssc'], ['CNT', '000111', 'Rd = number of set bits of Rn', 'cssc'],
    ['ABS', '001000', 'Rd = absolute value of Rn', 'cssc']] as const).flatMap(([id, opcode, summary, feature]) =>
    bySf({ id, mn: id.toLowerCase(), pat: SRC1(opcode), group: 'dp-reg/1src', feature, summary,
      ops: (w) => [gpr('Rd', w), gpr('Rn', w)] })),
  row({ id: 'REV_32', mn: 'rev', pat: SRC1('000010', 'sf=0'), group: 'dp-reg/1src', summary: 'Wd = Wn with its byte order reversed',
    ops: [gpr('Rd', 'w'), gpr('Rn', 'w')] }),
  row({ id: 'REV32', mn: 'rev32', pat: SRC1('000010', 'sf=1'), group: 'dp-reg/1src',
    summary: 'Xd = Xn with the bytes of each word reversed', ops: [gpr('Rd', 'x'), gpr('Rn', 'x')] }),
  row({ id: 'REV_64', mn: 'rev', pat: SRC1('000011', 'sf=1'), group: 'dp-reg/1src', summary: 'Xd = Xn with its byte order reversed',
    ops: [gpr('Rd', 'x'), gpr('Rn', 'x')] }),
  // REV64 is GNU as's other spelling of the 64-bit REV (C6.2.253); objdump prints REV.
  row({ id: 'REV64', mn: 'rev64', pat: SRC1('000011', 'sf=1'), aliasOf: 'REV_64', asmOnly: true, group: 'dp-reg/1src',
    summary: 'Xd = Xn with its byte order reversed', ops: [gpr('Rd', 'x'), gpr('Rn', 'x')] }),
  ...pacRows(),
];

/** Pointer authentication (FEAT_PAuth), opcode2=00001: PAC*, AUT*, their zero-modifier Z forms, XPAC*. */
function pacRows(): InsnDef[] {
  const out: InsnDef[] = [];
  const kinds = [['PACI', 'Add a PAC to instruction address'], ['PACD', 'Add a PAC to data address'],
    ['AUTI', 'Authenticate instruction address'], ['AUTD', 'Authenticate data address']] as const;
  kinds.forEach(([base, what], k) => {
    for (const [key, b] of [['A', 0], ['B', 1]] as const) {
      const code = (k & 2) << 1 | (k & 1) << 1 | b; // opcode<2> = AUT, <1> = data, <0> = key B
      const id = `${base}${key}`;
      out.push(
        row({ id, mn: id.toLowerCase(), pat: SRC1(code.toString(2).padStart(6, '0'), 'sf=1', '00001'), group: 'dp-reg/pauth',
          feature: 'pauth', summary: `${what} Xd using key ${key} and modifier Xn|SP`, ops: [gpr('Rd', 'x'), gpr('Rn', 'xsp')] }),
        row({ id: `${base}Z${key}`, mn: `${base}z${key}`.toLowerCase(), pat: SRC1((code | 8).toString(2).padStart(6, '0'), 'sf=1', '00001', 'Rn=11111'),
          group: 'dp-reg/pauth', feature: 'pauth', summary: `${what} Xd using key ${key} and a zero modifier`, ops: [gpr('Rd', 'x')] }),
      );
    }
  });
  out.push(
    row({ id: 'XPACI', mn: 'xpaci', pat: SRC1('010000', 'sf=1', '00001', 'Rn=11111'), group: 'dp-reg/pauth', feature: 'pauth',
      summary: 'Strip the PAC from instruction address Xd', ops: [gpr('Rd', 'x')] }),
    row({ id: 'XPACD', mn: 'xpacd', pat: SRC1('010001', 'sf=1', '00001', 'Rn=11111'), group: 'dp-reg/pauth', feature: 'pauth',
      summary: 'Strip the PAC from data address Xd', ops: [gpr('Rd', 'x')] }),
  );
  return out;
}

// ---- Data-processing (3 source), C4.1.88.19 ----
const SRC3 = (op31: string, o0: string, sf = 'sf:1', ra = 'Ra:5'): string => `${sf} 00 11011 op31=${op31} Rm:5 o0=${o0} ${ra} Rn:5 Rd:5`;

const SRC3_ROWS: InsnDef[] = [
  ...bySf({ id: 'MUL', mn: 'mul', pat: SRC3('000', '0', 'sf:1', 'Ra=11111'), aliasOf: 'MADD', group: 'dp-reg/3src',
    summary: 'Rd = Rn * Rm', ops: (w) => [gpr('Rd', w), gpr('Rn', w), gpr('Rm', w)] }),
  ...bySf({ id: 'MNEG', mn: 'mneg', pat: SRC3('000', '1', 'sf:1', 'Ra=11111'), aliasOf: 'MSUB', group: 'dp-reg/3src',
    summary: 'Rd = -(Rn * Rm)', ops: (w) => [gpr('Rd', w), gpr('Rn', w), gpr('Rm', w)] }),
  ...bySf({ id: 'MADD', mn: 'madd', pat: SRC3('000', '0'), group: 'dp-reg/3src', summary: 'Rd = Ra + Rn * Rm',
    ops: (w) => [gpr('Rd', w), gpr('Rn', w), gpr('Rm', w), gpr('Ra', w)] }),
  ...bySf({ id: 'MSUB', mn: 'msub', pat: SRC3('000', '1'), group: 'dp-reg/3src', summary: 'Rd = Ra - Rn * Rm',
    ops: (w) => [gpr('Rd', w), gpr('Rn', w), gpr('Rm', w), gpr('Ra', w)] }),
  ...([['S', '0', 'signed'], ['U', '1', 'unsigned']] as const).flatMap(([u, U, how]) => [
    row({ id: `${u}MULL`, mn: `${u.toLowerCase()}mull`, pat: SRC3(`${U}01`, '0', 'sf=1', 'Ra=11111'), aliasOf: `${u}MADDL`,
      group: 'dp-reg/3src', summary: `Xd = Wn * Wm (${how})`, ops: [gpr('Rd', 'x'), gpr('Rn', 'w'), gpr('Rm', 'w')] }),
    row({ id: `${u}MNEGL`, mn: `${u.toLowerCase()}mnegl`, pat: SRC3(`${U}01`, '1', 'sf=1', 'Ra=11111'), aliasOf: `${u}MSUBL`,
      group: 'dp-reg/3src', summary: `Xd = -(Wn * Wm) (${how})`, ops: [gpr('Rd', 'x'), gpr('Rn', 'w'), gpr('Rm', 'w')] }),
    row({ id: `${u}MADDL`, mn: `${u.toLowerCase()}maddl`, pat: SRC3(`${U}01`, '0', 'sf=1'), group: 'dp-reg/3src',
      summary: `Xd = Xa + Wn * Wm (${how})`, ops: [gpr('Rd', 'x'), gpr('Rn', 'w'), gpr('Rm', 'w'), gpr('Ra', 'x')] }),
    row({ id: `${u}MSUBL`, mn: `${u.toLowerCase()}msubl`, pat: SRC3(`${U}01`, '1', 'sf=1'), group: 'dp-reg/3src',
      summary: `Xd = Xa - Wn * Wm (${how})`, ops: [gpr('Rd', 'x'), gpr('Rn', 'w'), gpr('Rm', 'w'), gpr('Ra', 'x')] }),
    row({ id: `${u}MULH`, mn: `${u.toLowerCase()}mulh`, pat: SRC3(`${U}10`, '0', 'sf=1'), group: 'dp-reg/3src',
      summary: `Xd = bits 127:64 of Xn * Xm (${how})`,
      ops: [gpr('Rd', 'x'), gpr('Rn', 'x'), gpr('Rm', 'x'), implicitField('Ra', 31)] }),
  ]),
];

export const DP_REG_SRC: InsnDef[] = [...SRC2_ROWS, ...SRC1_ROWS, ...SRC3_ROWS];
