// Development view of the differential check against GNU objdump:
//   node --import tsx scripts/isa-diff.ts [--filter REGEX] [--n PER_ROW] [--show K] [--random N]
// Per row: random words satisfying the row's fixed bits, disassembled by both; differences
// are listed with examples, and objdump's text is re-assembled by our assembler (round trip).

import { A64, diffRows, randomCoverage } from '../test/support/isa-diff';

const args = process.argv.slice(2);
const opt = (k: string, d: string): string => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : d;
};
const filter = new RegExp(opt('--filter', '.'));
const randomN = Number(opt('--random', '0'));

if (randomN > 0) {
  const s = randomCoverage(randomN);
  const pct = (x: number): string => ((100 * x) / s.objdumpDecodes).toFixed(2) + '%';
  console.log(`random words in scope: ${s.inScope}; objdump decodes ${s.objdumpDecodes}; we decode ${s.weDecode} (${pct(s.weDecode)}); identical text ${s.identical} (${pct(s.identical)})`);
  console.log('missing, by objdump mnemonic:');
  for (const [k, v] of [...s.missing].sort((a, b) => b[1].n - a[1].n).slice(0, 80)) console.log(`  ${k}: ${v.n}  ${v.examples.join(' ; ')}`);
  console.log('different text, by our row:');
  for (const [k, v] of [...s.wrong].sort((a, b) => b[1].n - a[1].n).slice(0, 80)) console.log(`  ${k}: ${v.n}\n    ${v.examples.join('\n    ')}`);
} else {
  const rows = A64.filter((r) => filter.test(r.id) || filter.test(r.group));
  const stats = diffRows(rows, Number(opt('--n', '200')), 777, Number(opt('--show', '4')));
  let total = 0, bad = 0, rt = 0;
  for (const st of stats) {
    total += st.n; bad += st.differ; rt += st.roundTripFailures;
    if (st.differ || st.roundTripFailures) console.log(`${st.id}: ${st.differ}/${st.n} differ, ${st.roundTripFailures} round-trip failures\n  ${st.examples.join('\n  ')}`);
  }
  console.log(`rows ${rows.length}, words ${total}, text agreement ${(100 * (1 - bad / Math.max(1, total))).toFixed(2)}%, round-trip failures ${rt}`);
}
