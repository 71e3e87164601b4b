// Differential check of the instruction table against GNU objdump, for development:
//   node --import tsx scripts/isa-diff.ts [--filter REGEX] [--n PER_ROW] [--show K] [--random N]
// Per row: random words satisfying the row's fixed bits, disassembled by both; mismatches are
// listed with examples, and objdump's text is re-assembled by our assembler (round trip).

import { A64 } from '../emulator/isa/table';
import { disassemble } from '../emulator/isa/disasm';
import { encodeInstruction } from '../emulator/isa/asm/encode';
import { isUndefinedText, normalize, objdumpWords, outOfScopeGroup, rng } from '../test/support/objdump';

const args = process.argv.slice(2);
const opt = (k: string, d: string): string => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : d;
};
const filter = new RegExp(opt('--filter', '.'));
const perRow = Number(opt('--n', '200'));
const show = Number(opt('--show', '4'));
const randomN = Number(opt('--random', '0'));
const BASE = 0x1000n;

export function roundTrip(text: string, addr: bigint): string | null {
  const t = text.replace(/\s*\/\/.*$/, '').replace(/\s+<[^>]*>$/, '');
  const m = /^(\S+)\s*(.*)$/.exec(t);
  if (!m) return 'unparsable';
  const r = encodeInstruction(m[1], m[2], addr, () => undefined);
  return r.ok ? null : r.error;
}

if (randomN > 0) {
  const next = rng(12345);
  const words: number[] = [];
  while (words.length < randomN) {
    const w = next();
    if (!outOfScopeGroup(w)) words.push(w);
  }
  const ref = objdumpWords(words, BASE);
  let decodedByObjdump = 0, decodedByUs = 0, same = 0;
  const missing = new Map<string, { n: number; ex: string[] }>();
  const wrong = new Map<string, { n: number; ex: string[] }>();
  words.forEach((w, i) => {
    if (isUndefinedText(ref[i])) return;
    decodedByObjdump++;
    const ours = disassemble(w, BASE + BigInt(i * 4));
    const mn = ref[i].split(/\s/)[0];
    if (!ours.def) {
      const e = missing.get(mn) ?? { n: 0, ex: [] };
      e.n++; if (e.ex.length < 2) e.ex.push(`${w.toString(16).padStart(8, '0')} ${ref[i]}`);
      missing.set(mn, e);
      return;
    }
    decodedByUs++;
    if (normalize(ours.text) === normalize(ref[i])) same++;
    else {
      const e = wrong.get(ours.def.id) ?? { n: 0, ex: [] };
      e.n++; if (e.ex.length < 2) e.ex.push(`${w.toString(16).padStart(8, '0')} ours: ${normalize(ours.text)} | objdump: ${normalize(ref[i])}`);
      wrong.set(ours.def.id, e);
    }
  });
  console.log(`random words in scope: ${words.length}; objdump decodes ${decodedByObjdump}; we decode ${decodedByUs} (${((100 * decodedByUs) / decodedByObjdump).toFixed(2)}%); identical text ${same} (${((100 * same) / decodedByObjdump).toFixed(2)}%)`);
  console.log('missing by objdump mnemonic:');
  for (const [k, v] of [...missing].sort((a, b) => b[1].n - a[1].n).slice(0, 60)) console.log(`  ${k}: ${v.n}  ${v.ex.join(' ; ')}`);
  console.log('wrong text by row:');
  for (const [k, v] of [...wrong].sort((a, b) => b[1].n - a[1].n).slice(0, 60)) console.log(`  ${k}: ${v.n}\n    ${v.ex.join('\n    ')}`);
  process.exit(0);
}

const rows = A64.filter((r) => filter.test(r.id) || filter.test(r.group));
const next = rng(777);
const words: number[] = [];
const owner: string[] = [];
for (const r of rows) {
  if (r.asmOnly) continue;
  for (let k = 0; k < perRow; k++) {
    words.push(((next() & ~r.pattern.mask) | r.pattern.value) >>> 0);
    owner.push(r.id);
  }
}
const ref = objdumpWords(words, BASE);
const stats = new Map<string, { n: number; bad: number; rt: number; ex: string[] }>();
words.forEach((w, i) => {
  const st = stats.get(owner[i]) ?? { n: 0, bad: 0, rt: 0, ex: [] };
  stats.set(owner[i], st);
  st.n++;
  const addr = BASE + BigInt(i * 4);
  const ours = disassemble(w, addr);
  const a = normalize(ours.text), b = normalize(ref[i]);
  if (a !== b) {
    st.bad++;
    if (st.ex.length < show) st.ex.push(`${w.toString(16).padStart(8, '0')} ours: ${a} [${ours.def?.id ?? '-'}] | objdump: ${b}`);
    return;
  }
  if (!isUndefinedText(b)) {
    const err = roundTrip(ref[i], addr);
    const back = err === null ? null : err;
    if (back !== null) {
      st.rt++;
      if (st.ex.length < show) st.ex.push(`${w.toString(16).padStart(8, '0')} round trip of '${b}': ${back}`);
    } else {
      const t = ref[i].replace(/\s*\/\/.*$/, '').replace(/\s+<[^>]*>$/, '');
      const m = /^(\S+)\s*(.*)$/.exec(t)!;
      const r = encodeInstruction(m[1], m[2], addr, () => undefined);
      if (r.ok && r.word !== w) {
        // Different bits are fine only if they disassemble to the same text (don't-care bits).
        const again = objdumpWords([r.word], addr)[0];
        if (normalize(again) !== b) {
          st.rt++;
          if (st.ex.length < show) st.ex.push(`${w.toString(16).padStart(8, '0')} round trip of '${b}' gave ${r.word.toString(16)} = '${normalize(again)}'`);
        }
      }
    }
  }
});
let total = 0, bad = 0, rt = 0;
for (const [id, st] of stats) {
  total += st.n; bad += st.bad; rt += st.rt;
  if (st.bad || st.rt) console.log(`${id}: ${st.bad}/${st.n} differ, ${st.rt} round-trip failures\n  ${st.ex.join('\n  ')}`);
}
console.log(`rows ${rows.length}, words ${total}, text agreement ${(100 * (1 - bad / total)).toFixed(2)}%, round-trip failures ${rt}`);
