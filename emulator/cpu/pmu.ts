// The Performance Monitors Extension of the core (PMUv3, ARM ARM D7 / D13.4 in DDI 0487 "The
// Performance Monitors Extension"; registers D19.5): the cycle counter PMCCNTR_EL0 and six event
// counters PMEVCNTR<n>_EL0 (PMCR_EL0.N = 6, as the Cortex-A57), bound to the 'pmu' system
// register hook. Hypervisors and guests time benchmark intervals with PMCCNTR_EL0, so it is
// exactly the core's emulated cycles (Cpu.cycles, emulator/cost) while it counts everywhere.
//
// Counting is lazy: nothing happens per instruction. A counter's value lives in its register's
// storage slot as of the last sync; while it counts, it grows by its source (cycles or
// instructions retired) summed over the ELs its filter allows — the core closes per-EL totals at
// every EL change (Cpu.elTime). Each access to a PMU register first folds what was counted since
// the last sync into the values (with overflow into PMOVSSET_EL0), then applies the access, then
// re-reads the configuration (PMCR_EL0.E/D/LC, PMCNTENSET_EL0, the filters, MDCR_EL2.HPMN/HPME).
//
// Events: SW_INCR (0x00), INST_RETIRED (0x08) and CPU_CYCLES (0x11) count, as PMCEID0_EL0 says;
// every other event number is accepted and counts nothing (its counter keeps its value).
// Not modelled: the overflow interrupt (PMINTENSET_EL1 is storage; no PMU PPI is raised),
// PMCR_EL0.X (no export bus). An EL change made from outside the core (debugger, PSCI CPU_ON)
// attributes the time since the last exception entry/return to the new EL.

import type { Cpu, SysregHandler } from './cpu';
import { slotOf } from './sysregs/index';

/** Event numbers this PMU counts (ARM ARM D7.10 common architectural events). */
export const PMU_EVENT = { SW_INCR: 0x00, INST_RETIRED: 0x08, CPU_CYCLES: 0x11 } as const;
/** Event counters implemented (PMCR_EL0.N). */
export const PMU_COUNTERS = 6;
/** Index of the cycle counter in the per-counter arrays (bit 31 in the set/clear registers). */
const CC = PMU_COUNTERS;
const CC_BIT = 31;

/** PMCR_EL0 bits (D19.5.10). */
const PMCR = { E: 1n, P: 2n, C: 4n, D: 8n, LC: 64n } as const;
/** PMEVTYPER<n>_EL0 / PMCCFILTR_EL0 filter bits (D19.5.12): P, U, NSK, NSU, NSH. */
const FILT = { P: 1n << 31n, U: 1n << 30n, NSH: 1n << 27n } as const;
const MDCR_HPMN = 0x1fn, MDCR_HPME = 1n << 7n;
const TWO32 = 4294967296;
const M64 = (1n << 64n) - 1n;
const M32 = 0xffffffffn;

/** What a counter counts while enabled: nothing, cycles, or instructions retired. */
const enum Src { None = -1, Cycles = 0, Insns = 1 }

const SL = {
  PMCR: slotOf('PMCR_EL0'), CNTEN: slotOf('PMCNTENSET_EL0'), OVS: slotOf('PMOVSSET_EL0'), INTEN: slotOf('PMINTENSET_EL1'),
  SELR: slotOf('PMSELR_EL0'), CCNTR: slotOf('PMCCNTR_EL0'), CCFILTR: slotOf('PMCCFILTR_EL0'), MDCR: slotOf('MDCR_EL2'),
  EVCNTR: Array.from({ length: PMU_COUNTERS }, (_, n) => slotOf(`PMEVCNTR${n}_EL0`)),
  EVTYPER: Array.from({ length: PMU_COUNTERS }, (_, n) => slotOf(`PMEVTYPER${n}_EL0`)),
} as const;

/** The register names of event counter n / its type, by name (for the per-name dispatch). */
const EVCNTR_INDEX = new Map<string, number>(Array.from({ length: PMU_COUNTERS }, (_, n) => [`PMEVCNTR${n}_EL0`, n] as const));
const EVTYPER_INDEX = new Map<string, number>(Array.from({ length: PMU_COUNTERS }, (_, n) => [`PMEVTYPER${n}_EL0`, n] as const));

/** The ELs (bit per EL) a filter lets count, as QEMU's pmu_counter_filtered without EL3. */
function elMask(filter: bigint): number {
  return ((filter & FILT.U) === 0n ? 1 : 0) | ((filter & FILT.P) === 0n ? 2 : 0) | ((filter & FILT.NSH) !== 0n ? 4 : 0);
}

/** Cycles (src 0) or instructions (src 1) of the core so far, summed over the ELs in `mask`. */
function source(c: Cpu, src: Src, mask: number): number {
  const t = c.elTime;
  const base = src === Src.Cycles ? 0 : 3;
  const live = src === Src.Cycles ? c.cycles - t[6] : c.icount - t[7];
  let n = 0;
  for (let el = 0; el < 3; el++) {
    if ((mask & (1 << el)) === 0) continue;
    n += t[base + el] + (el === c.el ? live : 0);
  }
  return n;
}

/** A checkpoint of the PMU's counting state (Pmu.saveState). */
export interface PmuState {
  readonly src: readonly number[];
  readonly mask: readonly number[];
  readonly mark: readonly number[];
  readonly divide: boolean;
}

export class Pmu implements SysregHandler {
  /** Per counter (0..5, then the cycle counter): its source and EL mask since the last sync. */
  private readonly src = new Int8Array(PMU_COUNTERS + 1).fill(Src.None);
  private readonly mask = new Uint8Array(PMU_COUNTERS + 1);
  private divide = false;
  /** The source's value at the last sync (cycle counter with PMCR.D: less the cycles short of 64). */
  private readonly mark = new Float64Array(PMU_COUNTERS + 1);

  /** Cold reset: the core's time restarts at 0 (counter values are the registers' reset values). */
  reset(): void {
    this.src.fill(Src.None); this.mask.fill(0); this.mark.fill(0); this.divide = false;
  }

  /**
   * What a checkpoint must keep besides the registers, Cpu.cycles and Cpu.elTime (the debugger's
   * snapshots): each counter's source, filter and mark.
   */
  saveState(): PmuState {
    return { src: Array.from(this.src), mask: Array.from(this.mask), mark: Array.from(this.mark), divide: this.divide };
  }

  loadState(s: PmuState): void {
    this.src.set(s.src); this.mask.set(s.mask); this.mark.set(s.mark); this.divide = s.divide;
  }

  read(c: Cpu, name: string, slot: number): bigint {
    this.sync(c);
    const sys = c.sys;
    switch (name) {
      case 'PMCR_EL0': {
        // From EL0/EL1, N reads MDCR_EL2.HPMN: the counters the hypervisor leaves to them (D19.5.10).
        const v = sys[SL.PMCR];
        return c.el < 2 ? (v & ~(0x1fn << 11n)) | ((sys[SL.MDCR] & MDCR_HPMN) << 11n) : v;
      }
      case 'PMCNTENSET_EL0': case 'PMCNTENCLR_EL0': return sys[SL.CNTEN];
      case 'PMOVSSET_EL0': case 'PMOVSCLR_EL0': return sys[SL.OVS];
      case 'PMINTENSET_EL1': case 'PMINTENCLR_EL1': return sys[SL.INTEN];
      case 'PMCCNTR_EL0': return sys[SL.CCNTR];
      case 'PMXEVTYPER_EL0': { const s = this.selTypeSlot(c); return s < 0 ? 0n : sys[s]; }
      case 'PMXEVCNTR_EL0': { const n = this.selected(c); return n < 0 ? 0n : sys[SL.EVCNTR[n]]; }
      case 'PMSWINC_EL0': return 0n; // write-only (MRS is UNDEFINED before it gets here)
      default: {
        const n = EVCNTR_INDEX.get(name);
        if (n !== undefined) return this.accessible(c, n) ? sys[SL.EVCNTR[n]] : 0n;
        return sys[slot];
      }
    }
  }

  write(c: Cpu, name: string, slot: number, value: bigint, masked: bigint): void {
    this.sync(c);
    const sys = c.sys;
    switch (name) {
      case 'PMCR_EL0':
        // P and C are write-only actions (they read as 0): reset the event counters (those
        // accessible at this EL) and the cycle counter.
        sys[SL.PMCR] = masked & ~(PMCR.P | PMCR.C);
        if ((value & PMCR.P) !== 0n) for (let n = 0; n < PMU_COUNTERS; n++) if (this.accessible(c, n)) sys[SL.EVCNTR[n]] = 0n;
        if ((value & PMCR.C) !== 0n) sys[SL.CCNTR] = 0n;
        break;
      case 'PMCNTENSET_EL0': sys[SL.CNTEN] |= masked & this.accessibleBits(c); break;
      case 'PMCNTENCLR_EL0': sys[SL.CNTEN] &= ~(masked & this.accessibleBits(c)); break;
      case 'PMOVSSET_EL0': sys[SL.OVS] |= masked & this.accessibleBits(c); break;
      case 'PMOVSCLR_EL0': sys[SL.OVS] &= ~(masked & this.accessibleBits(c)); break;
      case 'PMINTENSET_EL1': sys[SL.INTEN] |= masked & this.accessibleBits(c); break;
      case 'PMINTENCLR_EL1': sys[SL.INTEN] &= ~(masked & this.accessibleBits(c)); break;
      case 'PMCCNTR_EL0': sys[SL.CCNTR] = value & M64; break;
      case 'PMSWINC_EL0': this.softwareIncrement(c, masked); break;
      case 'PMXEVTYPER_EL0': {
        const s = this.selTypeSlot(c);
        if (s >= 0) sys[s] = s === SL.CCFILTR ? value & (0x1fn << 27n) : masked;
        break;
      }
      case 'PMXEVCNTR_EL0': { const n = this.selected(c); if (n >= 0) sys[SL.EVCNTR[n]] = value & M32; break; }
      default: {
        const n = EVCNTR_INDEX.get(name);
        if (n !== undefined) { if (this.accessible(c, n)) sys[SL.EVCNTR[n]] = value & M32; break; }
        const t = EVTYPER_INDEX.get(name);
        if (t !== undefined && !this.accessible(c, t)) break;
        sys[slot] = masked; // PMCCFILTR, PMEVTYPER<n>, PMSELR, PMUSERENR, PMCEID (read-only rows never get here)
      }
    }
    this.configure(c);
  }

  /**
   * Folds what each counting counter counted since the last sync into its register, setting
   * its PMOVSSET_EL0 bit on overflow: 32-bit event counters, the cycle counter at bit 31
   * (PMCR_EL0.LC = 0) or bit 63 (LC = 1) (D7.? "Counter overflow").
   */
  sync(c: Cpu): void {
    const sys = c.sys;
    for (let k = 0; k <= CC; k++) {
      const src = this.src[k] as Src;
      if (src === Src.None) continue;
      const now = source(c, src, this.mask[k]);
      let d = now - this.mark[k];
      if (k === CC && this.divide) { d = Math.floor(d / 64); this.mark[k] += d * 64; } else this.mark[k] = now;
      if (d <= 0) continue;
      if (k === CC) {
        const old = sys[SL.CCNTR];
        const lc = (sys[SL.PMCR] & PMCR.LC) !== 0n;
        const sum = old + BigInt(d);
        if (lc ? sum > M64 : Number(old & M32) + d >= TWO32) sys[SL.OVS] |= 1n << BigInt(CC_BIT);
        sys[SL.CCNTR] = sum & M64;
      } else {
        const s = SL.EVCNTR[k];
        const sum = Number(sys[s]) + d;
        if (sum >= TWO32) sys[SL.OVS] |= 1n << BigInt(k);
        sys[s] = BigInt(sum % TWO32);
      }
    }
  }

  /** Re-reads what each counter counts now; a counter whose source or filter changed restarts its mark. */
  configure(c: Cpu): void {
    const sys = c.sys;
    const pmcr = sys[SL.PMCR], en = sys[SL.CNTEN], mdcr = sys[SL.MDCR];
    const hpmn = Number(mdcr & MDCR_HPMN);
    const divide = (pmcr & PMCR.D) !== 0n;
    for (let k = 0; k <= CC; k++) {
      let src = Src.None, mask = 0;
      if (k === CC) {
        if ((pmcr & PMCR.E) !== 0n && (en & (1n << BigInt(CC_BIT))) !== 0n) { src = Src.Cycles; mask = elMask(sys[SL.CCFILTR]); }
      } else {
        // Counters at or above MDCR_EL2.HPMN belong to EL2: MDCR_EL2.HPME enables them, not PMCR_EL0.E.
        const on = k < hpmn ? (pmcr & PMCR.E) !== 0n : (mdcr & MDCR_HPME) !== 0n;
        if (on && (en & (1n << BigInt(k))) !== 0n) {
          const type = sys[SL.EVTYPER[k]];
          const ev = Number(type & 0xffffn);
          src = ev === PMU_EVENT.CPU_CYCLES ? Src.Cycles : ev === PMU_EVENT.INST_RETIRED ? Src.Insns : Src.None;
          mask = elMask(type);
        }
      }
      const changed = src !== this.src[k] || mask !== this.mask[k] || (k === CC && divide !== this.divide);
      if (!changed) continue;
      this.src[k] = src; this.mask[k] = mask;
      if (src !== Src.None) this.mark[k] = source(c, src, mask);
    }
    this.divide = divide;
  }

  /** PMSWINC_EL0: each enabled counter of event SW_INCR whose bit is written counts one, where its filter allows. */
  private softwareIncrement(c: Cpu, bits: bigint): void {
    const sys = c.sys;
    const pmcr = sys[SL.PMCR], en = sys[SL.CNTEN], mdcr = sys[SL.MDCR];
    const hpmn = Number(mdcr & MDCR_HPMN);
    for (let n = 0; n < PMU_COUNTERS; n++) {
      if ((bits & (1n << BigInt(n))) === 0n || !this.accessible(c, n)) continue;
      const on = n < hpmn ? (pmcr & PMCR.E) !== 0n : (mdcr & MDCR_HPME) !== 0n;
      const type = sys[SL.EVTYPER[n]];
      if (!on || (en & (1n << BigInt(n))) === 0n || (type & 0xffffn) !== BigInt(PMU_EVENT.SW_INCR)) continue;
      if ((elMask(type) & (1 << c.el)) === 0) continue;
      const sum = Number(sys[SL.EVCNTR[n]]) + 1;
      if (sum >= TWO32) sys[SL.OVS] |= 1n << BigInt(n);
      sys[SL.EVCNTR[n]] = BigInt(sum % TWO32);
    }
  }

  /**
   * Whether event counter n exists for this EL: below PMCR_EL0.N, and below MDCR_EL2.HPMN from
   * EL0/EL1. Other counters read as zero and ignore writes (the ARMv8.0 CONSTRAINED
   * UNPREDICTABLE choice QEMU makes for PMXEVCNTR).
   */
  private accessible(c: Cpu, n: number): boolean {
    return n < PMU_COUNTERS && (c.el === 2 || n < Number(c.sys[SL.MDCR] & MDCR_HPMN));
  }

  /** The set/clear register bits this EL may change: C plus the accessible counters. */
  private accessibleBits(c: Cpu): bigint {
    let m = 1n << BigInt(CC_BIT);
    for (let n = 0; n < PMU_COUNTERS; n++) if (this.accessible(c, n)) m |= 1n << BigInt(n);
    return m;
  }

  /** PMSELR_EL0.SEL as an accessible event counter index, or -1. */
  private selected(c: Cpu): number {
    const n = Number(c.sys[SL.SELR] & 0x1fn);
    return this.accessible(c, n) ? n : -1;
  }

  /** The type register PMSELR_EL0.SEL picks: PMEVTYPER<n>_EL0, PMCCFILTR_EL0 for 31, or -1. */
  private selTypeSlot(c: Cpu): number {
    const n = Number(c.sys[SL.SELR] & 0x1fn);
    if (n === 31) return SL.CCFILTR;
    return this.accessible(c, n) ? SL.EVTYPER[n] : -1;
  }
}
