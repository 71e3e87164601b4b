// Helpers shared by the system-instruction suites (test/cpu/system-*.test.ts): a core placed at a
// given EL with vector bases in RAM, and ESR builders.

import { coreWith, type TestCore } from './harness';
import { slotOf } from '../../emulator/cpu/sysregs/index';

export const VBAR1 = 0x40010000n;
export const VBAR2 = 0x40020000n;
export const IL = 1n << 25n;

export const slot = (name: string): number => slotOf(name);

export function sys(t: TestCore, name: string): bigint {
  return t.cpu.sys[slotOf(name)];
}
export function setSys(t: TestCore, name: string, v: bigint): void {
  t.cpu.sys[slotOf(name)] = v;
}

/** A core running `src` at `el` (SPSel as given), with VBAR_EL1/EL2 set and DAIF clear. */
export function at(src: string, el: 0 | 1 | 2, o: { spsel?: number; hcr?: bigint } = {}): TestCore {
  const t = coreWith(src);
  t.cpu.el = el;
  t.cpu.spsel = el === 0 ? 0 : (o.spsel ?? 1);
  t.cpu.daif = 0;
  setSys(t, 'VBAR_EL1', VBAR1);
  setSys(t, 'VBAR_EL2', VBAR2);
  // HCR_EL2.RW=1 (EL1 is AArch64), as every hypervisor sets it.
  setSys(t, 'HCR_EL2', (1n << 31n) | (o.hcr ?? 0n));
  return t;
}

export const B = (...b: number[]): bigint => b.reduce((m, i) => m | (1n << BigInt(i)), 0n);

/** ESR of an EC 0x18 trap for op0..op2, Rt, direction. */
export function sysEsr(op0: number, op1: number, crn: number, crm: number, op2: number, rt: number, read: boolean): bigint {
  return (0x18n << 26n) | IL | BigInt((op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | (read ? 1 : 0));
}

export const ESR_UNDEF = IL;
