// All semantics tables, merged: row id → compiler. A row without an entry executes as
// UNDEFINED and is counted as "unimplemented:<group>" (never silently ignored).

import type { SemanticsTable } from './types';
import { LDST_SEMANTICS } from './ldst-table';
import { SIMD_SEMANTICS } from './simd-table';
import { BRANCH_SEMANTICS } from './branch';
import { SYSTEM_SEMANTICS } from './system-table';
import { DP_SEMANTICS } from './dp-index';

export const A64_SEMANTICS: SemanticsTable = {
  ...LDST_SEMANTICS,
  ...SIMD_SEMANTICS,
  ...BRANCH_SEMANTICS,
  ...SYSTEM_SEMANTICS,
  ...DP_SEMANTICS,
};
