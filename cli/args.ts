// A small argv reader: flags with values, boolean flags, positionals. Unknown flags are errors.

export class UsageError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[], spec: { values: string[]; booleans: string[]; rest?: string }): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === spec.rest) {
      // Everything after this flag belongs to it ("--words d503201f aa0103e0 …").
      const vals: string[] = [];
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) vals.push(argv[++i]);
      flags.set(a, vals);
    } else if (spec.values.includes(a) || (a === '-o' && spec.values.includes('-o'))) {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      flags.set(a, [...(flags.get(a) ?? []), argv[++i]]);
    } else if (spec.booleans.includes(a)) {
      flags.set(a, []);
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else positionals.push(a);
  }
  return { positionals, flags };
}

export function flag(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  return v && v.length ? v[v.length - 1] : undefined;
}

export function parseAddress(text: string, what: string): bigint {
  try {
    const v = BigInt(text);
    if (v < 0n || v >= 1n << 64n) throw new Error();
    return v;
  } catch {
    throw new UsageError(`${what}: '${text}' is not an address (decimal or 0x… hex)`);
  }
}
