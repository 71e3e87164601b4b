// Access-size rules shared by the GICv2 register frames.
//
// IHI 0048B 4.1.4 "GIC register access": all registers are 32-bit; the Distributor also allows
// byte accesses to IPRIORITYR, ITARGETSR, CPENDSGIR and SPENDSGIR. What happens on other sizes
// is UNPREDICTABLE; we do what QEMU (hw/intc/arm_gic.c) does, deterministically:
// - 8-byte and unaligned accesses are a decode error (QEMU: valid.max_access_size 4, no
//   unaligned), i.e. a bus error here and a synchronous external abort in the core;
// - accesses beyond a frame's implemented size (inside the board's window) are bus errors too;
// - the Distributor is byte-addressed: a word is four byte accesses (any byte register works);
// - the CPU interface frames decode the offset as a word register: a byte/halfword read returns
//   the low bits of the register at that (word-aligned) offset, a narrower write writes the
//   zero-extended value, and a narrow access at a non-word-aligned offset is RAZ/WI.

import type { MmioDevice } from '../memory/bus';

type Size = 1 | 2 | 4 | 8;

const SIZE_MASK = [0, 0xff, 0xffff, 0, 0xffffffff] as const;

function badAccess(offset: number, size: Size, implSize: number): boolean {
  return size === 8 || (offset & (size - 1)) !== 0 || offset < 0 || offset + size > implSize;
}

/** A frame addressed per byte (the Distributor); word accesses may be overridden (GICD_SGIR). */
export function byteFrame(
  name: string,
  implSize: number,
  readByte: (offset: number) => number,
  writeByte: (offset: number, v: number) => void,
  writeWord: ((offset: number, v: number) => boolean) | null,
  after: () => void,
): MmioDevice {
  return {
    name,
    read(offset, size) {
      if (badAccess(offset, size, implSize)) return null;
      let v = 0;
      for (let i = 0; i < size; i++) v |= (readByte(offset + i) & 0xff) << (8 * i);
      return v >>> 0;
    },
    write(offset, size, lo) {
      if (badAccess(offset, size, implSize)) return false;
      if (size === 4 && writeWord?.(offset, lo >>> 0)) { after(); return true; }
      for (let i = 0; i < size; i++) writeByte(offset + i, (lo >>> (8 * i)) & 0xff);
      after();
      return true;
    },
  };
}

/** A frame of word registers (GICC, GICH, GICV). */
export function wordFrame(
  name: string,
  implSize: number,
  read32: (offset: number) => number,
  write32: (offset: number, v: number) => void,
): MmioDevice {
  return {
    name,
    read(offset, size) {
      if (badAccess(offset, size, implSize)) return null;
      if (offset & 3) return 0;
      return (read32(offset) & SIZE_MASK[size as 1 | 2 | 4]) >>> 0;
    },
    write(offset, size, lo) {
      if (badAccess(offset, size, implSize)) return false;
      if ((offset & 3) === 0) write32(offset, (lo & SIZE_MASK[size as 1 | 2 | 4]) >>> 0);
      return true;
    },
  };
}
