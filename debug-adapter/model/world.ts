// Which world a core is in: the hypervisor (EL2), a host kernel (below EL2 with stage 2 off, or
// at EL2 with HCR_EL2.{E2H,TGE} = {1,1} under VHE), or a VM (below EL2 with HCR_EL2.VM = 1, named
// by VTTBR_EL2.VMID; ARM ARM D5.2 / D13.2.151). Thread names, the timeline and breakpoint binding
// use it. Cold path: BigInt is fine.

import type { Cpu } from '../../emulator/cpu/cpu';
import { SYSREG_SLOTS } from '../../emulator/cpu/sysregs';

const slot = (n: string): number => {
  const s = SYSREG_SLOTS.get(n);
  if (s === undefined) throw new Error(`system register ${n} has no slot`);
  return s;
};
const HCR = slot('HCR_EL2'), VTTBR = slot('VTTBR_EL2'), VTCR = slot('VTCR_EL2');
const VMPIDR = SYSREG_SLOTS.get('VMPIDR_EL2');

const HCR_VM = 1n << 0n, HCR_TGE = 1n << 27n, HCR_E2H = 1n << 34n;

/** A world's name for an image role lookup: what PlacedImage.role calls it. */
export interface WorldNames {
  /** Role of the image that runs in VM `vmid` ('dom0', 'vm1', …), if known. */
  roleOfVmid(vmid: number): string | undefined;
  /** True when a host kernel exists (KVM): EL1 with stage 2 off is then 'host'. */
  readonly hasHost: boolean;
}

export interface World {
  /** 'hyp', 'host', 'vm1', 'dom0', …: a world key (timeline, breakpoint binding). */
  key: string;
  el: number;
  /** VTTBR_EL2.VMID when a VM runs, else null. */
  vmid: number | null;
  /** The vCPU index (VMPIDR_EL2.Aff0, what the VM reads as MPIDR_EL1) when a VM runs. */
  vcpu: number | null;
}

export function hcr(c: Cpu): bigint { return c.sys[HCR]; }
export function vttbr(c: Cpu): bigint { return c.sys[VTTBR]; }
export function vtcr(c: Cpu): bigint { return c.sys[VTCR]; }
/** VTTBR_EL2.VMID (bits 55:48; 8-bit VMIDs, VTCR_EL2.VS = 0). */
export function vmidOf(vttbrValue: bigint): number { return Number((vttbrValue >> 48n) & 0xffn); }
export function stage2On(c: Cpu): boolean { return (c.sys[HCR] & HCR_VM) !== 0n; }

/** The world of a core, at its current EL or at `el` with its current configuration (the EL an exception came from). */
export function worldOf(c: Cpu, names?: WorldNames, el = c.el): World {
  const h = c.sys[HCR];
  if (el === 2) {
    // VHE host: E2H+TGE make EL2 the host kernel's EL (ARM ARM D5.1.3).
    const host = (h & HCR_E2H) !== 0n && (h & HCR_TGE) !== 0n && names?.hasHost === true;
    return { key: host ? 'host' : 'hyp', el: 2, vmid: null, vcpu: null };
  }
  if (el === 3) return { key: 'firmware', el: 3, vmid: null, vcpu: null };
  if ((h & HCR_VM) !== 0n && (h & HCR_TGE) === 0n) {
    const vmid = vmidOf(c.sys[VTTBR]);
    const vcpu = VMPIDR === undefined ? 0 : Number(c.sys[VMPIDR] & 0xffn);
    return { key: names?.roleOfVmid(vmid) ?? `vm${vmid}`, el, vmid, vcpu };
  }
  return { key: names?.hasHost ? 'host' : 'guest', el, vmid: null, vcpu: null };
}

/** `cpu0 · hyp · EL2`, `cpu1 · VM2 vcpu0 · EL1`, `cpu0 · host · EL1`. */
export function threadName(c: Cpu, names?: WorldNames): string {
  const w = worldOf(c, names);
  const where = w.vmid === null ? w.key : `${/^vm\d+$/.test(w.key) ? `VM${w.vmid}` : w.key} vcpu${w.vcpu ?? 0}`;
  return `cpu${c.index} · ${where} · EL${w.el}`;
}
