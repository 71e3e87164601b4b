// Encoding patterns, written most-significant bit first as in the ARM ARM's encoding diagrams:
//   "sf:1 0 0 100010 sh:1 imm12:12 Rn:5 Rd:5"
// A token is either literal bits (0/1, with x or . for a don't-care bit), a named field
// "name:width", or a named field with a fixed value "name=0101" (documents the field, fixes
// its bits). Widths must add up to 32; the parser checks this so a typo cannot slip through.

export interface FieldSpan {
  readonly name: string;
  readonly lsb: number;
  readonly width: number;
}

export interface Pattern {
  readonly text: string;
  /** Bits that are fixed by the pattern. */
  readonly mask: number;
  /** Their values (only meaningful under mask). */
  readonly value: number;
  readonly fields: ReadonlyMap<string, FieldSpan>;
}

const cache = new Map<string, Pattern>();

export function parsePattern(text: string): Pattern {
  const hit = cache.get(text);
  if (hit) return hit;
  let bit = 32;
  let mask = 0;
  let value = 0;
  const fields = new Map<string, FieldSpan>();
  for (const tok of text.trim().split(/\s+/)) {
    const named = /^([A-Za-z_][A-Za-z0-9_]*)(?::(\d+)|=([01x.]+))$/.exec(tok);
    if (named) {
      const name = named[1];
      const fixed = named[3];
      const width = fixed !== undefined ? fixed.length : Number(named[2]);
      bit -= width;
      if (fields.has(name)) throw new Error(`pattern ${text}: field ${name} appears twice`);
      fields.set(name, { name, lsb: bit, width });
      if (fixed !== undefined) [mask, value] = fixBits(mask, value, fixed, bit);
      continue;
    }
    if (!/^[01x.]+$/.test(tok)) throw new Error(`pattern ${text}: bad token ${tok}`);
    bit -= tok.length;
    [mask, value] = fixBits(mask, value, tok, bit);
  }
  if (bit !== 0) throw new Error(`pattern ${text}: widths add up to ${32 - bit}, not 32`);
  const p: Pattern = { text, mask: mask >>> 0, value: value >>> 0, fields };
  cache.set(text, p);
  return p;
}

function fixBits(mask: number, value: number, bits: string, lsb: number): [number, number] {
  for (let i = 0; i < bits.length; i++) {
    const c = bits[bits.length - 1 - i];
    if (c === '0' || c === '1') {
      mask |= 1 << (lsb + i);
      if (c === '1') value |= 1 << (lsb + i);
    }
  }
  return [mask, value];
}

export function extract(word: number, span: FieldSpan): number {
  return span.width === 32 ? word >>> 0 : (word >>> span.lsb) & ((1 << span.width) - 1);
}

export function insert(word: number, span: FieldSpan, v: number): number {
  const m = span.width === 32 ? 0xffffffff : ((1 << span.width) - 1) << span.lsb;
  return ((word & ~m) | ((v << span.lsb) & m)) >>> 0;
}

export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function signExtend(v: number, width: number): number {
  const shift = 32 - width;
  return (v << shift) >> shift;
}
