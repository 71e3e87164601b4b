// A cursor over one instruction's operand text. Operand kinds drive it; expressions are
// evaluated by the GAS-precedence scanner with the assembler's symbol resolver.

import { AsmError, type OperandParser } from '../types';
import { ExprScanner, type SymbolResolver } from './expr';

export class TextOperandParser implements OperandParser {
  private readonly scanner: ExprScanner;

  constructor(readonly text: string, resolve: SymbolResolver) {
    this.scanner = new ExprScanner(text, resolve);
    this.scanner.bangIsWriteback = true;
  }

  get pos(): number { return this.scanner.pos; }
  set pos(v: number) { this.scanner.pos = v; }

  skipSpace(): void { this.scanner.skipSpace(); }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? '';
  }

  eat(s: string): boolean {
    this.skipSpace();
    if (this.text.slice(this.pos, this.pos + s.length).toLowerCase() === s.toLowerCase()) {
      // A word must not run on into an identifier ("lsl" is not the start of "lslx").
      if (/\w$/.test(s) && /[\w.$]/.test(this.text[this.pos + s.length] ?? '')) return false;
      this.pos += s.length;
      return true;
    }
    return false;
  }

  peekIdent(): string | null {
    this.skipSpace();
    const m = /^[A-Za-z_.$][\w.$]*/.exec(this.text.slice(this.pos));
    return m ? m[0] : null;
  }

  ident(): string | null {
    const id = this.peekIdent();
    if (id !== null) this.pos += id.length;
    return id;
  }

  expr(): bigint {
    this.skipSpace();
    return this.scanner.expr();
  }

  imm(): bigint {
    this.skipSpace();
    this.eat('#');
    return this.expr();
  }

  fail(msg: string): never {
    throw new AsmError(msg, this.pos);
  }
}
