// Translation faults and how they are reported (ARM ARM D8.15 "MMU fault types", D17.2.37 ESR_ELx
// ISS encodings for Instruction and Data Aborts, D17.2.113 PAR_EL1). A walk records a fault as
// (kind, level, stage, s1ptw); the translator turns it into an exception or a PAR_EL1 value.

/** Fault kinds, in the order of their status-code bases. */
export const enum FaultKind { None = 0, AddrSize = 1, Translation = 2, AccessFlag = 3, Permission = 4, WalkExternal = 5 }

/** DFSC/IFSC base of each kind; the level (0..3) is added (ARM ARM D17.2.37 "DFSC"). */
const FSC_BASE = [0, 0x00, 0x04, 0x08, 0x0c, 0x14] as const;

export const FAULT_NAMES = ['none', 'address size', 'translation', 'access flag', 'permission', 'external abort on walk'] as const;

/** The fault status code of a walk fault. */
export function faultStatus(kind: FaultKind, level: number): number {
  return FSC_BASE[kind] + (level & 3);
}

/** A translation fault as the walker leaves it (one mutable object per translator: no allocation). */
export class Fault {
  kind: FaultKind = FaultKind.None;
  level = 0;
  /** 2 for a stage 2 fault (taken to EL2), 1 for stage 1. */
  stage: 1 | 2 = 1;
  /** Stage 2 fault on a stage 1 table walk (ESR ISS.S1PTW, PAR.PTW). */
  s1ptw = false;
  /** The IPA whose stage 2 translation faulted (HPFAR_EL2), as a number. */
  ipa = 0;

  set(kind: FaultKind, level: number, stage: 1 | 2, ipa = 0, s1ptw = false): false {
    this.kind = kind; this.level = level; this.stage = stage; this.ipa = ipa; this.s1ptw = s1ptw;
    return false;
  }
  clear(): void { this.kind = FaultKind.None; this.level = 0; this.stage = 1; this.s1ptw = false; this.ipa = 0; }
  get fsc(): number { return faultStatus(this.kind, this.level); }
}

/** ESR_ELx.EC for aborts (ARM ARM D17.2.37). */
export const EC_IABT_LOWER = 0x20, EC_IABT_SAME = 0x21, EC_DABT_LOWER = 0x24, EC_DABT_SAME = 0x25;
const IL = 1 << 25;

/**
 * The ESR of an abort: EC by fetch/data and lower/same EL, IL, the fault status, S1PTW (bit 7),
 * WnR (bit 6, data only), CM (bit 8, AT and cache maintenance) and the load/store instruction
 * syndrome (ISS[24:14]). As QEMU 7.2 (merge_syn_data_abort, do_ats_write), our lockstep
 * reference, does: the instruction syndrome only for aborts taken to EL2 and never for a stage 2
 * fault on a stage 1 walk (ISV is IMPLEMENTATION DEFINED for ESR_EL1, ARM ARM "ISV"); WnR is the
 * access's direction even with S1PTW=1 and always 1 for AT (CM=1).
 */
export function abortEsr(fetch: boolean, sameEl: boolean, f: Fault, write: boolean, ldstSyndrome: number, cm = false): number {
  const fsc = f.fsc | (f.s1ptw ? 1 << 7 : 0);
  if (fetch) return (((sameEl ? EC_IABT_SAME : EC_IABT_LOWER) << 26) | IL | fsc) >>> 0;
  const iss = (f.s1ptw ? 0 : ldstSyndrome) | (write || cm ? 1 << 6 : 0) | (cm ? 1 << 8 : 0);
  return (((sameEl ? EC_DABT_SAME : EC_DABT_LOWER) << 26) | IL | iss | fsc) >>> 0;
}

/** HPFAR_EL2 for a stage 2 fault: FIPA (bits [39:4] here, IPA[47:12]) (ARM ARM D17.2.62). */
export function hpfarOf(ipa: number): bigint {
  return BigInt(Math.floor(ipa / 4096)) << 4n;
}

/**
 * PAR_EL1 after an AT that faulted (ARM ARM D17.2.113, F=1): FST [6:1], PTW [8] (stage 2 fault
 * on a stage 1 walk), S [9] (stage 2 fault), bit 11 RES1.
 */
export function parFault(f: Fault): bigint {
  return BigInt(1 | (f.fsc << 1) | (f.s1ptw ? 1 << 8 : 0) | (f.stage === 2 ? 1 << 9 : 0) | (1 << 11));
}

/** PAR_EL1 of a successful AT (F=0): PA[47:12], ATTR [63:56] (MAIR format), SH [8:7], NS [9], bit 11 RES1. */
export function parOk(pa: number, attr: number, sh: number): bigint {
  return (BigInt(attr & 0xff) << 56n) | BigInt(Math.floor(pa / 4096) * 4096) | BigInt((1 << 11) | (1 << 9) | ((sh & 3) << 7));
}
