// GNU as as an oracle for the assembler tests: assembles a source with aarch64-linux-gnu-as and
// returns each section's bytes and alignment (read back with our own ELF reader).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readElf } from '../../emulator/machine/elf-reader';

export const GAS = process.env.AARCH64_AS ?? 'aarch64-linux-gnu-as';
export const READELF = process.env.AARCH64_READELF ?? 'aarch64-linux-gnu-readelf';

export function haveTool(tool: string): boolean {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const haveGas = (): boolean => haveTool(GAS);

/** Section name → contents (zeros for NOBITS) and alignment, as GNU as assembles `src`. */
export function gasBytes(src: string): Map<string, { data: Uint8Array; align: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'armvirt-gas-'));
  try {
    writeFileSync(join(dir, 'a.S'), src + '\n');
    execFileSync(GAS, [join(dir, 'a.S'), '-o', join(dir, 'a.o')], { stdio: ['ignore', 'ignore', 'pipe'] });
    const elf = readElf(readFileSync(join(dir, 'a.o')));
    const out = new Map<string, { data: Uint8Array; align: number }>();
    for (const s of elf.sections) {
      if (s.index === 0) continue;
      out.set(s.name, { data: s.type === 8 ? new Uint8Array(Number(s.size)) : s.data, align: Number(s.addralign) });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
