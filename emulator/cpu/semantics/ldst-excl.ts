// Load/store exclusive and ordered (ARM ARM C4.1.88.1; C6.2 LDXR, LDAXR, STXR, STLXR, LDXP,
// LDAXP, STXP, STLXP, LDAR, STLR, LDLAR, STLLR; the monitor: B2.9 "Synchronization and
// semaphores", pseudocode AArch64.SetExclusiveMonitors / AArch64.ExclusiveMonitorsPass).
//
// The core is sequentially consistent (cores interleave whole instructions), so acquire/
// release and LORegion orderings need nothing beyond the access itself. The local monitor is
// Cpu.exclusivePa/exclusiveSize: set by a load-exclusive, cleared by every store-exclusive,
// CLREX, exception entry and ERET, and by a store to the granule (Cpu.monitorWrite).
// A store-exclusive passes when the monitor holds its PA (compared after translation).
//
// All of these are single-copy atomic accesses that must be aligned (AArch64.CheckAlignment
// with AccType_ATOMIC/ORDERED): pairs to twice the register size. For a store-exclusive it is
// IMPLEMENTATION DEFINED whether aborts are detected before the monitor check
// (AArch64.ExclusiveMonitorsPass); like QEMU (gen_store_exclusive) we check the monitor first:
// no monitored address, or another one, fails with status 1 and no fault. A store of another
// size than the load-exclusive fails (IMPLEMENTATION DEFINED; QEMU assumes equal sizes and
// then reports failure while storing, which we do not copy).
// CONSTRAINED UNPREDICTABLE operand overlaps, as QEMU: LDXP Rt == Rt2 keeps Rt2's value;
// STXR with Rs == Rt/Rn stores the old values and writes the status last.

import { LDST_ATOMIC } from '../../isa/table/ldst-atomic';
import type { Cpu } from '../cpu';
import * as L from './ldst-common';
import { Ext } from './ldst-common';
import type { Compile, Exec, SemanticsTable } from './types';

// Module-level aliases: under tsx (tests, bench) each file is CommonJS and a named import
// is a getter call at every use; the executors read these locals instead.
const { addOff, baseOff, checkAligned, EA, paOf, setLoaded, syndrome } = L;

type Bytes = 1 | 2 | 4 | 8;
const EA2 = new Uint32Array(2);

/** LDXR/LDAXR: load and mark the PA for exclusive access. */
function loadExclusive(bytes: Bytes, t: number, n: number): Exec {
  return (c) => {
    baseOff(c, n, 0);
    if (!checkAligned(c, EA[0], EA[1], bytes, false)) return;
    const pa = paOf(c, EA[0], EA[1], false, bytes);
    if (pa < 0 || !c.read(EA[0], EA[1], bytes)) return;
    setLoaded(c, t, bytes, Ext.Zero);
    c.exclusivePa = pa; c.exclusiveSize = bytes;
  };
}

/** LDXP/LDAXP: two registers of `bytes` from one 2 × bytes aligned block. */
function loadExclusivePair(bytes: 4 | 8, t: number, t2: number, n: number): Exec {
  return (c) => {
    baseOff(c, n, 0);
    if (!checkAligned(c, EA[0], EA[1], 2 * bytes, false)) return;
    const pa = paOf(c, EA[0], EA[1], false, 2 * bytes);
    if (pa < 0 || !c.read(EA[0], EA[1], 8)) return;
    if (bytes === 4) {
      const lo = c.m[0], hi = c.m[1];
      c.setW(t, lo); c.setW(t2, hi);
    } else {
      const lo = c.m[0], hi = c.m[1];
      addOff(EA2, EA[0], EA[1], 8);
      if (!c.read(EA2[0], EA2[1], 8)) return;
      c.setX(t, lo, hi); c.setX(t2, c.m[0], c.m[1]);
    }
    c.exclusivePa = pa; c.exclusiveSize = 2 * bytes;
  };
}

/**
 * The monitor check of a store-exclusive of `size` bytes at EA: 1 if it passes (the address
 * is then known aligned), 0 if not; -1 if an exception was taken (translation or alignment
 * fault). Every store-exclusive clears the monitor.
 */
function monitorPasses(c: Cpu, size: number, write: boolean): 0 | 1 | -1 {
  if (c.exclusivePa < 0) return 0;
  const pa = paOf(c, EA[0], EA[1], write, size);
  if (pa < 0) return -1;
  const held = pa === c.exclusivePa, fits = size === c.exclusiveSize;
  c.exclusivePa = -1;
  if (!held) return 0;
  if (!checkAligned(c, EA[0], EA[1], size, true)) return -1;
  return fits ? 1 : 0;
}

/** STXR/STLXR: Ws = 0 if stored, 1 if not. */
function storeExclusive(bytes: Bytes, s: number, t: number, n: number): Exec {
  return (c) => {
    baseOff(c, n, 0);
    const vlo = c.x[2 * t], vhi = c.x[2 * t + 1];
    const pass = monitorPasses(c, bytes, true);
    if (pass < 0) return;
    if (pass && !c.write(EA[0], EA[1], bytes, vlo, vhi)) return;
    c.setW(s, pass ? 0 : 1);
  };
}

/** STXP/STLXP: Rt at the lower address, Rt2 above it. */
function storeExclusivePair(bytes: 4 | 8, s: number, t: number, t2: number, n: number): Exec {
  return (c) => {
    baseOff(c, n, 0);
    const alo = c.x[2 * t], ahi = c.x[2 * t + 1], blo = c.x[2 * t2], bhi = c.x[2 * t2 + 1];
    const pass = monitorPasses(c, 2 * bytes, true);
    if (pass < 0) return;
    if (pass) {
      if (bytes === 4) {
        if (!c.write(EA[0], EA[1], 8, alo, blo)) return;
      } else {
        addOff(EA2, EA[0], EA[1], 8);
        if (!c.write(EA[0], EA[1], 8, alo, ahi) || !c.write(EA2[0], EA2[1], 8, blo, bhi)) return;
      }
    }
    c.setW(s, pass ? 0 : 1);
  };
}

/** LDAR/LDLAR: an aligned load (acquire); its aborts carry a syndrome (AR = o0, as QEMU 7.2). */
function loadOrdered(bytes: Bytes, t: number, n: number, ar: boolean): Exec {
  const iss = syndrome(bytes, false, t, bytes === 8, ar);
  return (c) => {
    baseOff(c, n, 0);
    c.ldstSyndrome = iss;
    const ok = checkAligned(c, EA[0], EA[1], bytes, false) && c.read(EA[0], EA[1], bytes);
    c.ldstSyndrome = 0;
    if (ok) setLoaded(c, t, bytes, Ext.Zero);
  };
}

/** STLR/STLLR: an aligned store (release). */
function storeOrdered(bytes: Bytes, t: number, n: number, ar: boolean): Exec {
  const iss = syndrome(bytes, false, t, bytes === 8, ar);
  return (c) => {
    baseOff(c, n, 0);
    c.ldstSyndrome = iss;
    if (checkAligned(c, EA[0], EA[1], bytes, true)) c.write(EA[0], EA[1], bytes, c.x[2 * t], c.x[2 * t + 1]);
    c.ldstSyndrome = 0;
  };
}

/** One compiler for the whole group: size 001000 o2 L o1 Rs o0 Rt2 Rn Rt. */
const exclusive: Compile = (f, word): Exec => {
  const size = word >>> 30, bytes = (1 << size) as Bytes;
  const o2 = (word >>> 23) & 1, L = (word >>> 22) & 1, o1 = (word >>> 21) & 1;
  const t = f('Rt'), n = f('Rn');
  const s = (word >>> 16) & 31, t2 = (word >>> 10) & 31;
  const ar = ((word >>> 15) & 1) === 1;
  if (o2 === 1) return L ? loadOrdered(bytes, t, n, ar) : storeOrdered(bytes, t, n, ar);
  if (o1 === 1) {
    const eb: 4 | 8 = size === 3 ? 8 : 4;
    return L ? loadExclusivePair(eb, t, t2, n) : storeExclusivePair(eb, s, t, t2, n);
  }
  return L ? loadExclusive(bytes, t, n) : storeExclusive(bytes, s, t, n);
};

function build(): SemanticsTable {
  const out: Record<string, Compile> = {};
  for (const r of LDST_ATOMIC) if (r.group === 'ldst/exclusive' && !r.aliasOf && !r.asmOnly) out[r.id] = exclusive;
  return out;
}

export const LDST_EXCL_SEMANTICS: SemanticsTable = build();
