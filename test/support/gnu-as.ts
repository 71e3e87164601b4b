// GNU as + ld as an oracle for the assembler: assembles a source with aarch64-linux-gnu-as, links
// it with a linker script that puts every section at an address we choose (normally the one our
// assembler chose), and returns each section's bytes and the linked symbol table.
// Used by the differential tests only; never by the product itself.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_AS = process.env.AARCH64_AS ?? 'aarch64-linux-gnu-as';
export const GNU_LD = process.env.AARCH64_LD ?? 'aarch64-linux-gnu-ld';
export const GNU_NM = process.env.AARCH64_NM ?? 'aarch64-linux-gnu-nm';

export function haveGnuToolchain(): boolean {
  try {
    for (const tool of [GNU_AS, GNU_LD, GNU_NM]) execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface ElfSection {
  name: string;
  addr: bigint;
  size: number;
  align: number;
  /** SHT_NOBITS (.bss): no bytes in the file. */
  nobits: boolean;
  flags: { alloc: boolean; write: boolean; exec: boolean };
  /** The section's bytes; zero-filled for nobits sections. */
  data: Uint8Array;
}

const SHT_NOBITS = 8;
const SHF_WRITE = 1n, SHF_ALLOC = 2n, SHF_EXECINSTR = 4n;

/** Section headers and contents of a little-endian ELF64 file (relocatable or executable). */
export function parseElf64Sections(buf: Buffer): ElfSection[] {
  if (buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 2 || buf[5] !== 1) throw new Error('not a little-endian ELF64 file');
  const shoff = Number(buf.readBigUInt64LE(0x28));
  const shentsize = buf.readUInt16LE(0x3a);
  const shnum = buf.readUInt16LE(0x3c);
  const shstrndx = buf.readUInt16LE(0x3e);
  const hdr = (i: number) => {
    const o = shoff + i * shentsize;
    return {
      name: buf.readUInt32LE(o),
      type: buf.readUInt32LE(o + 4),
      flags: buf.readBigUInt64LE(o + 8),
      addr: buf.readBigUInt64LE(o + 16),
      offset: Number(buf.readBigUInt64LE(o + 24)),
      size: Number(buf.readBigUInt64LE(o + 32)),
      align: Number(buf.readBigUInt64LE(o + 48)),
    };
  };
  const strtab = hdr(shstrndx);
  const nameAt = (off: number) => {
    const start = strtab.offset + off;
    const end = buf.indexOf(0, start);
    return buf.toString('latin1', start, end);
  };
  const out: ElfSection[] = [];
  for (let i = 1; i < shnum; i++) {
    const h = hdr(i);
    const nobits = h.type === SHT_NOBITS;
    out.push({
      name: nameAt(h.name),
      addr: h.addr,
      size: h.size,
      align: h.align,
      nobits,
      flags: { alloc: (h.flags & SHF_ALLOC) !== 0n, write: (h.flags & SHF_WRITE) !== 0n, exec: (h.flags & SHF_EXECINSTR) !== 0n },
      data: nobits ? new Uint8Array(h.size) : new Uint8Array(buf.subarray(h.offset, h.offset + h.size)),
    });
  }
  return out;
}

export interface NmSymbol {
  name: string;
  value: bigint;
  /** nm's type letter: t/T text, d/D data, b/B bss, r/R rodata, a/A absolute, … */
  type: string;
}

/** ELF mapping symbols ($x, $d, $x.123) mark code/data runs for disassemblers; not program symbols. */
export const isMappingSymbol = (name: string): boolean => /^\$[xd](\.|$)/.test(name);

export interface GnuResult {
  ok: boolean;
  /** as/ld diagnostics (empty when clean). */
  stderr: string;
  /** Allocated sections of the relocatable object, as `as` produced them (addresses 0). */
  objectSections: ElfSection[];
  /** Allocated sections of the linked image, at the addresses of the layout. */
  sections: ElfSection[];
  /** Defined symbols of the linked image (mapping symbols dropped). */
  symbols: NmSymbol[];
}

export interface GnuLayout {
  name: string;
  addr: bigint;
}

export interface GnuAssembleOptions {
  /** Path of the source on disk: `as` reads it from there, so `.include` resolves as usual. */
  sourcePath: string;
  /** Extra `-I` directories for `.include`. */
  includeDirs?: readonly string[];
  /** Where each output section goes; sections `as` emits but the layout lacks are reported in `missing`. */
  layout: readonly GnuLayout[];
}

/** Only the characters ld's script lexer accepts unquoted in a section name. */
const scriptName = (n: string): string => {
  if (!/^[A-Za-z0-9_.$-]+$/.test(n)) throw new Error(`section name ${JSON.stringify(n)} cannot go in a linker script`);
  return n;
};

/** `SECTIONS { .text 0x40080000 : { *(.text) } … }` placing each input section at its layout address. */
export function linkerScript(layout: readonly GnuLayout[]): string {
  const lines = layout.map((s) => `  ${scriptName(s.name)} 0x${s.addr.toString(16)} : { *(${scriptName(s.name)}) }`);
  return `SECTIONS\n{\n${lines.join('\n')}\n}\n`;
}

/** Assembles `sourcePath` with GNU as and links it at `layout`; never throws for tool failures. */
export function gnuAssembleAndLink(opts: GnuAssembleOptions): GnuResult & { missing: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'armvirt-gas-'));
  const empty = { objectSections: [], sections: [], symbols: [], missing: [] };
  try {
    const obj = join(dir, 'in.o');
    const elf = join(dir, 'out.elf');
    const script = join(dir, 'link.ld');
    const inc = (opts.includeDirs ?? []).flatMap((d) => ['-I', d]);
    let stderr = run(GNU_AS, [...inc, '-o', obj, opts.sourcePath]);
    if (stderr === null) return { ok: false, stderr: lastStderr, ...empty };
    const objectSections = parseElf64Sections(readFileSync(obj)).filter((s) => s.flags.alloc);
    const placed = new Set(opts.layout.map((s) => s.name));
    const missing = objectSections.filter((s) => s.size > 0 && !placed.has(s.name)).map((s) => s.name);
    writeFileSync(script, linkerScript(opts.layout));
    // -N: no page alignment of segments, so each output section sits exactly where the script says.
    // -e 0: no entry-symbol warning; the entry point plays no part in the comparison.
    const ldErr = run(GNU_LD, ['-N', '--no-relax', '--build-id=none', '-e', '0', '-T', script, '-o', elf, obj]);
    if (ldErr === null) return { ok: false, stderr: stderr + lastStderr, ...empty, objectSections, missing };
    stderr += ldErr;
    const sections = parseElf64Sections(readFileSync(elf)).filter((s) => s.flags.alloc);
    const symbols = parseNm(execFileSync(GNU_NM, ['-n', '--defined-only', elf], { encoding: 'utf8' }));
    return { ok: true, stderr, objectSections, sections, symbols, missing };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Assembles only (no link): for checking that a fixture is valid GNU syntax. */
export function gnuAssembleOnly(sourcePath: string, includeDirs: readonly string[] = []): { ok: boolean; stderr: string; sections: ElfSection[] } {
  const dir = mkdtempSync(join(tmpdir(), 'armvirt-gas-'));
  try {
    const obj = join(dir, 'in.o');
    const stderr = run(GNU_AS, [...includeDirs.flatMap((d) => ['-I', d]), '-o', obj, sourcePath]);
    if (stderr === null) return { ok: false, stderr: lastStderr, sections: [] };
    return { ok: true, stderr, sections: parseElf64Sections(readFileSync(obj)).filter((s) => s.flags.alloc) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function parseNm(text: string): NmSymbol[] {
  const out: NmSymbol[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+) (\S) (.+)$/.exec(line);
    if (!m || isMappingSymbol(m[3])) continue;
    out.push({ name: m[3], value: BigInt('0x' + m[1]), type: m[2] });
  }
  return out;
}

let lastStderr = '';
/** Runs a tool; returns its stderr (warnings) on success, null on failure (stderr in lastStderr). */
function run(tool: string, args: string[]): string | null {
  const r = spawnSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status === 0) return r.stderr;
  lastStderr = r.error ? r.error.message : r.stderr;
  return null;
}
