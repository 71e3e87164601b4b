// The shape of one row of the A64 instruction table, and the contract an operand kind fulfils.
// A row is pure data plus operand kinds; the decoder, disassembler, assembler and language
// server are all consumers of the same rows (DESIGN.md: "One instruction table").

import type { Pattern } from './pattern';

/** What a disassembled operand sees: the word, its fields by name, and the address. */
export interface DecodeCtx {
  readonly word: number;
  /** Address of the instruction (for PC-relative operands). */
  readonly addr: bigint;
  readonly def: InsnDef;
  /** Unsigned value of a named field of the row's pattern. */
  f(name: string): number;
  /** True if the row's pattern has this field. */
  has(name: string): boolean;
  /** Adds a trailing comment ("// #16") as objdump prints it. */
  comment(text: string): void;
  /** Names an address ("foo+0x4") when disassembling a file with symbols, as objdump -d does. */
  readonly symbolize?: (addr: bigint) => string | undefined;
}

/** What an operand kind sees when assembling: it sets fields of the row's pattern. */
export interface EncodeCtx {
  readonly addr: bigint;
  readonly def: InsnDef;
  set(name: string, value: number): void;
  get(name: string): number | undefined;
  has(name: string): boolean;
}

/** A cursor over one instruction's operand text, with GNU as expression evaluation. */
export interface OperandParser {
  readonly text: string;
  pos: number;
  skipSpace(): void;
  atEnd(): boolean;
  peek(): string;
  /** Consumes `s` (case-insensitive, after spaces) if it is next. */
  eat(s: string): boolean;
  /** Consumes an identifier-like token ([A-Za-z_.$][\w.$]*) if next, without consuming it otherwise. */
  ident(): string | null;
  /** Looks at the next identifier without consuming it. */
  peekIdent(): string | null;
  /** Parses an expression (stops at a top-level ',', ']', '}', '!'). Throws AsmError. */
  expr(): bigint;
  /** Parses "#expr" or "expr" (the '#' is optional in GNU as). Throws AsmError. */
  imm(): bigint;
  /** Raises an error at the current position. */
  fail(msg: string): never;
}

export class AsmError extends Error {
  constructor(message: string, readonly column?: number) {
    super(message);
  }
}

export interface Operand {
  /** Syntax for documentation and completion, e.g. "<Xd|SP>". */
  readonly syntax: string;
  /** May be absent in the text; print returns "" when it is omitted. */
  readonly optional?: boolean;
  /** Text of the operand, "" when omitted, or null when the encoding is not valid for this row. */
  print(d: DecodeCtx): string | null;
  /** Parses the operand and sets fields. Throws AsmError on failure. */
  parse(p: OperandParser, e: EncodeCtx): void;
  /** For an optional operand left out of the text: sets its default fields (e.g. RET's X30). */
  absent?(e: EncodeCtx): void;
}

export interface InsnDef {
  /** Unique row id, e.g. "ADD_imm_64"; the CPU's semantics hook is keyed by it. */
  readonly id: string;
  /** Lower-case mnemonic; "b.{cond}" style templates bind a condition field. */
  readonly mnemonic: string;
  readonly pattern: Pattern;
  readonly operands: readonly Operand[];
  /** Row id of the instruction this is an alias of (ARM ARM "alias of"). */
  readonly aliasOf?: string;
  /** Extra decode condition: the alias's preference rule or a constraint. */
  readonly when?: (f: (name: string) => number) => boolean;
  /** Higher is tried first among rows matching the same word. */
  readonly prio: number;
  /** Architecture feature, e.g. "v8.0", "lse", "pauth", "mte". */
  readonly feature: string;
  /** Class name for reports and hover, e.g. "dp-imm/add-sub". */
  readonly group: string;
  /** One-line semantics for hover. */
  readonly summary: string;
  /** Only disassembled, never chosen by the assembler (e.g. alternate spellings). */
  readonly disasmOnly?: boolean;
  /** Only assembled: objdump prints another row for these bits. */
  readonly asmOnly?: boolean;
}
