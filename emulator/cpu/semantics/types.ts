// The semantics hook of the instruction table (DESIGN.md "One instruction table"): for each
// non-alias row id, a compiler that turns the row's decoded fields into an executor closure.
// Compiling happens once per word (decoded-instruction cache, per physical page); executing
// happens every time the instruction runs, so executors capture fields as constants and
// touch only typed arrays and numbers (no BigInt, no allocation) on ordinary paths.

import type { InsnDef } from '../../isa/types';
import type { Cpu } from '../cpu';

/** Runs one instruction. PC is the instruction's address on entry; see Cpu.branchTo/raise. */
export type Exec = (c: Cpu) => void;

/** Field reader of the decoded row (unsigned values of the pattern's named fields). */
export type Fields = (name: string) => number;

export type Compile = (f: Fields, word: number, def: InsnDef) => Exec;

/** Semantics rows of one group: row id (non-alias) → compiler. */
export type SemanticsTable = Readonly<Record<string, Compile>>;
