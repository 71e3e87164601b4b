// A bare core for semantics tests (dynarmic/Unicorn test shape): assemble a snippet at
// 0x40080000 with our assembler, set registers, run N instructions, read registers back.

import { assemble } from '../../emulator/isa/asm/assembler';
import { PhysicalBus } from '../../emulator/memory/bus';
import { Cpu } from '../../emulator/cpu/cpu';
import { A64_SEMANTICS } from '../../emulator/cpu/semantics';

export const RAM_BASE = 0x40000000;
export const CODE_BASE = 0x40080000;

export interface TestCore { cpu: Cpu; bus: PhysicalBus }

/** A core at EL2h (reset state) with 16 MB of RAM at 0x40000000 and `source` loaded at 0x40080000. */
export function coreWith(source: string, opts: { ramSize?: number } = {}): TestCore {
  const bus = new PhysicalBus(RAM_BASE, opts.ramSize ?? 16 << 20);
  const img = assemble(source, { fileName: 'snippet.S', base: BigInt(CODE_BASE) });
  if (!img.ok) throw new Error(img.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n'));
  for (const s of img.sections) if (s.flags.alloc && !s.nobits) bus.load(Number(s.addr), s.data);
  const cpu = new Cpu(0, bus, A64_SEMANTICS);
  cpu.pc = BigInt(CODE_BASE);
  return { cpu, bus };
}

/** Runs exactly n instructions (fewer if the core halts). */
export function steps(t: TestCore, n: number): void {
  for (let i = 0; i < n && !t.cpu.halted; i++) t.cpu.step();
}

export function x(t: TestCore, n: number): bigint {
  return t.cpu.xBig(n);
}
