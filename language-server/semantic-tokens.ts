// Semantic tokens: what the TextMate grammar cannot know — whether an identifier is a known
// mnemonic, a macro, a label or an .equ symbol in scope, a general or a system register.
// Comments are left to the grammar (the lexer has blanked them by now).

import { SemanticTokensBuilder, type SemanticTokensLegend } from 'vscode-languageserver';
import { knownMnemonic } from '../emulator/isa/asm/encode';
import { lookupSysreg } from './el';
import type { DefKind, FileIndex } from './scan';

export const LEGEND: SemanticTokensLegend = {
  tokenTypes: ['keyword', 'macro', 'function', 'variable', 'number', 'string', 'property', 'parameter'],
  tokenModifiers: ['declaration', 'readonly', 'defaultLibrary'],
};
const T = { keyword: 0, macro: 1, function: 2, variable: 3, number: 4, string: 5, property: 6, parameter: 7 } as const;
const M = { declaration: 1, readonly: 2, defaultLibrary: 4 } as const;

export const GP_REGISTER = /^(?:[xw](?:[12]?\d|30)|[vqdshb](?:[12]?\d|3[01])|sp|wsp|xzr|wzr|lr|fp|z\d+|p\d+)$/i;

const TOKEN = /"(?:[^"\\]|\\.)*"?|#?-?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|\d+)(?![\w.$])|[A-Za-z_.$][\w.$]*/g;

/** `kindOf` tells how a name is defined in the file's scope (definitions.ts), if at all. */
export function semanticTokens(index: FileIndex, kindOf: (name: string) => DefKind | undefined): number[] {
  const b = new SemanticTokensBuilder();
  for (const s of index.statements) {
    for (const l of s.labels) b.push(s.line, l.start, l.end - l.start, T.function, M.declaration);
    if (s.op) {
      const op = s.op.toLowerCase();
      if (op.startsWith('.')) b.push(s.line, s.opCol, s.op.length, T.keyword, M.defaultLibrary);
      else if (kindOf(s.op) === 'macro') b.push(s.line, s.opCol, s.op.length, T.macro, 0);
      else if (knownMnemonic(op)) b.push(s.line, s.opCol, s.op.length, T.keyword, 0);
      else if (kindOf(s.op) === 'equ') b.push(s.line, s.opCol, s.op.length, T.variable, M.declaration | M.readonly); // `sym = expr`
    }
    const sysOperand = /^(mrs|msr)$/i.test(s.op);
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(s.rest); m; m = TOKEN.exec(s.rest)) {
      const t = m[0];
      const start = s.restCol + m.index;
      const prev = s.rest[m.index - 1];
      if (prev === '\\') continue; // a macro parameter substitution
      if (t.startsWith('"')) { b.push(s.line, start, t.length, T.string, 0); continue; }
      if (/^[#\-\d]/.test(t)) { b.push(s.line, start, t.length, T.number, 0); continue; }
      const k = kindOf(t);
      if (k === 'label') b.push(s.line, start, t.length, T.function, 0);
      else if (k === 'equ') b.push(s.line, start, t.length, T.variable, M.readonly);
      else if (k === 'macro') b.push(s.line, start, t.length, T.macro, 0);
      else if (GP_REGISTER.test(t)) b.push(s.line, start, t.length, T.parameter, M.defaultLibrary);
      else if (sysOperand && lookupSysreg(t)) b.push(s.line, start, t.length, T.property, M.defaultLibrary);
    }
  }
  return b.build().data;
}
