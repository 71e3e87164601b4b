// Differential test of the assembler against GNU as: every source in test/fixtures/asm-corpus
// is assembled by ours (emulator/isa/asm/assembler.ts) and by aarch64-linux-gnu-as; GNU's
// object is linked with a script that puts each section where ours did, and every section
// must be byte-identical and every symbol at the same address.

import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ElfSection, GnuLayout, gnuAssembleAndLink, gnuAssembleOnly, haveGnuToolchain, isMappingSymbol, NmSymbol } from '../support/gnu-as';
import { objdumpWords } from '../support/objdump';
import { assemble, type AsmImage, type AsmSection } from '../../emulator/isa/asm/assembler';

const CORPUS = resolve(__dirname, '..', 'fixtures', 'asm-corpus');
const BASE = 0x40080000n;
const FILES = readdirSync(CORPUS).filter((f) => /^\d\d-.*\.S$/.test(f)).sort();

/** `.include "x"` resolves beside the including file, then in the corpus root (as `-I` does for GNU). */
function readInclude(path: string, fromFile: string): string | null {
  for (const p of [resolve(dirname(fromFile), path), resolve(CORPUS, path)]) {
    if (existsSync(p)) return readFileSync(p, 'utf8');
  }
  return null;
}

const hex = (v: bigint | number, w = 8) => '0x' + v.toString(16).padStart(w, '0');
const word = (b: Uint8Array, off: number) =>
  off + 4 <= b.length ? (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0 : null;

/** "file:line: text" of the source line that produced `addr`, from our line table. */
function sourceAt(img: AsmImage, addr: bigint): string {
  let best: AsmImage['lines'][number] | undefined;
  for (const l of img.lines) if (l.addr <= addr && (!best || l.addr >= best.addr)) best = l;
  if (!best) return '(no line info)';
  let text = '';
  try {
    text = readFileSync(best.file, 'utf8').split('\n')[best.line - 1]?.trim() ?? '';
  } catch {
    /* a file we cannot read back: leave the text out */
  }
  return `${relative(CORPUS, best.file) || best.file}:${best.line}: ${text}`;
}

/** First difference between our section and GNU's, described for a human; null when equal. */
function diffSection(img: AsmImage, ours: AsmSection, gnu: ElfSection): string | null {
  if (ours.nobits !== gnu.nobits) return `${ours.name}: ours is ${ours.nobits ? 'NOBITS' : 'PROGBITS'}, GNU's is ${gnu.nobits ? 'NOBITS' : 'PROGBITS'}`;
  if (gnu.addr !== ours.addr) return `${ours.name}: GNU ld placed it at ${hex(gnu.addr)}, ours is at ${hex(ours.addr)} (section alignment?)`;
  const a = ours.data, b = gnu.data;
  const n = Math.min(a.length, b.length);
  let first = -1, differing = 0;
  for (let i = 0; i < n; i += 4) {
    let same = true;
    for (let j = i; j < Math.min(i + 4, n); j++) if (a[j] !== b[j]) same = false;
    if (!same) {
      differing++;
      if (first < 0) first = i;
    }
  }
  const sizeNote = a.length !== b.length ? ` (size: ours ${a.length}, GNU ${b.length} bytes)` : '';
  if (first < 0 && !sizeNote) return null;
  if (ours.nobits) return `${ours.name}${sizeNote}`;
  const at = first >= 0 ? first : n;
  const addr = ours.addr + BigInt(at);
  const wa = word(a, at), wb = word(b, at);
  const dis = (w: number | null) => (w === null ? '(past the end)' : `${hex(w)}  ${objdumpWords([w], addr)[0].replace(/\s+/g, ' ')}`);
  return [
    `${ours.name}+${hex(at, 1)} (${hex(addr)}): ${differing} of ${Math.ceil(n / 4)} words differ${sizeNote}`,
    `  source: ${sourceAt(img, addr)}`,
    `  ours:   ${dis(wa)}`,
    `  GNU:    ${dis(wb)}`,
  ].join('\n');
}

/** Symbols GNU as keeps in the symbol table: not .L locals, numeric labels, $x/$d or internals. */
const isProgramSymbol = (name: string) => /^[A-Za-z_.$][\w.$]*$/.test(name) && !name.startsWith('.L') && !isMappingSymbol(name);

function diffSymbols(img: AsmImage, gnu: NmSymbol[]): string[] {
  const out: string[] = [];
  const ours = new Map<string, bigint>();
  for (const s of img.symbols) if (isProgramSymbol(s.name)) ours.set(s.name, BigInt.asUintN(64, s.value));
  const theirs = new Map(gnu.map((s) => [s.name, s.value]));
  for (const [name, v] of theirs) {
    const o = ours.get(name);
    if (o === undefined) out.push(`symbol ${name}: GNU ${hex(v)}, missing in ours`);
    else if (o !== v) out.push(`symbol ${name}: GNU ${hex(v)}, ours ${hex(o)}`);
  }
  for (const [name, v] of ours) if (!theirs.has(name)) out.push(`symbol ${name}: ours ${hex(v)}, absent from GNU's symbol table`);
  return out;
}

/** Everything that differs between our image of `file` and GNU's, first cause first. */
function compareWithGnu(file: string): string[] {
  const path = join(CORPUS, file);
  const img = assemble(readFileSync(path, 'utf8'), { fileName: path, readFile: readInclude, base: BASE });
  if (!img.ok) {
    return img.diagnostics
      .filter((d) => d.severity === 'error')
      .slice(0, 8)
      .map((d) => `${relative(CORPUS, d.file) || d.file}:${d.line}:${d.column}: ${d.message}  [${sourceLine(d.file, d.line)}]`);
  }
  const layout: GnuLayout[] = img.sections.map((s) => ({ name: s.name, addr: s.addr }));
  const gnu = gnuAssembleAndLink({ sourcePath: path, includeDirs: [CORPUS], layout });
  if (!gnu.ok) return [`GNU as/ld failed with our layout ${layout.map((l) => `${l.name}@${hex(l.addr)}`).join(' ')}:\n${gnu.stderr}`];
  const problems: string[] = gnu.missing.map((m) => `section ${m}: GNU emits it (non-empty), ours has no such section`);
  for (const s of img.sections) {
    const g = gnu.sections.find((x) => x.name === s.name);
    if (!g) {
      if (s.data.length > 0) problems.push(`section ${s.name}: ours has ${s.data.length} bytes, GNU has no such section`);
      continue;
    }
    const d = diffSection(img, s, g);
    if (d) problems.push(d);
  }
  return [...problems, ...diffSymbols(img, gnu.symbols).slice(0, 12)];
}

function sourceLine(file: string, line: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n')[line - 1]?.trim() ?? '';
  } catch {
    return '';
  }
}

describe('GNU as corpus (test/fixtures/asm-corpus)', function () {
  this.timeout(120000);
  const summary: string[] = [];

  before(function () {
    if (!haveGnuToolchain()) this.skip();
  });

  describe('the fixtures are clean GNU as sources', function () {
    it('has at least 32 sources', function () {
      assert.ok(FILES.length >= 32, `only ${FILES.length} sources`);
    });
    for (const file of FILES) {
      it(`${file} assembles with aarch64-linux-gnu-as without warnings`, function () {
        const r = gnuAssembleOnly(join(CORPUS, file), [CORPUS]);
        assert.ok(r.ok, r.stderr);
        assert.equal(r.stderr, '', r.stderr);
        const lines = readFileSync(join(CORPUS, file), 'utf8').split('\n').length;
        assert.ok(lines >= 40 && lines <= 300, `${lines} lines`);
      });
    }
  });

  describe('the GNU side of the harness', function () {
    it('links each section at the address asked for and reads back bytes and symbols', function () {
      const path = join(CORPUS, '24-adrp-lo12.S');
      const obj = gnuAssembleOnly(path, [CORPUS]);
      assert.ok(obj.ok, obj.stderr);
      // Lay the sections out the way a simple assembler would: in order, 4 KiB apart.
      let addr = BASE;
      const layout = obj.sections.map((s) => {
        const l = { name: s.name, addr };
        addr += (BigInt(s.size) + 0x1fffn) & ~0xfffn;
        return l;
      });
      const r = gnuAssembleAndLink({ sourcePath: path, includeDirs: [CORPUS], layout });
      assert.ok(r.ok, r.stderr);
      assert.deepEqual(r.missing, []);
      for (const l of layout) {
        const s = r.sections.find((x) => x.name === l.name);
        assert.ok(s, l.name);
        assert.equal(s.addr, l.addr, l.name);
        assert.equal(s.size, obj.sections.find((x) => x.name === l.name)?.size);
      }
      const text = layout.find((l) => l.name === '.text')!.addr;
      const data = layout.find((l) => l.name === '.data')!.addr;
      assert.equal(r.symbols.find((s) => s.name === 'addr_demo')?.value, text);
      assert.equal(r.symbols.find((s) => s.name === 'kernel_data')?.value, data);
      // The first instruction is `adrp x0, kernel_data`: its page delta must be resolved.
      const t = r.sections.find((x) => x.name === '.text')!;
      const w = word(t.data, 0)!;
      const immhi = (w >>> 5) & 0x7ffff, immlo = (w >>> 29) & 3;
      const delta = BigInt.asIntN(21, BigInt((immhi << 2) | immlo)) << 12n;
      assert.equal((text & ~0xfffn) + delta, data & ~0xfffn);
    });
  });

  describe('our assembler produces byte-identical output', function () {
    after(function () {
      if (summary.length && process.env.GAS_CORPUS_SUMMARY) process.stdout.write(`\nGNU as corpus summary:\n${summary.join('\n')}\n`);
    });
    for (const file of FILES) {
      it(file, function () {
        let problems: string[];
        try {
          problems = compareWithGnu(file);
        } catch (e) {
          problems = [`assembler threw: ${(e as Error).stack ?? String(e)}`];
        }
        summary.push(`${file}: ${problems.length ? 'FAIL ' + problems[0].split('\n').slice(0, 4).join(' | ') : 'PASS'}`);
        if (problems.length) assert.fail(`${file}:\n${problems.join('\n')}`);
      });
    }
  });
});
