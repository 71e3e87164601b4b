// Shared types of the trap/access engine: the context the CPU passes (current EL and the
// controlling registers as bigint) and the outcome of an access check.
// ARM ARM: exception routing, and the configurable instruction controls of HCR_EL2/CPTR_EL2/MDCR_EL2.

import type { SysRegConfig } from '../sysregs/types';

export type El = 0 | 1 | 2;

export interface TrapCtx {
  readonly el: El;
  readonly hcr: bigint; // HCR_EL2
  readonly cptr: bigint; // CPTR_EL2 (CPACR layout when HCR_EL2.E2H=1)
  readonly mdcr: bigint; // MDCR_EL2
  readonly cpacr: bigint; // CPACR_EL1
  readonly cnthctl: bigint; // CNTHCTL_EL2 (E2H layout when HCR_EL2.E2H=1)
  readonly sctlr: bigint; // SCTLR_EL1: UMA, UCT, DZE, UCI, nTWI, nTWE for EL0
  /** SCTLR_EL2: the EL0 controls when EL0 runs in the EL2&0 host regime (E2H=TGE=1). */
  readonly sctlrEl2?: bigint;
  readonly cntkctl?: bigint; // CNTKCTL_EL1: EL0 counter/timer access
  readonly pmuserenr?: bigint; // PMUSERENR_EL0: EL0 PMU access
  readonly mdscr?: bigint; // MDSCR_EL1: TDCC (EL0 DCC access)
  readonly ichHcr?: bigint; // ICH_HCR_EL2: TC, TALL0, TALL1, TDIR (GICv3)
  readonly iccSreEl2?: bigint; // ICC_SRE_EL2: Enable (GICv3); absent = reset value 0xF
  /** Implemented features (default: defaultConfig()). */
  readonly cfg?: SysRegConfig;
}

export type AccessResult =
  | { readonly kind: 'ok' }
  | { readonly kind: 'undefined' }
  | { readonly kind: 'trap'; readonly targetEl: 1 | 2; readonly ec: number; readonly iss: number };

/** SMC without a trap and without EL3: the machine's PSCI conduit (QEMU virt's SMC conduit) handles it. */
export type SmcResult = AccessResult | { readonly kind: 'firmware' };

/** Exception classes used here (ARM ARM D17.2.37 ESR_ELx.EC). */
export const EC = {
  UNKNOWN: 0x00,
  WFX: 0x01,
  FP: 0x07,
  HVC64: 0x16,
  SMC64: 0x17,
  SYS64: 0x18,
} as const;

export const E2H = 1n << 34n;
export const TGE = 1n << 27n;

export const bit = (v: bigint, n: number): boolean => ((v >> BigInt(n)) & 1n) === 1n;

/** EL0 runs in the EL2&0 (host) regime: ARM ARM ELIsInHost(EL0). */
export function el0InHost(ctx: TrapCtx): boolean {
  return ctx.el === 0 && (ctx.hcr & (E2H | TGE)) === (E2H | TGE);
}
