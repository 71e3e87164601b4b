// Builds the freestanding C test programs (crt0.S + rt.c + one program each) with the AArch64
// cross gcc into a cache directory under the OS temp dir, keyed by a hash of the sources, the
// flags and the compiler's version; binaries never go into the repository.
//   node --import tsx test/programs/c/build.ts [name...]   prints the ELF paths
//
// Flags: as the issue gives them, plus -mstrict-align (the programs run with the MMU off, where
// every data access is Device memory and an unaligned one faults, on QEMU as on hardware),
// -mgeneral-regs-only (no FP/SIMD: CPTR_EL2 and FPEN never matter) and no build-id note.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// When bundled into .bench/ (scripts/bench.mjs), __dirname is the bundle's folder: fall back to
// the sources' place in the checkout.
export const C_DIR = existsSync(join(__dirname, 'crt0.S')) ? __dirname : join(process.cwd(), 'test', 'programs', 'c');
export const CC = process.env.AARCH64_CC ?? 'aarch64-linux-gnu-gcc';

/** The programs whose UART output is compared with QEMU's (test/programs/c-programs.test.ts). */
export const PROGRAMS = ['strings', 'printf', 'sort', 'crc', 'sha256', 'interp'] as const;
/** Benchmark workloads (bench/speed.ts). */
export const BENCH_PROGRAMS = ['bench', 'alu'] as const;

export const CFLAGS = [
  '-O2', '-ffreestanding', '-nostdlib', '-fno-builtin', '-mgeneral-regs-only', '-mstrict-align',
  '-mcpu=cortex-a57', '-static', '-Wall',
];
const LDFLAGS = ['-T', join(C_DIR, 'link.ld'), '-Wl,--build-id=none', '-Wl,--no-warn-rwx-segments'];
const RUNTIME = ['crt0.S', 'rt.c'];
const SHARED = [...RUNTIME, 'rt.h', 'link.ld'];

let ccVersion: string | null | undefined;
/** The compiler's version line, or null when it is not installed. */
export function crossGccVersion(): string | null {
  if (ccVersion !== undefined) return ccVersion;
  try {
    ccVersion = execFileSync(CC, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().split('\n')[0];
  } catch {
    ccVersion = null;
  }
  return ccVersion;
}

export function haveCrossGcc(): boolean {
  return crossGccVersion() !== null;
}

export interface BuildOptions {
  /** Extra -D definitions, e.g. { ROUNDS: 14 }. */
  defines?: Record<string, string | number>;
  /** Cache directory (default: $TMPDIR/armvirt-c-programs). */
  outDir?: string;
}

/** Compiles one program (a .c file in this folder, without extension) and returns its ELF path. */
export function buildProgram(name: string, opts: BuildOptions = {}): string {
  const version = crossGccVersion();
  if (version === null) throw new Error(`${CC} is not installed`);
  const defines = Object.entries(opts.defines ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `-D${k}=${v}`);
  const h = createHash('sha256');
  h.update(version + '\0' + CFLAGS.join(' ') + '\0' + defines.join(' ') + '\0');
  for (const f of [...SHARED, `${name}.c`]) h.update(f + '\0').update(readFileSync(join(C_DIR, f))).update('\0');
  const dir = opts.outDir ?? join(tmpdir(), 'armvirt-c-programs');
  mkdirSync(dir, { recursive: true });
  const elf = join(dir, `${name}-${h.digest('hex').slice(0, 16)}.elf`);
  if (existsSync(elf)) return elf;
  const partial = `${elf}.${process.pid}.tmp`;
  const args = [...CFLAGS, ...defines, ...LDFLAGS, '-o', partial, ...RUNTIME.map((f) => join(C_DIR, f)), join(C_DIR, `${name}.c`)];
  try {
    execFileSync(CC, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: C_DIR });
  } catch (e) {
    const err = (e as { stderr?: Buffer }).stderr?.toString() ?? String(e);
    throw new Error(`${CC} ${name}.c failed:\n${err}`);
  }
  renameSync(partial, elf); // atomic: a concurrent build of the same hash writes the same bytes
  return elf;
}

// Only as a command of its own (a bench bundle that includes this module must not run it).
if (require.main === module && /build\.ts$/.test(process.argv[1] ?? "")) {
  const names = process.argv.slice(2);
  for (const n of names.length ? names : [...PROGRAMS, ...BENCH_PROGRAMS]) console.log(buildProgram(n));
}
