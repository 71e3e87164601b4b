// `armvirt disasm file.elf` and `armvirt disasm --words HEX... [--base A]`, printing objdump's
// line layout ("   4:\taa0103e0 \tmov\tx0, x1").

import { readFileSync } from 'node:fs';
import { addressWidth, objdumpLine } from '../../emulator/isa/disasm';
import { flag, parseAddress, parseArgs, UsageError } from '../args';
import type { Io } from '../main';
import { disasmElf } from './disasm-elf';

export async function disasmCommand(argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, { values: ['--base'], booleans: [], rest: '--words' });
  const words = a.flags.get('--words');
  if (words) {
    if (a.positionals.length) throw new UsageError('give either a file or --words, not both');
    const base = parseAddress(flag(a, '--base') ?? '0', '--base');
    const parsed = words.flatMap((w) => w.split(/[\s,]+/)).filter(Boolean).map((w) => {
      const t = w.replace(/^0x/i, '');
      if (!/^[0-9a-fA-F]{1,8}$/.test(t)) throw new UsageError(`--words: '${w}' is not a 32-bit hex word`);
      return parseInt(t, 16) >>> 0;
    });
    if (!parsed.length) throw new UsageError('--words needs at least one hex word');
    const width = addressWidth(base + BigInt(parsed.length * 4));
    parsed.forEach((w, i) => io.out(objdumpLine(w, base + BigInt(i * 4), width) + '\n'));
    return 0;
  }
  if (a.positionals.length !== 1) throw new UsageError('usage: armvirt disasm file.elf | --words HEX... [--base ADDR]');
  const file = a.positionals[0];
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    io.err(`armvirt disasm: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  return disasmElf(file, bytes, io);
}
