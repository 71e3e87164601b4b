// Loaders for the virt board, as QEMU's -kernel loads (hw/arm/boot.c arm_setup_direct_kernel_boot):
//   ELF64     PT_LOAD segments at their physical addresses (p_paddr), memory beyond p_filesz
//             zeroed (BSS), entry = e_entry.
//   .S        assembled with our assembler (sections at their addresses, .text at 0x40080000
//             unless the source says otherwise), entry = _start or the first section.
//   raw       load_aarch64_image: gzip is inflated first; an arm64 Image header ("ARM\x64" at
//             0x38) with a non-zero image_size loads at RAM + text_offset (+2 MiB when the offset
//             is below 4 KiB, where QEMU's boot stub lives); anything else at RAM + 0x80000.
// QEMU passes the DTB address in X0 for Image/raw kernels (VirtMachine.boot writes the DTB and
// the initrd; ELF and .S programs start with X0 = 0). Bad input is a LoadError with a clear message.

import { gunzipSync } from 'node:zlib';
import { assemble, type AsmOptions } from '../isa/asm/assembler';
import type { PhysicalBus } from '../memory/bus';
import { ElfError, readElf } from './elf-reader';

export class LoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadError';
  }
}

export type ImageFormat = 'elf' | 'asm' | 'image' | 'raw';

export interface LoadedImage {
  format: ImageFormat;
  entry: bigint;
  /** Physical ranges written (memsz, including zeroed BSS). */
  regions: { addr: bigint; size: number }[];
  /** Symbols when the format has them (ELF symtab, assembler labels). */
  symbols: { name: string; value: bigint }[];
  /** Non-fatal diagnostics (assembler warnings) as "file:line:col: warning: message". */
  warnings: string[];
}

const PT_LOAD = 1;
const ET_REL = 1, ET_EXEC = 2, ET_DYN = 3;
/** hw/arm/boot.c */
export const KERNEL64_LOAD_ADDR = 0x80000;
const ARM64_TEXT_OFFSET_OFFSET = 8;
const ARM64_MAGIC_OFFSET = 0x38;
const BOOTLOADER_MAX_SIZE = 4096;
const MAX_GUNZIP_BYTES = 64 * 1024 * 1024;

const hex = (v: bigint | number): string => '0x' + v.toString(16);

/** ELF by its magic (or a .elf/.axf name, so a broken one is reported as such), assembly by its extension, else raw. */
export function detectFormat(fileName: string, bytes: Uint8Array): 'elf' | 'asm' | 'raw' {
  if (bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) return 'elf';
  if (/\.(elf|axf)$/i.test(fileName)) return 'elf';
  if (/\.(s|S|asm)$/.test(fileName)) return 'asm';
  return 'raw';
}

function place(bus: PhysicalBus, addr: bigint, size: bigint, what: string): number {
  const end = addr + size;
  const ramEnd = BigInt(bus.ramBase + bus.ramSize);
  if (addr < BigInt(bus.ramBase) || end > ramEnd) {
    throw new LoadError(`${what} [${hex(addr)}, ${hex(end)}) lies outside RAM [${hex(bus.ramBase)}, ${hex(ramEnd)})`);
  }
  return Number(addr);
}

/** ELF64 executable: PT_LOAD segments at p_paddr, BSS zeroed. */
export function loadElf(bus: PhysicalBus, bytes: Uint8Array): LoadedImage {
  let elf;
  try {
    elf = readElf(bytes);
  } catch (e) {
    throw new LoadError(e instanceof ElfError ? `malformed ELF: ${e.message}` : String(e));
  }
  const t = elf.header.type;
  if (t === ET_REL) throw new LoadError('ELF is a relocatable object (ET_REL): link it into an executable first');
  if (t !== ET_EXEC && t !== ET_DYN) throw new LoadError(`ELF type ${elf.header.typeName} is not loadable: expected an executable`);
  const loads = elf.segments.map((s, i) => ({ s, i })).filter(({ s }) => s.type === PT_LOAD && s.memsz > 0n);
  if (loads.length === 0) throw new LoadError('ELF has no loadable (PT_LOAD) segment');
  const regions: LoadedImage['regions'] = [];
  // Check every segment before writing any, so a bad file leaves RAM untouched.
  const placed = loads.map(({ s, i }) => ({ s, pa: place(bus, s.paddr, s.memsz, `ELF segment ${i}`) }));
  for (const { s, pa } of placed) {
    bus.load(pa, s.data);
    const bss = Number(s.memsz - s.filesz);
    if (bss > 0) bus.load(pa + s.data.length, new Uint8Array(bss));
    regions.push({ addr: s.paddr, size: Number(s.memsz) });
  }
  return {
    format: 'elf', entry: elf.header.entry, regions, warnings: [],
    symbols: elf.symbols.filter((s) => s.name !== '').map((s) => ({ name: s.name, value: s.value })),
  };
}

/** Assembly source: every allocated section at its address; entry _start or the first section. */
export function loadAsm(bus: PhysicalBus, source: string, opts: AsmOptions): LoadedImage {
  const img = assemble(source, opts);
  const fmt = (d: (typeof img.diagnostics)[number]): string => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
  if (!img.ok) throw new LoadError(img.diagnostics.filter((d) => d.severity === 'error').map(fmt).join('\n'));
  const secs = img.sections.filter((s) => s.flags.alloc && s.data.length > 0);
  const placed = secs.map((s) => ({ s, pa: place(bus, s.addr, BigInt(s.data.length), `section ${s.name}`) }));
  for (const { s, pa } of placed) bus.load(pa, s.nobits ? new Uint8Array(s.data.length) : s.data);
  return {
    format: 'asm', entry: img.entry,
    regions: secs.map((s) => ({ addr: s.addr, size: s.data.length })),
    symbols: img.symbols.map((s) => ({ name: s.name, value: s.value })),
    warnings: img.diagnostics.filter((d) => d.severity === 'warning').map(fmt),
  };
}

/** A raw binary or arm64 Image (optionally gzip-compressed), as QEMU's load_aarch64_image. */
export function loadRaw(bus: PhysicalBus, input: Uint8Array): LoadedImage {
  let bytes = input;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = new Uint8Array(gunzipSync(bytes, { maxOutputLength: MAX_GUNZIP_BYTES }));
    } catch (e) {
      throw new LoadError(`gzip-compressed image does not inflate: ${(e as Error).message}`);
    }
  }
  if (bytes.length === 0) throw new LoadError('empty image');
  let offset = BigInt(KERNEL64_LOAD_ADDR);
  let format: ImageFormat = 'raw';
  if (bytes.length > ARM64_MAGIC_OFFSET + 4 && bytes[0x38] === 0x41 && bytes[0x39] === 0x52 && bytes[0x3a] === 0x4d && bytes[0x3b] === 0x64) {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const textOffset = dv.getBigUint64(ARM64_TEXT_OFFSET_OFFSET, true);
    const imageSize = dv.getBigUint64(ARM64_TEXT_OFFSET_OFFSET + 8, true);
    format = 'image';
    // text_offset is meaningful only with a non-zero image_size (Documentation/arm64/booting.rst).
    if (imageSize !== 0n) offset = textOffset < BigInt(BOOTLOADER_MAX_SIZE) ? textOffset + 0x200000n : textOffset;
  }
  const addr = BigInt(bus.ramBase) + offset;
  bus.load(place(bus, addr, BigInt(bytes.length), format === 'image' ? 'arm64 Image' : 'raw image'), bytes);
  return { format, entry: addr, regions: [{ addr, size: bytes.length }], symbols: [], warnings: [] };
}

/** Loads `bytes` (the contents of `fileName`) by its format. */
export function loadImage(bus: PhysicalBus, fileName: string, bytes: Uint8Array, readFile?: AsmOptions['readFile']): LoadedImage {
  switch (detectFormat(fileName, bytes)) {
    case 'elf': return loadElf(bus, bytes);
    case 'asm': return loadAsm(bus, new TextDecoder().decode(bytes), { fileName, readFile });
    default: return loadRaw(bus, bytes);
  }
}
