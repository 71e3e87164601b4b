import type { InsnDef } from '../types';

export const DP_REG: InsnDef[] = [];
