// GNU objdump as an oracle: disassembles batches of words as a raw binary at a base address.
// Used by the differential tests and scripts; never by the product itself.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OBJDUMP = process.env.AARCH64_OBJDUMP ?? 'aarch64-linux-gnu-objdump';

export function haveObjdump(): boolean {
  try {
    execFileSync(OBJDUMP, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** objdump's text (after the encoding column) for each word, word i at base + 4*i. */
export function objdumpWords(words: readonly number[], base = 0n): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'armvirt-objdump-'));
  try {
    const buf = Buffer.alloc(words.length * 4);
    words.forEach((w, i) => buf.writeUInt32LE(w >>> 0, i * 4));
    const f = join(dir, 'w.bin');
    writeFileSync(f, buf);
    const out = execFileSync(OBJDUMP, ['-b', 'binary', '-m', 'aarch64', '-D', `--adjust-vma=0x${base.toString(16)}`, f], {
      maxBuffer: 1 << 30,
      encoding: 'utf8',
    });
    const res: string[] = new Array(words.length).fill('');
    for (const line of out.split('\n')) {
      const m = /^\s*([0-9a-f]+):\t[0-9a-f]{8} \t(.*)$/.exec(line);
      if (!m) continue;
      const i = Number((BigInt('0x' + m[1]) - base) / 4n);
      if (i >= 0 && i < words.length) res[i] = m[2];
    }
    return res;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function normalize(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function isUndefinedText(s: string): boolean {
  return s.startsWith('.inst') || s === '';
}

/** Top-level encoding groups outside this project's decode scope (ARM ARM C4.1). */
export function outOfScopeGroup(w: number): 'simd-fp-dp' | 'sve' | 'sme' | null {
  const op0 = (w >>> 25) & 0xf;
  if ((op0 & 0x7) === 0x7) return 'simd-fp-dp';
  if (op0 === 0x2) return 'sve';
  if (op0 === 0 && (w >>> 31) === 1) return 'sme';
  return null;
}

/** Deterministic xorshift32 so reports are reproducible. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}
