// The A64 instruction table: every row, grouped as the ARM ARM's top-level encoding index
// (C4.1) groups them. Order inside a group file matters only among rows of equal priority
// and specificity.

import type { InsnDef } from '../types';
import { DP_IMM } from './dp-imm';
import { DP_REG } from './dp-reg';
import { BRANCH_SYS } from './branch-sys';
import { LDST } from './ldst';
import { SIMD_LDST } from './simd-ldst';
import { RESERVED } from './reserved';

export const A64: readonly InsnDef[] = [...DP_IMM, ...DP_REG, ...BRANCH_SYS, ...LDST, ...SIMD_LDST, ...RESERVED];
