// Matches a 32-bit word against the instruction table. Rows are bucketed by bits 31:21 once;
// within a bucket they are tried by priority (aliases first), then by how many bits they fix,
// then in table order, so the most specific row that accepts the word wins.

import { extract, popcount } from './pattern';
import type { InsnDef } from './types';

const KEY_SHIFT = 21;
const BUCKETS = 1 << (32 - KEY_SHIFT);

export class Decoder {
  private readonly buckets: InsnDef[][] = [];

  constructor(readonly rows: readonly InsnDef[], opts: { aliases: boolean } = { aliases: true }) {
    const order = rows
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => !r.asmOnly && (opts.aliases || !r.aliasOf))
      .sort((a, b) => b.r.prio - a.r.prio || popcount(b.r.pattern.mask) - popcount(a.r.pattern.mask) || a.i - b.i)
      .map(({ r }) => r);
    const shared = new Map<string, InsnDef[]>();
    for (let k = 0; k < BUCKETS; k++) {
      const hi = (k << KEY_SHIFT) >>> 0;
      const list = order.filter((r) => ((r.pattern.mask >>> KEY_SHIFT) & (k ^ (r.pattern.value >>> KEY_SHIFT))) === 0);
      const sig = list.map((r) => r.id).join(',');
      let l = shared.get(sig);
      if (!l) shared.set(sig, (l = list));
      this.buckets[hi >>> KEY_SHIFT] = l;
    }
  }

  /** All rows whose fixed bits and condition accept the word, best first. */
  *candidates(word: number): Generator<InsnDef> {
    word >>>= 0;
    for (const r of this.buckets[word >>> KEY_SHIFT]) {
      if (((word & r.pattern.mask) >>> 0) !== r.pattern.value) continue;
      if (r.when && !r.when(fieldReader(r, word))) continue;
      yield r;
    }
  }

  /** The best row for the word, or null when it is unallocated (UNDEFINED). */
  decode(word: number): InsnDef | null {
    for (const r of this.candidates(word)) return r;
    return null;
  }
}

export function fieldReader(r: InsnDef, word: number): (name: string) => number {
  return (name) => {
    const span = r.pattern.fields.get(name);
    if (!span) throw new Error(`row ${r.id} has no field ${name}`);
    return extract(word, span);
  };
}
