// Translation regimes (ARM ARM D5.1.3 / D8.1): which registers control the translation of the
// current access. EL1&0 (TTBR0/1_EL1, TCR_EL1, MAIR_EL1, SCTLR_EL1, plus Stage 2 from
// VTTBR/VTCR_EL2 when HCR_EL2.VM), EL2 (TTBR0_EL2, TCR_EL2 in its own layout) and EL2&0 under
// VHE (HCR_EL2.E2H=1: TTBR0/1_EL2, TCR_EL2 in the EL1 layout; EL0 joins it when TGE=1).
// The sysreg layer already redirects the *_EL1 encodings at EL2 to the EL2 storage under VHE,
// so the regime reads storage slots directly. Computed from BigInt registers on a context
// change only (flushTranslation), never per access.

import { slotOf } from '../cpu/sysregs/index';

export const enum RegimeKind { EL10 = 0, EL2 = 1, EL20 = 2 }
export const REGIME_NAMES = ['EL1&0', 'EL2', 'EL2&0'] as const;

const R = {
  SCTLR_EL1: slotOf('SCTLR_EL1'), SCTLR_EL2: slotOf('SCTLR_EL2'), HCR_EL2: slotOf('HCR_EL2'),
  TTBR0_EL1: slotOf('TTBR0_EL1'), TTBR1_EL1: slotOf('TTBR1_EL1'), TCR_EL1: slotOf('TCR_EL1'), MAIR_EL1: slotOf('MAIR_EL1'),
  TTBR0_EL2: slotOf('TTBR0_EL2'), TTBR1_EL2: slotOf('TTBR1_EL2'), TCR_EL2: slotOf('TCR_EL2'), MAIR_EL2: slotOf('MAIR_EL2'),
  VTTBR_EL2: slotOf('VTTBR_EL2'), VTCR_EL2: slotOf('VTCR_EL2'), PAR_EL1: slotOf('PAR_EL1'), HPFAR_EL2: slotOf('HPFAR_EL2'),
} as const;
export const MEM_SLOTS = R;

/** The implementation's physical address size: ID_AA64MMFR0_EL1.PARange = 40 bits (Cortex-A57). */
export const PA_BITS = 40;
/** TCR.{IPS,PS} / VTCR.PS → bits (ARM ARM D17.2.131), capped at PARange (AArch64.PAMax). */
const PS_BITS = [32, 36, 40, 42, 44, 48, 52, 52];
export const psBits = (ps: number): number => Math.min(PS_BITS[ps & 7], PA_BITS);

const HCR_VM = 1n, HCR_PTW = 4n, HCR_DC = 1n << 12n, HCR_TGE = 1n << 27n, HCR_E2H = 1n << 34n;

/** Parameters of one VA range (TTBR0 or TTBR1) of a stage 1 regime. */
export interface VaRange {
  /** Table base (TTBRn BADDR, bits [47:1] with CnP dropped). */
  base: number;
  /** TnSZ clamped to the architected range (16..39, QEMU's clamp for out-of-range values). */
  tsz: number;
  /** log2 of the granule: 12, 14 or 16. */
  granule: number;
  /** EPDn: walks through this range are disabled (Translation fault, level 0). */
  epd: boolean;
  /** TBIn: the top byte is ignored. */
  tbi: boolean;
}

export interface Stage1Regime {
  kind: RegimeKind;
  enabled: boolean;
  /** TTBR1 exists (EL1&0 and EL2&0) and so does EL0 (AP[1], UXN, PAN). */
  twoRanges: boolean;
  r0: VaRange;
  r1: VaRange;
  /** TCR.IPS (EL2: TCR_EL2.PS) in bits. */
  outBits: number;
  asid: number;
  /** 0xffff with TCR.AS=1 (16-bit ASIDs), else 0xff. */
  asidMask: number;
  wxn: boolean;
  /** MAIR as two 32-bit words (attribute index 0..3 in lo, 4..7 in hi). */
  mairLo: number;
  mairHi: number;
}

export interface Stage2Regime {
  enabled: boolean;
  base: number;
  vmid: number;
  tsz: number;
  granule: number;
  sl0: number;
  outBits: number;
  /** HCR_EL2.PTW: a stage 1 walk that lands on Device memory is a stage 2 permission fault. */
  ptw: boolean;
}

/** The translation context of the current access (built on a context change, reused). */
export interface Context {
  el: number;
  s1: Stage1Regime;
  s2: Stage2Regime;
  /** The EL of the regime's exceptions for stage 1 faults (2 for EL2, EL2&0; 1 for EL1&0). */
  s1FaultEl: 1 | 2;
  /** HCR_EL2.{E2H,TGE} = {1,1}. */
  host: boolean;
  /** HCR_EL2.DC in the EL1&0 regime: stage 1 off, its data accesses Normal WB instead of Device. */
  dc: boolean;
  /** The VMID the regime's TLB entries belong to (VTTBR_EL2.VMID for EL1&0, 0 for the EL2 regimes). */
  vmid: number;
}

const num = (v: bigint): number => Number(v);
const baddr = (ttbr: bigint): number => num(ttbr & 0xfffffffffffen);
const clampTsz = (t: number): number => Math.min(39, Math.max(16, t));
const tg0 = (tg: number): number => (tg === 1 ? 16 : tg === 2 ? 14 : 12);
const tg1 = (tg: number): number => (tg === 1 ? 14 : tg === 3 ? 16 : 12);

/** The regime kind for an access at `el` (D5.1.3, with HCR_EL2.{E2H,TGE}). */
export function regimeOf(el: number, hcr: bigint): RegimeKind {
  const e2h = (hcr & HCR_E2H) !== 0n;
  if (el === 2) return e2h ? RegimeKind.EL20 : RegimeKind.EL2;
  if (el === 0 && e2h && (hcr & HCR_TGE) !== 0n) return RegimeKind.EL20;
  return RegimeKind.EL10;
}

/** Stage 1 parameters of a regime from the registers (ARM ARM D17.2.131 TCR_EL1, D17.2.132 TCR_EL2). */
export function stage1Of(sys: BigUint64Array, kind: RegimeKind): Stage1Regime {
  const hcr = sys[R.HCR_EL2];
  if (kind === RegimeKind.EL2) {
    const tcr = num(sys[R.TCR_EL2] & 0xffffffffn);
    const r0: VaRange = { base: baddr(sys[R.TTBR0_EL2]), tsz: clampTsz(tcr & 0x3f), granule: tg0((tcr >>> 14) & 3), epd: false, tbi: ((tcr >>> 20) & 1) !== 0 };
    const sctlr = sys[R.SCTLR_EL2];
    const mair = sys[R.MAIR_EL2];
    return {
      kind, enabled: (sctlr & 1n) !== 0n, twoRanges: false, r0, r1: r0, outBits: psBits((tcr >>> 16) & 7), asid: 0, asidMask: 0,
      wxn: (sctlr & (1n << 19n)) !== 0n, mairLo: num(mair & 0xffffffffn), mairHi: num(mair >> 32n),
    };
  }
  const el2 = kind === RegimeKind.EL20;
  const tcrB = sys[el2 ? R.TCR_EL2 : R.TCR_EL1];
  const tcr = num(tcrB & 0xffffffffn), tcrHi = num(tcrB >> 32n);
  const sctlr = sys[el2 ? R.SCTLR_EL2 : R.SCTLR_EL1];
  const ttbr0 = sys[el2 ? R.TTBR0_EL2 : R.TTBR0_EL1], ttbr1 = sys[el2 ? R.TTBR1_EL2 : R.TTBR1_EL1];
  const mair = sys[el2 ? R.MAIR_EL2 : R.MAIR_EL1];
  // TCR.A1 picks the TTBR holding the ASID; TCR.AS=0 makes it 8 bits (ASIDBits = 16 on the A57).
  const asidReg = (tcr >>> 22) & 1 ? ttbr1 : ttbr0;
  const asidMask = (tcrHi >>> 4) & 1 ? 0xffff : 0xff;
  const asid = num(asidReg >> 48n) & asidMask;
  // EL1&0 stage 1 is off under HCR_EL2.TGE or HCR_EL2.DC (SCTLR_EL1.M treated as 0).
  const off = !el2 && (hcr & (HCR_TGE | HCR_DC)) !== 0n;
  return {
    kind, enabled: !off && (sctlr & 1n) !== 0n, twoRanges: true,
    r0: { base: baddr(ttbr0), tsz: clampTsz(tcr & 0x3f), granule: tg0((tcr >>> 14) & 3), epd: ((tcr >>> 7) & 1) !== 0, tbi: ((tcrHi >>> 5) & 1) !== 0 },
    r1: { base: baddr(ttbr1), tsz: clampTsz((tcr >>> 16) & 0x3f), granule: tg1((tcr >>> 30) & 3), epd: ((tcr >>> 23) & 1) !== 0, tbi: ((tcrHi >>> 6) & 1) !== 0 },
    outBits: psBits(tcrHi & 7), asid, asidMask, wxn: (sctlr & (1n << 19n)) !== 0n, mairLo: num(mair & 0xffffffffn), mairHi: num(mair >> 32n),
  };
}

/** Stage 2 parameters (ARM ARM D17.2.186 VTCR_EL2, D17.2.187 VTTBR_EL2); on for EL1&0 when HCR_EL2.VM (or DC). */
export function stage2Of(sys: BigUint64Array, kind: RegimeKind): Stage2Regime {
  const hcr = sys[R.HCR_EL2];
  const vtcr = num(sys[R.VTCR_EL2] & 0xffffffffn);
  const vttbr = sys[R.VTTBR_EL2];
  // With E2H=TGE=1 the EL1&0 regime is not in use; arm_hcr_el2_eff drops VM there.
  const host = (hcr & (HCR_E2H | HCR_TGE)) === (HCR_E2H | HCR_TGE);
  return {
    enabled: kind === RegimeKind.EL10 && !host && (hcr & (HCR_VM | HCR_DC)) !== 0n,
    base: baddr(vttbr), vmid: num((vttbr >> 48n) & 0xffn), tsz: vtcr & 0x3f, granule: tg0((vtcr >>> 14) & 3),
    sl0: (vtcr >>> 6) & 3, outBits: psBits((vtcr >>> 16) & 7), ptw: (hcr & HCR_PTW) !== 0n,
  };
}

/** The whole context of an access at `el` (user selects EL0 permissions for AT S1E0*). */
export function contextOf(sys: BigUint64Array, el: number): Context {
  const hcr = sys[R.HCR_EL2];
  const kind = regimeOf(el, hcr);
  const s1 = stage1Of(sys, kind);
  const s2 = stage2Of(sys, kind);
  const host = (hcr & (HCR_E2H | HCR_TGE)) === (HCR_E2H | HCR_TGE);
  return {
    el, s1, s2, s1FaultEl: kind === RegimeKind.EL10 && !(el === 0 && (hcr & HCR_TGE) !== 0n) ? 1 : 2, host,
    dc: kind === RegimeKind.EL10 && (hcr & HCR_DC) !== 0n, vmid: kind === RegimeKind.EL10 ? s2.vmid : 0,
  };
}

/** The MAIR attribute byte for AttrIndx (0..7). */
export function mairAttr(s1: Stage1Regime, idx: number): number {
  return ((idx < 4 ? s1.mairLo : s1.mairHi) >>> ((idx & 3) * 8)) & 0xff;
}
