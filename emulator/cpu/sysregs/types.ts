// The CPU's system-register BEHAVIOUR rows: what the CPU does with a register that
// emulator/isa/sysregs.ts names. Names and encodings come from the isa table only; a row adds
// reset value, write masking (RES0/RES1/read-only bits), the minimum EL, an optional feature and
// an optional hook the CPU binds later (GIC, timers, PSTATE views...).
// ARM ARM D19 (AArch64 System Register Descriptions), D13.2 (general system control).

/** Hooks the CPU binds: a hooked register still owns a storage slot the hook may use. */
export type SysRegHook =
  | 'pstate' // NZCV, DAIF, SPSel, CurrentEL: views of PSTATE
  | 'sp' // SP_EL0 / SP_EL1: the banked stack pointers live in the register file
  | 'ccsidr' // CCSIDR_EL1: the cache selected by CSSELR_EL1 (see CCSIDR_A57)
  | 'dczid' // DCZID_EL0: DZP reads 1 when DC ZVA is prohibited (SCTLR.DZE, HCR_EL2.TDZ)
  | 'isr' // ISR_EL1: pending physical/virtual interrupts
  | 'cntpct' | 'cntvct' // the system counter (virtual = physical - CNTVOFF_EL2)
  | 'timer' // CNT*_CTL/CVAL/TVAL: ISTATUS, TVAL from CVAL, interrupt output
  | 'gic' // ICC_*/ICH_*: the GICv3 CPU interface (ICV_* when HCR_EL2.IMO/FMO route to EL2)
  | 'pmu' // PMU set/clear pairs, PMCR.P/C, counters
  | 'oslock' // OSLAR_EL1 writes OSLSR_EL1.OSLK
  | 'dbgclaim' // DBGCLAIMSET/CLR_EL1 set/clear pairs
  | 'dcc'; // debug communication channel (DBGDTR*, MDCCSR_EL0)

/**
 * How EL0 may reach a register whose op1 is 3 (the only EL0-accessible op1, ARM ARM C5.1.2):
 * 'rw'/'ro' always, or only when gated by an EL1 control (see traps/rules.ts EL0 rules);
 * 'none' = UNDEFINED at EL0 despite op1=3.
 */
export type El0Access = 'rw' | 'ro' | 'none';

export interface SysRegBehavior {
  /** The isa table name (emulator/isa/sysregs.ts), exactly as spelled there. */
  readonly name: string;
  readonly reset: bigint;
  /** Bits software can change; the rest keep their value (RES0 reads 0, RES1 reads 1, RO fields hold). */
  readonly writable: bigint;
  /** Bits that read as 1 whatever is written. */
  readonly res1: bigint;
  /** Bits with a meaning that writes ignore (e.g. ISTATUS of a timer CTL, PMCR.N). */
  readonly readOnlyBits: bigint;
  /** Alternative write masks when HCR_EL2.E2H=1 (CPTR_EL2, CNTHCTL_EL2, SCTLR_EL2, TCR_EL2 take the EL1 layout). */
  readonly e2h?: { readonly writable: bigint; readonly res1: bigint };
  /** Lowest EL that may access it (from op1 unless overridden). */
  readonly minEl: 0 | 1 | 2;
  /** Lowest EL that may write it, when higher than minEl (CNTFRQ_EL0: only the highest EL writes). */
  readonly writeMinEl?: 1 | 2;
  readonly el0?: El0Access;
  /** MSR is UNDEFINED (ID registers, status registers). */
  readonly readOnly: boolean;
  /** MRS is UNDEFINED (OSLAR_EL1, ICC_EOIR*, PMSWINC). */
  readonly writeOnly: boolean;
  /** The register exists only with this feature enabled in the CPU configuration. */
  readonly feature?: CpuFeature;
  readonly hook?: SysRegHook;
  /** Register class for trap selectors ('fp' for FPCR/FPSR, 'pmu', 'debug', 'gic', 'timer'). */
  readonly cls?: RegClass;
}

export type CpuFeature = 'gicv3' | 'vhe' | 'pmu' | 'aarch32el1';
export type RegClass = 'fp' | 'pmu' | 'debug' | 'gic' | 'timer' | 'id';

/** The CPU configuration the behaviour table is built for. */
export interface SysRegConfig {
  /** Linear core index (QEMU virt: Aff0 = index mod 8, Aff1 = index div 8). */
  readonly cpuIndex: number;
  readonly gic: 2 | 3;
  readonly features: ReadonlySet<CpuFeature>;
}

export const DEFAULT_FEATURES: ReadonlySet<CpuFeature> = new Set<CpuFeature>(['vhe', 'pmu', 'aarch32el1']);

export function defaultConfig(over: Partial<SysRegConfig> = {}): SysRegConfig {
  const gic = over.gic ?? 2;
  const features = over.features ?? new Set<CpuFeature>([...DEFAULT_FEATURES, ...(gic === 3 ? ['gicv3' as const] : [])]);
  return { cpuIndex: over.cpuIndex ?? 0, gic, features };
}

/** A mask of the given bit numbers and hi:lo ranges. */
export function bits(...spec: (number | readonly [number, number])[]): bigint {
  let m = 0n;
  for (const s of spec) {
    const [hi, lo] = typeof s === 'number' ? [s, s] : s;
    for (let i = lo; i <= hi; i++) m |= 1n << BigInt(i);
  }
  return m;
}

export const ALL64 = (1n << 64n) - 1n;
export const ALL32 = (1n << 32n) - 1n;
