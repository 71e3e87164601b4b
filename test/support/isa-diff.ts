// The differential check of the instruction table against GNU objdump, shared by the mocha
// suite (test/isa/objdump-diff.test.ts) and the development script (scripts/isa-diff.ts).

import { A64 } from '../../emulator/isa/table';
import { disassemble } from '../../emulator/isa/disasm';
import { encodeInstruction } from '../../emulator/isa/asm/encode';
import type { InsnDef } from '../../emulator/isa/types';
import { isUndefinedText, normalize, objdumpWords, outOfScopeGroup, rng } from './objdump';

const BASE = 0x1000n;

export interface RowStats { id: string; group: string; n: number; differ: number; roundTripFailures: number; examples: string[] }

/** Strips objdump's comment and symbol suffix, then assembles the text back. */
export function assembleObjdumpText(text: string, addr: bigint): { word?: number; error?: string } {
  const t = text.replace(/\s*\/\/.*$/, '').replace(/\s+<[^>]*>$/, '');
  const m = /^(\S+)\s*(.*)$/.exec(t);
  if (!m) return { error: 'unparsable' };
  const r = encodeInstruction(m[1], m[2], addr, () => undefined);
  return r.ok ? { word: r.word } : { error: r.error };
}

export function diffRows(rows: readonly InsnDef[], perRow: number, seed = 777, maxExamples = 4): RowStats[] {
  const next = rng(seed);
  const words: number[] = [];
  const owner: InsnDef[] = [];
  for (const r of rows) {
    if (r.asmOnly) continue;
    for (let k = 0; k < perRow; k++) {
      words.push(((next() & ~r.pattern.mask) | r.pattern.value) >>> 0);
      owner.push(r);
    }
  }
  const ref = objdumpWords(words, BASE);
  const stats = new Map<string, RowStats>();
  const redo: { i: number; word: number; addr: bigint }[] = [];
  words.forEach((w, i) => {
    const r = owner[i];
    let st = stats.get(r.id);
    if (!st) stats.set(r.id, (st = { id: r.id, group: r.group, n: 0, differ: 0, roundTripFailures: 0, examples: [] }));
    st.n++;
    const addr = BASE + BigInt(i * 4);
    const ours = disassemble(w, addr);
    const a = normalize(ours.text), b = normalize(ref[i]);
    const hex = w.toString(16).padStart(8, '0');
    if (a !== b) {
      st.differ++;
      if (st.examples.length < maxExamples) st.examples.push(`${hex} ours: ${a} [${ours.def?.id ?? '-'}] | objdump: ${b}`);
      return;
    }
    if (isUndefinedText(b)) return;
    const back = assembleObjdumpText(ref[i], addr);
    if (back.error !== undefined) {
      st.roundTripFailures++;
      if (st.examples.length < maxExamples) st.examples.push(`${hex} round trip of '${b}': ${back.error}`);
    } else if (back.word !== w) redo.push({ i, word: back.word!, addr });
  });
  // Different bits are fine only where they are don't-care bits: objdump must read them the same.
  if (redo.length) {
    const again = objdumpWords(redo.map((x) => x.word), 0n);
    redo.forEach((x, k) => {
      // Re-disassemble at the original address for PC-relative operands.
      const b = normalize(ref[x.i]);
      const ours = normalize(disassemble(x.word, x.addr).text);
      if (ours !== b && normalize(again[k]) !== b) {
        const st = stats.get(owner[x.i].id)!;
        st.roundTripFailures++;
        if (st.examples.length < maxExamples) st.examples.push(`${words[x.i].toString(16).padStart(8, '0')} round trip of '${b}' gave ${x.word.toString(16)}`);
      }
    });
  }
  return [...stats.values()];
}

export interface CoverageStats {
  inScope: number;
  objdumpDecodes: number;
  weDecode: number;
  identical: number;
  missing: Map<string, { n: number; examples: string[] }>;
  wrong: Map<string, { n: number; examples: string[] }>;
}

/** Uniformly random words outside the SIMD&FP data-processing, SVE and SME groups. */
export function randomCoverage(n: number, seed = 12345): CoverageStats {
  const next = rng(seed);
  const words: number[] = [];
  while (words.length < n) {
    const w = next();
    if (!outOfScopeGroup(w)) words.push(w);
  }
  const ref = objdumpWords(words, BASE);
  const s: CoverageStats = { inScope: n, objdumpDecodes: 0, weDecode: 0, identical: 0, missing: new Map(), wrong: new Map() };
  const note = (m: Map<string, { n: number; examples: string[] }>, k: string, ex: string): void => {
    const e = m.get(k) ?? { n: 0, examples: [] };
    e.n++;
    if (e.examples.length < 2) e.examples.push(ex);
    m.set(k, e);
  };
  words.forEach((w, i) => {
    if (isUndefinedText(ref[i])) return;
    s.objdumpDecodes++;
    const ours = disassemble(w, BASE + BigInt(i * 4));
    const hex = w.toString(16).padStart(8, '0');
    if (!ours.def) return note(s.missing, ref[i].split(/\s/)[0], `${hex} ${normalize(ref[i])}`);
    s.weDecode++;
    if (normalize(ours.text) === normalize(ref[i])) s.identical++;
    else note(s.wrong, ours.def.id, `${hex} ours: ${normalize(ours.text)} | objdump: ${normalize(ref[i])}`);
  });
  return s;
}

export { A64 };
