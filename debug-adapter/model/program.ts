// What the debugger knows of a loaded image: its symbols and its line table (address ↔ source
// line), so breakpoints, stack frames and the disassembly view can map between the two.
// A .S file is assembled here with the same assembler and options the loader uses, so the line
// table matches the bytes in RAM exactly; an ELF gives symbols only (no DWARF reader yet).

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { assemble } from '../../emulator/isa/asm/assembler';
import { readElf } from '../../emulator/machine/elf-reader';
import { detectFormat } from '../../emulator/machine/loader';
import type { PlacedImage } from '../../emulator/hypervisors/types';

export interface SymbolInfo { name: string; value: bigint; kind: 'code' | 'data' | 'abs' }
export interface SourceLoc { file: string; line: number }

/** An image loaded in a world. Today every image is the bare-metal one ("hyp" world = the machine). */
export class Program {
  readonly symbols: SymbolInfo[] = [];
  /** Code symbols sorted by address, for "symbol+offset" lookups. */
  private readonly sorted: SymbolInfo[] = [];
  private readonly byName = new Map<string, SymbolInfo>();
  /** Instruction addresses (sorted) and their source positions. */
  private readonly addrs: bigint[] = [];
  private readonly locs: SourceLoc[] = [];
  /** file → line → addresses of instructions emitted by that line. */
  private readonly byLine = new Map<string, Map<number, bigint[]>>();
  readonly sources = new Set<string>();

  /** The VM this image runs in (PlacedImage.vmid), null for the hypervisor, a host, or a bare program. */
  vmid: number | null = null;
  /** Placed images: load PA, link address and size (VA/IPA → PA without a walk). */
  placed: { loadPa: number; linkAddress: bigint; size: number } | null = null;

  constructor(readonly path: string, readonly format: 'elf' | 'asm' | 'raw', readonly world = 'hyp') {}

  /** An image a hypervisor system placed: its source's line table, or at least its symbols. */
  static forImage(img: PlacedImage, readFile: (p: string, from: string) => string | null): Program {
    const abs = resolve(img.source);
    const p = new Program(abs, /\.[sS]$/.test(abs) ? 'asm' : 'raw', img.role);
    p.vmid = img.vmid;
    p.placed = { loadPa: img.loadPa, linkAddress: img.linkAddress, size: img.size };
    const text = p.format === 'asm' ? readFile(abs, abs) : null;
    // Assembled as the system assembled it: linked at the image's link address.
    if (text !== null) p.fromAsm(text, img.linkAddress);
    if (!p.symbols.length) for (const [name, value] of img.symbols) p.addSymbol({ name, value, kind: 'code' });
    p.finish();
    return p;
  }

  /** Whether `addr` (a VA/IPA this image runs at) lies in the placed image. */
  contains(addr: bigint): boolean {
    const pl = this.placed;
    return pl !== null && addr >= pl.linkAddress && addr < pl.linkAddress + BigInt(pl.size);
  }

  /** PA of an address in a placed image (loadPa + offset); null for a bare program or outside it. */
  paOf(addr: bigint): number | null {
    const pl = this.placed;
    return pl && this.contains(addr) ? pl.loadPa + Number(addr - pl.linkAddress) : null;
  }

  static load(path: string, bytes: Uint8Array): Program {
    const abs = resolve(path);
    const fmt = detectFormat(abs, bytes);
    const p = new Program(abs, fmt);
    if (fmt === 'asm') p.fromAsm(new TextDecoder().decode(bytes));
    else if (fmt === 'elf') p.fromElf(bytes);
    p.finish();
    return p;
  }

  private fromAsm(src: string, base?: bigint): void {
    const img = assemble(src, { fileName: this.path, readFile: readSource, ...(base !== undefined ? { base } : {}) });
    if (!img.ok) return; // the loader reports the diagnostics
    const execRanges = img.sections.filter((s) => s.flags.exec).map((s) => [s.addr, s.addr + BigInt(s.data.length)] as const);
    const isCode = (a: bigint): boolean => execRanges.some(([lo, hi]) => a >= lo && a < hi);
    for (const s of img.symbols) {
      this.addSymbol({ name: s.name, value: s.value, kind: s.section === null ? 'abs' : isCode(s.value) ? 'code' : 'data' });
    }
    // Data directives have lines too; only instructions are places to stop.
    const seen = new Set<bigint>();
    for (const l of img.lines) {
      if (!isCode(l.addr) || seen.has(l.addr)) continue;
      seen.add(l.addr);
      this.addLine(l.addr, resolve(l.file), l.line);
    }
  }

  private fromElf(bytes: Uint8Array): void {
    try {
      const elf = readElf(bytes);
      const STT_FUNC = 2, STT_OBJECT = 1, STT_SECTION = 3, STT_FILE = 4;
      for (const s of elf.symbols) {
        if (!s.name || s.type === STT_SECTION || s.type === STT_FILE || s.name.startsWith('$')) continue;
        const exec = elf.sections.find((x) => x.name === s.section);
        const code = s.type === STT_FUNC || (s.type !== STT_OBJECT && exec !== undefined && (Number(exec.flags) & 4) !== 0);
        this.addSymbol({ name: s.name, value: s.value, kind: s.section === null ? 'abs' : code ? 'code' : 'data' });
      }
    } catch {
      // A malformed ELF is reported by the loader.
    }
  }

  private addSymbol(s: SymbolInfo): void {
    this.symbols.push(s);
    if (!this.byName.has(s.name)) this.byName.set(s.name, s);
  }

  private addLine(addr: bigint, file: string, line: number): void {
    this.addrs.push(addr);
    this.locs.push({ file, line });
    this.sources.add(file);
    let m = this.byLine.get(file);
    if (!m) this.byLine.set(file, (m = new Map()));
    const a = m.get(line);
    if (a) a.push(addr); else m.set(line, [addr]);
  }

  private finish(): void {
    const idx = this.addrs.map((_, i) => i).sort((a, b) => (this.addrs[a] < this.addrs[b] ? -1 : this.addrs[a] > this.addrs[b] ? 1 : 0));
    const a = idx.map((i) => this.addrs[i]), l = idx.map((i) => this.locs[i]);
    this.addrs.splice(0, this.addrs.length, ...a);
    this.locs.splice(0, this.locs.length, ...l);
    // Local labels ("1:", ".L…") make poor frame names.
    this.sorted.push(...this.symbols.filter((s) => s.kind === 'code' && !/^(\.L|L\d|\d)/.test(s.name)));
    this.sorted.sort((x, y) => (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
  }

  symbol(name: string): SymbolInfo | undefined { return this.byName.get(name); }

  /** "name+0x10" for an address inside a code symbol's span (up to the next symbol). */
  symbolize(addr: bigint): string | undefined {
    let lo = 0, hi = this.sorted.length - 1, best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].value <= addr) { best = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (best < 0) return undefined;
    const s = this.sorted[best];
    const off = addr - s.value;
    if (off > 0x10000n) return undefined;
    return off === 0n ? s.name : `${s.name}+0x${off.toString(16)}`;
  }

  /** The source line of the instruction at `addr` (exact). */
  location(addr: bigint): SourceLoc | undefined {
    let lo = 0, hi = this.addrs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.addrs[mid];
      if (v === addr) return this.locs[mid];
      if (v < addr) lo = mid + 1; else hi = mid - 1;
    }
    return undefined;
  }

  /**
   * Where a breakpoint on `file:line` binds: the first instruction of that line, or of the next
   * line that has code (within 32 lines, as a comment or label line binds to what follows).
   */
  bindLine(file: string, line: number): { line: number; addr: bigint } | undefined {
    const m = this.byLine.get(resolve(file));
    if (!m) return undefined;
    for (let l = line; l < line + 32; l++) {
      const a = m.get(l);
      if (a && a.length) return { line: l, addr: a.reduce((x, y) => (y < x ? y : x)) };
    }
    return undefined;
  }

  /** Lines of `file` with code (breakpointLocations). */
  linesOf(file: string): number[] {
    return [...(this.byLine.get(resolve(file))?.keys() ?? [])].sort((a, b) => a - b);
  }
}

export function readSource(path: string, fromFile: string): string | null {
  try {
    return readFileSync(resolve(dirname(fromFile), path), 'utf8');
  } catch {
    return null;
  }
}
