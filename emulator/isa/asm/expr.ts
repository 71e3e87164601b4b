// GNU as expressions (as.info "Infix Operators"), evaluated to 64-bit two's-complement values.
// GAS precedence is not C's: * / % << >> bind tightest, then | & ^ !, then + - and the
// comparisons, then && ||. Assembling identical bytes to GNU as depends on following it.

import { AsmError } from '../types';

export type SymbolResolver = (name: string) => bigint | undefined;

const MASK64 = (1n << 64n) - 1n;
export const wrap64 = (v: bigint): bigint => v & MASK64;
export const toSigned64 = (v: bigint): bigint => BigInt.asIntN(64, v);

const LEVELS: readonly (readonly string[])[] = [
  ['||', '&&'],
  ['==', '!=', '<>', '<=', '>=', '<', '>', '+', '-'],
  ['|', '&', '^', '!'],
  ['*', '/', '%', '<<', '>>'],
];

export class ExprScanner {
  pos = 0;
  /** In operand context a '!' is writeback, not GAS's "or not" operator. */
  bangIsWriteback = false;
  constructor(readonly text: string, readonly resolve: SymbolResolver) {}

  skipSpace(): void {
    while (this.pos < this.text.length && (this.text[this.pos] === ' ' || this.text[this.pos] === '\t')) this.pos++;
  }

  fail(msg: string): never {
    throw new AsmError(msg, this.pos);
  }

  /** Full expression at the current position. */
  expr(): bigint {
    return toSigned64(this.binary(0));
  }

  private binary(level: number): bigint {
    if (level === LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.skipSpace();
      const op = this.matchOp(LEVELS[level]);
      if (!op) return left;
      const right = this.binary(level + 1);
      left = apply(op, left, right, this);
    }
  }

  private matchOp(ops: readonly string[]): string | null {
    const rest = this.text.slice(this.pos, this.pos + 2);
    // Longest operators first so "<<" is not read as "<".
    const sorted = [...ops].sort((a, b) => b.length - a.length);
    for (const op of sorted) {
      if (!rest.startsWith(op)) continue;
      // '!' alone is "or not"; '!=' is handled at its own level.
      if (op === '!' && (rest === '!=' || this.bangIsWriteback)) continue;
      if ((op === '<' || op === '>') && (rest === '<<' || rest === '>>')) continue;
      if (op === '&' && rest === '&&') continue;
      if (op === '|' && rest === '||') continue;
      this.pos += op.length;
      return op;
    }
    return null;
  }

  private unary(): bigint {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '-') { this.pos++; return -this.unary(); }
    if (c === '+') { this.pos++; return this.unary(); }
    if (c === '~') { this.pos++; return ~this.unary(); }
    if (c === '!') { this.pos++; return this.unary() === 0n ? 1n : 0n; }
    if (c === '(') {
      this.pos++;
      const v = this.binary(0);
      this.skipSpace();
      if (this.text[this.pos] !== ')') this.fail("expected ')'");
      this.pos++;
      return v;
    }
    return this.primary();
  }

  private primary(): bigint {
    const rest = this.text.slice(this.pos);
    let m = /^0[xX][0-9a-fA-F]+/.exec(rest);
    if (m) { this.pos += m[0].length; return BigInt(m[0]); }
    m = /^0[bB][01]+/.exec(rest);
    if (m) { this.pos += m[0].length; return BigInt(m[0]); }
    // Numeric local label references: 1f / 1b.
    m = /^(\d+)([fb])(?![\w$])/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      const v = this.resolve(`${m[1]}${m[2]}`);
      if (v === undefined) this.fail(`undefined local label ${m[0]}`);
      return v;
    }
    m = /^0[0-7]+(?![\w])/.exec(rest);
    if (m) { this.pos += m[0].length; return BigInt('0o' + m[0].slice(1)); }
    m = /^\d+/.exec(rest);
    if (m) { this.pos += m[0].length; return BigInt(m[0]); }
    m = /^'(\\.|.)'?/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      const ch = m[1].length === 2 ? unescapeChar(m[1][1]) : m[1];
      return BigInt(ch.charCodeAt(0));
    }
    m = /^[A-Za-z_.$][\w.$]*/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      const v = this.resolve(m[0]);
      if (v === undefined) this.fail(`undefined symbol '${m[0]}'`);
      return v;
    }
    if (rest.length === 0) this.fail('expected an expression, found end of line');
    this.fail(`expected an expression, found '${rest[0]}'`);
  }
}

function apply(op: string, a: bigint, b: bigint, s: ExprScanner): bigint {
  const sa = toSigned64(a);
  const sb = toSigned64(b);
  // GAS comparisons yield -1 for true.
  const t = (c: boolean): bigint => (c ? -1n : 0n);
  switch (op) {
    case '*': return sa * sb;
    case '/': if (sb === 0n) s.fail('division by zero'); return sa / sb;
    case '%': if (sb === 0n) s.fail('division by zero'); return sa % sb;
    case '<<': return sb >= 64n || sb < 0n ? 0n : wrap64(a << sb);
    case '>>': return sb >= 64n || sb < 0n ? 0n : wrap64(a) >> sb;
    case '|': return a | b;
    case '&': return a & b;
    case '^': return a ^ b;
    case '!': return a | ~b;
    case '+': return sa + sb;
    case '-': return sa - sb;
    case '==': return t(sa === sb);
    case '!=': case '<>': return t(sa !== sb);
    case '<': return t(sa < sb);
    case '>': return t(sa > sb);
    case '<=': return t(sa <= sb);
    case '>=': return t(sa >= sb);
    case '&&': return sa !== 0n && sb !== 0n ? 1n : 0n;
    case '||': return sa !== 0n || sb !== 0n ? 1n : 0n;
  }
  return s.fail(`unknown operator ${op}`);
}

export function unescapeChar(c: string): string {
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '0': return '\0';
    case 'b': return '\b';
    case 'f': return '\f';
    default: return c;
  }
}

/** Evaluates a whole string as one expression. Throws AsmError. */
export function evaluate(text: string, resolve: SymbolResolver): bigint {
  const s = new ExprScanner(text, resolve);
  const v = s.expr();
  s.skipSpace();
  if (s.pos !== text.length) s.fail(`unexpected '${text.slice(s.pos)}' after expression`);
  return v;
}
