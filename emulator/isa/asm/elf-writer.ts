// An assembled image as an ELF64 little-endian AArch64 file (gABI "Object Files"; AAELF64).
// 'exec': ET_EXEC, one PT_LOAD per non-empty allocated section, file offsets congruent to
// addresses modulo the 4 KiB page so any loader may map them; e_entry is `_start` (AsmImage.entry).
// 'rel': ET_REL without relocations (every reference is already resolved); sections keep their
// addresses in sh_addr so objdump shows the same addresses, and symbol values are offsets in
// their section as ET_REL requires.
// Both carry .symtab/.strtab/.shstrtab: section symbols, the $x/$d mapping symbols objdump
// uses to tell code from data, and the image's symbols (GNU as leaves out .L locals; so do we).

import {
  EHDR64_SIZE, ELFCLASS64, ELFDATA2LSB, EM_AARCH64, ET_EXEC, ET_REL, EV_CURRENT, PF_R, PF_W, PF_X, PHDR64_SIZE, PT_LOAD,
  SHDR64_SIZE, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHN_ABS, SHT_NOBITS, SHT_PROGBITS, SHT_STRTAB, SHT_SYMTAB,
  STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FUNC, STT_NOTYPE, STT_OBJECT, STT_SECTION, SYM64_SIZE,
} from '../elf-format';
import type { AsmImage, AsmSection } from './assembler';

const PAGE = 0x1000n;

class StrTab {
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private size = 1;
  private readonly seen = new Map<string, number>();
  private readonly enc = new TextEncoder();
  add(s: string): number {
    if (s === '') return 0;
    const old = this.seen.get(s);
    if (old !== undefined) return old;
    const b = this.enc.encode(s + '\0');
    const off = this.size;
    this.parts.push(b);
    this.size += b.length;
    this.seen.set(s, off);
    return off;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) { out.set(p, o); o += p.length; }
    return out;
  }
}

interface Sym { name: number; info: number; shndx: number; value: bigint; size: bigint }

const alignUp = (v: bigint, a: bigint): bigint => (a <= 1n ? v : ((v + a - 1n) / a) * a);

export function writeElf(img: AsmImage, kind: 'exec' | 'rel'): Uint8Array {
  const exec = kind === 'exec';
  const secs = img.sections;
  const shstr = new StrTab();
  const str = new StrTab();
  // Section header indices: 0 null, 1..n the image's sections, then .symtab, .strtab, .shstrtab.
  const secIndex = new Map<string, number>(secs.map((s, i) => [s.name, i + 1]));
  const symtabIdx = secs.length + 1;
  const loads = exec ? secs.filter((s) => s.flags.alloc && s.data.length > 0) : [];

  // Symbols: locals (section, mapping, local) first, then globals (gABI: sh_info = first global).
  const value = (v: bigint, s: AsmSection | undefined): bigint => (exec || !s ? v : v - s.addr);
  const locals: Sym[] = [{ name: 0, info: 0, shndx: 0, value: 0n, size: 0n }];
  const globals: Sym[] = [];
  secs.forEach((s, i) => locals.push({ name: 0, info: STT_SECTION, shndx: i + 1, value: exec ? s.addr : 0n, size: 0n }));
  secs.forEach((s, i) => {
    for (const m of s.mapping ?? []) {
      if (m.offset >= s.data.length) continue;
      locals.push({ name: str.add(`$${m.kind}`), info: STT_NOTYPE, shndx: i + 1, value: value(s.addr + BigInt(m.offset), s), size: 0n });
    }
  });
  const byName = new Map(secs.map((s) => [s.name, s]));
  for (const s of img.symbols) {
    if (!s.global && s.name.startsWith('.L')) continue;
    const sec = s.section === null ? undefined : byName.get(s.section);
    const type = s.kind === 'func' ? STT_FUNC : s.kind === 'object' ? STT_OBJECT : STT_NOTYPE;
    const bind = s.weak ? STB_WEAK : s.global ? STB_GLOBAL : STB_LOCAL;
    const e: Sym = { name: str.add(s.name), info: (bind << 4) | type, shndx: sec ? secIndex.get(sec.name)! : SHN_ABS, value: value(s.value, sec), size: BigInt(s.size ?? 0) };
    (bind === STB_LOCAL ? locals : globals).push(e);
  }
  const syms = [...locals, ...globals];

  shstr.add('.symtab'); shstr.add('.strtab'); shstr.add('.shstrtab');
  const secNames = secs.map((s) => shstr.add(s.name));

  // File layout.
  let off = BigInt(EHDR64_SIZE + loads.length * PHDR64_SIZE);
  const secOff: bigint[] = [];
  for (const s of secs) {
    if (exec && s.flags.alloc) {
      const want = ((s.addr % PAGE) + PAGE) % PAGE;
      off += (want - (off % PAGE) + PAGE) % PAGE;
    } else off = alignUp(off, BigInt(Math.max(1, s.align)));
    secOff.push(off);
    if (!s.nobits) off += BigInt(s.data.length);
  }
  off = alignUp(off, 8n);
  const symOff = off;
  off += BigInt(syms.length * SYM64_SIZE);
  const strBytes = str.bytes();
  const strOff = off;
  off += BigInt(strBytes.length);
  const shstrBytes = shstr.bytes();
  const shstrOff = off;
  off += BigInt(shstrBytes.length);
  off = alignUp(off, 8n);
  const shOff = off;
  const shnum = secs.length + 4;
  const total = Number(off) + shnum * SHDR64_SIZE;

  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  const u16 = (o: number, v: number): void => dv.setUint16(o, v, true);
  const u32 = (o: number, v: number): void => dv.setUint32(o, v >>> 0, true);
  const u64 = (o: number, v: bigint): void => dv.setBigUint64(o, BigInt.asUintN(64, v), true);

  // ELF header (gABI "ELF Header").
  out.set([0x7f, 0x45, 0x4c, 0x46, ELFCLASS64, ELFDATA2LSB, EV_CURRENT, 0], 0);
  u16(16, exec ? ET_EXEC : ET_REL);
  u16(18, EM_AARCH64);
  u32(20, EV_CURRENT);
  u64(24, exec ? img.entry : 0n);
  u64(32, loads.length ? BigInt(EHDR64_SIZE) : 0n);
  u64(40, shOff);
  u32(48, 0);
  u16(52, EHDR64_SIZE);
  u16(54, loads.length ? PHDR64_SIZE : 0);
  u16(56, loads.length);
  u16(58, SHDR64_SIZE);
  u16(60, shnum);
  u16(62, shnum - 1);

  loads.forEach((s, i) => {
    const p = EHDR64_SIZE + i * PHDR64_SIZE;
    const fo = secOff[secs.indexOf(s)];
    u32(p, PT_LOAD);
    u32(p + 4, PF_R | (s.flags.write ? PF_W : 0) | (s.flags.exec ? PF_X : 0));
    u64(p + 8, fo);
    u64(p + 16, s.addr);
    u64(p + 24, s.addr);
    u64(p + 32, s.nobits ? 0n : BigInt(s.data.length));
    u64(p + 40, BigInt(s.data.length));
    u64(p + 48, PAGE);
  });

  secs.forEach((s, i) => { if (!s.nobits) out.set(s.data, Number(secOff[i])); });
  syms.forEach((s, i) => {
    const o = Number(symOff) + i * SYM64_SIZE;
    u32(o, s.name);
    out[o + 4] = s.info;
    out[o + 5] = 0;
    u16(o + 6, s.shndx);
    u64(o + 8, s.value);
    u64(o + 16, s.size);
  });
  out.set(strBytes, Number(strOff));
  out.set(shstrBytes, Number(shstrOff));

  const sh = (i: number, name: number, type: number, flags: number, addr: bigint, offset: bigint, size: bigint, link: number, info: number, align: number, entsize: number): void => {
    const o = Number(shOff) + i * SHDR64_SIZE;
    u32(o, name); u32(o + 4, type); u64(o + 8, BigInt(flags)); u64(o + 16, addr); u64(o + 24, offset);
    u64(o + 32, size); u32(o + 40, link); u32(o + 44, info); u64(o + 48, BigInt(align)); u64(o + 56, BigInt(entsize));
  };
  secs.forEach((s, i) => {
    const flags = (s.flags.alloc ? SHF_ALLOC : 0) | (s.flags.write ? SHF_WRITE : 0) | (s.flags.exec ? SHF_EXECINSTR : 0);
    sh(i + 1, secNames[i], s.nobits ? SHT_NOBITS : SHT_PROGBITS, flags, s.flags.alloc ? s.addr : 0n, secOff[i], BigInt(s.data.length), 0, 0, Math.max(1, s.align), 0);
  });
  sh(symtabIdx, shstr.add('.symtab'), SHT_SYMTAB, 0, 0n, symOff, BigInt(syms.length * SYM64_SIZE), symtabIdx + 1, locals.length, 8, SYM64_SIZE);
  sh(symtabIdx + 1, shstr.add('.strtab'), SHT_STRTAB, 0, 0n, strOff, BigInt(strBytes.length), 0, 0, 1, 0);
  sh(symtabIdx + 2, shstr.add('.shstrtab'), SHT_STRTAB, 0, 0n, shstrOff, BigInt(shstrBytes.length), 0, 0, 1, 0);
  return out;
}
