// Branches and exception generation (ARM ARM C4.1.87): unconditional branch (immediate and
// register, with the pointer-authenticating forms), conditional branch, compare and branch,
// test and branch, and the exception generating instructions.

import { gpr, imm, label } from '../operands/common';
import { condLabel, optGpr, optImm, testBit } from '../operands/branch-sys';
import type { InsnDef } from '../types';
import { bySf, row } from './builder';

/** Unconditional branch (register), C4.1.87.9: opc selects the kind, op4/Rm the modifier. */
const BR_REG = '1101011';

/** The pointer-authenticating register branches: A (M=0, key A) and B (M=1, key B) forms. */
function pacBranches(): InsnDef[] {
  const out: InsnDef[] = [];
  for (const [k, m] of [['a', '0'], ['b', '1']] as const) {
    const K = k.toUpperCase();
    out.push(
      row({ id: `BRA${K}Z`, mn: `bra${k}z`, pat: `${BR_REG} 0000 11111 00001 M=${m} Rn:5 11111`, group: 'branch/reg', feature: 'pauth',
        summary: `Branch to Rn after authenticating it with key ${K} and a zero modifier`, ops: [gpr('Rn', 'x')] }),
      row({ id: `BLRA${K}Z`, mn: `blra${k}z`, pat: `${BR_REG} 0001 11111 00001 M=${m} Rn:5 11111`, group: 'branch/reg', feature: 'pauth',
        summary: `X30 = PC + 4; branch to Rn after authenticating it with key ${K} and a zero modifier`, ops: [gpr('Rn', 'x')] }),
      row({ id: `BRA${K}`, mn: `bra${k}`, pat: `${BR_REG} 1000 11111 00001 M=${m} Rn:5 Rm:5`, group: 'branch/reg', feature: 'pauth',
        summary: `Branch to Rn after authenticating it with key ${K} and modifier Rm|SP`, ops: [gpr('Rn', 'x'), gpr('Rm', 'xsp')] }),
      row({ id: `BLRA${K}`, mn: `blra${k}`, pat: `${BR_REG} 1001 11111 00001 M=${m} Rn:5 Rm:5`, group: 'branch/reg', feature: 'pauth',
        summary: `X30 = PC + 4; branch to Rn after authenticating it with key ${K} and modifier Rm|SP`,
        ops: [gpr('Rn', 'x'), gpr('Rm', 'xsp')] }),
      row({ id: `RETA${K}`, mn: `reta${k}`, pat: `${BR_REG} 0010 11111 00001 M=${m} 11111 11111`, group: 'branch/reg', feature: 'pauth',
        summary: `Return to X30 after authenticating it with key ${K} and modifier SP` }),
      row({ id: `ERETA${K}`, mn: `ereta${k}`, pat: `${BR_REG} 0100 11111 00001 M=${m} 11111 11111`, group: 'exc/eret', feature: 'pauth',
        summary: `Exception return to ELR_ELx after authenticating it with key ${K} and modifier SP` }),
    );
  }
  return out;
}

/** Exception generation (C4.1.87.4): opc, imm16, op2=000, LL. */
function exc(id: string, opc: string, ll: string, summary: string, feature = 'v8.0'): InsnDef {
  return row({ id, mn: id.toLowerCase(), pat: `11010100 ${opc} imm16:16 000 ${ll}`, group: 'exc/gen', feature, summary,
    ops: [imm('imm16', { hex: true })] });
}

export const BRANCHES: InsnDef[] = [
  // Unconditional branch (immediate), C6.2.26/C6.2.34.
  row({ id: 'B', mn: 'b', pat: '0 00101 imm26:26', group: 'branch/imm', summary: 'PC = PC + imm26 * 4', ops: [label('imm26')] }),
  row({ id: 'BL', mn: 'bl', pat: '1 00101 imm26:26', group: 'branch/imm', summary: 'X30 = PC + 4; PC = PC + imm26 * 4',
    ops: [label('imm26')] }),

  // Conditional branch (immediate), C6.2.25; BC.cond (FEAT_HBC) hints a consistent direction.
  row({ id: 'B_cond', mn: 'b.{cond}', pat: '0101010 0 imm19:19 0 cond:4', group: 'branch/cond',
    summary: 'If cond holds, PC = PC + imm19 * 4', ops: [condLabel('imm19', 'b')] }),
  row({ id: 'BC_cond', mn: 'bc.{cond}', pat: '0101010 0 imm19:19 1 cond:4', group: 'branch/cond', feature: 'hbc',
    summary: 'If cond holds, PC = PC + imm19 * 4 (hint: the branch behaves consistently)', ops: [condLabel('imm19', 'bc')] }),

  // Compare and branch (immediate), C6.2.47/48.
  ...bySf({ id: 'CBZ', mn: 'cbz', pat: 'sf:1 011010 0 imm19:19 Rt:5', group: 'branch/cmp',
    summary: 'If Rt == 0, PC = PC + imm19 * 4', ops: (w) => [gpr('Rt', w), label('imm19')] }),
  ...bySf({ id: 'CBNZ', mn: 'cbnz', pat: 'sf:1 011010 1 imm19:19 Rt:5', group: 'branch/cmp',
    summary: 'If Rt != 0, PC = PC + imm19 * 4', ops: (w) => [gpr('Rt', w), label('imm19')] }),

  // Test bit and branch (immediate), C6.2.363/364: bit number b5:b40; b5=1 needs an X register.
  // The X rows leave b5 a field so "tbz x1, #3" assembles as GNU as does (b5=0); the W rows,
  // fixing more bits, win the decode of b5=0 words.
  ...(['TBZ', 'TBNZ'] as const).flatMap((n, op) => [
    row({ id: `${n}_32`, mn: n.toLowerCase(), pat: `0 011011 ${op} b40:5 imm14:14 Rt:5`, group: 'branch/test',
      summary: `If bit b40 of Wt is ${op ? 'not zero' : 'zero'}, PC = PC + imm14 * 4`,
      ops: [gpr('Rt', 'w'), testBit(false), label('imm14')] }),
    row({ id: `${n}_64`, mn: n.toLowerCase(), pat: `b5:1 011011 ${op} b40:5 imm14:14 Rt:5`, group: 'branch/test',
      summary: `If bit b5:b40 of Xt is ${op ? 'not zero' : 'zero'}, PC = PC + imm14 * 4`,
      ops: [gpr('Rt', 'x'), testBit(true), label('imm14')] }),
  ]),

  // Unconditional branch (register), C6.2.37/C6.2.35/C6.2.254/C6.2.83/C6.2.88.
  row({ id: 'BR', mn: 'br', pat: `${BR_REG} 0000 11111 000000 Rn:5 00000`, group: 'branch/reg', summary: 'PC = Rn',
    ops: [gpr('Rn', 'x')] }),
  row({ id: 'BLR', mn: 'blr', pat: `${BR_REG} 0001 11111 000000 Rn:5 00000`, group: 'branch/reg', summary: 'X30 = PC + 4; PC = Rn',
    ops: [gpr('Rn', 'x')] }),
  row({ id: 'RET', mn: 'ret', pat: `${BR_REG} 0010 11111 000000 Rn:5 00000`, group: 'branch/reg',
    summary: 'Return: PC = Rn (X30 when omitted)', ops: [optGpr('Rn', 'x', 30)] }),
  row({ id: 'ERET', mn: 'eret', pat: `${BR_REG} 0100 11111 000000 11111 00000`, group: 'exc/eret',
    summary: 'Exception return: PC = ELR_ELx, PSTATE = SPSR_ELx' }),
  row({ id: 'DRPS', mn: 'drps', pat: `${BR_REG} 0101 11111 000000 11111 00000`, group: 'exc/eret',
    summary: 'Debug restore PE state (Debug state only)' }),
  ...pacBranches(),

  // Exception generation, C6.2.360/C6.2.140/C6.2.298/C6.2.41/C6.2.138/C6.2.77-79, TME C6.2.368.
  exc('SVC', '000', '01', 'Supervisor call: exception to EL1 with ESR ISS = imm16'),
  exc('HVC', '000', '10', 'Hypervisor call: exception to EL2 with ESR ISS = imm16'),
  exc('SMC', '000', '11', 'Secure monitor call: exception to EL3 with ESR ISS = imm16'),
  exc('BRK', '001', '00', 'Breakpoint instruction exception with comment imm16'),
  exc('HLT', '010', '00', 'Halt: enter Debug state (halting debug) with comment imm16'),
  row({ id: 'TCANCEL', mn: 'tcancel', pat: '11010100 011 imm16:16 000 00', group: 'exc/gen', feature: 'tme',
    summary: 'Cancel the current transaction; imm16 is the reason code', ops: [imm('imm16')] }),
  ...([1, 2, 3] as const).map((n) => row({ id: `DCPS${n}`, mn: `dcps${n}`, pat: `11010100 101 imm16:16 000 ${n.toString(2).padStart(2, '0')}`,
    group: 'exc/gen', summary: `Debug change PE state to EL${n} (Debug state only)`, ops: [optImm('imm16', 0)] })),
];
