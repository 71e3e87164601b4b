// Lockstep: the same program under QEMU (the reference) and another target, stepped one
// instruction at a time; PC, X0–X30, SP, NZCV and EL compared after every instruction, the UART
// text at the end. The first divergence is reported with the instruction that caused it.

import { disassemble } from '../../emulator/isa/disasm';
import { makeQemuTarget } from './qemu-target';
import { ArchRegs, LockstepProgram, LockstepTarget, TargetFactory } from './target';

export interface LockstepOptions {
  /** Step cap (default 20,000). */
  maxSteps?: number;
  /** The reference side (default: QEMU). */
  makeReference?: TargetFactory;
  /** Called after each compared step (progress, tracing). */
  onStep?: (step: number, regs: ArchRegs) => void;
}

export interface RegDiff {
  reg: string;
  ref: bigint;
  dut: bigint;
}

export interface Divergence {
  /** Instructions executed before the comparison that failed (0 = the initial state). */
  step: number;
  /** PC of the instruction just executed (reference side), and its word and disassembly. */
  pc: bigint;
  word: number | null;
  insn: string;
  diffs: RegDiff[];
  /** Reference registers before and after that instruction. */
  before: ArchRegs | null;
  after: ArchRegs;
}

export interface LockstepResult {
  program: string;
  steps: number;
  ok: boolean;
  divergence?: Divergence;
  /** Set when one side exited and the other did not, or the step cap was hit. */
  endMismatch?: string;
  uart: { ref: string; dut: string; same: boolean };
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** The registers that differ between two snapshots, by architectural name. */
export function diffRegs(ref: ArchRegs, dut: ArchRegs): RegDiff[] {
  const d: RegDiff[] = [];
  const cmp = (reg: string, a: bigint, b: bigint) => {
    if (a !== b) d.push({ reg, ref: a, dut: b });
  };
  cmp('pc', ref.pc, dut.pc);
  for (let i = 0; i < 31; i++) cmp(`x${i}`, ref.x[i], dut.x[i] ?? -1n);
  cmp('sp', ref.sp, dut.sp);
  cmp('nzcv', BigInt(ref.nzcv), BigInt(dut.nzcv));
  cmp('el', BigInt(ref.el), BigInt(dut.el));
  return d;
}

/** The word at `addr` from the program image (the programs do not modify their code). */
export function imageWord(prog: LockstepProgram, addr: bigint): number | null {
  for (const s of prog.segments) {
    const off = Number(addr - s.addr);
    if (addr >= s.addr && off + 4 <= s.data.length) {
      return (s.data[off] | (s.data[off + 1] << 8) | (s.data[off + 2] << 16) | (s.data[off + 3] << 24)) >>> 0;
    }
  }
  return null;
}

export function describeInsn(prog: LockstepProgram, pc: bigint): { word: number | null; insn: string } {
  const word = imageWord(prog, pc);
  return { word, insn: word === null ? '(outside the image)' : disassemble(word, pc).text };
}

export function formatDivergence(prog: string, d: Divergence): string {
  const lines = [
    `${prog}: divergence after step ${d.step} at pc ${hex(d.pc)}: ` +
      (d.word === null ? d.insn : `${d.word.toString(16).padStart(8, '0')}  ${d.insn}`),
  ];
  for (const r of d.diffs) lines.push(`  ${r.reg.padEnd(5)} qemu ${hex(r.ref)}  dut ${hex(r.dut)}`);
  return lines.join('\n');
}

export function formatResult(r: LockstepResult, prog: LockstepProgram): string {
  if (r.ok) return `${r.program}: ${r.steps} steps, identical`;
  const parts: string[] = [];
  if (r.divergence) parts.push(formatDivergence(prog.name, r.divergence));
  if (r.endMismatch) parts.push(`${r.program}: ${r.endMismatch}`);
  if (!r.uart.same) parts.push(`${r.program}: UART differs\n  qemu ${JSON.stringify(r.uart.ref)}\n  dut  ${JSON.stringify(r.uart.dut)}`);
  return parts.join('\n');
}

/**
 * Runs `prog` on the reference (QEMU) and on the target `makeDut` builds, in turn, one
 * instruction at a time. Stops at the first divergence.
 */
export async function runLockstep(prog: LockstepProgram, makeDut: TargetFactory, opts: LockstepOptions = {}): Promise<LockstepResult> {
  const maxSteps = opts.maxSteps ?? 20000;
  const ref: LockstepTarget = await (opts.makeReference ?? makeQemuTarget)(prog);
  let dut: LockstepTarget | undefined;
  try {
    dut = await makeDut(prog);
    let before: ArchRegs | null = null;
    let step = 0;
    let divergence: Divergence | undefined;
    let endMismatch: string | undefined;
    for (;;) {
      const a = await ref.regs();
      const b = await dut.regs();
      const diffs = diffRegs(a, b);
      opts.onStep?.(step, a);
      if (diffs.length) {
        const pc = before ? before.pc : a.pc;
        divergence = { step, pc, ...describeInsn(prog, pc), diffs, before, after: a };
        break;
      }
      if (step >= maxSteps) {
        endMismatch = `step cap ${maxSteps} reached`;
        break;
      }
      before = a;
      await ref.step();
      await dut.step();
      step++;
      const re = ref.exited(), de = dut.exited();
      if (re || de) {
        if (re !== de) {
          const { word, insn } = describeInsn(prog, before.pc);
          endMismatch =
            `${re ? 'qemu' : 'the target'} powered off at step ${step} and the other did not ` +
            `(pc ${hex(before.pc)}: ${word === null ? insn : insn})`;
        }
        break;
      }
    }
    const [ru, du] = [await ref.uart(), await dut.uart()];
    const uart = { ref: ru, dut: du, same: ru === du };
    return { program: prog.name, steps: step, ok: !divergence && !endMismatch && uart.same, divergence, endMismatch, uart };
  } finally {
    await ref.close();
    await dut?.close();
  }
}
