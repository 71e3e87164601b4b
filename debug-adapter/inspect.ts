// Read-only views of a stopped target for the session: the EL-aware call stack, disassembly,
// memory references. Kept apart from session.ts so the protocol class stays a thin mapping.

import { basename } from 'node:path';
import { Source, StackFrame } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Cpu } from '../emulator/cpu/cpu';
import { disassemble } from '../emulator/isa/disasm';
import { ecName, readSysreg } from './model/registers';
import type { Target } from './model/target';
import { formatRef, parseSpaceRef, type SpaceRef } from './model/spaces';

export const FRAMES_PER_CPU = 10000;

export function source(path: string): Source { return new Source(basename(path), path); }

/** A memory reference in any space (model/spaces.ts): "0x…", "va:0x…", "ipa:0x…", "vm1:ipa:0x…", "pa:0x…". */
export function parseRef(ref: string): SpaceRef { return parseSpaceRef(ref); }

function frame(t: Target, world: string, id: number, addr: bigint, label: string): DebugProtocol.StackFrame {
  const p = t.programIn(world, addr);
  const sym = p.symbolize(addr);
  const loc = p.location(addr);
  const name = `${sym ?? '0x' + addr.toString(16)}${label ? ' ' + label : ''}`;
  const f = new StackFrame(id, name, loc ? source(loc.file) : undefined, loc?.line ?? 0, 0) as DebugProtocol.StackFrame;
  f.instructionPointerReference = '0x' + addr.toString(16);
  if (!loc) f.presentationHint = 'subtle';
  return f;
}

/**
 * The call stack of a core: the current PC; while the core handles exceptions, each handler's
 * interrupted instruction (from ELR_ELx of that handler's EL, labelled with the EL it came
 * from and the trap class); then the frame-pointer chain (x29 → {fp, lr}) of the current EL.
 */
export function stackTrace(t: Target, c: Cpu): DebugProtocol.StackFrame[] {
  const base = c.index * FRAMES_PER_CPU;
  const out: DebugProtocol.StackFrame[] = [];
  const frames = t.frames[c.index];
  const top = frames[frames.length - 1];
  const inHandler = top !== undefined && top.toEl === c.el;
  out.push(frame(t, t.world(c).key, base, c.pc, `· EL${c.el}${inHandler ? ` handler (${trapName(top.type, top.esr)})` : ''}`));
  let chainEl = c.el;
  let chainWorld = t.world(c).key;
  // The interrupted levels, innermost first: ELR of each open handler.
  if (inHandler) {
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i];
      // The live ELR for the innermost handler (it may have adjusted it); the recorded one further out.
      const elr = i === frames.length - 1 ? readSysreg(c, `ELR_EL${f.toEl}`) ?? f.elr : f.elr;
      const where = f.type === 'sync' && isCallLike(f.esr) ? elr - 4n : elr;
      // Labelled with the world it came from when that is not the core's own (a VM below a hypervisor).
      const w = f.world !== t.world(c).key && f.world !== 'guest' ? `${worldLabel(f.world)} ` : '';
      out.push(frame(t, f.world, base + out.length, where, `· ${w}EL${f.fromEl} (${f.type === 'sync' && isCallLike(f.esr) ? 'called' : 'interrupted'}: ${trapName(f.type, f.esr)})`));
      chainEl = f.fromEl;
      chainWorld = f.world;
      if (i > 0 && frames[i - 1].toEl !== f.fromEl) break;
    }
  }
  // Frame-pointer chain of the innermost interrupted level (asm handlers rarely touch x29) (AAPCS64: [fp] = caller's fp, [fp+8] = return address).
  let fp = c.xBig(29);
  for (let n = 0; n < 32 && fp !== 0n && (fp & 7n) === 0n; n++) {
    // The chain of an interrupted level lives in its address space (its EL1 registers are still loaded).
    const b = t.readVa(c, fp, 16, chainEl);
    if (!b || b.length < 16) break;
    const dv = new DataView(b.buffer, b.byteOffset, 16);
    const next = dv.getBigUint64(0, true), lr = dv.getBigUint64(8, true);
    if (lr === 0n) break;
    out.push(frame(t, chainWorld, base + out.length, lr - 4n, `· EL${chainEl}`));
    if (next <= fp) break;
    fp = next;
  }
  return out;
}

/** 'vm2' → 'VM2', other worlds as they are ('host', 'dom0', 'guest'). */
function worldLabel(key: string): string { return /^vm\d+$/.test(key) ? key.toUpperCase() : key; }

/** HVC/SVC/SMC return past themselves: ELR is the instruction after the call. */
function isCallLike(esr: bigint): boolean {
  const ec = Number((esr >> 26n) & 0x3fn);
  return ec === 0x15 || ec === 0x16 || ec === 0x17;
}

function trapName(type: string, esr: bigint): string {
  return type === 'sync' ? ecName(esr).split(':')[0] : type.toUpperCase();
}

export function disassembleAt(t: Target, c: Cpu, args: DebugProtocol.DisassembleArguments): DebugProtocol.DisassembledInstruction[] {
  const r = parseRef(args.memoryReference);
  const addr = r.addr;
  const start = addr + BigInt(args.offset ?? 0) + BigInt((args.instructionOffset ?? 0) * 4);
  const count = Math.min(Math.max(0, args.instructionCount | 0), 4096);
  const out: DebugProtocol.DisassembledInstruction[] = [];
  let lastLine = '';
  for (let i = 0; i < count; i++) {
    const a = (start + BigInt(i * 4)) & ((1n << 64n) - 1n);
    const ref = '0x' + a.toString(16);
    const b = start + BigInt(i * 4) < 0n ? null : t.readSpace(c, { ...r, addr: a }, 4);
    if (!b || b.length < 4) { out.push({ address: ref, instruction: '??', presentationHint: 'invalid' }); continue; }
    const word = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
    const p = t.programFor(c, a);
    const d = disassemble(word, a, { symbolize: (x) => p.symbolize(x) });
    const ins: DebugProtocol.DisassembledInstruction = {
      address: ref, instructionBytes: word.toString(16).padStart(8, '0'), instruction: d.text.replace('\t', ' '),
    };
    const sym = p.symbol(p.symbolize(a) ?? '');
    if (sym && sym.value === a) ins.symbol = sym.name;
    const loc = p.location(a);
    if (loc) {
      const key = `${loc.file}:${loc.line}`;
      // DAP: location only when it changes from the previous instruction.
      if (key !== lastLine) ins.location = source(loc.file);
      ins.line = loc.line;
      lastLine = key;
    }
    out.push(ins);
  }
  return out;
}

/** Reads a memory reference for readMemory: VA through the core's regime, IPA through a VM's Stage 2, or PA. */
export function readRef(t: Target, c: Cpu, ref: string, offset: number, count: number): { address: string; data: Uint8Array; unreadable: number } {
  const r = parseRef(ref);
  const at = { ...r, addr: r.addr + BigInt(offset) };
  const n = Math.min(Math.max(0, count | 0), 1 << 20);
  const data = t.readSpace(c, at, n);
  return { address: formatRef(at), data: data ?? new Uint8Array(0), unreadable: n - (data?.length ?? 0) };
}

export function writeRef(t: Target, c: Cpu, ref: string, offset: number, data: Uint8Array): number {
  const r = parseRef(ref);
  return t.writeSpace(c, { ...r, addr: r.addr + BigInt(offset) }, data);
}
