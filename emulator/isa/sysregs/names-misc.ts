// RAS error records (ERX*), limited ordering regions (LOR), memory partitioning (MPAM) and the
// Armv8-R MPU (PR*). ARM ARM D19.2, RAS supplement, MPAM supplement, Armv8-R supplement.

import type { SysRegDef } from '../sysregs';
import { range, regs, vheAlias } from './util';

const ras = regs('ras');
const lor = regs('lor');
const mp = regs('mpam');
const v8r = regs('v8r');

const RAS: SysRegDef[] = [
  ras('ERRIDR_EL1', [3, 0, 5, 3, 0], 'Error Record ID: number of error records', 'ro'),
  ras('ERRSELR_EL1', [3, 0, 5, 3, 1], 'Error Record Select: the record ERX* registers access'),
  ras('ERXFR_EL1', [3, 0, 5, 4, 0], 'Selected Error Record Feature', 'ro'),
  ras('ERXCTLR_EL1', [3, 0, 5, 4, 1], 'Selected Error Record Control'),
  ras('ERXSTATUS_EL1', [3, 0, 5, 4, 2], 'Selected Error Record Primary Status'),
  ras('ERXADDR_EL1', [3, 0, 5, 4, 3], 'Selected Error Record Address'),
  ras('ERXPFGF_EL1', [3, 0, 5, 4, 4], 'Selected Pseudo-fault Generation Feature', 'ro'),
  ras('ERXPFGCTL_EL1', [3, 0, 5, 4, 5], 'Selected Pseudo-fault Generation Control'),
  ras('ERXPFGCDN_EL1', [3, 0, 5, 4, 6], 'Selected Pseudo-fault Generation Countdown'),
  ...range(4).map((n) => ras(`ERXMISC${n}_EL1`, [3, 0, 5, 5, n], `Selected Error Record Miscellaneous ${n}`)),
];

const LOR: SysRegDef[] = [
  lor('LORSA_EL1', [3, 0, 10, 4, 0], 'LORegion Start Address'),
  lor('LOREA_EL1', [3, 0, 10, 4, 1], 'LORegion End Address'),
  lor('LORN_EL1', [3, 0, 10, 4, 2], 'LORegion Number'),
  lor('LORC_EL1', [3, 0, 10, 4, 3], 'LORegion Control'),
  lor('LORID_EL1', [3, 0, 10, 4, 7], 'LORegion ID: number of regions and descriptors', 'ro'),
];

const MPAM: SysRegDef[] = [
  mp('MPAMIDR_EL1', [3, 0, 10, 4, 4], 'MPAM ID: PARTID/PMG maximums, HCR and VPM support', 'ro'),
  mp('MPAM1_EL1', [3, 0, 10, 5, 0], 'MPAM1 (EL1): PARTID/PMG for EL1 accesses'),
  mp('MPAM0_EL1', [3, 0, 10, 5, 1], 'MPAM0 (EL1): PARTID/PMG for EL0 accesses'),
  mp('MPAMSM_EL1', [3, 0, 10, 5, 3], 'MPAM Streaming Mode: PARTID/PMG for SME accesses', 'rw', 'sme'),
  mp('MPAMHCR_EL2', [3, 4, 10, 4, 0], 'MPAM Hypervisor Control'),
  mp('MPAMVPMV_EL2', [3, 4, 10, 4, 1], 'MPAM Virtual Partition Mapping Valid'),
  mp('MPAM2_EL2', [3, 4, 10, 5, 0], 'MPAM2 (EL2): PARTID/PMG for EL2 accesses'),
  ...range(8).map((n) => mp(`MPAMVPM${n}_EL2`, [3, 4, 10, 6, n], `MPAM Virtual PARTID Mapping Register ${n}`)),
  mp('MPAM3_EL3', [3, 6, 10, 5, 0], 'MPAM3 (EL3): PARTID/PMG for EL3 accesses'),
];

/** Armv8-R protection regions: base/limit pairs 1..15 at CRm = 8 + n div 2, op2 = 4*(n mod 2) (+1 limit). */
function mpu(el: 'EL1' | 'EL2', op1: number): SysRegDef[] {
  return [
    v8r(`PRENR_${el}`, [3, op1, 6, 1, 1], `Protection Region Enable (${el})`),
    v8r(`PRSELR_${el}`, [3, op1, 6, 2, 1], `Protection Region Selector (${el})`),
    v8r(`PRBAR_${el}`, [3, op1, 6, 8, 0], `Protection Region Base Address, selected region (${el})`),
    v8r(`PRLAR_${el}`, [3, op1, 6, 8, 1], `Protection Region Limit Address, selected region (${el})`),
    ...range(16, 1).flatMap((n) => [
      v8r(`PRBAR${n}_${el}`, [3, op1, 6, 8 + (n >> 1), 4 * (n & 1)], `Protection Region Base Address ${n} (${el})`),
      v8r(`PRLAR${n}_${el}`, [3, op1, 6, 8 + (n >> 1), 4 * (n & 1) + 1], `Protection Region Limit Address ${n} (${el})`),
    ]),
  ];
}

export const MISC_REGS: SysRegDef[] = [...RAS, ...LOR, ...MPAM, vheAlias(MPAM[1], '_EL12'), ...mpu('EL1', 0), ...mpu('EL2', 4)];
