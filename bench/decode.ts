// Decoder throughput and robustness: feeds N uniformly random 32-bit words (default 10 million)
// to the decoder, and a tenth of them to the full disassembler; nothing may throw.
//   node --import tsx bench/decode.ts [N] [--json]

import { a64Decoder, disassemble } from '../emulator/isa/disasm';
import { rng } from '../test/support/objdump';

export interface DecodeBench { words: number; decodesPerSecond: number; disasmPerSecond: number; undefinedFraction: number }

export function runDecodeBench(n: number): DecodeBench {
  const dec = a64Decoder();
  const next = rng(0xdec0de);
  let undef = 0;
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) if (dec.decode(next()) === null) undef++;
  const decodeNs = Number(process.hrtime.bigint() - t0);
  const m = Math.max(1, Math.floor(n / 10));
  t0 = process.hrtime.bigint();
  for (let i = 0; i < m; i++) disassemble(next(), BigInt(i * 4));
  const disNs = Number(process.hrtime.bigint() - t0);
  return { words: n, decodesPerSecond: (n * 1e9) / decodeNs, disasmPerSecond: (m * 1e9) / disNs, undefinedFraction: undef / n };
}

if (require.main === module) {
  const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10_000_000);
  const r = runDecodeBench(n);
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else console.log(`decoded ${r.words} random words without a throw: ${(r.decodesPerSecond / 1e6).toFixed(2)} M decodes/s; disassembly ${(r.disasmPerSecond / 1e6).toFixed(2)} M/s; ${(100 * r.undefinedFraction).toFixed(1)}% unallocated`);
}
