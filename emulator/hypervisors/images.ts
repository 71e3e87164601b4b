// Assembling the hypervisors', hosts' and guests' .S sources and placing them in physical memory:
// an image linked at one address (a guest at IPA 0x4000_0000) may be copied to another PA (its
// VM's RAM). This file only moves bytes and reads/writes words at symbols; what the code does is
// in the .S sources.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { assemble } from '../isa/asm/assembler';
import type { PhysicalBus } from '../memory/bus';
import type { PlacedImage } from './types';

export class ImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageError';
  }
}

export interface AssembledImage {
  source: string;
  linkAddress: bigint;
  /** Allocated sections: link address and bytes (NOBITS as zeros). */
  sections: { addr: bigint; data: Uint8Array }[];
  symbols: Map<string, bigint>;
  entry: bigint;
}

/** Reads `.include`d files relative to the including file. */
export function readInclude(path: string, fromFile: string): string | null {
  try {
    return readFileSync(resolve(dirname(fromFile), path), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Assembles `fileName` (or `text` as if it were that file) linked at `base`. `defines` become
 * `.equ` lines of a wrapper that includes the source, so the source's own line table is intact.
 */
export function assembleImage(fileName: string, base: bigint, opts: { text?: string; defines?: Record<string, number> } = {}): AssembledImage {
  const defines = Object.entries(opts.defines ?? {});
  let text: string;
  let asFile = fileName;
  if (defines.length > 0) {
    if (opts.text !== undefined) throw new ImageError('defines apply to sources read from a file');
    text = defines.map(([k, v]) => `\t.equ\t${k}, ${v}\n`).join('') + `\t.include "${fileName.split(/[\\/]/).pop()}"\n`;
    asFile = join(dirname(fileName), `.${defines.map(([k, v]) => `${k}=${v}`).join(',')}.S`);
  } else {
    if (opts.text !== undefined) text = opts.text;
    else {
      try {
        text = readFileSync(fileName, 'utf8');
      } catch (e) {
        throw new ImageError(`cannot read ${fileName}: ${(e as Error).message}`);
      }
    }
  }
  const img = assemble(text, { fileName: asFile, readFile: readInclude, base });
  if (!img.ok) {
    const errs = img.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`);
    throw new ImageError(`${fileName} does not assemble:\n${errs.join('\n')}`);
  }
  const sections = img.sections.filter((s) => s.flags.alloc && s.data.length > 0)
    .map((s) => ({ addr: s.addr, data: s.nobits ? new Uint8Array(s.data.length) : s.data }));
  return {
    source: fileName, linkAddress: base, sections, entry: img.entry,
    symbols: new Map(img.symbols.map((s) => [s.name, s.value])),
  };
}

/**
 * Copies an image into RAM: its link range [linkBase, linkBase + window) lands at `loadPa`.
 * Every section must fit the window (a guest bigger than its VM's RAM is refused).
 */
export function placeImage(bus: PhysicalBus, img: AssembledImage, place: { role: string; vmid: number | null; linkBase: bigint; loadPa: number; window: number }): PlacedImage {
  let end = 0n;
  for (const s of img.sections) {
    const off = s.addr - place.linkBase;
    if (off < 0n || off + BigInt(s.data.length) > BigInt(place.window)) {
      throw new ImageError(`${img.source}: section at 0x${s.addr.toString(16)} (${s.data.length} bytes) lies outside ` +
        `[0x${place.linkBase.toString(16)}, 0x${(place.linkBase + BigInt(place.window)).toString(16)})`);
    }
    const pa = place.loadPa + Number(off);
    if (pa < bus.ramBase || pa + s.data.length > bus.ramBase + bus.ramSize) throw new ImageError(`${img.source}: PA 0x${pa.toString(16)} is outside RAM`);
    if (off + BigInt(s.data.length) > end) end = off + BigInt(s.data.length);
  }
  for (const s of img.sections) bus.load(place.loadPa + Number(s.addr - place.linkBase), s.data);
  return {
    role: place.role, source: img.source, loadPa: place.loadPa, linkAddress: place.linkBase, size: Number(end),
    vmid: place.vmid, symbols: img.symbols,
  };
}

/** The PA of `symbol` in a placed image. */
export function symbolPa(img: PlacedImage, symbol: string): number {
  const v = img.symbols.get(symbol);
  if (v === undefined) throw new ImageError(`${img.source}: no symbol ${symbol}`);
  return img.loadPa + Number(v - img.linkAddress);
}

export function readU64(bus: PhysicalBus, pa: number): bigint {
  if (pa < bus.ramBase || pa + 8 > bus.ramBase + bus.ramSize) throw new ImageError(`PA 0x${pa.toString(16)} is outside RAM`);
  return bus.view.getBigUint64(pa - bus.ramBase, true);
}

export function writeU64(bus: PhysicalBus, pa: number, v: bigint): void {
  if (pa < bus.ramBase || pa + 8 > bus.ramBase + bus.ramSize) throw new ImageError(`PA 0x${pa.toString(16)} is outside RAM`);
  bus.view.setBigUint64(pa - bus.ramBase, BigInt.asUintN(64, v), true);
}

/** The most samples a bench_samples buffer holds (guests/bench.inc BENCH_MAX). */
export const BENCH_MAX = 4096;

/** bench_samples = [count][sample…]: the samples an image recorded (a count the guest garbled is refused). */
export function readSamples(bus: PhysicalBus, img: PlacedImage, symbol = 'bench_samples'): bigint[] {
  const pa = symbolPa(img, symbol);
  const count = readU64(bus, pa);
  if (count > BigInt(BENCH_MAX)) throw new ImageError(`${img.source}: ${symbol} claims ${count} samples (at most ${BENCH_MAX})`);
  const n = Number(count);
  if (pa + 8 + 8 * n > bus.ramBase + bus.ramSize) throw new ImageError(`${img.source}: ${symbol} runs past the end of RAM`);
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) out.push(readU64(bus, pa + 8 + 8 * i));
  return out;
}

/**
 * The repository folder holding guests/ and emulator/hypervisors/ (the .S sources ship beside the
 * code: from a tsx run it is two levels above this file, from the dist/ bundle one level above it).
 */
export function sourceRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      readFileSync(join(dir, 'guests', 'vm.inc'));
      return dir;
    } catch {
      dir = dirname(dir);
    }
  }
  throw new ImageError(`cannot find the guests/ and emulator/hypervisors/ sources above ${__dirname}`);
}
