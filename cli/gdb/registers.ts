// Register values in GDB's byte order (target little-endian, GDB manual "g packet"): one entry
// of target-xml.ts's GDB_REGS, read or written through the debugger's register access.

import type { Cpu } from '../../emulator/cpu/cpu';
import { isReadOnlySysreg, pstateValue, readCoreReg, readSysreg, writeCoreReg, writeSysreg } from '../../debug-adapter/model/registers';
import type { GdbReg } from './target-xml';

function le(v: bigint, bytes: number): string {
  let s = '';
  for (let i = 0; i < bytes; i++) s += Number((v >> BigInt(8 * i)) & 0xffn).toString(16).padStart(2, '0');
  return s;
}

function fromLe(hex: string): bigint {
  let v = 0n;
  for (let i = hex.length - 2; i >= 0; i -= 2) v = (v << 8n) | BigInt(Number.parseInt(hex.slice(i, i + 2), 16));
  return v;
}

export function readGdbReg(c: Cpu, r: GdbReg): string {
  const bytes = r.bits / 8;
  switch (r.kind) {
    case 'x': return le(c.xBig(r.index), bytes);
    case 'sp': return le(readCoreReg(c, 'sp')!, bytes);
    case 'pc': return le(c.pc, bytes);
    case 'cpsr': return le(pstateValue(c), bytes);
    case 'v': return le(readCoreReg(c, `q${r.index}`)!, bytes);
    case 'fpsr': return le(BigInt(c.fpsr), bytes);
    case 'fpcr': return le(BigInt(c.fpcr), bytes);
    case 'sys': return le(readSysreg(c, r.name) ?? 0n, bytes);
  }
}

/** Writes a register from its hex image; false when the value is malformed or the register cannot be written. */
export function writeGdbReg(c: Cpu, r: GdbReg, hex: string): boolean {
  if (hex.length !== r.bits / 4 || !/^[0-9a-f]*$/i.test(hex)) return false;
  // 'xx…' marks an unavailable register in a G packet: leave it.
  const v = fromLe(hex);
  switch (r.kind) {
    case 'x': return writeCoreReg(c, `x${r.index}`, v);
    case 'sp': return writeCoreReg(c, 'sp', v);
    case 'pc': return writeCoreReg(c, 'pc', v);
    case 'cpsr':
      // NZCV and DAIF only: changing EL or SP selection under the core's feet is not a register write (ARM ARM C5.2.18).
      writeCoreReg(c, 'nzcv', (v >> 28n) & 0xfn);
      writeCoreReg(c, 'daif', (v >> 6n) & 0xfn);
      return true;
    case 'v': return writeCoreReg(c, `q${r.index}`, v);
    case 'fpsr': return writeCoreReg(c, 'fpsr', v);
    case 'fpcr': return writeCoreReg(c, 'fpcr', v);
    case 'sys': return !isReadOnlySysreg(r.name) && writeSysreg(c, r.name, v);
  }
}
