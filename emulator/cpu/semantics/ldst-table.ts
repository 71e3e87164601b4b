// All load/store semantics of the general-register groups ('ldst/…'), merged. Rows left out on
// purpose (UNDEFINED: features the A57 lacks and we do not implement): STGP and the MTE tag
// loads/stores, LDRAA/LDRAB (PAuth), LDAPR*/LDAPUR*/STLUR* (RCpc, RCpc2), LD64B/ST64B* (LS64)
// and the CPY*/SET* memory operations (MOPS).

import { LDST_ATOMIC_SEMANTICS } from './ldst-atomic';
import { LDST_EXCL_SEMANTICS } from './ldst-excl';
import { LDST_PAIR_SEMANTICS } from './ldst-pair';
import { LDST_SINGLE_SEMANTICS } from './ldst-single';
import type { SemanticsTable } from './types';

export const LDST_SEMANTICS: SemanticsTable = {
  ...LDST_SINGLE_SEMANTICS,
  ...LDST_PAIR_SEMANTICS,
  ...LDST_EXCL_SEMANTICS,
  ...LDST_ATOMIC_SEMANTICS,
};
