// Reads ELF64 little-endian AArch64 files (gABI "Object Files"): header, sections, segments and
// symbols. Every malformed input — truncated, wrong magic, class, byte order or machine, an
// offset or size outside the file — is an ElfError with a message saying what is wrong and where
// (DESIGN.md: "Bad input never crashes the host").

import {
  EHDR64_SIZE, ELF_TYPE_NAMES, ELFCLASS32, ELFCLASS64, ELFDATA2LSB, ELFDATA2MSB, EM_AARCH64, PHDR64_SIZE,
  SHDR64_SIZE, SHN_ABS, SHN_COMMON, SHN_LORESERVE, SHN_UNDEF, SHN_XINDEX, SHT_NOBITS, SHT_STRTAB, SHT_SYMTAB, SYM64_SIZE,
} from '../isa/elf-format';

export class ElfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ElfError';
  }
}

export interface ElfHeader {
  type: number;
  /** "EXEC", "REL", "DYN", … */
  typeName: string;
  machine: number;
  version: number;
  osabi: number;
  entry: bigint;
  phoff: bigint;
  shoff: bigint;
  flags: number;
  ehsize: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: bigint;
  addr: bigint;
  offset: bigint;
  size: bigint;
  link: number;
  info: number;
  addralign: bigint;
  entsize: bigint;
  /** The section's bytes in the file (empty for NOBITS). A view, not a copy. */
  data: Uint8Array;
}

export interface ElfSegment {
  type: number;
  flags: number;
  offset: bigint;
  vaddr: bigint;
  paddr: bigint;
  filesz: bigint;
  memsz: bigint;
  align: bigint;
  /** The segment's file bytes (filesz of them); memory beyond them up to memsz is zero. */
  data: Uint8Array;
}

export interface ElfSymbol {
  name: string;
  value: bigint;
  size: bigint;
  /** STT_* */
  type: number;
  /** STB_* */
  bind: number;
  visibility: number;
  shndx: number;
  /** Name of the defining section; null for undefined, absolute and common symbols. */
  section: string | null;
}

export interface ElfFile { header: ElfHeader; sections: ElfSection[]; segments: ElfSegment[]; symbols: ElfSymbol[] }

const MAX_NAME = 4096;

/** Bounds-checked little-endian reads: past the end is an ElfError naming `what`. */
class Reader {
  readonly dv: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get length(): number { return this.bytes.length; }
  private check(off: number, n: number, what: string): void {
    if (!Number.isSafeInteger(off) || off < 0 || off + n > this.bytes.length) {
      throw new ElfError(`${what} at offset 0x${off.toString(16)} lies outside the file (${this.bytes.length} bytes)`);
    }
  }
  u8(o: number, what: string): number { this.check(o, 1, what); return this.dv.getUint8(o); }
  u16(o: number, what: string): number { this.check(o, 2, what); return this.dv.getUint16(o, true); }
  u32(o: number, what: string): number { this.check(o, 4, what); return this.dv.getUint32(o, true); }
  u64(o: number, what: string): bigint { this.check(o, 8, what); return this.dv.getBigUint64(o, true); }
  /** bytes [off, off+size) as a view, checked against the file. */
  slice(off: bigint, size: bigint, what: string): Uint8Array {
    if (off < 0n || size < 0n || off + size > BigInt(this.bytes.length)) {
      throw new ElfError(`${what}: bytes 0x${off.toString(16)}..0x${(off + size).toString(16)} lie outside the file (${this.bytes.length} bytes)`);
    }
    return this.bytes.subarray(Number(off), Number(off + size));
  }
}

/** A NUL-terminated name at `off` in string table `tab`. */
function cstr(tab: Uint8Array, off: number, what: string): string {
  if (off >= tab.length) throw new ElfError(`${what}: name offset ${off} is outside its string table (${tab.length} bytes)`);
  let e = off;
  while (e < tab.length && tab[e] !== 0 && e - off < MAX_NAME) e++;
  if (e >= tab.length) throw new ElfError(`${what}: name at offset ${off} is not NUL-terminated`);
  return new TextDecoder().decode(tab.subarray(off, e));
}

function header(r: Reader): ElfHeader {
  if (r.length < 16) throw new ElfError(`truncated: ${r.length} bytes, too short for an ELF identification (16 bytes)`);
  if (r.bytes[0] !== 0x7f || r.bytes[1] !== 0x45 || r.bytes[2] !== 0x4c || r.bytes[3] !== 0x46) {
    throw new ElfError('not an ELF file: bad magic (expected 7f 45 4c 46)');
  }
  const cls = r.bytes[4];
  if (cls === ELFCLASS32) throw new ElfError('ELF32 (class 1) is not supported: expected an ELF64 AArch64 file');
  if (cls !== ELFCLASS64) throw new ElfError(`bad ELF class ${cls}: expected 2 (ELF64)`);
  const data = r.bytes[5];
  if (data === ELFDATA2MSB) throw new ElfError('big-endian ELF is not supported: expected little-endian AArch64');
  if (data !== ELFDATA2LSB) throw new ElfError(`bad ELF data encoding ${data}: expected 1 (little-endian)`);
  if (r.bytes[6] !== 1) throw new ElfError(`bad ELF identification version ${r.bytes[6]}: expected 1`);
  if (r.length < EHDR64_SIZE) throw new ElfError(`truncated: ${r.length} bytes, too short for an ELF64 header (64 bytes)`);
  const h: ElfHeader = {
    type: r.u16(16, 'e_type'),
    typeName: '',
    machine: r.u16(18, 'e_machine'),
    version: r.u32(20, 'e_version'),
    osabi: r.bytes[7],
    entry: r.u64(24, 'e_entry'),
    phoff: r.u64(32, 'e_phoff'),
    shoff: r.u64(40, 'e_shoff'),
    flags: r.u32(48, 'e_flags'),
    ehsize: r.u16(52, 'e_ehsize'),
    phentsize: r.u16(54, 'e_phentsize'),
    phnum: r.u16(56, 'e_phnum'),
    shentsize: r.u16(58, 'e_shentsize'),
    shnum: r.u16(60, 'e_shnum'),
    shstrndx: r.u16(62, 'e_shstrndx'),
  };
  h.typeName = ELF_TYPE_NAMES[h.type] ?? `0x${h.type.toString(16)}`;
  if (h.machine !== EM_AARCH64) throw new ElfError(`machine ${h.machine} is not AArch64 (EM_AARCH64 = ${EM_AARCH64})`);
  if (h.version !== 1) throw new ElfError(`bad e_version ${h.version}: expected 1`);
  if (h.ehsize < EHDR64_SIZE) throw new ElfError(`bad e_ehsize ${h.ehsize}: expected at least ${EHDR64_SIZE}`);
  if (h.phnum > 0 && h.phentsize !== PHDR64_SIZE) throw new ElfError(`bad e_phentsize ${h.phentsize}: expected ${PHDR64_SIZE}`);
  if ((h.shnum > 0 || h.shoff !== 0n) && h.shentsize !== SHDR64_SIZE) throw new ElfError(`bad e_shentsize ${h.shentsize}: expected ${SHDR64_SIZE}`);
  return h;
}

function tableAt(r: Reader, off: bigint, n: number, size: number, what: string): number {
  if (n === 0) return 0;
  const end = off + BigInt(n) * BigInt(size);
  if (off <= 0n || end > BigInt(r.length)) {
    throw new ElfError(`${what} (${n} entries at offset 0x${off.toString(16)}) lies outside the file (${r.length} bytes)`);
  }
  return Number(off);
}

function segments(r: Reader, h: ElfHeader): ElfSegment[] {
  const base = tableAt(r, h.phoff, h.phnum, PHDR64_SIZE, 'program header table');
  const out: ElfSegment[] = [];
  for (let i = 0; i < h.phnum; i++) {
    const o = base + i * PHDR64_SIZE;
    const w = `program header ${i}`;
    const s: ElfSegment = {
      type: r.u32(o, w), flags: r.u32(o + 4, w), offset: r.u64(o + 8, w), vaddr: r.u64(o + 16, w), paddr: r.u64(o + 24, w),
      filesz: r.u64(o + 32, w), memsz: r.u64(o + 40, w), align: r.u64(o + 48, w), data: new Uint8Array(0),
    };
    if (s.filesz > s.memsz) throw new ElfError(`${w}: p_filesz 0x${s.filesz.toString(16)} exceeds p_memsz 0x${s.memsz.toString(16)}`);
    s.data = r.slice(s.offset, s.filesz, w);
    out.push(s);
  }
  return out;
}

function sections(r: Reader, h: ElfHeader): ElfSection[] {
  let shnum = h.shnum;
  let shstrndx = h.shstrndx;
  if (h.shoff !== 0n && (shnum === 0 || shstrndx === SHN_XINDEX)) {
    // Extended numbering: the real counts live in section 0 (gABI "Sections").
    const o = tableAt(r, h.shoff, 1, SHDR64_SIZE, 'section header table');
    if (shnum === 0) shnum = Number(r.u64(o + 32, 'section header 0') & 0xffffffn);
    if (shstrndx === SHN_XINDEX) shstrndx = r.u32(o + 40, 'section header 0');
  }
  const base = tableAt(r, h.shoff, shnum, SHDR64_SIZE, 'section header table');
  const out: ElfSection[] = [];
  const nameOffs: number[] = [];
  for (let i = 0; i < shnum; i++) {
    const o = base + i * SHDR64_SIZE;
    const w = `section header ${i}`;
    nameOffs.push(r.u32(o, w));
    const s: ElfSection = {
      index: i, name: '', type: r.u32(o + 4, w), flags: r.u64(o + 8, w), addr: r.u64(o + 16, w), offset: r.u64(o + 24, w),
      size: r.u64(o + 32, w), link: r.u32(o + 40, w), info: r.u32(o + 44, w), addralign: r.u64(o + 48, w), entsize: r.u64(o + 56, w),
      data: new Uint8Array(0),
    };
    if (i > 0 && s.type !== SHT_NOBITS && s.type !== 0) s.data = r.slice(s.offset, s.size, `section ${i}`);
    out.push(s);
  }
  if (shnum > 0 && shstrndx !== 0) {
    if (shstrndx >= shnum) throw new ElfError(`e_shstrndx ${shstrndx} is not a section (there are ${shnum})`);
    const tab = out[shstrndx];
    if (tab.type !== SHT_STRTAB) throw new ElfError(`section ${shstrndx} (e_shstrndx) is not a string table`);
    for (const s of out) if (s.index > 0) s.name = cstr(tab.data, nameOffs[s.index], `name of section ${s.index}`);
  }
  return out;
}

function symbols(secs: ElfSection[]): ElfSymbol[] {
  const out: ElfSymbol[] = [];
  for (const t of secs) {
    if (t.type !== SHT_SYMTAB) continue;
    const w = `symbol table '${t.name}'`;
    if (t.entsize !== BigInt(SYM64_SIZE)) throw new ElfError(`${w}: entry size ${t.entsize} (expected ${SYM64_SIZE})`);
    if (t.size % BigInt(SYM64_SIZE) !== 0n) throw new ElfError(`${w}: size ${t.size} is not a multiple of ${SYM64_SIZE}`);
    if (t.link === 0 || t.link >= secs.length || secs[t.link].type !== SHT_STRTAB) throw new ElfError(`${w}: sh_link ${t.link} is not a string table`);
    const strtab = secs[t.link].data;
    const dv = new DataView(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    const n = t.data.length / SYM64_SIZE;
    for (let i = 1; i < n; i++) {
      const o = i * SYM64_SIZE;
      const info = dv.getUint8(o + 4);
      const shndx = dv.getUint16(o + 6, true);
      const special = shndx === SHN_UNDEF || shndx === SHN_ABS || shndx === SHN_COMMON || shndx >= SHN_LORESERVE;
      if (!special && shndx >= secs.length) throw new ElfError(`${w}: symbol ${i} refers to section ${shndx}, which does not exist`);
      out.push({
        name: cstr(strtab, dv.getUint32(o, true), `${w}, symbol ${i}`),
        value: dv.getBigUint64(o + 8, true),
        size: dv.getBigUint64(o + 16, true),
        type: info & 0xf,
        bind: info >> 4,
        visibility: dv.getUint8(o + 5) & 3,
        shndx,
        section: special ? null : secs[shndx].name,
      });
    }
  }
  return out;
}

export function readElf(bytes: Uint8Array): ElfFile {
  try {
    const r = new Reader(bytes);
    const h = header(r);
    const segs = segments(r, h);
    const secs = sections(r, h);
    return { header: h, sections: secs, segments: segs, symbols: symbols(secs) };
  } catch (e) {
    if (e instanceof ElfError) throw e;
    // A bounds bug here must still surface as a clear ElfError, never a RangeError.
    throw new ElfError(`malformed ELF: ${e instanceof Error ? e.message : String(e)}`);
  }
}
