// All system register rows: names by area (names-*.ts), with field layouts (fields-*.ts)
// attached by name. A *_EL12/*_EL02 alias shares the layout of the register it reaches.

import type { SysRegDef, SysRegField } from '../sysregs';
import { EL1_FIELDS, EL1_NOTES, EL1_VIEWS } from './fields-el1';
import { EL2_FIELDS, EL2_NOTES, EL2_VIEWS } from './fields-el2';
import { ESR_FIELDS } from './fields-esr';
import { GIC_FIELDS } from './fields-gic';
import { ID_FIELDS, ID_NOTES } from './fields-id';
import { TIMER_FIELDS, TIMER_NOTES, TIMER_VIEWS } from './fields-timer';
import { CORE_REGS } from './names-core';
import { DEBUG_REGS } from './names-debug';
import { GIC_TIMER_REGS } from './names-gic-timer';
import { MISC_REGS } from './names-misc';
import { PMU_REGS } from './names-pmu';
import type { FieldTable } from './util';

export { ESR_EC, ESR_ISS_FIELDS, FSC } from './fields-esr';

/** Names in table order; the first row of an encoding is the name objdump prints. */
export const SYSREG_NAMES: readonly SysRegDef[] = [...CORE_REGS, ...DEBUG_REGS, ...PMU_REGS, ...GIC_TIMER_REGS, ...MISC_REGS];

/** The field tables by area, keyed by register name (as spelled in the names files). */
export const SYSREG_FIELD_TABLES: readonly FieldTable[] = [EL1_FIELDS, EL2_FIELDS, ESR_FIELDS, GIC_FIELDS, ID_FIELDS, TIMER_FIELDS];

export const SYSREG_FIELDS: FieldTable = Object.assign({}, ...SYSREG_FIELD_TABLES);

/** Alternative layouts selected by another register's state (e.g. CPTR_EL2 when HCR_EL2.E2H=1). */
export const SYSREG_VIEWS: Readonly<Record<string, readonly { when: string; fields: readonly SysRegField[] }[]>> = {
  ...EL1_VIEWS, ...EL2_VIEWS, ...TIMER_VIEWS,
};

const NOTES: Record<string, string> = { ...EL1_NOTES, ...EL2_NOTES, ...ID_NOTES, ...TIMER_NOTES };

/** The key of a register in the field tables: VHE aliases share their target's layout. */
const keysByUpper = new Map(Object.keys(SYSREG_FIELDS).map((k) => [k.toUpperCase(), k] as const));
export function layoutKey(name: string): string {
  const n = name.toUpperCase();
  return keysByUpper.get(n) ?? keysByUpper.get(n.replace(/_EL12$/, '_EL1').replace(/_EL02$/, '_EL0')) ?? name;
}

export const SYSREG_ROWS: SysRegDef[] = SYSREG_NAMES.map((r) => {
  const key = layoutKey(r.name);
  const fields = SYSREG_FIELDS[key];
  const note = NOTES[key];
  return fields || note ? { ...r, ...(fields ? { fields } : {}), ...(note ? { desc: `${r.desc}; ${note}` } : {}) } : r;
});
