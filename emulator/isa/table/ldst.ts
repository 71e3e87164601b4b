import type { InsnDef } from '../types';

export const LDST: InsnDef[] = [];
