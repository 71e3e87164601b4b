// Exhaustive check of the system register table against binutils.
// 1. objdump: every MRS and MSR word with op0 in {2,3} (2 x 32768 words, Rt = x0); the register
//    operand objdump prints must equal sysregText(..., write).
// 2. gas: every name in the table, in MRS and MSR, must assemble (for some -march) to the
//    encoding parseSysregName gives it.
// Usage: node --import tsx scripts/sysreg-check.ts [--show N] [--no-gas]

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSysreg, parseSysregName, sysregText } from '../emulator/isa/sysregs';
import { SYSREG_ROWS } from '../emulator/isa/sysregs/index';
import { objdumpWords } from '../test/support/objdump';

const args = process.argv.slice(2);
const show = Number(args[args.indexOf('--show') + 1] ?? 10) || 10;
const AS = process.env.AARCH64_AS ?? 'aarch64-linux-gnu-as';

const MRS = 0xd5300000;
const MSR = 0xd5100000;

/** The 15 bits o0:op1:CRn:CRm:op2 (op0 = 2 + o0) of an MRS/MSR word. */
function fieldsOf(e: number): [number, number, number, number, number] {
  return [2 + (e >> 14), (e >> 11) & 7, (e >> 7) & 15, (e >> 3) & 15, e & 7];
}

function checkObjdump(): boolean {
  const words: number[] = [];
  for (const base of [MRS, MSR]) for (let e = 0; e < 1 << 15; e++) words.push((base | (e << 5)) >>> 0);
  const text = objdumpWords(words);
  let ok = 0;
  let named = 0;
  const bad: string[] = [];
  text.forEach((t, i) => {
    const write = i >= 1 << 15;
    const enc = fieldsOf(i & 0x7fff);
    const m = write ? /^msr\t([^,]+), x0$/.exec(t) : /^mrs\tx0, (\S+)$/.exec(t);
    const theirs = m ? m[1] : `<${t}>`;
    const ours = sysregText(...enc, write);
    if (!/^s[23]_/.test(theirs)) named++;
    if (theirs === ours) ok++;
    else bad.push(`${write ? 'MSR' : 'MRS'} ${enc.join(',')}: objdump ${theirs}, ours ${ours}`);
  });
  const pct = ((100 * ok) / words.length).toFixed(3);
  console.log(`objdump: ${ok}/${words.length} register operands agree (${pct}%), ${named} printed by name`);
  for (const b of bad.slice(0, show)) console.log('  ' + b);
  return bad.length === 0;
}

/** -march settings tried in turn; Armv8-R names (PRBAR*, VSCTLR_EL2) need armv8-r. */
const MARCHES = ['', 'armv9.3-a+sme+rng+memtag+sve+ls64+profile', 'armv8-r'];

/** Assembles lines with gas; returns the word of each line that assembled, else null. */
function gas(lines: string[], march: string): (number | null)[] {
  const dir = mkdtempSync(join(tmpdir(), 'armvirt-gas-'));
  try {
    // Each line in its own section-relative slot: a failing line emits nothing, so pad with labels.
    const src = lines.map((l, i) => `.org ${i * 4}\n${l}\n`).join('');
    writeFileSync(join(dir, 'a.s'), src);
    let err = '';
    try {
      execFileSync(AS, [...(march ? [`-march=${march}`] : []), '-o', join(dir, 'a.o'), join(dir, 'a.s')], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      err = String((e as { stderr?: Buffer }).stderr ?? '');
    }
    const failed = new Set<number>();
    for (const m of err.matchAll(/a\.s:(\d+): Error/g)) failed.add((Number(m[1]) - 2) / 2);
    if (failed.size === 0 && err) throw new Error(err);
    // With errors gas writes no object; assemble again without the failing lines.
    if (failed.size > 0) {
      const keep = lines.map((l, i) => (failed.has(i) ? 'nop' : l));
      const res = gas(keep, march);
      return res.map((w, i) => (failed.has(i) ? null : w));
    }
    execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'a.o'), join(dir, 'a.bin')]);
    const buf = readFileSync(join(dir, 'a.bin'));
    return lines.map((_, i) => (i * 4 + 4 <= buf.length ? buf.readUInt32LE(i * 4) : null));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function checkGas(): boolean {
  const names = SYSREG_ROWS.map((r) => r.name.toLowerCase());
  const lines = names.flatMap((n) => [`mrs x0, ${n}`, `msr ${n}, x0`]);
  const got: (number | null)[] = lines.map(() => null);
  for (const march of MARCHES) {
    const todo = got.map((w, i) => (w === null ? i : -1)).filter((i) => i >= 0);
    if (todo.length === 0) break;
    const res = gas(todo.map((i) => lines[i]), march);
    todo.forEach((i, j) => (got[i] = res[j]));
  }
  let ok = 0;
  const bad: string[] = [];
  lines.forEach((l, i) => {
    const enc = parseSysregName(names[i >> 1]);
    const want = enc === null ? null : ((i & 1 ? MSR : MRS) | ((enc & 0x7fff) << 5)) >>> 0;
    if (got[i] === null) bad.push(`gas rejects: ${l}`);
    else if (got[i] !== want) bad.push(`${l}: gas ${got[i]!.toString(16)}, ours ${want?.toString(16)}`);
    else ok++;
  });
  console.log(`gas: ${ok}/${lines.length} table names assemble to our encoding`);
  for (const b of bad.slice(0, show)) console.log('  ' + b);
  return bad.length === 0;
}

function checkTable(): boolean {
  const seen = new Map<string, string>();
  const bad: string[] = [];
  for (const r of SYSREG_ROWS) {
    const k = r.name.toLowerCase();
    if (seen.has(k)) bad.push(`duplicate name ${r.name}`);
    seen.set(k, r.name);
    if (parseSysregName(r.name) !== encodeSysreg(r.op0, r.op1, r.crn, r.crm, r.op2)) bad.push(`${r.name} does not resolve to its encoding`);
  }
  console.log(`table: ${SYSREG_ROWS.length} rows, ${bad.length} problems`);
  for (const b of bad.slice(0, show)) console.log('  ' + b);
  return bad.length === 0;
}

const results = [checkTable(), checkObjdump(), ...(args.includes('--no-gas') ? [] : [checkGas()])];
process.exitCode = results.every(Boolean) ? 0 : 1;
