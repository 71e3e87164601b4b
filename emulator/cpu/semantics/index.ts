// All semantics tables, merged: row id → compiler. A row without an entry executes as
// UNDEFINED and is counted as "unimplemented:<group>" (never silently ignored).

import type { SemanticsTable } from './types';
import { BRANCH_SEMANTICS } from './branch';

export const A64_SEMANTICS: SemanticsTable = {
  ...BRANCH_SEMANTICS,
};
