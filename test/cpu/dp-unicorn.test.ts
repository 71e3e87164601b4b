// Differential test of the data-processing semantics against Unicorn (QEMU's TCG, Cortex-A57
// model; Debian package python3-unicorn). For every non-alias row of the dp-imm/dp-reg groups:
// ~100 random encodings of the row with random register values biased to edge values, one
// instruction each, through our core and through test/support/unicorn-oracle.py (all cases in
// one Python process); X0–X30, SP, NZCV and "took UNDEFINED" must agree. Rows whose features
// the A57 lacks (PAuth, MTE, CSSC, FlagM) must be UNDEFINED on both; FlagM, which has
// semantics, is also checked on Unicorn's "max" CPU. DP_UNICORN_REPORT=1
// prints the per-row agreement table.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { A64 } from '../../emulator/isa/table';
import type { InsnDef } from '../../emulator/isa/types';
import { Cpu, ISA_FEATURES_A57, baseDecoder } from '../../emulator/cpu/cpu';
import { A64_SEMANTICS } from '../../emulator/cpu/semantics';
import { PhysicalBus } from '../../emulator/memory/bus';

const ORACLE = path.join(__dirname, '..', 'support', 'unicorn-oracle.py');
const CODE = 0x40000000; // the oracle's code region (1 MB): one word address per case
const PER_ROW = 100;
const M64 = (1n << 64n) - 1n;

interface Case { row: string; word: number; pc: number; x: bigint[]; sp: bigint; nzcv: number }
interface Result { undef?: boolean; x?: string[]; sp?: string; nzcv?: number; error?: string }
interface State { undef: boolean; x: bigint[]; sp: bigint; nzcv: number }

/** mulberry32: a small seeded PRNG, so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0);
  };
}

const EDGES = [0n, 1n, 2n, M64, M64 - 1n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x7fffffffffffffffn,
  0x8000000000000000n, 0xffffffff00000000n, 0xffffffff80000000n, 0x8000000080000000n, 0xffn, 0xffffn, 0x1fn, 0x3fn, 0x20n, 0x40n];

function value(r: () => number): bigint {
  const k = r() % 10;
  if (k < 5) return EDGES[r() % EDGES.length];
  if (k < 6) return BigInt.asUintN(64, BigInt(r() | 0)); // sign-extended 32-bit
  if (k < 7) return BigInt(r() % 64);
  return (BigInt(r()) << 32n) | BigInt(r());
}

function makeCases(rows: InsnDef[], scratch: Cpu): Case[] {
  const r = prng(Number(process.env.DP_UNICORN_SEED ?? 0x5eed));
  const dec = baseDecoder();
  const cases: Case[] = [];
  for (const row of rows) {
    let made = 0, reserved = 0;
    for (let tries = 0; made < PER_ROW && tries < PER_ROW * 50; tries++) {
      const word = ((r() & ~row.pattern.mask) | row.pattern.value) >>> 0;
      if (dec.decode(word)?.id !== row.id) continue;
      // Reserved encodings of an implemented row (shift=ROR, imm6>=32 for W, …): a few suffice.
      if (scratch.isaFeatures.has(row.feature) && A64_SEMANTICS[row.id] && takesUndef(scratch, word)) { if (reserved >= MAX_RESERVED) continue; reserved++; }
      const x = Array.from({ length: 31 }, () => value(r));
      cases.push({ row: row.id, word, pc: CODE + 4 * cases.length, x, sp: value(r), nzcv: r() & 15 });
      made++;
    }
  }
  return cases;
}

const MAX_RESERVED = 10;

function takesUndef(cpu: Cpu, word: number): boolean {
  cpu.el = 1; cpu.spsel = 1; cpu.pcLo = CODE; cpu.pcHi = 0;
  const before = cpu.undefinedCounts.get('unallocated') ?? 0;
  cpu.compile(word, CODE)(cpu);
  return (cpu.undefinedCounts.get('unallocated') ?? 0) !== before;
}

function findPython(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    const p = spawnSync(py, ['-c', 'import unicorn'], { stdio: 'ignore' });
    if (p.status === 0) return py;
  }
  return null;
}

function runOracle(py: string, model: string, cases: Case[]): State[] {
  const input = cases.map((k) => JSON.stringify({
    word: '0x' + k.word.toString(16), pc: '0x' + k.pc.toString(16), x: k.x.map((v) => '0x' + v.toString(16)),
    sp: '0x' + k.sp.toString(16), nzcv: k.nzcv,
  })).join('\n') + '\n';
  const p = spawnSync(py, [ORACLE, model], { input, maxBuffer: 1 << 30, encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`unicorn oracle failed: ${p.stderr}`);
  const lines = p.stdout.trim().split('\n');
  assert.equal(lines.length, cases.length, 'oracle answered every case');
  return lines.map((l) => {
    const o = JSON.parse(l) as Result;
    if (o.error) throw new Error(o.error);
    if (o.undef) return { undef: true, x: [], sp: 0n, nzcv: 0 };
    return { undef: false, x: o.x!.map((v) => BigInt(v)), sp: BigInt(o.sp!), nzcv: o.nzcv! };
  });
}

/** One instruction through our core: compiled from the word, executed once at the case's PC (EL1h). */
function runOurs(cpu: Cpu, k: Case): State {
  cpu.el = 1; cpu.spsel = 1;
  for (let i = 0; i < 31; i++) cpu.setXBig(i, k.x[i]);
  cpu.setSp(Number(k.sp & 0xffffffffn), Number(k.sp >> 32n));
  cpu.setNzcv(k.nzcv);
  cpu.pcLo = k.pc; cpu.pcHi = 0;
  let before = 0;
  for (const v of cpu.undefinedCounts.values()) before += v;
  cpu.compile(k.word, k.pc)(cpu);
  let after = 0;
  for (const v of cpu.undefinedCounts.values()) after += v;
  if (after !== before) return { undef: true, x: [], sp: 0n, nzcv: 0 };
  const sp = (BigInt(cpu.spHi()) << 32n) | BigInt(cpu.spLo());
  return { undef: false, x: Array.from({ length: 31 }, (_, i) => cpu.xBig(i)), sp, nzcv: cpu.nzcv() };
}

function diff(k: Case, ours: State, theirs: State): string | null {
  const hex = (v: bigint): string => '0x' + v.toString(16);
  const where = `${k.row} word=0x${k.word.toString(16).padStart(8, '0')} pc=${hex(BigInt(k.pc))} nzcv=${k.nzcv}`;
  if (ours.undef !== theirs.undef) return `${where}: UNDEFINED ours=${ours.undef} unicorn=${theirs.undef}`;
  if (ours.undef) return null;
  for (let i = 0; i < 31; i++) {
    if (ours.x[i] !== theirs.x[i]) return `${where}: X${i} ours=${hex(ours.x[i])} unicorn=${hex(theirs.x[i])} (in ${k.x.map(hex).join(',')})`;
  }
  if (ours.sp !== theirs.sp) return `${where}: SP ours=${hex(ours.sp)} unicorn=${hex(theirs.sp)} (in ${hex(k.sp)})`;
  if (ours.nzcv !== theirs.nzcv) return `${where}: NZCV ours=${ours.nzcv} unicorn=${theirs.nzcv}`;
  return null;
}

/** One differential suite: `rows` against Unicorn's `model`, our core executing `features`. */
function differential(title: string, rows: InsnDef[], model: string, features: ReadonlySet<string>): void {
  describe(title, function () {
    const cpu = new Cpu(0, new PhysicalBus(CODE, 1 << 20), A64_SEMANTICS, undefined, undefined, features);
    const cases = makeCases(rows, cpu);
    const byRow = new Map<string, number[]>();
    cases.forEach((k, i) => { const l = byRow.get(k.row) ?? []; l.push(i); byRow.set(k.row, l); });
    let ours: State[] = [];
    let theirs: State[] = [];

    before(function () {
      const py = findPython();
      if (py === null) { this.skip(); return; }
      theirs = runOracle(py, model, cases);
      ours = cases.map((k) => runOurs(cpu, k));
    });

    after(function () {
      if (!process.env.DP_UNICORN_REPORT || theirs.length === 0) return;
      for (const row of rows) {
        const idx = byRow.get(row.id) ?? [];
        const agree = idx.filter((i) => diff(cases[i], ours[i], theirs[i]) === null).length;
        const und = idx.filter((i) => theirs[i].undef).length;
        console.log(`${model} ${row.id.padEnd(14)} ${agree}/${idx.length} agree (${und} UNDEFINED on Unicorn)`);
      }
    });

    it('generates cases for every row', () => {
      assert.deepEqual(rows.filter((r) => !byRow.has(r.id)).map((r) => r.id), []);
    });

    for (const row of rows) {
      const absent = !features.has(row.feature) || A64_SEMANTICS[row.id] === undefined;
      it(`${row.id}${absent ? ` (${row.feature}: UNDEFINED)` : ''}`, () => {
        const idx = byRow.get(row.id) ?? [];
        const bad = idx.map((i) => diff(cases[i], ours[i], theirs[i])).filter((d): d is string => d !== null);
        assert.deepEqual(bad.slice(0, 3), [], `${bad.length}/${idx.length} cases disagree`);
        if (absent) assert.ok(idx.every((i) => ours[i].undef), 'UNDEFINED here');
      });
    }
  });
}

const DP_ROWS: InsnDef[] = A64.filter((d) => /^dp-(imm|reg)\//.test(d.group) && !d.aliasOf && !d.asmOnly);

describe('data-processing semantics vs Unicorn', () => {
  differential('Cortex-A57: every row', DP_ROWS, 'a57', ISA_FEATURES_A57);
  // FEAT_FlagM has semantics but the A57 lacks it: check them on Unicorn's "max" CPU.
  differential('max: FEAT_FlagM rows', DP_ROWS.filter((r) => r.feature === 'flagm'), 'max', new Set([...ISA_FEATURES_A57, 'flagm']));
});
