// Helpers of the load/store and SIMD&FP semantics tests: a core (optionally with more ISA
// features), 64/128-bit register and memory access as BigInt, and the last exception's syndrome.

import { Cpu, ISA_FEATURES_MAX, SLOTS } from '../../emulator/cpu/cpu';
import { A64_SEMANTICS } from '../../emulator/cpu/semantics';
import { coreWith, CODE_BASE, type TestCore } from './harness';

/** The data area the tests address (inside the harness's RAM, away from the code). */
export const DATA = 0x40100000;

/** A core at EL2 with `src` at CODE_BASE; `max` enables LSE/LOR/FP16 ("-cpu max"). */
export function core(src: string, opts: { max?: boolean } = {}): TestCore {
  const t = coreWith(src);
  if (!opts.max) return t;
  const cpu = new Cpu(0, t.bus, A64_SEMANTICS, undefined, undefined, ISA_FEATURES_MAX);
  cpu.pc = BigInt(CODE_BASE);
  return { cpu, bus: t.bus };
}

export function setX(t: TestCore, n: number, v: bigint): void { t.cpu.setXBig(n, BigInt.asUintN(64, v)); }
export function getX(t: TestCore, n: number): bigint { return t.cpu.xBig(n); }

export function setSp(t: TestCore, v: bigint): void {
  t.cpu.setSp(Number(v & 0xffffffffn), Number(v >> 32n));
}
export function getSp(t: TestCore): bigint { return (BigInt(t.cpu.spHi()) << 32n) | BigInt(t.cpu.spLo()); }

export function setV(t: TestCore, n: number, v: bigint): void {
  for (let i = 0; i < 4; i++) t.cpu.v[4 * n + i] = Number((v >> BigInt(32 * i)) & 0xffffffffn);
}
export function getV(t: TestCore, n: number): bigint {
  let r = 0n;
  for (let i = 3; i >= 0; i--) r = (r << 32n) | BigInt(t.cpu.v[4 * n + i]);
  return r;
}

/** Little-endian memory of `bytes` at a physical address (RAM only). */
export function mem(t: TestCore, pa: number, bytes: number): bigint {
  let r = 0n;
  for (let i = bytes - 1; i >= 0; i--) r = (r << 8n) | BigInt(t.bus.u8[pa - t.bus.ramBase + i]);
  return r;
}
export function setMem(t: TestCore, pa: number, bytes: number, v: bigint): void {
  for (let i = 0; i < bytes; i++) t.bus.u8[pa - t.bus.ramBase + i] = Number((v >> BigInt(8 * i)) & 0xffn);
}

/** Fills [pa, pa + n) with bytes 0x10, 0x11, … (mod 256) as a recognisable pattern. */
export function pattern(t: TestCore, pa: number, n: number, start = 0x10): void {
  for (let i = 0; i < n; i++) t.bus.u8[pa - t.bus.ramBase + i] = (start + i) & 0xff;
}

export const esr2 = (t: TestCore): bigint => t.cpu.sys[SLOTS.ESR_EL2];
export const far2 = (t: TestCore): bigint => t.cpu.sys[SLOTS.FAR_EL2];
export const elr2 = (t: TestCore): bigint => t.cpu.sys[SLOTS.ELR_EL2];

/** ESR of a data abort taken to the current EL (EC 0x25, IL = 1) with WnR, DFSC and an ISS[24:14]. */
export const dabtSame = (wnr: boolean, dfsc: number, iss = 0n): bigint =>
  (0x25n << 26n) | (1n << 25n) | iss | (wnr ? 1n << 6n : 0n) | BigInt(dfsc);

/** The instruction syndrome ISS[24:14]: ISV, SAS = log2(bytes), SSE, SRT, SF, AR. */
export const iss = (bytes: number, srt: number, o: { sse?: boolean; sf?: boolean; ar?: boolean } = {}): bigint =>
  (1n << 24n) | (BigInt(Math.log2(bytes)) << 22n) | (o.sse ? 1n << 21n : 0n) | (BigInt(srt) << 16n) | (o.sf ? 1n << 15n : 0n) | (o.ar ? 1n << 14n : 0n);

/** SCTLR_EL2.A = 1: strict alignment checking at EL2 (the core caches the regime: flush it). */
export function strictAlign(t: TestCore): void {
  t.cpu.sys[SLOTS.SCTLR_EL2] |= 2n;
  t.cpu.flushTranslation();
}
