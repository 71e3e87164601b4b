// Helpers of the KVM-style hypervisor tests: boot a guest fixture, step to a guest PC, read the
// guest-visible EL1 world, read a guest's memory by symbol.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cpu } from '../../emulator/cpu/cpu';
import { SYSREG_BEHAVIORS, slotOf } from '../../emulator/cpu/sysregs';
import { readU64, symbolPa } from '../../emulator/hypervisors/images';
import { KvmSystem } from '../../emulator/hypervisors/kvm/system';
import type { HypervisorName, PlacedImage } from '../../emulator/hypervisors/types';

const FIXTURES = join(__dirname, 'fixtures');

/** A guest fixture under a KVM-style hypervisor. */
export function bootGuest(hyp: HypervisorName, file: string, extra: { cpus?: number; uart?: number[] } = {}): KvmSystem {
  const fileName = join(FIXTURES, file);
  return new KvmSystem(hyp, {
    guest: { fileName, text: readFileSync(fileName, 'utf8') }, cpus: extra.cpus,
    uartOutput: (b) => extra.uart?.push(b),
  });
}

/** Runs core 0 one instruction at a time until it is at `pc` at EL1 (the guest), or throws. */
export function runTo(sys: KvmSystem, pc: bigint, limit = 200_000): void {
  const c = sys.machine.cpus[0];
  for (let i = 0; i < limit; i++) {
    if (c.el === 1 && c.pc === pc && c.sys[slotOf('VTTBR_EL2')] !== 0n) return;
    const st = sys.machine.runSlice(1);
    if (st) throw new Error(`machine stopped before 0x${pc.toString(16)}: ${st.reason}`);
  }
  throw new Error(`guest never reached 0x${pc.toString(16)}`);
}

/** The guest-visible EL1 world: GP (x1..x30; x0 is the hypercall's result), FP/SIMD, PSTATE, EL1/EL0 system registers. */
export function el1World(c: Cpu): Map<string, string> {
  const w = new Map<string, string>();
  for (let n = 1; n <= 30; n++) w.set(`x${n}`, c.xBig(n).toString(16));
  for (let n = 0; n < 32; n++) w.set(`q${n}`, Array.from(c.v.subarray(4 * n, 4 * n + 4), (x) => x.toString(16)).join(':'));
  w.set('fpsr', c.fpsr.toString(16));
  w.set('fpcr', c.fpcr.toString(16));
  w.set('nzcv', c.nzcv().toString(2));
  w.set('daif', c.daif.toString(2));
  w.set('SP_EL0', `${c.spRegs[1].toString(16)}${c.spRegs[0].toString(16).padStart(8, '0')}`);
  w.set('SP_EL1', `${c.spRegs[3].toString(16)}${c.spRegs[2].toString(16).padStart(8, '0')}`);
  for (const r of SYSREG_BEHAVIORS) {
    if (!/_EL[01]$/.test(r.name) || r.hook !== undefined) continue; // hooked ones live in their device
    w.set(r.name, c.sys[slotOf(r.name)].toString(16));
  }
  return w;
}


export function guestImage(sys: KvmSystem, vm = 1): PlacedImage {
  const g = sys.images.find((i) => i.role === `vm${vm}`);
  if (!g) throw new Error(`no vm${vm}`);
  return g;
}

/** Quad `i` of the array at `symbol` in a placed image. */
export function quadAt(sys: KvmSystem, img: PlacedImage, symbol: string, i = 0): bigint {
  return readU64(sys.machine.bus, symbolPa(img, symbol) + 8 * i);
}
