// An opt-in, tag-only model of the Applied Micro X-Gene 1 (HP m400, the paper's machine) memory
// hierarchy, for `memoryModel: 'xgene'` (emulator/machine/virt.ts). The default cost model
// (emulator/cost/table.ts) charges every RAM access as an L1 hit; this one adds what an access
// costs BEYOND an L1 hit when the line is elsewhere: in the PMD's L2, the shared L3, DRAM, or
// modified in another core's cache. No data is held (RAM stays the one copy): only which lines
// each cache holds, who owns a modified line, and least-recently-used order.
//
// Organisation (sources):
//   [APM]  Applied Micro X-Gene 1 ("Storm"): 8 cores in 4 processor modules (PMDs) of two; per core
//          32 KiB L1I + 32 KiB L1D, one 256 KiB L2 per PMD, one 8 MiB L3 behind the coherent
//          switch (AnandTech 8357, below; Applied Micro's product brief). Linux's apm-storm.dtsi
//          gives cpu@0/cpu@1 next-level-cache xgene_L2_0 and so on: cores 2k and 2k+1 share L2 k.
//   [AT]   AnandTech 8357 "Exploring the low end and micro-server platforms" (2014), page "Memory
//          Subsystem: Latency" (TinyMemBench, whose figures are "extra time, which needs to be
//          added to L1 cache latency"): X-Gene 1 L2 11–15 cycles, L3 50–80 cycles (single read; up
//          to 100 for dual random reads). Latencies beyond an L1 hit, which is what this model
//          adds: we take the midpoints, 13 and 65.
//   [ASM]  assumption, with its reasoning next to it. No public source we found gives X-Gene 1's
//          associativities or its DRAM latency in cycles (AnandTech only says its memory
//          controller is the slowest of the modern SoCs it tested, without a number).
//
// Coherence, MESI-like: a line one core has written is Modified in that core's L1D (the `dirty`
// flag) and recorded in `owner`; a write by a core that does not own the line invalidates every
// other core's L1D copy and every other PMD's L2 copy (the core's own PMD L2 is shared, so stays).
// A miss on a line another core owns is served from that core's cache at the level they share:
// through their L2 within a PMD, through the coherent switch (L3 latency) across PMDs, and the
// owner keeps a clean (Shared) copy. L1I is not kept coherent with stores (ARM ARM B2.4.4: software
// cleans and invalidates with DC/IC), so stores never touch it. Fills go into every level on the
// path (L1, the PMD's L2, L3); evictions do not propagate (non-inclusive: [ASM], nothing public).
// Stores are write-allocate and wait for their line (no store buffer is modelled: [ASM], an upper
// bound on what a store miss costs).

/** The board's memory model: 'l1' = every RAM access an L1 hit (the cost table alone, the default). */
export type MemoryModel = 'l1' | 'xgene';
export const MEMORY_MODELS: readonly MemoryModel[] = ['l1', 'xgene'];

/** Where an access was served from (and, for a store, how far its invalidations had to go). */
export const SOURCES = ['l1', 'l2', 'l3', 'dram', 'sibling', 'remote'] as const;
export type Source = (typeof SOURCES)[number];
const S_L1 = 0, S_L2 = 1, S_L3 = 2, S_DRAM = 3, S_SIBLING = 4, S_REMOTE = 5;

/** Cycles added to an access BEYOND the L1-hit cost the cost table already charges, by source. */
export const XGENE_LATENCY: Readonly<Record<Source, number>> = {
  l1: 0, // the cost table's load/store cost is the L1 hit
  l2: 13, // [AT] 11–15 cycles: midpoint
  l3: 65, // [AT] 50–80 cycles (single read): midpoint
  // [ASM] 240 = 100 ns at 2.4 GHz: the order of a DDR3 access behind an L3 miss on servers of the
  // time; no X-Gene 1 figure was found. Only cold lines pay it.
  dram: 240,
  // A line Modified in (or, for a store, shared with) the other core of the PMD: through the
  // shared L2, so as an L2 hit ([AT] L2; that the snoop adds nothing on top is an assumption).
  sibling: 13,
  // A line Modified in another PMD (or, for a store, copies there to invalidate): through the
  // coherent switch, which is what the L3 latency measures ([AT] names the switch as its cause).
  remote: 65,
};

/** One cache's shape: total bytes and ways (64-byte lines throughout, [APM]). */
export interface CacheGeometry { readonly bytes: number; readonly ways: number }
export const LINE_BYTES = 64;
export const LINE_SHIFT = 6;

export type CacheName = 'l1i' | 'l1d' | 'l2' | 'l3';
export const XGENE_GEOMETRY: Readonly<Record<CacheName, CacheGeometry>> = {
  // Sizes [APM]; ways [ASM]: 8-way L1s (the common choice for 32 KiB ARMv8 L1s of the time),
  // 16-way L2 and L3. The micro-benchmarks' working sets are small: capacity, not associativity,
  // decides most of what they miss.
  l1i: { bytes: 32 * 1024, ways: 8 },
  l1d: { bytes: 32 * 1024, ways: 8 },
  l2: { bytes: 256 * 1024, ways: 16 },
  l3: { bytes: 8 * 1024 * 1024, ways: 16 },
};

/** A set-associative array of line tags with true LRU (a use stamp per way). */
export class TagArray {
  readonly sets: number;
  readonly ways: number;
  /** Line number (PA >> 6) per slot (set * ways + way), -1 = invalid. RAM PAs are below 2^32. */
  readonly tags: Int32Array;
  /** Last use per slot (LRU: the smallest is the victim). */
  private readonly stamps: Float64Array;
  /** Modified (used by L1D only). */
  readonly dirty: Uint8Array;
  private clock = 0;

  constructor(g: CacheGeometry) {
    const lines = g.bytes / LINE_BYTES;
    if (!Number.isInteger(lines) || g.ways < 1 || lines % g.ways !== 0) throw new RangeError(`a cache of ${g.bytes} bytes cannot have ${g.ways} ways`);
    this.ways = g.ways;
    this.sets = lines / g.ways;
    this.tags = new Int32Array(lines).fill(-1);
    this.stamps = new Float64Array(lines);
    this.dirty = new Uint8Array(lines);
  }

  /** The slot holding `line`, or -1; a hit becomes the most recently used. */
  lookup(line: number): number {
    const i = this.find(line);
    if (i >= 0) this.stamps[i] = ++this.clock;
    return i;
  }

  /** Whether `line` is present, without touching LRU. */
  has(line: number): boolean { return this.find(line) >= 0; }

  private find(line: number): number {
    const base = (line % this.sets) * this.ways, t = this.tags;
    for (let i = base; i < base + this.ways; i++) if (t[i] === line) return i;
    return -1;
  }

  /**
   * Puts `line` in (the caller knows it is absent) in a free way or the set's LRU way; returns the
   * slot. `evicted` receives the victim's line (-1 if the way was free) and whether it was dirty.
   */
  insert(line: number, evicted: Int32Array): number {
    const base = (line % this.sets) * this.ways, t = this.tags, st = this.stamps;
    let v = base;
    for (let i = base; i < base + this.ways; i++) {
      if (t[i] === -1) { v = i; break; }
      if (st[i] < st[v]) v = i;
    }
    evicted[0] = t[v]; evicted[1] = this.dirty[v];
    t[v] = line; st[v] = ++this.clock; this.dirty[v] = 0;
    return v;
  }

  /** Drops `line`; returns whether it was present. */
  invalidate(line: number): boolean {
    const i = this.find(line);
    if (i < 0) return false;
    this.tags[i] = -1; this.dirty[i] = 0; this.stamps[i] = 0;
    return true;
  }

  /** Clears the Modified flag of `line` if present (the owner keeps a Shared copy). */
  clean(line: number): void {
    const i = this.find(line);
    if (i >= 0) this.dirty[i] = 0;
  }

  clear(): void { this.tags.fill(-1); this.dirty.fill(0); this.stamps.fill(0); this.clock = 0; }
}

/** Access kinds the counters separate. */
export const KINDS = ['fetch', 'read', 'write'] as const;
export type AccessKind = (typeof KINDS)[number];
const K_FETCH = 0, K_READ = 1, K_WRITE = 2;

/** What the CPU needs of a hierarchy: the cycles beyond an L1 hit of one access to a RAM PA. */
export interface MemoryHierarchy {
  /** An instruction fetch of the 64-byte line holding `pa` (the core calls it once per new line). */
  fetch(core: number, pa: number): number;
  /** A data access of `size` bytes at `pa` (RAM only: device accesses bypass the caches). */
  data(core: number, pa: number, size: number, write: boolean): number;
}

/** Accesses by kind and source, `counts[kind][source]`. */
export type CacheCounters = Record<AccessKind, Record<Source, number>>;

export interface XGeneOptions {
  latency?: Readonly<Record<Source, number>>;
  geometry?: Readonly<Record<CacheName, CacheGeometry>>;
  /**
   * The PMD (shared L2) of each core: X-Gene 1 pairs cores 2k and 2k+1 ([APM]), the default.
   * A different placement (which physical cores the OS used) is a what-if for sensitivity runs.
   */
  pmdOf?: (core: number) => number;
}

/**
 * X-Gene 1's hierarchy for `cores` cores, with per-core counters of where each access was served
 * from (the debug API: counters(), addedCycles(), resetCounters()).
 */
export class XGeneCaches implements MemoryHierarchy {
  readonly l1i: TagArray[];
  readonly l1d: TagArray[];
  readonly l2: TagArray[];
  readonly l3: TagArray;
  readonly latency: Readonly<Record<Source, number>>;
  /** PMD of each core. */
  readonly pmd: Int32Array;
  /** Line → the core holding it Modified (in its L1D, or written back to its PMD's L2). */
  private readonly owner = new Map<number, number>();
  /** counts[(core * KINDS + kind) * SOURCES + source] */
  private readonly counts: Float64Array;
  private readonly lat: Float64Array;
  private readonly ev = new Int32Array(2);

  constructor(readonly cores: number, opts: XGeneOptions = {}) {
    const geometry = opts.geometry ?? XGENE_GEOMETRY;
    this.latency = opts.latency ?? XGENE_LATENCY;
    const pmdOf = opts.pmdOf ?? ((c: number): number => c >> 1);
    this.pmd = Int32Array.from({ length: cores }, (_, c) => pmdOf(c));
    const pmds = Math.max(...this.pmd) + 1;
    this.l1i = Array.from({ length: cores }, () => new TagArray(geometry.l1i));
    this.l1d = Array.from({ length: cores }, () => new TagArray(geometry.l1d));
    this.l2 = Array.from({ length: pmds }, () => new TagArray(geometry.l2));
    this.l3 = new TagArray(geometry.l3);
    this.counts = new Float64Array(cores * KINDS.length * SOURCES.length);
    this.lat = Float64Array.from(SOURCES, (s) => this.latency[s]);
  }

  fetch(core: number, pa: number): number {
    const line = pa >>> LINE_SHIFT;
    const l1 = this.l1i[core];
    if (l1.lookup(line) >= 0) return this.count(core, K_FETCH, S_L1);
    const s = this.fill(core, line);
    l1.insert(line, this.ev); // a clean victim: nothing to write back
    return this.count(core, K_FETCH, s);
  }

  data(core: number, pa: number, size: number, write: boolean): number {
    const line = pa >>> LINE_SHIFT;
    let c = write ? this.write(core, line) : this.read(core, line);
    // An access straddling two lines touches both (unaligned LDR/STR).
    if ((pa & (LINE_BYTES - 1)) + size > LINE_BYTES) c += write ? this.write(core, line + 1) : this.read(core, line + 1);
    return c;
  }

  private read(core: number, line: number): number {
    if (this.l1d[core].lookup(line) >= 0) return this.count(core, K_READ, S_L1);
    const s = this.fill(core, line);
    this.insertL1d(core, line);
    return this.count(core, K_READ, s);
  }

  private write(core: number, line: number): number {
    const l1 = this.l1d[core];
    let slot = l1.lookup(line);
    if (slot >= 0 && l1.dirty[slot] !== 0) return this.count(core, K_WRITE, S_L1); // Modified: ours alone
    // Read for ownership (a miss) or an upgrade of a Shared/Exclusive copy: fetch the line if
    // absent, then invalidate every other copy; the store waits for the farther of the two.
    let s = slot >= 0 ? S_L1 : this.fill(core, line);
    const pmd = this.pmd[core];
    for (let d = 0; d < this.cores; d++) {
      if (d !== core && this.l1d[d].invalidate(line)) s = this.farther(s, this.pmd[d] === pmd ? S_SIBLING : S_REMOTE);
    }
    for (let p = 0; p < this.l2.length; p++) {
      if (p !== pmd && this.l2[p].invalidate(line)) s = this.farther(s, S_REMOTE);
    }
    if (slot < 0) slot = this.insertL1d(core, line);
    l1.dirty[slot] = 1;
    this.owner.set(line, core);
    return this.count(core, K_WRITE, s);
  }

  /**
   * An L1 miss of `core` on `line`: where it is served from, filling the PMD's L2 and the L3 on
   * the way (the caller fills its L1). A line another core owns comes from that core's cache,
   * which keeps a clean copy (the write-back goes to the levels they share).
   */
  private fill(core: number, line: number): number {
    const pmd = this.pmd[core], l2 = this.l2[pmd];
    const o = this.owner.get(line);
    if (o !== undefined && o !== core) {
      this.owner.delete(line);
      this.l1d[o].clean(line);
      if (l2.lookup(line) < 0) this.insertL2(pmd, line);
      if (this.l3.lookup(line) < 0) this.l3.insert(line, this.ev);
      return this.pmd[o] === pmd ? S_SIBLING : S_REMOTE;
    }
    if (l2.lookup(line) >= 0) return S_L2;
    const s = this.l3.lookup(line) >= 0 ? S_L3 : S_DRAM;
    if (s === S_DRAM) this.l3.insert(line, this.ev);
    this.insertL2(pmd, line);
    return s;
  }

  /** Fills an L1D way; a victim this core owns is written back into its PMD's L2 (owned there). */
  private insertL1d(core: number, line: number): number {
    const ev = this.ev;
    const slot = this.l1d[core].insert(line, ev);
    const victim = ev[0];
    // (Also a clean copy of a line this core still owns, re-read after a write-back: an owned line
    // is always in the owner's L1D or its PMD's L2.)
    if (victim >= 0 && (ev[1] !== 0 || this.owner.get(victim) === core)) {
      const pmd = this.pmd[core];
      if (this.l2[pmd].lookup(victim) < 0) this.insertL2(pmd, victim);
    }
    return slot;
  }

  /** Fills an L2 way; a victim owned in this PMD and no longer in the owner's L1D goes back to L3. */
  private insertL2(pmd: number, line: number): void {
    const ev = this.ev;
    this.l2[pmd].insert(line, ev);
    const victim = ev[0];
    if (victim < 0) return;
    const o = this.owner.get(victim);
    if (o !== undefined && this.pmd[o] === pmd && !this.l1d[o].has(victim)) {
      this.owner.delete(victim);
      if (this.l3.lookup(victim) < 0) this.l3.insert(victim, ev);
    }
  }

  private farther(a: number, b: number): number { return this.lat[b] > this.lat[a] ? b : a; }

  private count(core: number, kind: number, source: number): number {
    this.counts[(core * KINDS.length + kind) * SOURCES.length + source]++;
    return this.lat[source];
  }

  /** Debug API: accesses of `core` (or of all cores) by kind and source since the last reset. */
  counters(core?: number): CacheCounters {
    const out = {} as CacheCounters;
    KINDS.forEach((k, ki) => {
      const row = {} as Record<Source, number>;
      SOURCES.forEach((s, si) => {
        let n = 0;
        for (let c = 0; c < this.cores; c++) {
          if (core === undefined || c === core) n += this.counts[(c * KINDS.length + ki) * SOURCES.length + si];
        }
        row[s] = n;
      });
      out[k] = row;
    });
    return out;
  }

  /** Debug API: the cycles the model added for `core` (or all cores) since the last reset. */
  addedCycles(core?: number): number {
    const c = this.counters(core);
    let n = 0;
    for (const k of KINDS) for (const s of SOURCES) n += c[k][s] * this.latency[s];
    return n;
  }

  resetCounters(): void { this.counts.fill(0); }

  /** Empties every cache and the ownership records (a cold start; counters are kept). */
  flush(): void {
    for (const a of [...this.l1i, ...this.l1d, ...this.l2, this.l3]) a.clear();
    this.owner.clear();
  }
}

/** The hierarchy a board with `cores` cores gets for a memory model (null: the cost table alone). */
export function createMemoryHierarchy(model: MemoryModel, cores: number): XGeneCaches | null {
  return model === 'xgene' ? new XGeneCaches(cores) : null;
}
