// Literal pools for `ldr Rt, =expr`, laid out as GNU as lays them out (tc-aarch64.c
// add_to_lit_pool / s_ltorg): one pool per section and entry size (4: W/S/LDRSW, 8: X/D,
// 16: Q); `.ltorg`/`.pool` and the end of assembly emit the 4-, 8- then 16-byte pool, each
// aligned to its entry size with zero bytes. Constants with the same value and `sym±const`
// with the same symbol and addend share one entry; any other expression gets its own.

import type { Section } from './sections';

export type PoolSize = 4 | 8 | 16;

export interface PoolEntry {
  readonly sec: Section;
  readonly size: PoolSize;
  /** Known constant value (absolute expression at the point of the ldr). */
  readonly value?: bigint;
  /** Otherwise the expression, with local label references pinned, evaluated in pass 2. */
  readonly text?: string;
  /** Offset in `sec` once the pool is emitted; -1 before. */
  off: number;
  /** Set by pass 2 once the value is written. */
  written: boolean;
}

interface Pool { entries: PoolEntry[]; byKey: Map<string, PoolEntry> }

const SIZES: readonly PoolSize[] = [4, 8, 16];

export class LiteralPools {
  private readonly pools = new Map<Section, Map<PoolSize, Pool>>();

  /** Adds (or finds) an entry; `key` null means never shared. */
  add(sec: Section, size: PoolSize, key: string | null, v: { value?: bigint; text?: string }): PoolEntry {
    let bySize = this.pools.get(sec);
    if (!bySize) this.pools.set(sec, (bySize = new Map()));
    let pool = bySize.get(size);
    if (!pool) bySize.set(size, (pool = { entries: [], byKey: new Map() }));
    if (key !== null) {
      const old = pool.byKey.get(key);
      if (old) return old;
    }
    const e: PoolEntry = { sec, size, value: v.value, text: v.text, off: -1, written: false };
    pool.entries.push(e);
    if (key !== null) pool.byKey.set(key, e);
    return e;
  }

  /** Emits the pending pools of `sec` at its current end. Returns the offset of the first entry, or -1. */
  flush(sec: Section): number {
    const bySize = this.pools.get(sec);
    if (!bySize) return -1;
    let first = -1;
    for (const size of SIZES) {
      const pool = bySize.get(size);
      if (!pool || pool.entries.length === 0) continue;
      sec.alignTo(size, 0);
      sec.mark('d');
      for (const e of pool.entries) {
        e.off = sec.skip(size);
        if (first < 0) first = e.off;
      }
    }
    this.pools.delete(sec);
    return first;
  }

  pendingSections(): Section[] {
    return [...this.pools.keys()];
  }
}

/** Entry size for the destination register of `ldr`/`ldrsw Rt, =…`, or null. */
export function poolSizeFor(mnemonic: string, rt: string): PoolSize | null {
  const r = rt.trim().toLowerCase();
  if (mnemonic === 'ldrsw') return /^x([0-9]|[12][0-9]|30)$/.test(r) ? 4 : null;
  const m = /^([wxsdq])([0-9]|[12][0-9]|3[01])$/.exec(r);
  if (!m) return /^(xzr|lr)$/.test(r) ? 8 : r === 'wzr' ? 4 : null;
  return ({ w: 4, s: 4, x: 8, d: 8, q: 16 } as const)[m[1] as 'w' | 's' | 'x' | 'd' | 'q'];
}
