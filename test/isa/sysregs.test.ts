// System register table: structural invariants, well-known encodings, and (when binutils is
// installed) a sampled comparison of MRS/MSR operand text with objdump.

import { strict as assert } from 'node:assert';
import { encodeSysreg, parseSysregName, sysregByEncoding, sysregByName, sysregText } from '../../emulator/isa/sysregs';
import { ESR_EC, ESR_ISS_FIELDS, SYSREG_FIELD_TABLES, SYSREG_FIELDS, SYSREG_ROWS, SYSREG_VIEWS } from '../../emulator/isa/sysregs/index';
import type { SysRegField } from '../../emulator/isa/sysregs';
import { haveObjdump, objdumpWords, rng } from '../support/objdump';

function checkLayout(where: string, fields: readonly SysRegField[]): void {
  let used = 0n;
  const names = new Set<string>();
  for (const fl of fields) {
    assert.ok(fl.width >= 1 && fl.lsb >= 0 && fl.lsb + fl.width <= 64, `${where}.${fl.name}: bits ${fl.lsb}+${fl.width} outside 64`);
    assert.ok(!names.has(fl.name), `${where}: duplicate field ${fl.name}`);
    names.add(fl.name);
    const mask = ((1n << BigInt(fl.width)) - 1n) << BigInt(fl.lsb);
    assert.equal(used & mask, 0n, `${where}.${fl.name} overlaps another field`);
    used |= mask;
    for (const v of Object.keys(fl.values ?? {})) {
      assert.ok(Number(v) >= 0 && Number(v) < 2 ** fl.width, `${where}.${fl.name}: value ${v} does not fit`);
    }
  }
}

describe('system register table', () => {
  it('has valid encodings, unique names, and every name resolves to its encoding', () => {
    const seen = new Set<string>();
    for (const r of SYSREG_ROWS) {
      assert.ok(r.op0 === 2 || r.op0 === 3, `${r.name}: op0`);
      assert.ok(r.op1 < 8 && r.crn < 16 && r.crm < 16 && r.op2 < 8, `${r.name}: field range`);
      assert.ok(!seen.has(r.name.toLowerCase()), `duplicate ${r.name}`);
      seen.add(r.name.toLowerCase());
      assert.equal(parseSysregName(r.name), encodeSysreg(r.op0, r.op1, r.crn, r.crm, r.op2), r.name);
      assert.ok(r.desc.length > 0, `${r.name}: desc`);
    }
    assert.ok(SYSREG_ROWS.length > 1000);
  });

  it('has field layouts without overlaps that fit in 64 bits', () => {
    for (const r of SYSREG_ROWS) if (r.fields) checkLayout(r.name, r.fields);
    for (const [name, views] of Object.entries(SYSREG_VIEWS)) for (const v of views) checkLayout(`${name}[${v.when}]`, v.fields);
    for (const [ec, fields] of Object.entries(ESR_ISS_FIELDS)) {
      checkLayout(`ISS[EC=${ec}]`, fields);
      for (const fl of fields) assert.ok(fl.lsb + fl.width <= 25, `ISS[EC=${ec}].${fl.name} outside ISS`);
      assert.ok(ESR_EC[Number(ec)], `ISS layout for unnamed EC ${ec}`);
    }
  });

  it('names only registers that exist in its field tables, with no key in two tables', () => {
    const keys = new Set<string>();
    for (const t of SYSREG_FIELD_TABLES) {
      for (const k of Object.keys(t)) {
        assert.ok(sysregByName(k), `field table names unknown register ${k}`);
        assert.ok(!keys.has(k), `${k} is in two field tables`);
        keys.add(k);
      }
    }
    for (const r of ['HCR_EL2', 'ESR_EL2', 'ICH_LR15_EL2', 'CNTV_CTL_EL02', 'SCTLR_EL12', 'VTCR_EL2', 'ICH_VTR_EL2', 'SPSR_EL2']) {
      assert.ok(sysregByName(r)?.fields?.length, `${r} has fields`);
    }
    assert.equal(sysregByName('sctlr_el12')?.fields, SYSREG_FIELDS.SCTLR_EL1);
  });

  it('knows the well-known encodings', () => {
    const at = (n: string) => {
      const r = sysregByName(n);
      assert.ok(r, n);
      return [r.op0, r.op1, r.crn, r.crm, r.op2];
    };
    assert.deepEqual(at('HCR_EL2'), [3, 4, 1, 1, 0]);
    assert.deepEqual(at('VTTBR_EL2'), [3, 4, 2, 1, 0]);
    assert.deepEqual(at('ICH_LR3_EL2'), [3, 4, 12, 12, 3]);
    assert.deepEqual(at('ICH_LR12_EL2'), [3, 4, 12, 13, 4]);
    assert.deepEqual(at('PMEVCNTR30_EL0'), [3, 3, 14, 11, 6]);
    assert.deepEqual(at('DBGBVR15_EL1'), [2, 0, 0, 15, 4]);
    assert.deepEqual(at('CNTV_CTL_EL02'), [3, 5, 14, 3, 1]);
    assert.deepEqual(at('ESR_EL2'), [3, 4, 5, 2, 0]);
    assert.equal(sysregByEncoding(3, 4, 1, 1, 0)?.name, 'HCR_EL2');
    const hcr = sysregByName('HCR_EL2')!.fields!;
    const bit = (n: string) => hcr.find((f) => f.name === n)?.lsb;
    assert.deepEqual([bit('VM'), bit('IMO'), bit('TGE'), bit('RW'), bit('E2H'), bit('NV2'), bit('FWB')], [0, 4, 27, 31, 34, 45, 46]);
    const ec = sysregByName('ESR_EL2')!.fields!.find((f) => f.name === 'EC')!;
    assert.equal(ec.lsb, 26);
    assert.match(ec.values![0x16], /^HVC64/);
  });

  it('prints names as objdump does, in both directions', () => {
    assert.equal(sysregText(3, 4, 1, 1, 0, false), 'hcr_el2');
    assert.equal(sysregText(3, 0, 0, 0, 0, true), 'midr_el1'); // read-only, still named for MSR
    assert.equal(sysregText(2, 3, 0, 5, 0, false), 'dbgdtrrx_el0');
    assert.equal(sysregText(2, 3, 0, 5, 0, true), 'dbgdtrtx_el0');
    assert.equal(sysregText(3, 0, 4, 0, 0, false), 'spsr_el1'); // not the deprecated spsr_svc
    assert.equal(sysregText(3, 7, 15, 15, 7, false), 's3_7_c15_c15_7');
    assert.equal(parseSysregName('spsr_svc'), parseSysregName('spsr_el1'));
    assert.equal(parseSysregName('S3_4_C1_C1_0'), encodeSysreg(3, 4, 1, 1, 0));
  });

  (haveObjdump() ? it : it.skip)('matches objdump on 3000 random MRS/MSR encodings', () => {
    const next = rng(2024);
    const words: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const e = next() & 0x7fff;
      const write = (next() & 1) === 1;
      words.push(((write ? 0xd5100000 : 0xd5300000) | (e << 5)) >>> 0);
    }
    // Every named encoding too, so the sample cannot miss the interesting ones.
    for (const r of SYSREG_ROWS) {
      const e = encodeSysreg(r.op0, r.op1, r.crn, r.crm, r.op2) & 0x7fff;
      words.push((0xd5300000 | (e << 5)) >>> 0, (0xd5100000 | (e << 5)) >>> 0);
    }
    const text = objdumpWords(words);
    const bad: string[] = [];
    words.forEach((w, i) => {
      const write = ((w >>> 21) & 1) === 0;
      const e = (w >>> 5) & 0x7fff;
      const ours = sysregText(2 + (e >> 14), (e >> 11) & 7, (e >> 7) & 15, (e >> 3) & 15, e & 7, write);
      const want = write ? `msr\t${ours}, x0` : `mrs\tx0, ${ours}`;
      if (text[i] !== want) bad.push(`${w.toString(16)}: objdump '${text[i]}', ours '${want}'`);
    });
    assert.deepEqual(bad.slice(0, 10), []);
  });
});
