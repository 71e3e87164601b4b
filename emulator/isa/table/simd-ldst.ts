import type { InsnDef } from '../types';

export const SIMD_LDST: InsnDef[] = [];
