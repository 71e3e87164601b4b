// Completion from the shared tables: mnemonics with an operand snippet built from the row's
// operand syntax, directives, macros, registers, system registers (only those accessible at
// the EL of the line, when it is known) and the symbols in scope.

import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import { mnemonicIndex } from '../emulator/isa/asm/encode';
import { SYSREG_ROWS } from '../emulator/isa/sysregs/index';
import { encodeSysreg } from '../emulator/isa/sysregs';
import { DIRECTIVE_DOCS } from './directives';
import { minElOf, type El } from './el';
import { rowSyntax } from './hover';
import type { Def } from './scan';

const snippetEscape = (s: string): string => s.replace(/[\\$}]/g, (c) => `\\${c}`);

/** `add ${1:<Xd|SP>}, ${2:<Xn|SP>}, ${3:#<imm>}`: required operands become tab stops. */
function mnemonicItems(): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const [mn, cands] of mnemonicIndex()) {
    const def = cands.find((c) => !c.def.aliasOf)?.def ?? cands[0].def;
    let k = 0;
    const ops = def.operands.filter((o) => !o.optional).map((o) => `\${${++k}:${snippetEscape(o.syntax)}}`);
    const forms = [...new Set(cands.map((c) => rowSyntax(mn, c.def)))];
    out.push({
      label: mn,
      kind: CompletionItemKind.Keyword,
      detail: def.summary,
      documentation: { kind: MarkupKind.Markdown, value: forms.slice(0, 6).map((f) => `- \`${f}\``).join('\n') + (forms.length > 6 ? `\n- …${forms.length - 6} more` : '') },
      insertText: ops.length ? `${mn} ${ops.join(', ')}` : mn,
      insertTextFormat: InsertTextFormat.Snippet,
      // Plain mnemonics before the many condition spellings ("b.eq", "beq", ...).
      sortText: `${/[.]/.test(mn) ? 1 : 0}${mn}`,
    });
  }
  return out;
}

let mnemonicCache: CompletionItem[] | undefined;
let directiveCache: CompletionItem[] | undefined;
let registerCache: CompletionItem[] | undefined;

function directiveItems(): CompletionItem[] {
  return (directiveCache ??= Object.entries(DIRECTIVE_DOCS).map(([name, [syntax, doc]]) => ({
    label: name,
    kind: CompletionItemKind.Keyword,
    detail: syntax ? `${name} ${syntax}` : name,
    documentation: doc,
  })));
}

function registerItems(): CompletionItem[] {
  if (registerCache) return registerCache;
  const out: CompletionItem[] = [];
  const add = (label: string, detail: string, rank: number): void => { out.push({ label, kind: CompletionItemKind.Variable, detail, sortText: `${rank}${label.padStart(4, '0')}` }); };
  for (let i = 0; i <= 30; i++) { add(`x${i}`, '64-bit general-purpose register', 0); add(`w${i}`, '32-bit general-purpose register', 1); }
  add('sp', 'stack pointer', 0); add('wsp', '32-bit stack pointer', 1); add('xzr', 'zero register (64-bit)', 0); add('wzr', 'zero register (32-bit)', 1);
  add('lr', 'link register (x30)', 0); add('fp', 'frame pointer (x29)', 0);
  for (let i = 0; i < 32; i++) for (const [p, d] of [['v', 'SIMD&FP vector'], ['q', '128-bit SIMD&FP'], ['d', '64-bit SIMD&FP'], ['s', '32-bit SIMD&FP']] as const) add(`${p}${i}`, `${d} register`, 2);
  return (registerCache = out);
}

/** System registers the code at `el` may access; all of them when the EL is unknown. */
export function sysregItems(el: El | undefined): CompletionItem[] {
  const out: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const r of SYSREG_ROWS) {
    const min = minElOf(encodeSysreg(r.op0, r.op1, r.crn, r.crm, r.op2));
    if (el !== undefined && min > el) continue;
    const label = r.name.toLowerCase();
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({ label, kind: CompletionItemKind.Property, detail: `${r.name} (EL${min}${r.access !== 'rw' ? `, ${r.access}` : ''})`, documentation: r.desc });
  }
  return out;
}

function symbolItems(defs: readonly Def[], macrosOnly: boolean): CompletionItem[] {
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  for (const d of defs) {
    if (macrosOnly !== (d.kind === 'macro') || seen.has(d.name)) continue;
    seen.add(d.name);
    out.push({
      label: d.name,
      kind: d.kind === 'macro' ? CompletionItemKind.Function : d.kind === 'equ' ? CompletionItemKind.Constant : CompletionItemKind.Reference,
      detail: d.kind,
    });
  }
  return out;
}

/**
 * Items for the text of the line before the cursor. `defs`: definitions in scope; `el`: the
 * EL of the line (undefined: unknown).
 */
export function complete(prefix: string, defs: readonly Def[], el: El | undefined): CompletionItem[] {
  // The statement being typed: after the last `;`, comments cut, labels dropped.
  const stmt = prefix.replace(/\/\/.*$/, '').split(';').pop()!.replace(/^\s*(?:[A-Za-z_.$][\w.$]*:\s*|\d+:\s*)*/, '');
  if (/\/\/|\/\*/.test(prefix.split(';').pop()!)) return [];
  const m = /^([A-Za-z_.$][\w.$]*)?(\s+)?(.*)$/.exec(stmt)!;
  if (!m[2]) {
    // Typing the operation: a directive, a mnemonic or a macro.
    if (stmt.startsWith('.')) return directiveItems();
    return [...(mnemonicCache ??= mnemonicItems()), ...symbolItems(defs, true), ...directiveItems()];
  }
  const op = (m[1] ?? '').toLowerCase();
  if (op === '.include') return [];
  const rest = m[3];
  const argIndex = rest.split(',').length - 1;
  if ((op === 'msr' && argIndex === 0) || (op === 'mrs' && argIndex === 1)) return sysregItems(el);
  if (op.startsWith('.')) return symbolItems(defs, false);
  return [...registerItems(), ...symbolItems(defs, false)];
}
