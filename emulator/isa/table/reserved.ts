// Reserved group (ARM ARM C4.1.1, op0 = 0000 with op1 = 000000000): UDF, the permanently
// undefined instruction. Executing it is UNDEFINED (EC 0x00); it exists so code can mark a trap.

import { imm } from '../operands/common';
import type { InsnDef } from '../types';
import { row } from './builder';

export const RESERVED: InsnDef[] = [
  row({ id: 'UDF', mn: 'udf', pat: '0000000000000000 imm16:16', group: 'reserved/udf',
    summary: 'Permanently UNDEFINED: raises an Undefined Instruction exception (imm16 is ignored)', ops: [imm('imm16')] }),
];
