// Disassembly in GNU objdump's text: "mnemonic\toperands" with objdump's preferred aliases,
// radix and trailing "// comment". Unallocated words print as objdump does: ".inst\t0x… ; undefined".

import { Decoder, fieldReader } from './decoder';
import { COND_NAMES } from './operands/common';
import { A64 } from './table';
import type { DecodeCtx, InsnDef } from './types';

export interface Disassembly {
  /** The whole text as objdump prints it after the encoding column. */
  text: string;
  mnemonic: string;
  operands: string;
  comment?: string;
  def: InsnDef | null;
}

let shared: Decoder | undefined;
export function a64Decoder(): Decoder {
  return (shared ??= new Decoder(A64));
}

export function undefinedText(word: number): string {
  return `.inst\t0x${(word >>> 0).toString(16).padStart(8, '0')} ; undefined`;
}

/** Renders one row for one word, or null if an operand rejects the encoding. */
export interface DisasmOptions {
  symbolize?: (addr: bigint) => string | undefined;
}

export function render(def: InsnDef, word: number, addr: bigint, opts: DisasmOptions = {}): Disassembly | null {
  const comments: string[] = [];
  const f = fieldReader(def, word);
  const ctx: DecodeCtx = {
    word,
    addr,
    def,
    f,
    has: (name) => def.pattern.fields.has(name),
    comment: (t) => comments.push(t),
    symbolize: opts.symbolize,
  };
  const parts: string[] = [];
  for (const op of def.operands) {
    const s = op.print(ctx);
    if (s === null) return null;
    if (s !== '') parts.push(s);
  }
  const mnemonic = def.mnemonic.replace('{cond}', () => COND_NAMES[f('cond')]);
  const operands = parts.join(', ');
  const comment = comments.length ? comments.join(', ') : undefined;
  let text = operands ? `${mnemonic}\t${operands}` : mnemonic;
  if (comment !== undefined) text += `\t// ${comment}`;
  return { text, mnemonic, operands, comment, def };
}

export function disassemble(word: number, addr: bigint = 0n, opts: DisasmOptions = {}, decoder: Decoder = a64Decoder()): Disassembly {
  word >>>= 0;
  for (const def of decoder.candidates(word)) {
    const d = render(def, word, addr, opts);
    if (d) return d;
  }
  return { text: undefinedText(word), mnemonic: '.inst', operands: `0x${word.toString(16).padStart(8, '0')}`, def: null };
}

/**
 * Width of objdump's address column for a section ending at `end`: leading zeros of the
 * 16-digit address are dropped in groups of four, keeping at least one group of them
 * (objdump.c, skip_addr_chars).
 */
export function addressWidth(end: bigint): number {
  const zeros = 16 - end.toString(16).length;
  return 16 - Math.max(0, (zeros - 1) & ~3);
}

/** objdump's line layout: "   4:\taa0103e0 \tmov\tx0, x1". */
export function objdumpLine(word: number, addr: bigint, width: number, opts: DisasmOptions = {}): string {
  const a = addr.toString(16).padStart(width, ' ');
  return `${a}:\t${(word >>> 0).toString(16).padStart(8, '0')} \t${disassemble(word, addr, opts).text}`;
}
