import type { SysRegDef } from '../sysregs';

export const SYSREG_ROWS: SysRegDef[] = [];
