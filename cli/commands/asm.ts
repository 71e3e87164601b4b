// `armvirt asm file.S -o file.elf [--base ADDR] [--relocatable]`: GNU as syntax in, ELF64 out.
// Diagnostics go to stderr as "file:line:column: error: message" (GNU style, so editors and
// problem matchers pick them up); any error means no output file and exit status 1.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { assemble } from '../../emulator/isa/asm/assembler';
import { writeElf } from '../../emulator/isa/asm/elf-writer';
import { flag, parseAddress, parseArgs, UsageError } from '../args';
import type { Io } from '../main';

export function readSourceFile(path: string, fromFile: string): string | null {
  try {
    return readFileSync(resolve(dirname(fromFile), path), 'utf8');
  } catch {
    return null;
  }
}

export async function asmCommand(argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, { values: ['-o', '--base'], booleans: ['--relocatable'] });
  if (a.positionals.length !== 1) throw new UsageError('usage: armvirt asm file.S -o file.elf [--base ADDR] [--relocatable]');
  const file = a.positionals[0];
  const out = flag(a, '-o') ?? file.replace(/\.[sS]$|\.asm$/, '') + '.elf';
  if (out === file) throw new UsageError('output would overwrite the source; give -o');
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`armvirt asm: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const base = flag(a, '--base');
  const img = assemble(source, {
    fileName: file,
    readFile: readSourceFile,
    base: base === undefined ? undefined : parseAddress(base, '--base'),
  });
  for (const d of img.diagnostics) io.err(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}\n`);
  if (!img.ok) return 1;
  writeFileSync(out, writeElf(img, a.flags.has('--relocatable') ? 'rel' : 'exec'));
  return 0;
}
