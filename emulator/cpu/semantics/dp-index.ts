// All data-processing semantics (ARM ARM C4.1.86 immediate, C4.1.88 register), merged.
// The core gates rows by feature (Cpu.isaFeatures): on the Cortex-A57 the FEAT_FlagM rows
// (RMIF/SETF8/SETF16) are UNDEFINED although they have semantics here. Rows without semantics
// at all: FEAT_PAuth (PAC*/AUT*/XPAC*, PACGA), FEAT_MTE (ADDG/SUBG/SUBP/SUBPS/IRG/GMI) and
// FEAT_CSSC (ABS/CNT/CTZ/SMAX/SMIN/UMAX/UMIN) — UNDEFINED on every core model.

import type { SemanticsTable } from './types';
import { DP_ARITH_SEMANTICS } from './dp-arith';
import { DP_BITFIELD_SEMANTICS } from './dp-bitfield';
import { DP_COND_SEMANTICS } from './dp-cond';
import { DP_FLAGM_SEMANTICS } from './dp-flagm';
import { DP_LOGIC_SEMANTICS } from './dp-logic';
import { DP_MUL_DIV_SEMANTICS } from './dp-mul-div';

export const DP_SEMANTICS: SemanticsTable = {
  ...DP_ARITH_SEMANTICS,
  ...DP_LOGIC_SEMANTICS,
  ...DP_BITFIELD_SEMANTICS,
  ...DP_COND_SEMANTICS,
  ...DP_MUL_DIV_SEMANTICS,
  ...DP_FLAGM_SEMANTICS,
};
