// Output sections while assembling: a growable byte buffer, the section's alignment and ELF
// flags, and the AArch64 mapping-symbol transitions ($x code / $d data, AAELF64 "Mapping
// symbols") that let objdump tell instructions from data.

import { AsmError } from '../types';

export interface SectionFlags { alloc: boolean; write: boolean; exec: boolean }

/** Upper bound on one section, so `.space 1<<40` is an error rather than an allocation failure. */
export const MAX_SECTION_SIZE = 256 * 1024 * 1024;

/** AArch64 NOP (C6.2.238), GNU as's padding for code alignment. */
export const NOP = 0xd503201f;

export class Section {
  private buf = new Uint8Array(256);
  size = 0;
  align = 1;
  /** [offset, 'x' | 'd'] whenever the content kind changes. */
  readonly mapping: { offset: number; kind: 'x' | 'd' }[] = [];
  constructor(readonly name: string, readonly index: number, public flags: SectionFlags, public nobits: boolean) {}

  get code(): boolean { return this.flags.exec; }

  /** Marks the start of instructions ('x') or data ('d') at the current offset. */
  mark(kind: 'x' | 'd'): void {
    if (this.nobits) return;
    const last = this.mapping[this.mapping.length - 1];
    if (last?.kind === kind) return;
    if (last && last.offset === this.size) this.mapping.pop();
    const prev = this.mapping[this.mapping.length - 1];
    if (prev?.kind !== kind) this.mapping.push({ offset: this.size, kind });
  }

  private reserve(n: number): void {
    const need = this.size + n;
    if (need > MAX_SECTION_SIZE) throw new AsmError(`section ${this.name} would exceed ${MAX_SECTION_SIZE} bytes`);
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.size));
    this.buf = nb;
  }

  /** Appends n bytes of `fill` and returns their offset. */
  skip(n: number, fill = 0): number {
    if (n < 0) throw new AsmError('negative size');
    const off = this.size;
    this.reserve(n);
    if (fill !== 0) this.buf.fill(fill & 0xff, off, off + n);
    this.size += n;
    return off;
  }

  bytes(b: ArrayLike<number>): number {
    const off = this.size;
    this.reserve(b.length);
    this.buf.set(b, off);
    this.size += b.length;
    return off;
  }

  /** Writes a little-endian value of `size` bytes at `off` (pass 2). */
  put(off: number, size: number, v: bigint): void {
    for (let i = 0; i < size; i++) {
      this.buf[off + i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }

  /** Repeats `pattern` over [off, off + total) (.fill). */
  fillPattern(off: number, total: number, pattern: readonly number[]): void {
    for (let i = 0; i < total; i++) this.buf[off + i] = pattern[i % pattern.length];
  }

  put32(off: number, w: number): void {
    this.buf[off] = w & 0xff;
    this.buf[off + 1] = (w >>> 8) & 0xff;
    this.buf[off + 2] = (w >>> 16) & 0xff;
    this.buf[off + 3] = (w >>> 24) & 0xff;
  }

  /** Pads to a multiple of `a` bytes. In code without an explicit fill GNU as pads with zero
   *  bytes up to a word boundary, then NOPs (tc-aarch64.c aarch64_handle_align). */
  alignTo(a: number, fill: number | undefined, max?: number): void {
    this.align = Math.max(this.align, a);
    const pad = (a - (this.size % a)) % a;
    if (pad === 0 || (max !== undefined && max > 0 && pad > max)) return;
    if (fill !== undefined || !this.code) { this.skip(pad, fill ?? 0); return; }
    const fix = pad & 3;
    if (fix) { this.mark('d'); this.skip(fix); }
    if (pad > fix) this.mark('x');
    for (let i = fix; i < pad; i += 4) this.put32(this.skip(4), NOP);
  }

  content(): Uint8Array {
    return this.buf.slice(0, this.size);
  }

  nonZero(off: number, size: number): boolean {
    for (let i = off; i < off + size; i++) if (this.buf[i] !== 0) return true;
    return false;
  }
}

/** ELF's special section names and their default attributes (gABI "Special Sections"). */
export function defaultSectionAttrs(name: string): { flags: SectionFlags; nobits: boolean } {
  const is = (p: string): boolean => name === p || name.startsWith(p + '.');
  const f = (alloc: boolean, write: boolean, exec: boolean, nobits = false) => ({ flags: { alloc, write, exec }, nobits });
  if (is('.text') || is('.init') || is('.fini')) return f(true, false, true);
  if (is('.bss') || is('.tbss') || is('.sbss')) return f(true, true, false, true);
  if (is('.data') || is('.data1') || is('.tdata') || is('.sdata') || is('.init_array') || is('.fini_array') || is('.preinit_array')) return f(true, true, false);
  if (is('.rodata') || is('.rodata1')) return f(true, false, false);
  return f(false, false, false);
}

/** Parses a `.section` flags string ("ax", "aw", …); unknown letters are accepted and ignored. */
export function parseSectionFlags(s: string): SectionFlags {
  return { alloc: s.includes('a'), write: s.includes('w'), exec: s.includes('x') };
}

/**
 * Final addresses: allocated PROGBITS sections in order of first appearance (.text first, at
 * `base`), each at the next address aligned to its alignment; then allocated NOBITS sections
 * (.bss) in the same way, so the loaded bytes are contiguous; non-allocated sections at 0.
 */
export function layoutSections(secs: readonly Section[], base: bigint): bigint[] {
  const addr: bigint[] = secs.map(() => 0n);
  let at = base;
  const place = (s: Section): void => {
    const a = BigInt(s.align);
    at = ((at + a - 1n) / a) * a;
    addr[s.index] = at;
    at += BigInt(s.size);
  };
  for (const s of secs) if (s.flags.alloc && !s.nobits) place(s);
  for (const s of secs) if (s.flags.alloc && s.nobits) place(s);
  return addr;
}
