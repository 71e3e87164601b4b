import type { InsnDef } from '../types';

export const BRANCH_SYS: InsnDef[] = [];
