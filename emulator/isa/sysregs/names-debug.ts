// Debug (op0=2, op1=0/3/4), ETM trace unit (op0=2, op1=1, CRn 0-7), branch record buffer
// (BRBE, op0=2 op1=1 CRn 8-9) and call stack recorder (CSRE) registers.
// ARM ARM D19.3 (debug), D19.4/ETMv4 (trace), BRBE supplement.

import type { SysRegDef } from '../sysregs';
import { range, regs, vheAlias } from './util';

const r = regs('v8.0');
const t = regs('etm');
const br = regs('brbe');
const cs = regs('csre');

const DEBUG: SysRegDef[] = [
  r('OSDTRRX_EL1', [2, 0, 0, 0, 2], 'OS Lock Data Transfer, receive (external debug save/restore)'),
  r('MDCCINT_EL1', [2, 0, 0, 2, 0], 'Monitor DCC Interrupt Enable'),
  r('MDSCR_EL1', [2, 0, 0, 2, 2], 'Monitor Debug System Control: SS, KDE, MDE, TDCC, ...'),
  r('OSDTRTX_EL1', [2, 0, 0, 3, 2], 'OS Lock Data Transfer, transmit'),
  r('OSECCR_EL1', [2, 0, 0, 6, 2], 'OS Lock Exception Catch Control'),
  // Breakpoint/watchpoint pairs: CRm is the index n, op2 selects the register (D19.3).
  ...range(16).flatMap((n) => [
    r(`DBGBVR${n}_EL1`, [2, 0, 0, n, 4], `Breakpoint Value Register ${n}`),
    r(`DBGBCR${n}_EL1`, [2, 0, 0, n, 5], `Breakpoint Control Register ${n}`),
    r(`DBGWVR${n}_EL1`, [2, 0, 0, n, 6], `Watchpoint Value Register ${n}`),
    r(`DBGWCR${n}_EL1`, [2, 0, 0, n, 7], `Watchpoint Control Register ${n}`),
  ]),
  r('MDRAR_EL1', [2, 0, 1, 0, 0], 'Monitor Debug ROM Address', 'ro'),
  r('OSLAR_EL1', [2, 0, 1, 0, 4], 'OS Lock Access: write OSLK', 'wo'),
  r('OSLSR_EL1', [2, 0, 1, 1, 4], 'OS Lock Status', 'ro'),
  r('OSDLR_EL1', [2, 0, 1, 3, 4], 'OS Double Lock'),
  r('DBGPRCR_EL1', [2, 0, 1, 4, 4], 'Debug Power Control: core no-powerdown request'),
  r('DBGCLAIMSET_EL1', [2, 0, 7, 8, 6], 'Debug CLAIM tag set'),
  r('DBGCLAIMCLR_EL1', [2, 0, 7, 9, 6], 'Debug CLAIM tag clear'),
  r('DBGAUTHSTATUS_EL1', [2, 0, 7, 14, 6], 'Debug Authentication Status', 'ro'),
  r('MDCCSR_EL0', [2, 3, 0, 1, 0], 'Monitor DCC Status: RXfull, TXfull', 'ro'),
  r('DBGDTR_EL0', [2, 3, 0, 4, 0], 'Debug Data Transfer, half-duplex 64-bit'),
  // One encoding, two registers: reads see RX, writes go to TX.
  r('DBGDTRRX_EL0', [2, 3, 0, 5, 0], 'Debug Data Transfer, receive', 'ro'),
  r('DBGDTRTX_EL0', [2, 3, 0, 5, 0], 'Debug Data Transfer, transmit', 'wo'),
  r('DBGVCR32_EL2', [2, 4, 0, 7, 0], 'AArch32 Debug Vector Catch of an EL1 guest'),
];

/** ETMv4 trace unit registers (system-register interface). */
const TRACE: SysRegDef[] = [
  t('TRCTRACEIDR', [2, 1, 0, 0, 1], 'Trace ID'),
  t('TRCPRGCTLR', [2, 1, 0, 1, 0], 'Programming Control: trace unit enable'),
  t('TRCQCTLR', [2, 1, 0, 1, 1], 'Q Element Control'),
  t('TRCPROCSELR', [2, 1, 0, 2, 0], 'PE Select Control'),
  t('TRCSTATR', [2, 1, 0, 3, 0], 'Trace Status: idle, PM stable', 'ro'),
  t('TRCCONFIGR', [2, 1, 0, 4, 0], 'Trace Configuration'),
  t('TRCAUXCTLR', [2, 1, 0, 6, 0], 'Auxiliary Control, implementation defined'),
  t('TRCEVENTCTL0R', [2, 1, 0, 8, 0], 'Event Control 0'),
  t('TRCEVENTCTL1R', [2, 1, 0, 9, 0], 'Event Control 1'),
  t('TRCRSR', [2, 1, 0, 10, 0], 'Resources Status'),
  t('TRCSTALLCTLR', [2, 1, 0, 11, 0], 'Stall Control'),
  t('TRCTSCTLR', [2, 1, 0, 12, 0], 'Global Timestamp Control'),
  t('TRCSYNCPR', [2, 1, 0, 13, 0], 'Synchronization Period'),
  t('TRCCCCTLR', [2, 1, 0, 14, 0], 'Cycle Count Control'),
  t('TRCBBCTLR', [2, 1, 0, 15, 0], 'Branch Broadcast Control'),
  t('TRCVICTLR', [2, 1, 0, 0, 2], 'ViewInst Main Control'),
  t('TRCVIIECTLR', [2, 1, 0, 1, 2], 'ViewInst Include/Exclude Control'),
  t('TRCVISSCTLR', [2, 1, 0, 2, 2], 'ViewInst Start/Stop Control'),
  t('TRCVIPCSSCTLR', [2, 1, 0, 3, 2], 'ViewInst Start/Stop PE Comparator Control'),
  t('TRCVDCTLR', [2, 1, 0, 8, 2], 'ViewData Main Control'),
  t('TRCVDSACCTLR', [2, 1, 0, 9, 2], 'ViewData Include/Exclude Single Address Comparator Control'),
  t('TRCVDARCCTLR', [2, 1, 0, 10, 2], 'ViewData Include/Exclude Address Range Comparator Control'),
  ...range(3).map((n) => t(`TRCSEQEVR${n}`, [2, 1, 0, n, 4], `Sequencer State Transition Control ${n}`)),
  t('TRCSEQRSTEVR', [2, 1, 0, 6, 4], 'Sequencer Reset Control'),
  t('TRCSEQSTR', [2, 1, 0, 7, 4], 'Sequencer State'),
  t('TRCEXTINSELR0', [2, 1, 0, 8, 4], 'External Input Select 0'),
  t('TRCEXTINSELR', [2, 1, 0, 8, 4], 'External Input Select (ETMv4.0 name of TRCEXTINSELR0)'),
  ...range(4, 1).map((n) => t(`TRCEXTINSELR${n}`, [2, 1, 0, 8 + n, 4], `External Input Select ${n}`)),
  ...range(4).flatMap((n) => [
    t(`TRCCNTRLDVR${n}`, [2, 1, 0, n, 5], `Counter Reload Value ${n}`),
    t(`TRCCNTCTLR${n}`, [2, 1, 0, 4 + n, 5], `Counter Control ${n}`),
    t(`TRCCNTVR${n}`, [2, 1, 0, 8 + n, 5], `Counter Value ${n}`),
  ]),
  ...range(8).map((n) => t(`TRCIMSPEC${n}`, [2, 1, 0, n, 7], `Implementation Specific ${n}`)),
  ...range(14, 8).map((n) => t(`TRCIDR${n}`, [2, 1, 0, n - 8, 6], `Trace ID Register ${n}`, 'ro')),
  ...range(8).map((n) => t(`TRCIDR${n}`, [2, 1, 0, 8 + n, 7], `Trace ID Register ${n}`, 'ro')),
  // Resource selectors 2..31 (0 and 1 are fixed): CRm = n mod 16, op2 = n div 16.
  ...range(32, 2).map((n) => t(`TRCRSCTLR${n}`, [2, 1, 1, n & 15, n >> 4], `Resource Selection Control ${n}`)),
  ...range(8).flatMap((n) => [
    t(`TRCSSCCR${n}`, [2, 1, 1, n, 2], `Single-shot Comparator Control ${n}`),
    t(`TRCSSCSR${n}`, [2, 1, 1, 8 + n, 2], `Single-shot Comparator Status ${n}`),
    t(`TRCSSPCICR${n}`, [2, 1, 1, n, 3], `Single-shot PE Comparator Input Control ${n}`),
  ]),
  t('TRCOSLAR', [2, 1, 1, 0, 4], 'Trace OS Lock Access', 'wo'),
  t('TRCOSLSR', [2, 1, 1, 1, 4], 'Trace OS Lock Status', 'ro'),
  t('TRCPDCR', [2, 1, 1, 4, 4], 'Trace PowerDown Control'),
  t('TRCPDSR', [2, 1, 1, 5, 4], 'Trace PowerDown Status', 'ro'),
  // Address comparators 0..15: CRm = 2*(n mod 8), op2 = n div 8 (+2 for the access type).
  ...range(16).flatMap((n) => [
    t(`TRCACVR${n}`, [2, 1, 2, 2 * (n & 7), n >> 3], `Address Comparator Value ${n}`),
    t(`TRCACATR${n}`, [2, 1, 2, 2 * (n & 7), 2 + (n >> 3)], `Address Comparator Access Type ${n}`),
  ]),
  // Data value comparators 0..7: CRm = 4*(n mod 4), op2 = 4 + n div 4 (+2 for the mask).
  ...range(8).flatMap((n) => [
    t(`TRCDVCVR${n}`, [2, 1, 2, 4 * (n & 3), 4 + (n >> 2)], `Data Value Comparator Value ${n}`),
    t(`TRCDVCMR${n}`, [2, 1, 2, 4 * (n & 3), 6 + (n >> 2)], `Data Value Comparator Mask ${n}`),
  ]),
  ...range(8).flatMap((n) => [
    t(`TRCCIDCVR${n}`, [2, 1, 3, 2 * n, 0], `Context ID Comparator Value ${n}`),
    t(`TRCVMIDCVR${n}`, [2, 1, 3, 2 * n, 1], `Virtual Context Identifier Comparator Value ${n}`),
  ]),
  t('TRCCIDCCTLR0', [2, 1, 3, 0, 2], 'Context ID Comparator Control 0'),
  t('TRCCIDCCTLR1', [2, 1, 3, 1, 2], 'Context ID Comparator Control 1'),
  t('TRCVMIDCCTLR0', [2, 1, 3, 2, 2], 'Virtual Context Identifier Comparator Control 0'),
  t('TRCVMIDCCTLR1', [2, 1, 3, 3, 2], 'Virtual Context Identifier Comparator Control 1'),
  t('TRCITCTRL', [2, 1, 7, 0, 4], 'Integration Mode Control'),
  t('TRCCLAIMSET', [2, 1, 7, 8, 6], 'Claim Tag Set'),
  t('TRCCLAIMCLR', [2, 1, 7, 9, 6], 'Claim Tag Clear'),
  t('TRCDEVAFF0', [2, 1, 7, 10, 6], 'Device Affinity 0', 'ro'),
  t('TRCDEVAFF1', [2, 1, 7, 11, 6], 'Device Affinity 1', 'ro'),
  t('TRCLAR', [2, 1, 7, 12, 6], 'Software Lock Access', 'wo'),
  t('TRCLSR', [2, 1, 7, 13, 6], 'Software Lock Status', 'ro'),
  t('TRCAUTHSTATUS', [2, 1, 7, 14, 6], 'Authentication Status', 'ro'),
  t('TRCDEVARCH', [2, 1, 7, 15, 6], 'Device Architecture', 'ro'),
  t('TRCDEVID', [2, 1, 7, 2, 7], 'Device Configuration', 'ro'),
  t('TRCDEVTYPE', [2, 1, 7, 3, 7], 'Device Type', 'ro'),
  ...range(8).map((n) => t(`TRCPIDR${n}`, [2, 1, 7, n < 4 ? 8 + n : n, 7], `Peripheral Identification ${n}`, 'ro')),
  ...range(4).map((n) => t(`TRCCIDR${n}`, [2, 1, 7, 12 + n, 7], `Component Identification ${n}`, 'ro')),
];

/** Branch record buffer: records 0..31 at CRm = n mod 16, op2 = field + 4*(n div 16). */
const BRBE: SysRegDef[] = [
  ...range(32).flatMap((n) => [
    br(`BRBINF${n}_EL1`, [2, 1, 8, n & 15, 4 * (n >> 4)], `Branch Record Information ${n}`, 'ro'),
    br(`BRBSRC${n}_EL1`, [2, 1, 8, n & 15, 1 + 4 * (n >> 4)], `Branch Record Source Address ${n}`, 'ro'),
    br(`BRBTGT${n}_EL1`, [2, 1, 8, n & 15, 2 + 4 * (n >> 4)], `Branch Record Target Address ${n}`, 'ro'),
  ]),
  br('BRBCR_EL1', [2, 1, 9, 0, 0], 'Branch Record Buffer Control (EL1)'),
  br('BRBFCR_EL1', [2, 1, 9, 0, 1], 'Branch Record Buffer Function Control'),
  br('BRBTS_EL1', [2, 1, 9, 0, 2], 'Branch Record Buffer Timestamp'),
  br('BRBINFINJ_EL1', [2, 1, 9, 1, 0], 'Branch Record Information Injection'),
  br('BRBSRCINJ_EL1', [2, 1, 9, 1, 1], 'Branch Record Source Address Injection'),
  br('BRBTGTINJ_EL1', [2, 1, 9, 1, 2], 'Branch Record Target Address Injection'),
  br('BRBIDR0_EL1', [2, 1, 9, 2, 0], 'Branch Record Buffer ID 0', 'ro'),
  br('BRBCR_EL2', [2, 4, 9, 0, 0], 'Branch Record Buffer Control (EL2)'),
];

/** Call Stack Recorder Extension. */
const CSRE: SysRegDef[] = [
  cs('CSRCR_EL0', [2, 3, 8, 0, 0], 'Call Stack Recorder Control (EL0)'),
  cs('CSRPTR_EL0', [2, 3, 8, 0, 1], 'Call Stack Recorder Pointer (EL0)'),
  cs('CSRIDR_EL0', [2, 3, 8, 0, 2], 'Call Stack Recorder ID', 'ro'),
  cs('CSRPTRIDX_EL0', [2, 3, 8, 0, 3], 'Call Stack Recorder Pointer Index (EL0)', 'ro'),
  cs('CSRCR_EL1', [2, 0, 8, 0, 0], 'Call Stack Recorder Control (EL1)'),
  cs('CSRPTR_EL1', [2, 0, 8, 0, 1], 'Call Stack Recorder Pointer (EL1)'),
  cs('CSRPTRIDX_EL1', [2, 0, 8, 0, 3], 'Call Stack Recorder Pointer Index (EL1)', 'ro'),
  cs('CSRCR_EL2', [2, 4, 8, 0, 0], 'Call Stack Recorder Control (EL2)'),
  cs('CSRPTR_EL2', [2, 4, 8, 0, 1], 'Call Stack Recorder Pointer (EL2)'),
  cs('CSRPTRIDX_EL2', [2, 4, 8, 0, 3], 'Call Stack Recorder Pointer Index (EL2)', 'ro'),
];

const find = (rows: SysRegDef[], n: string): SysRegDef => rows.find((d) => d.name === n)!;

export const DEBUG_REGS: SysRegDef[] = [
  ...DEBUG, ...TRACE, ...BRBE, ...CSRE,
  vheAlias(find(BRBE, 'BRBCR_EL1'), '_EL12'),
  vheAlias(find(CSRE, 'CSRCR_EL1'), '_EL12'),
  vheAlias(find(CSRE, 'CSRPTR_EL1'), '_EL12'),
];
