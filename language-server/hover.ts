// Hover texts (Markdown), all read from the shared tables: an instruction's rows from the A64
// table (encoding class, syntax, one-line semantics), a system register's row with its fields,
// a symbol's value after assembly, an immediate in hex/decimal/binary, a directive's gist.

import type { AsmSymbol } from '../emulator/isa/asm/assembler';
import { mnemonicIndex } from '../emulator/isa/asm/encode';
import { genericSysregName, type SysRegDef } from '../emulator/isa/sysregs';
import type { InsnDef } from '../emulator/isa/types';
import { EL2_RULES } from '../emulator/cpu/traps/rules';
import { DIRECTIVE_DOCS } from './directives';
import { encodingOf, lookupSysreg, minElOf } from './el';
import type { Def } from './scan';

/** "add <Xd|SP>, <Xn|SP>, #<imm>{, lsl #12}" from a row's operand kinds. */
export function rowSyntax(mn: string, def: InsnDef): string {
  let s = '';
  def.operands.forEach((o, i) => {
    if (o.optional) s += i === 0 ? `{${o.syntax}}` : `{, ${o.syntax}}`;
    else s += (i === 0 ? '' : ', ') + o.syntax;
  });
  return s ? `${mn} ${s}` : mn;
}

export function instructionHover(mn: string): string | null {
  const cands = mnemonicIndex().get(mn.toLowerCase());
  if (!cands) return null;
  const seen = new Set<string>();
  const forms: string[] = [];
  for (const c of cands) {
    const syn = rowSyntax(mn.toLowerCase(), c.def);
    if (seen.has(syn)) continue;
    seen.add(syn);
    const alias = c.def.aliasOf ? ` (alias of ${c.def.aliasOf})` : '';
    forms.push(`- \`${syn}\` — ${c.def.summary}  \n  class \`${c.def.group}\`, ${c.def.feature}${alias}`);
  }
  const shown = forms.slice(0, 8);
  const more = forms.length > shown.length ? `\n\n…and ${forms.length - shown.length} more forms` : '';
  return `**${mn.toLowerCase()}** — ${cands[0].def.summary}\n\n${shown.join('\n')}${more}`;
}

const hex = (v: bigint): string => `0x${BigInt.asUintN(64, v).toString(16)}`;

export function sysregHover(name: string, hcr: bigint): string | null {
  const found = lookupSysreg(name);
  if (!found) return null;
  const enc = found.enc;
  const f = { op0: enc >> 14, op1: (enc >> 11) & 7, crn: (enc >> 7) & 15, crm: (enc >> 3) & 15, op2: enc & 7 };
  const generic = genericSysregName(f.op0, f.op1, f.crn, f.crm, f.op2).toUpperCase();
  const d: SysRegDef | undefined = found.def;
  const access = d ? { rw: 'read/write', ro: 'read-only', wo: 'write-only' }[d.access] : 'unknown';
  const lines = [
    `**${d?.name ?? name.toUpperCase()}** — ${d?.desc ?? 'implementation-defined or unnamed encoding'}`,
    '',
    `Encoding: op0=${f.op0} op1=${f.op1} CRn=${f.crn} CRm=${f.crm} op2=${f.op2} (\`${generic}\`); ${access}; accessible from EL${minElOf(enc)}${d?.feature ? `; feature ${d.feature}` : ''}`,
  ];
  if (d?.fields?.length) {
    lines.push('', '| bits | field | meaning |', '| --- | --- | --- |');
    for (const fl of [...d.fields].sort((a, b) => a.lsb - b.lsb)) {
      const bits = fl.width === 1 ? `${fl.lsb}` : `${fl.lsb + fl.width - 1}:${fl.lsb}`;
      const vals = fl.values ? ` (${Object.entries(fl.values).map(([k, v]) => `${k}: ${v}`).join('; ')})` : '';
      lines.push(`| ${bits} | ${fl.name} | ${(fl.desc ?? '').replace(/\|/g, '\\|')}${vals.replace(/\|/g, '\\|')} |`);
    }
  }
  const traps = EL2_RULES.filter((r) => r.ctl === 'hcr' && !r.feature && r.sel.names?.some((n) => encodingOf(n) === enc));
  if (traps.length) {
    lines.push('', 'Trapped to EL2 by: ' + traps.map((r) => {
      const on = r.bits.some((b) => (hcr >> BigInt(b)) & 1n) ? ' (set in the configured HCR_EL2)' : '';
      return `${r.id} (${r.dir === 'r' ? 'reads' : r.dir === 'w' ? 'writes' : 'reads and writes'} at EL${r.at.join('/')})${on}`;
    }).join(', '));
  }
  return lines.join('\n');
}

export function symbolHover(name: string, sym: AsmSymbol | undefined, def: Def | undefined, defFile: string | undefined): string | null {
  if (!sym && !def) return null;
  const lines = [`**${name}** — ${sym ? (sym.kind === 'equ' ? '.equ symbol' : sym.kind === 'func' ? 'function' : sym.kind === 'object' ? 'object' : 'label') : def!.kind}`];
  if (sym) {
    lines.push('', `Value: \`${hex(sym.value)}\` (${sym.value < 0n ? sym.value : BigInt.asUintN(64, sym.value)})${sym.section ? ` in ${sym.section}` : ' (absolute)'}${sym.global ? ', global' : ''}`);
    lines.push('', `Defined at ${sym.file.split(/[\\/]/).pop()}:${sym.line}`);
  } else if (def) {
    lines.push('', `Defined at ${(defFile ?? '').split(/[\\/]/).pop()}:${def.line + 1} (no value: the file does not assemble yet)`);
  }
  return lines.join('\n');
}

/** `#0x10`, `16`, `0b101`, `-3`: the same value three ways. */
export function immediateHover(text: string): string | null {
  const m = /^#?([-+]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|\d+)$/.exec(text);
  if (!m) return null;
  let body = m[2].replace(/_/g, '');
  if (/^0\d/.test(body)) body = `0o${body.slice(1)}`; // GNU as: a leading 0 means octal
  let v: bigint;
  try {
    v = BigInt(body);
  } catch {
    return null;
  }
  if (m[1] === '-') v = -v;
  const u = BigInt.asUintN(64, v);
  const bin = u.toString(2).replace(/\B(?=(\d{4})+(?!\d))/g, '_');
  return [`**${text}**`, '', `- hex: \`0x${u.toString(16)}\``, `- decimal: \`${v}\`${v < 0n ? ` (unsigned ${u})` : ''}`, `- binary: \`0b${bin}\``].join('\n');
}

export function directiveHover(name: string): string | null {
  const doc = DIRECTIVE_DOCS[name.toLowerCase()];
  return doc ? `**${name.toLowerCase()}** ${doc[0]}\n\n${doc[1]}` : null;
}
