// Builds the lockstep programs: GNU as + ld into a temp dir, text at 0x40080000 (where the
// programs expect to run; QEMU's -kernel loads an ELF's segments at their own addresses).
// The assembler can be swapped for armvirt's own later (`assemble` option).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { LockstepProgram } from './target';

export const PROGRAMS_DIR = join(__dirname, 'programs');
export const LOAD_ADDR = 0x40080000n;

const AS = process.env.AARCH64_AS ?? 'aarch64-linux-gnu-as';
const LD = process.env.AARCH64_LD ?? 'aarch64-linux-gnu-ld';

/** Source → linked ELF at `elf`. The default runs GNU as (with programs/ on the include path) and ld. */
export type Assembler = (source: string, elf: string) => void;

function tool(cmd: string, args: string[]): void {
  try {
    execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = (e as { stderr?: Buffer }).stderr?.toString() ?? String(e);
    throw new Error(`${cmd} failed:\n${err}`);
  }
}

export const gnuAssemble: Assembler = (source, elf) => {
  const obj = elf.replace(/\.elf$/, '.o');
  tool(AS, ['-march=armv8-a+crc+lse', '-I', PROGRAMS_DIR, '-o', obj, source]);
  // -N: one RWX segment starting exactly at .text (no page-aligned headers below 0x40080000).
  tool(LD, ['-N', '--no-warn-rwx-segments', '-Ttext=0x40080000', '-e', '_start', '-o', elf, obj]);
};

export function listPrograms(dir = PROGRAMS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.S'))
    .sort()
    .map((f) => join(dir, f));
}

/** `// lockstep: key=value` lines in the source header. */
export function directives(src: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of src.split('\n')) {
    const d = /^\s*\/\/\s*lockstep:\s*(\w+)\s*=\s*(\S+)/.exec(line);
    if (d) m.set(d[1], d[2]);
  }
  return m;
}

/** The loadable segments of an ELF64 executable (PT_LOAD, file bytes + zero fill). */
export function elfSegments(buf: Buffer): { entry: bigint; segments: Array<{ addr: bigint; data: Uint8Array }> } {
  if (buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 2 || buf[5] !== 1) throw new Error('not a little-endian ELF64');
  const entry = buf.readBigUInt64LE(24);
  const phoff = Number(buf.readBigUInt64LE(32));
  const phentsize = buf.readUInt16LE(54), phnum = buf.readUInt16LE(56);
  const segments: Array<{ addr: bigint; data: Uint8Array }> = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (buf.readUInt32LE(p) !== 1) continue;
    const off = Number(buf.readBigUInt64LE(p + 8));
    const paddr = buf.readBigUInt64LE(p + 24);
    const filesz = Number(buf.readBigUInt64LE(p + 32)), memsz = Number(buf.readBigUInt64LE(p + 40));
    const data = new Uint8Array(memsz);
    data.set(buf.subarray(off, off + filesz));
    segments.push({ addr: paddr, data });
  }
  return { entry, segments };
}

let sharedDir: string | undefined;

export function buildProgram(source: string, opts: { outDir?: string; assemble?: Assembler } = {}): LockstepProgram {
  const outDir = opts.outDir ?? (sharedDir ??= mkdtempSync(join(tmpdir(), 'armvirt-lockstep-')));
  const name = basename(source, '.S');
  const elf = join(outDir, `${name}.elf`);
  (opts.assemble ?? gnuAssemble)(source, elf);
  const src = readFileSync(source, 'utf8');
  const d = directives(src);
  const { entry, segments } = elfSegments(readFileSync(elf));
  return {
    name,
    source,
    elf,
    cpu: d.get('cpu') ?? 'cortex-a57',
    expectUart: `${name} done\n`,
    entry,
    segments,
  };
}

export function buildAll(opts: { outDir?: string; assemble?: Assembler; filter?: RegExp } = {}): LockstepProgram[] {
  return listPrograms()
    .filter((p) => !opts.filter || opts.filter.test(basename(p, '.S')))
    .map((p) => buildProgram(p, opts));
}
