// All system-group semantics (exception generation, hints/barriers/PSTATE, MRS/MSR, SYS/SYSL),
// merged for semantics/index.ts. Branch rows are in branch.ts.

import { EXC_SEMANTICS } from './exc-gen';
import { HINT_SEMANTICS } from './system-hints';
import { SYSOP_SEMANTICS } from './system-sysops';
import { SYSREG_SEMANTICS } from './system-sysreg';
import type { SemanticsTable } from './types';

export const SYSTEM_SEMANTICS: SemanticsTable = {
  ...EXC_SEMANTICS,
  ...HINT_SEMANTICS,
  ...SYSREG_SEMANTICS,
  ...SYSOP_SEMANTICS,
};
