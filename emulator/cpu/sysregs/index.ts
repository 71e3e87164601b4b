// The behaviour table of the system registers this CPU implements, its storage slot map and
// the reset / write-masking rules. Registers of the isa table without a row here are
// UNDEFINED when accessed (traps/engine.ts); they are never silently ignored.
// The CPU owns one BigUint64Array of SYSREG_SLOT_COUNT entries; slot 0 always reads zero
// (the reserved ID space, ARM ARM: reserved encodings in the ID register space read as zero).

import { encodeSysreg, sysregByName } from '../../isa/sysregs';
import { DEBUG_ROWS, PMU_ROWS } from './rows-debug-pmu';
import { AARCH32_EL1_ROWS, EL1_ROWS } from './rows-el1';
import { EL2_ROWS } from './rows-el2';
import { CONFIG_RESET, ID_ROWS } from './rows-id';
import { GIC_ROWS, TIMER_ROWS } from './rows-timer-gic';
import { ALL64, type SysRegBehavior, type SysRegConfig } from './types';

export * from './types';
export { A57, CCSIDR_A57, mpidrFor } from './rows-id';

export const SYSREG_BEHAVIORS: readonly SysRegBehavior[] = [
  ...EL1_ROWS, ...AARCH32_EL1_ROWS, ...ID_ROWS, ...EL2_ROWS, ...TIMER_ROWS, ...GIC_ROWS, ...DEBUG_ROWS, ...PMU_ROWS,
];

/** Slot 0 reads as zero and ignores writes: the target of RAZ encodings. */
export const SLOT_RAZ = 0;

/** Storage slot of each implemented register, by isa name. */
export const SYSREG_SLOTS: ReadonlyMap<string, number> = new Map(SYSREG_BEHAVIORS.map((r, i) => [r.name, i + 1]));
export const SYSREG_SLOT_COUNT = SYSREG_BEHAVIORS.length + 1;

const byName = new Map(SYSREG_BEHAVIORS.map((r) => [r.name, r] as const));
const encOf = (name: string): number => {
  const d = sysregByName(name)!;
  return encodeSysreg(d.op0, d.op1, d.crn, d.crm, d.op2);
};
const byEnc = new Map<number, SysRegBehavior>();
for (const r of SYSREG_BEHAVIORS) {
  if (byName.get(r.name) !== r) throw new Error(`sysreg behaviour: duplicate row ${r.name}`);
  const k = encOf(r.name);
  // DBGDTRRX_EL0 / DBGDTRTX_EL0 share one encoding: one row serves both directions.
  if (!byEnc.has(k)) byEnc.set(k, r);
}

export function behaviorByName(name: string): SysRegBehavior | undefined {
  return byName.get(name);
}

/** The row of an encoding (encodeSysreg form: op0<<14 | op1<<11 | CRn<<7 | CRm<<3 | op2). */
export function behaviorByEncoding(enc: number): SysRegBehavior | undefined {
  return byEnc.get(enc);
}

export function encodingOfName(name: string): number {
  return encOf(name);
}

export function slotOf(name: string): number {
  const s = SYSREG_SLOTS.get(name);
  if (s === undefined) throw new Error(`no storage slot for system register ${name}`);
  return s;
}

/** Whether the configuration implements the register (feature-gated rows). */
export function isImplemented(r: SysRegBehavior, cfg: SysRegConfig): boolean {
  return r.feature === undefined || cfg.features.has(r.feature);
}

export function resetValue(r: SysRegBehavior, cfg: SysRegConfig): bigint {
  const f = CONFIG_RESET[r.name];
  return (f ? f(cfg, r.reset) : r.reset) & ALL64;
}

export function createSysregStore(): BigUint64Array {
  return new BigUint64Array(SYSREG_SLOT_COUNT);
}

/** Cold reset: every slot to its reset value (architecturally UNKNOWN reset values are modelled as 0). */
export function resetSysregs(store: BigUint64Array, cfg: SysRegConfig): void {
  store[SLOT_RAZ] = 0n;
  for (const r of SYSREG_BEHAVIORS) store[slotOf(r.name)] = resetValue(r, cfg);
}

/**
 * The value a register holds after MSR writes `value`: writable bits from `value`, RES1 bits set,
 * every other bit (RES0, read-only fields) kept from `old`. `e2h` selects the VHE layout.
 */
export function maskedWrite(r: SysRegBehavior, old: bigint, value: bigint, e2h = false): bigint {
  const m = e2h && r.e2h ? r.e2h : r;
  const keep = ~m.writable & ALL64;
  return ((old & keep) | (value & m.writable) | m.res1) & ALL64;
}

/** The RES0 bits of a register (neither writable, RES1 nor a read-only field) in the given layout. */
export function res0Mask(r: SysRegBehavior, e2h = false): bigint {
  const m = e2h && r.e2h ? r.e2h : r;
  return ~(m.writable | m.res1 | r.readOnlyBits | r.reset) & ALL64;
}
