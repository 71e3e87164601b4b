// Branches, exception generating and system instructions (ARM ARM C4.1.87).

import type { InsnDef } from '../types';
import { BRANCHES } from './branch';
import { SYSTEM } from './system';

export const BRANCH_SYS: InsnDef[] = [...BRANCHES, ...SYSTEM];
