// The VMSAv8-64 translation table walk shared by both stages (ARM ARM D8.2 "Translation tables
// and the translation process", pseudocode AArch64.S1Walk / AArch64.S2Walk): 4 KB, 16 KB and
// 64 KB granules, table/block/page descriptors, output address size checks and the Access flag.
// Permissions are the stages' business (stage1.ts, stage2.ts). Addresses are JS numbers: inputs
// are at most 48 bits and outputs at most PA_BITS, so they stay exact. Runs only on a TLB miss.

import type { PhysicalBus } from './bus';
import { type Fault, FaultKind } from './faults';

/** One step of a walk, for the debugger (recorded only when asked). */
export interface WalkStep {
  stage: 1 | 2;
  level: number;
  /** Address of the table (an IPA for a stage 1 walk under stage 2) and of the descriptor read. */
  table: number;
  index: number;
  descAddr: number;
  /** PA the descriptor was read from (differs from descAddr when stage 2 translated it). */
  descPa: number;
  desc: bigint;
  kind: 'table' | 'block' | 'page' | 'invalid' | 'unreadable';
  /** For a table: the next table; for a leaf: the output address of the input. */
  output?: number;
}

/** What the walk needs to know about the regime. */
export interface WalkParams {
  stage: 1 | 2;
  granule: number;
  startLevel: number;
  /** Input address size in bits (64 - TnSZ). */
  inputBits: number;
  /** Base address of the start table (for stage 2, of the first concatenated table). */
  base: number;
  /** Output address size in bits. */
  outBits: number;
}

/** The result of a walk that reached a leaf (reused object: read it before the next walk). */
export class WalkResult {
  /** The output address of the input (leaf base + offset). */
  out = 0;
  level = 0;
  /** log2 of the leaf's size (12 for a 4 KB page, 21 for a 2 MB block, …). */
  sizeBits = 12;
  descLo = 0;
  descHi = 0;
  /** Hierarchical attributes of the tables walked (stage 1): APTable, UXNTable/XNTable, PXNTable. */
  apTable = 0;
  xnTable = 0;
  pxnTable = 0;
  /**
   * Descriptors read by the walks that used this result since the owner last zeroed it: the MMU
   * charges the walk's cost from it (emulator/cost WALK_COST, per level read).
   */
  reads = 0;
}

const P2 = Array.from({ length: 64 }, (_, i) => 2 ** i);
const bitsOf = (x: number, shift: number, n: number): number => Math.floor(x / P2[shift]) % P2[n];
const alignDown = (x: number, bits: number): number => Math.floor(x / P2[bits]) * P2[bits];

/** The level whose entries cover 2^shift bytes: shift = granule + (3 - level) * (granule - 3). */
export const levelShift = (granule: number, level: number): number => granule + (3 - level) * (granule - 3);

/** Stage 1 start level (AArch64.S1StartLevel): enough levels to resolve inputBits. */
export function s1StartLevel(granule: number, inputBits: number): number {
  const stride = granule - 3;
  return 4 - Math.ceil((inputBits - granule) / stride);
}

/** Whether a block descriptor is allowed at `level` for the granule (no FEAT_LPA/LPA2): 4K L1-L2, 16K/64K L2. */
function blockAllowed(granule: number, level: number): boolean {
  return granule === 12 ? level === 1 || level === 2 : level === 2;
}

/**
 * Walks from p.base for `input` (already range-checked, < 2^inputBits). `toPa` translates a
 * descriptor address (stage 2 for a stage 1 walk under virtualization; returns -1 after
 * setting the fault). Returns false with `fault` set, or true with `res` filled.
 */
export function walk(
  bus: PhysicalBus, p: WalkParams, input: number, res: WalkResult, fault: Fault,
  toPa: ((ipa: number) => number) | null, m: Uint32Array, steps: WalkStep[] | null,
): boolean {
  const stride = p.granule - 3;
  let level = p.startLevel;
  let table = p.base;
  res.apTable = 0; res.xnTable = 0; res.pxnTable = 0;
  for (;;) {
    const shift = levelShift(p.granule, level);
    const n = level === p.startLevel ? p.inputBits - shift : stride;
    const index = bitsOf(input, shift, n);
    const descAddr = table + index * 8;
    let descPa = descAddr;
    if (toPa !== null) {
      descPa = toPa(descAddr);
      if (descPa < 0) return false;
    }
    res.reads++;
    if (!bus.read(descPa, 8, m)) {
      steps?.push({ stage: p.stage, level, table, index, descAddr, descPa, desc: 0n, kind: 'unreadable' });
      return fault.set(FaultKind.WalkExternal, level, p.stage);
    }
    const lo = m[0], hi = m[1];
    const desc = steps ? (BigInt(hi) << 32n) | BigInt(lo) : 0n;
    if ((lo & 1) === 0 || (level === 3 && (lo & 2) === 0) || (level < 3 && (lo & 2) === 0 && !blockAllowed(p.granule, level))) {
      steps?.push({ stage: p.stage, level, table, index, descAddr, descPa, desc, kind: 'invalid' });
      return fault.set(FaultKind.Translation, level, p.stage);
    }
    // Output address bits [47:granule] (table, page) or [47:shift] (block).
    const oa = (hi & 0xffff) * P2[32] + (lo >>> 0);
    if (level < 3 && (lo & 2) !== 0) {
      const next = alignDown(oa, p.granule);
      steps?.push({ stage: p.stage, level, table, index, descAddr, descPa, desc, kind: 'table', output: next });
      if (next >= P2[p.outBits]) return fault.set(FaultKind.AddrSize, level, p.stage);
      if (p.stage === 1) {
        // APTable [62:61], UXNTable/XNTable [60], PXNTable [59] accumulate down the walk.
        res.apTable |= (hi >>> 29) & 3; res.xnTable |= (hi >>> 28) & 1; res.pxnTable |= (hi >>> 27) & 1;
      }
      table = next;
      level++;
      continue;
    }
    const base = alignDown(oa, shift);
    const out = base + (input % P2[shift]);
    steps?.push({ stage: p.stage, level, table, index, descAddr, descPa, desc, kind: level === 3 ? 'page' : 'block', output: out });
    if (base >= P2[p.outBits]) return fault.set(FaultKind.AddrSize, level, p.stage);
    // No hardware Access flag management (FEAT_HAFDBS absent): AF=0 faults.
    if ((lo & 0x400) === 0) return fault.set(FaultKind.AccessFlag, level, p.stage);
    res.out = out; res.level = level; res.sizeBits = shift; res.descLo = lo; res.descHi = hi;
    return true;
  }
}
