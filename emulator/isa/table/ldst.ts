// Loads and stores of general registers (ARM ARM C4.1.88 with V = 0), every encoding objdump
// 2.40 decodes there; the SIMD&FP transfers (V = 1) live in simd-ldst.ts.

import type { InsnDef } from '../types';
import { LDST_ATOMIC } from './ldst-atomic';
import { LDST_MISC } from './ldst-misc';
import { LDST_PAIR } from './ldst-pair';
import { LDST_SINGLE } from './ldst-single';

export const LDST: InsnDef[] = [...LDST_SINGLE, ...LDST_PAIR, ...LDST_ATOMIC, ...LDST_MISC];
