// `armvirt` — the headless command line (DESIGN.md "Interfaces other tools rely on").

import { asmCommand } from './commands/asm';
import { benchCommand } from './commands/bench';
import { dapCommand } from './commands/dap';
import { disasmCommand } from './commands/disasm';
import { lspCommand } from './commands/lsp';
import { runCommand } from './commands/run';
import { UsageError } from './args';

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

const stdio: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

const COMMANDS: Record<string, { run: (argv: string[], io: Io) => Promise<number>; help: string }> = {
  asm: { run: asmCommand, help: 'asm file.S -o file.elf [--base ADDR] [--relocatable]   assemble (GNU as syntax) to ELF64' },
  run: { run: runCommand, help: 'run prog.S|prog.elf|Image [--el 1|2] [--max-insns N] [--trace traps|all] [--trace-file F] [--json]   run on the virt board' },
  bench: { run: benchCommand, help: 'bench micro [--hyp kvm|xen|kvm-vhe|all] [--json] [--breakdown] [--iterations N]   the paper\'s microbenchmarks' },
  lsp: { run: lspCommand, help: 'lsp --stdio                                            the AArch64 assembly language server' },
  dap: { run: dapCommand, help: 'dap [--port N]                                        the debug adapter (DAP) over stdio or a TCP port' },
  disasm: { run: disasmCommand, help: 'disasm file.elf | --words HEX... [--base ADDR]          disassemble in objdump\'s layout' },
};

export function usage(): string {
  return ['usage: armvirt <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  armvirt ${c.help}`), ''].join('\n');
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.out(usage());
    return cmd ? 0 : 2;
  }
  const c = COMMANDS[cmd];
  if (!c) {
    io.err(`armvirt: unknown command '${cmd}'\n${usage()}`);
    return 2;
  }
  try {
    return await c.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`armvirt ${cmd}: ${e.message}\n`);
      return 2;
    }
    io.err(`armvirt ${cmd}: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return 70;
  }
}
