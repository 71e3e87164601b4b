// FEAT_FlagM rows (ARM ARM C6.2: RMIF, SETF8, SETF16). The modelled Cortex-A57 lacks FlagM
// (ID_AA64ISAR0_EL1.TS = 0): its core gates the rows by feature and raises UNDEFINED, as QEMU's
// cortex-a57 does; a core whose isaFeatures include 'flagm' executes these.

import type { Exec, SemanticsTable } from './types';
import { shift64 } from './dp-shared';

export const DP_FLAGM_SEMANTICS: SemanticsTable = {
  // RMIF: the flags selected by mask take bits 3:0 of Xn rotated right by imm6.
  RMIF: (f): Exec => {
    const n = f('Rn'), sh = f('imm6'), mask = f('mask');
    return (c) => {
      shift64(c, c.x[2 * n], c.x[2 * n + 1], 3, sh);
      const v = c.t[0];
      if (mask & 8) c.nf = (v >>> 3) & 1;
      if (mask & 4) c.zf = (v >>> 2) & 1;
      if (mask & 2) c.cf = (v >>> 1) & 1;
      if (mask & 1) c.vf = v & 1;
    };
  },
  // SETF8/SETF16: N = Wn<msb>, Z = (Wn<msb:0> == 0), V = Wn<msb+1> EOR Wn<msb>; C unchanged.
  SETF8: (f): Exec => {
    const n = f('Rn');
    return (c) => { const v = c.x[2 * n]; c.nf = (v >>> 7) & 1; c.zf = (v & 0xff) === 0 ? 1 : 0; c.vf = ((v >>> 8) ^ (v >>> 7)) & 1; };
  },
  SETF16: (f): Exec => {
    const n = f('Rn');
    return (c) => { const v = c.x[2 * n]; c.nf = (v >>> 15) & 1; c.zf = (v & 0xffff) === 0 ? 1 : 0; c.vf = ((v >>> 16) ^ (v >>> 15)) & 1; };
  },
};
