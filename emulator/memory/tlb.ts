// The software TLB (DESIGN.md "Translate through a small software TLB"): two-way set associative
// (so two address spaces, ASIDs or VMIDs, sharing a VA do not evict each other), one entry per
// 4 KB VA page, in typed arrays; way 1 of set i is slot i + TLB_SETS. An entry holds the combined (stage 1 + stage 2) result: the
// PA page and the permission bits, tagged by a context key (regime, stage enables, ASID, VMID;
// global entries carry "no ASID"), so a hit costs a few integer compares and no allocation.
// Invalidation (TLBI, ARM ARM D8.13 / C5.5) matches on regime, VMID, ASID and the VA or IPA
// range of the stage's leaf (a block invalidated by any VA in it drops all its pages).

// 16384 sets of two ways: 32768 4 KB pages (128 MB) stay mapped, so a 64 MB working set under
// 4 KB pages hits after its first pass (bench/mmu.ts). TLBI and flushes cost what is live, not
// the capacity: a list of the occupied slots is kept beside the arrays.
export const TLB_BITS = 14;
export const TLB_SETS = 1 << TLB_BITS;
export const TLB_MASK = TLB_SETS - 1;
export const TLB_SIZE = 2 * TLB_SETS;
/** The ASID field of a global entry (or of a regime without ASIDs). */
export const NO_ASID = 65536;

/** Context key: regime tag (kind*4 + s1on*2 + s2on) + 12 * (asid + 65537 * vmid); exact in a double. */
export function contextKey(regimeTag: number, asid: number, vmid: number): number {
  return regimeTag + 12 * (asid + 65537 * vmid);
}

/** A decoded TLBI operation (C5.5): what it matches. */
export interface TlbiOp {
  readonly name: string;
  /** 'all': every entry of the regimes; 'vmid': the current VMID; 'asid'; 'va'; 'ipa'. */
  readonly by: 'all' | 'vmid' | 'asid' | 'va' | 'ipa';
  /** Regime kinds affected: 0 EL1&0, 1 EL2, 2 EL2&0. */
  readonly regimes: readonly number[];
  /** VA forms that match any ASID (VAA*). */
  readonly allAsid: boolean;
  /** Stage 2 too (VMALLS12E1, ALLE1, IPAS2*). */
  readonly stage2: boolean;
  /** Inner/outer shareable: broadcast to the other cores. */
  readonly broadcast: boolean;
}

const TLBI_SHAPES: Readonly<Record<string, Omit<TlbiOp, 'name' | 'broadcast'>>> = {
  vmalle1: { by: 'vmid', regimes: [0], allAsid: true, stage2: false },
  vae1: { by: 'va', regimes: [0], allAsid: false, stage2: false },
  vale1: { by: 'va', regimes: [0], allAsid: false, stage2: false },
  vaae1: { by: 'va', regimes: [0], allAsid: true, stage2: false },
  vaale1: { by: 'va', regimes: [0], allAsid: true, stage2: false },
  aside1: { by: 'asid', regimes: [0], allAsid: false, stage2: false },
  alle1: { by: 'all', regimes: [0], allAsid: true, stage2: true },
  vmalls12e1: { by: 'vmid', regimes: [0], allAsid: true, stage2: true },
  ipas2e1: { by: 'ipa', regimes: [0], allAsid: true, stage2: true },
  ipas2le1: { by: 'ipa', regimes: [0], allAsid: true, stage2: true },
  alle2: { by: 'all', regimes: [1, 2], allAsid: true, stage2: false },
  vae2: { by: 'va', regimes: [1, 2], allAsid: false, stage2: false },
  vale2: { by: 'va', regimes: [1, 2], allAsid: false, stage2: false },
};

/** Decodes a TLBI operation name (the IS/OS suffix means broadcast); undefined for ones we do not model (EL3, ranges). */
export function decodeTlbi(name: string): TlbiOp | undefined {
  const m = /^(.*?)(is|os)?$/.exec(name)!;
  let base = m[1];
  let shape = TLBI_SHAPES[base];
  if (shape === undefined && m[2] !== undefined) { base = name; shape = TLBI_SHAPES[base]; }
  if (shape === undefined) return undefined;
  return { name, broadcast: base !== name, ...shape };
}

export class Tlb {
  readonly vpn = new Int32Array(TLB_SIZE).fill(-1);
  readonly vhi = new Uint32Array(TLB_SIZE);
  readonly key = new Float64Array(TLB_SIZE).fill(-1);
  readonly pa = new Float64Array(TLB_SIZE);
  readonly perm = new Uint8Array(TLB_SIZE);
  // For invalidation and the debugger:
  readonly regime = new Uint8Array(TLB_SIZE);
  readonly asid = new Int32Array(TLB_SIZE);
  readonly vmid = new Int32Array(TLB_SIZE);
  readonly s1Bits = new Uint8Array(TLB_SIZE);
  readonly ipa = new Float64Array(TLB_SIZE);
  readonly s2Bits = new Uint8Array(TLB_SIZE);
  readonly hasS2 = new Uint8Array(TLB_SIZE);
  /** Per set: the way the next refill replaces. */
  private readonly victim = new Uint8Array(TLB_SETS);
  /** The occupied slots (live[0..liveCount)) and each slot's position in that list + 1 (0: free). */
  private readonly live = new Int32Array(TLB_SIZE);
  private readonly livePos = new Int32Array(TLB_SIZE);
  private liveCount = 0;
  /** Statistics (the cost model's TLB/walk counts). */
  hits = 0;
  misses = 0;

  insert(lo: number, hi: number, key: number, pa: number, perm: number, regime: number, asid: number, vmid: number,
    s1Bits: number, ipa: number, s2Bits: number, hasS2: boolean): void {
    const vpn = lo >>> 12, set = vpn & TLB_MASK;
    // Refill the way holding this page and context, else an empty way, else the older one.
    let i = set;
    const same = (j: number): boolean => this.vpn[j] === vpn && this.vhi[j] === hi && this.key[j] === key;
    if (!same(set)) {
      const w1 = set + TLB_SETS;
      if (same(w1) || this.key[set] >= 0 && (this.key[w1] < 0 || this.victim[set] === 1)) i = w1;
      this.victim[set] = i === set ? 1 : 0;
    }
    if (this.livePos[i] === 0) { this.live[this.liveCount++] = i; this.livePos[i] = this.liveCount; }
    this.vpn[i] = vpn; this.vhi[i] = hi; this.key[i] = key; this.pa[i] = pa; this.perm[i] = perm;
    this.regime[i] = regime; this.asid[i] = asid; this.vmid[i] = vmid; this.s1Bits[i] = s1Bits;
    this.ipa[i] = ipa; this.s2Bits[i] = s2Bits; this.hasS2[i] = hasS2 ? 1 : 0;
  }

  flushAll(): void {
    for (let j = 0; j < this.liveCount; j++) { const i = this.live[j]; this.key[i] = -1; this.vpn[i] = -1; this.livePos[i] = 0; }
    this.liveCount = 0;
  }

  /** Frees the slot at position j of the live list (the last one takes its place). */
  private drop(j: number): void {
    const i = this.live[j];
    this.key[i] = -1; this.vpn[i] = -1; this.livePos[i] = 0;
    const last = this.live[--this.liveCount];
    if (j < this.liveCount) { this.live[j] = last; this.livePos[last] = j + 1; }
  }

  /**
   * Drops the entries an operation covers. vmid: the current VMID (EL1&0 operations);
   * asid: for by-ASID / by-VA; (vaLo, vaHi): the page's VA; ipa: IPA for IPAS2*.
   */
  invalidate(op: TlbiOp, vmid: number, asid: number, vaLo: number, vaHi: number, ipa: number): void {
    const va = (vaHi >>> 0) * 4294967296 + ((vaLo & ~0xfff) >>> 0); // page-aligned: exact in a double
    for (let j = this.liveCount - 1; j >= 0; j--) { // backwards: drop() moves the last entry into j
      const i = this.live[j];
      if (!op.regimes.includes(this.regime[i])) continue;
      if (this.regime[i] === 0 && op.by !== 'all' && this.vmid[i] !== vmid) continue;
      let hit = false;
      switch (op.by) {
        case 'all': case 'vmid': hit = true; break;
        case 'asid': hit = this.asid[i] === asid; break;
        case 'va': {
          if (!op.allAsid && this.asid[i] !== asid && this.asid[i] !== NO_ASID) break;
          const ev = this.vhi[i] * 4294967296 + this.vpn[i] * 4096;
          const b = 2 ** this.s1Bits[i];
          hit = Math.floor(ev / b) === Math.floor(va / b);
          break;
        }
        case 'ipa': {
          if (!this.hasS2[i]) break;
          const b = 2 ** this.s2Bits[i];
          hit = Math.floor(this.ipa[i] / b) === Math.floor(ipa / b);
          break;
        }
      }
      if (hit) this.drop(j);
    }
  }
}
