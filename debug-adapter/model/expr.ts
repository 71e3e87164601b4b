// The debugger's expression language, for evaluate, watch, breakpoint conditions and logpoints:
// 64-bit unsigned arithmetic over registers (x1, w2, sp, pc, pstate…), system registers and
// their fields (HCR_EL2, HCR_EL2.VM), symbols, trap context variables (esr.iss, el, ec…), and
// memory: `*(u64*)(x1+8)`, `*addr` (u64), `pa:0x40001000` (u64 at a physical address),
// `&symbol`. C precedence; comparisons and logic give 0/1.

export interface EvalEnv {
  /** Names first tried against trap context variables, then registers, sysregs, symbols. */
  lookup(name: string): bigint | undefined;
  /** Address of a symbol (for `&name`). */
  addressOf(name: string): bigint | undefined;
  /** Reads `size` bytes little-endian at a VA, an IPA (of VM `vmid`, or the current one) or a PA; undefined when unreadable. */
  readMem(space: 'va' | 'pa' | 'ipa', addr: bigint, size: number, vmid?: number): bigint | undefined;
}

export class EvalError extends Error {}

const M64 = (1n << 64n) - 1n;
type Tok = { k: 'num'; v: bigint } | { k: 'id'; v: string } | { k: 'op'; v: string };

const OPS = ['<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+', '-', '*', '/', '%', '&', '|', '^', '~', '!', '<', '>', '(', ')', ':'];

function lex(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (/\s/.test(ch)) { i++; continue; }
    const num = /^(0x[0-9a-f_]+|0b[01_]+|0o[0-7_]+|\d[\d_]*)/i.exec(s.slice(i));
    if (num) { out.push({ k: 'num', v: BigInt(num[1].replace(/_/g, '')) }); i += num[1].length; continue; }
    const id = /^[A-Za-z_$.][\w$.]*/.exec(s.slice(i));
    if (id) { out.push({ k: 'id', v: id[0].replace(/\.$/, '') }); i += id[0].length; continue; }
    const op = OPS.find((o) => s.startsWith(o, i));
    if (!op) throw new EvalError(`unexpected '${ch}' at column ${i + 1}`);
    out.push({ k: 'op', v: op });
    i += op.length;
  }
  return out;
}

/** Binary operators by precedence, loosest first (C's order). */
const BIN: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

function apply(op: string, a: bigint, b: bigint): bigint {
  switch (op) {
    case '||': return a || b ? 1n : 0n;
    case '&&': return a && b ? 1n : 0n;
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '==': return a === b ? 1n : 0n;
    case '!=': return a !== b ? 1n : 0n;
    case '<': return a < b ? 1n : 0n;
    case '<=': return a <= b ? 1n : 0n;
    case '>': return a > b ? 1n : 0n;
    case '>=': return a >= b ? 1n : 0n;
    case '<<': return b > 127n ? 0n : (a << b) & M64;
    case '>>': return a >> b;
    case '+': return (a + b) & M64;
    case '-': return (a - b) & M64;
    case '*': return (a * b) & M64;
    case '/': if (b === 0n) throw new EvalError('division by zero'); return a / b;
    case '%': if (b === 0n) throw new EvalError('division by zero'); return a % b;
  }
  throw new EvalError(`unknown operator ${op}`);
}

const SIZES: Record<string, number> = { u8: 1, u16: 2, u32: 4, u64: 8, uint8_t: 1, uint16_t: 2, uint32_t: 4, uint64_t: 8, char: 1, int: 4, long: 8 };

class Parser {
  private p = 0;
  constructor(private readonly t: Tok[], private readonly env: EvalEnv) {}

  parse(): bigint {
    const v = this.binary(0);
    if (this.p < this.t.length) throw new EvalError(`unexpected '${tokText(this.t[this.p])}'`);
    return v;
  }

  private peekOp(): string | undefined { const x = this.t[this.p]; return x?.k === 'op' ? x.v : undefined; }
  private expect(op: string): void {
    if (this.peekOp() !== op) throw new EvalError(`expected '${op}'`);
    this.p++;
  }

  private binary(level: number): bigint {
    if (level >= BIN.length) return this.unary();
    let a = this.binary(level + 1);
    for (;;) {
      const op = this.peekOp();
      if (op === undefined || !BIN[level].includes(op)) return a;
      this.p++;
      a = apply(op, a, this.binary(level + 1));
    }
  }

  private unary(): bigint {
    const op = this.peekOp();
    if (op === '-') { this.p++; return (-this.unary()) & M64; }
    if (op === '~') { this.p++; return ~this.unary() & M64; }
    if (op === '!') { this.p++; return this.unary() ? 0n : 1n; }
    if (op === '&') {
      this.p++;
      const id = this.t[this.p++];
      if (id?.k !== 'id') throw new EvalError("'&' needs a symbol");
      const a = this.env.addressOf(id.v);
      if (a === undefined) throw new EvalError(`no symbol '${id.v}'`);
      return a;
    }
    if (op === '*') {
      this.p++;
      let size = 8;
      // `*(u32*)expr`: a cast to a pointer type picks the access size.
      const save = this.p;
      if (this.peekOp() === '(' && this.t[this.p + 1]?.k === 'id' && SIZES[(this.t[this.p + 1] as { v: string }).v] !== undefined &&
        this.t[this.p + 2]?.k === 'op' && (this.t[this.p + 2] as { v: string }).v === '*') {
        size = SIZES[(this.t[this.p + 1] as { v: string }).v];
        this.p += 3;
        if (this.peekOp() !== ')') { this.p = save; size = 8; } else this.p++;
      }
      const addr = this.unary();
      return this.mem('va', addr, size);
    }
    return this.primary();
  }

  private mem(space: 'va' | 'pa' | 'ipa', addr: bigint, size: number, vmid?: number): bigint {
    const v = this.env.readMem(space, addr, size, vmid);
    if (v === undefined) throw new EvalError(`cannot read ${size} bytes at ${vmid !== undefined ? `vm${vmid}:` : ''}${space === 'va' ? '' : space + ':'}0x${addr.toString(16)}`);
    return v;
  }

  private primary(): bigint {
    const x = this.t[this.p++];
    if (!x) throw new EvalError('unexpected end of expression');
    if (x.k === 'num') return x.v & M64;
    if (x.k === 'op') {
      if (x.v !== '(') throw new EvalError(`unexpected '${x.v}'`);
      const v = this.binary(0);
      this.expect(')');
      return v;
    }
    const low = x.v.toLowerCase();
    // `vm2:ipa:0x…`: an IPA of a given VM (through its Stage 2).
    const vm = /^vm(\d+)$/.exec(low);
    const next = this.t[this.p + 1];
    if (vm && this.peekOp() === ':' && next?.k === 'id' && next.v.toLowerCase() === 'ipa' && (this.t[this.p + 2] as { v?: string } | undefined)?.v === ':') {
      this.p += 3;
      return this.mem('ipa', this.unary(), 8, Number(vm[1]));
    }
    if ((low === 'pa' || low === 'ipa' || low === 'va') && this.peekOp() === ':') {
      this.p++;
      return this.mem(low, this.unary(), 8);
    }
    const v = this.env.lookup(x.v);
    if (v === undefined) throw new EvalError(`unknown name '${x.v}'`);
    return v;
  }
}

function tokText(t: Tok): string { return t.k === 'num' ? '0x' + t.v.toString(16) : t.v; }

export function evaluate(text: string, env: EvalEnv): bigint {
  if (!text.trim()) throw new EvalError('empty expression');
  return new Parser(lex(text), env).parse();
}

/** Logpoint text: `{expr}` parts are evaluated (hex), `{{`/`}}` are braces. */
export function interpolate(msg: string, env: EvalEnv): string {
  return msg.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (all, e: string | undefined) => {
    if (all === '{{') return '{';
    if (all === '}}') return '}';
    try {
      return '0x' + evaluate(e ?? '', env).toString(16);
    } catch (err) {
      return `<${(err as Error).message}>`;
    }
  });
}
