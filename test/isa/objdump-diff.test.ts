// Differential test of the instruction table against GNU binutils (issue: "What it must show").
// Every row: random encodings disassembled by us and by aarch64-linux-gnu-objdump must agree
// for at least 99.5% of them overall, and objdump's text must assemble back to the same bits.
// Uniformly random words that objdump decodes (outside SIMD&FP data processing, SVE, SME):
// we must decode at least 95%. Disagreements are printed by class.

import { strict as assert } from 'node:assert';
import { A64, diffRows, randomCoverage } from '../support/isa-diff';
import { haveObjdump } from '../support/objdump';

const PER_ROW = Number(process.env.ISA_DIFF_PER_ROW ?? 60);
const RANDOM_WORDS = Number(process.env.ISA_DIFF_RANDOM ?? 200000);

describe('A64 table against GNU objdump', function () {
  before(function () {
    if (!haveObjdump()) this.skip();
  });

  it(`agrees with objdump on ≥99.5% of ${PER_ROW} random encodings per row, and round-trips`, function () {
    const stats = diffRows(A64, PER_ROW);
    const total = stats.reduce((a, s) => a + s.n, 0);
    const differ = stats.reduce((a, s) => a + s.differ, 0);
    const rt = stats.reduce((a, s) => a + s.roundTripFailures, 0);
    const byGroup = new Map<string, { n: number; differ: number; rt: number }>();
    for (const s of stats) {
      const g = byGroup.get(s.group) ?? { n: 0, differ: 0, rt: 0 };
      g.n += s.n; g.differ += s.differ; g.rt += s.roundTripFailures;
      byGroup.set(s.group, g);
    }
    const agreement = 1 - differ / total;
    console.log(`      rows ${stats.length}, encodings ${total}, text agreement ${(100 * agreement).toFixed(3)}%, round-trip failures ${rt}`);
    for (const [g, v] of [...byGroup].filter(([, v]) => v.differ || v.rt)) {
      console.log(`      ${g}: ${v.differ}/${v.n} differ, ${v.rt} round-trip failures`);
    }
    for (const s of stats.filter((s) => s.differ || s.roundTripFailures).slice(0, 40)) {
      console.log(`        ${s.id}: ${s.examples[0]}`);
    }
    assert.ok(agreement >= 0.995, `text agreement ${(100 * agreement).toFixed(3)}% < 99.5%`);
    assert.ok(rt / total <= 0.005, `round-trip failures ${rt} of ${total}`);
  });

  it(`decodes ≥95% of ${RANDOM_WORDS} uniformly random in-scope words that objdump decodes`, function () {
    const s = randomCoverage(RANDOM_WORDS);
    const decoded = s.weDecode / s.objdumpDecodes;
    const identical = s.identical / s.objdumpDecodes;
    console.log(`      objdump decodes ${s.objdumpDecodes} of ${s.inScope}; we decode ${(100 * decoded).toFixed(2)}%, identical text ${(100 * identical).toFixed(2)}%`);
    const top = [...s.missing].sort((a, b) => b[1].n - a[1].n).slice(0, 15);
    if (top.length) console.log(`      most missed: ${top.map(([k, v]) => `${k} ${v.n}`).join(', ')}`);
    assert.ok(decoded >= 0.95, `decoded ${(100 * decoded).toFixed(2)}% < 95%`);
  });
});
