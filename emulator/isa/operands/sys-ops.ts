// Operation names of the SYS aliases AT, DC, IC, TLBI and the CFP/DVP/CPP RCTX prediction
// restrictions (ARM ARM C5.3 "A64 System instructions for cache maintenance, address
// translation, TLB maintenance and prediction restriction"), as binutils 2.40 names them.
// Each operation is its op1, CRn, CRm, op2 and whether it takes Xt; an operation without Xt
// ignores the Rt field when disassembled (objdump prints "tlbi vmalle1" for any Rt).

export type SysAliasMnemonic = 'at' | 'dc' | 'ic' | 'tlbi' | 'cfp' | 'dvp' | 'cpp';

export interface SysOp {
  readonly mn: SysAliasMnemonic;
  readonly name: string;
  readonly op1: number;
  readonly crn: number;
  readonly crm: number;
  readonly op2: number;
  /** Takes an Xt operand (address, set/way or context). */
  readonly reg: boolean;
  readonly feature: string;
  readonly desc: string;
}

type Spec = [name: string, op1: number, crm: number, op2: number, feature?: string];

/** Builds the rows of one mnemonic and CRn; `noReg` lists operations without Xt. */
function ops(mn: SysAliasMnemonic, crn: number, desc: string, list: Spec[], noReg: readonly string[] = []): SysOp[] {
  return list.map(([name, op1, crm, op2, feature]) => ({
    mn, name, op1, crn, crm, op2, reg: !noReg.includes(name), feature: feature ?? 'v8.0', desc,
  }));
}

/** IC: instruction cache maintenance (C5.3.11-13). */
const IC = ops('ic', 7, 'Instruction cache maintenance', [
  ['ialluis', 0, 1, 0], ['iallu', 0, 5, 0], ['ivau', 3, 5, 1],
], ['ialluis', 'iallu']);

/** DC: data cache maintenance; the g/gd forms also write Allocation Tags (MTE), pa forms are RME. */
const DC = ops('dc', 7, 'Data cache maintenance', [
  ['ivac', 0, 6, 1], ['isw', 0, 6, 2], ['igvac', 0, 6, 3, 'mte'], ['igsw', 0, 6, 4, 'mte'],
  ['igdvac', 0, 6, 5, 'mte'], ['igdsw', 0, 6, 6, 'mte'],
  ['csw', 0, 10, 2], ['cgsw', 0, 10, 4, 'mte'], ['cgdsw', 0, 10, 6, 'mte'],
  ['cisw', 0, 14, 2], ['cigsw', 0, 14, 4, 'mte'], ['cigdsw', 0, 14, 6, 'mte'],
  ['zva', 3, 4, 1], ['gva', 3, 4, 3, 'mte'], ['gzva', 3, 4, 4, 'mte'],
  ['cvac', 3, 10, 1], ['cgvac', 3, 10, 3, 'mte'], ['cgdvac', 3, 10, 5, 'mte'],
  ['cvau', 3, 11, 1],
  ['cvap', 3, 12, 1, 'dcpop'], ['cgvap', 3, 12, 3, 'mte'], ['cgdvap', 3, 12, 5, 'mte'],
  ['cvadp', 3, 13, 1, 'dcpodp'], ['cgvadp', 3, 13, 3, 'mte'], ['cgdvadp', 3, 13, 5, 'mte'],
  ['civac', 3, 14, 1], ['cigvac', 3, 14, 3, 'mte'], ['cigdvac', 3, 14, 5, 'mte'],
  ['cipapa', 6, 14, 1, 'rme'], ['cigdpapa', 6, 14, 5, 'rme'],
]);

/** AT: address translation into PAR_EL1 (C5.3.1-11). */
const AT = ops('at', 7, 'Address translation', [
  ['s1e1r', 0, 8, 0], ['s1e1w', 0, 8, 1], ['s1e0r', 0, 8, 2], ['s1e0w', 0, 8, 3],
  ['s1e1rp', 0, 9, 0, 'pan2'], ['s1e1wp', 0, 9, 1, 'pan2'],
  ['s1e2r', 4, 8, 0], ['s1e2w', 4, 8, 1], ['s12e1r', 4, 8, 4], ['s12e1w', 4, 8, 5],
  ['s12e0r', 4, 8, 6], ['s12e0w', 4, 8, 7],
  ['s1e3r', 6, 8, 0], ['s1e3w', 6, 8, 1],
]);

/** TLBI: TLB invalidation (C5.5); os = Outer Shareable (FEAT_TLBIOS), r = range (FEAT_TLBIRANGE). */
const TLBI = ops('tlbi', 8, 'TLB invalidate', [
  ['vmalle1os', 0, 1, 0, 'tlbios'], ['vae1os', 0, 1, 1, 'tlbios'], ['aside1os', 0, 1, 2, 'tlbios'],
  ['vaae1os', 0, 1, 3, 'tlbios'], ['vale1os', 0, 1, 5, 'tlbios'], ['vaale1os', 0, 1, 7, 'tlbios'],
  ['rvae1is', 0, 2, 1, 'tlbirange'], ['rvaae1is', 0, 2, 3, 'tlbirange'], ['rvale1is', 0, 2, 5, 'tlbirange'],
  ['rvaale1is', 0, 2, 7, 'tlbirange'],
  ['vmalle1is', 0, 3, 0], ['vae1is', 0, 3, 1], ['aside1is', 0, 3, 2], ['vaae1is', 0, 3, 3],
  ['vale1is', 0, 3, 5], ['vaale1is', 0, 3, 7],
  ['rvae1os', 0, 5, 1, 'tlbirange'], ['rvaae1os', 0, 5, 3, 'tlbirange'], ['rvale1os', 0, 5, 5, 'tlbirange'],
  ['rvaale1os', 0, 5, 7, 'tlbirange'],
  ['rvae1', 0, 6, 1, 'tlbirange'], ['rvaae1', 0, 6, 3, 'tlbirange'], ['rvale1', 0, 6, 5, 'tlbirange'],
  ['rvaale1', 0, 6, 7, 'tlbirange'],
  ['vmalle1', 0, 7, 0], ['vae1', 0, 7, 1], ['aside1', 0, 7, 2], ['vaae1', 0, 7, 3],
  ['vale1', 0, 7, 5], ['vaale1', 0, 7, 7],
  ['ipas2e1is', 4, 0, 1], ['ripas2e1is', 4, 0, 2, 'tlbirange'], ['ipas2le1is', 4, 0, 5],
  ['ripas2le1is', 4, 0, 6, 'tlbirange'],
  ['alle2os', 4, 1, 0, 'tlbios'], ['vae2os', 4, 1, 1, 'tlbios'], ['alle1os', 4, 1, 4, 'tlbios'],
  ['vale2os', 4, 1, 5, 'tlbios'], ['vmalls12e1os', 4, 1, 6, 'tlbios'],
  ['rvae2is', 4, 2, 1, 'tlbirange'], ['rvale2is', 4, 2, 5, 'tlbirange'],
  ['alle2is', 4, 3, 0], ['vae2is', 4, 3, 1], ['alle1is', 4, 3, 4], ['vale2is', 4, 3, 5],
  ['vmalls12e1is', 4, 3, 6],
  ['ipas2e1os', 4, 4, 0, 'tlbios'], ['ipas2e1', 4, 4, 1], ['ripas2e1', 4, 4, 2, 'tlbirange'],
  ['ripas2e1os', 4, 4, 3, 'tlbirange'], ['ipas2le1os', 4, 4, 4, 'tlbios'], ['ipas2le1', 4, 4, 5],
  ['ripas2le1', 4, 4, 6, 'tlbirange'], ['ripas2le1os', 4, 4, 7, 'tlbirange'],
  ['rvae2os', 4, 5, 1, 'tlbirange'], ['rvale2os', 4, 5, 5, 'tlbirange'],
  ['rvae2', 4, 6, 1, 'tlbirange'], ['rvale2', 4, 6, 5, 'tlbirange'],
  ['alle2', 4, 7, 0], ['vae2', 4, 7, 1], ['alle1', 4, 7, 4], ['vale2', 4, 7, 5], ['vmalls12e1', 4, 7, 6],
  ['alle3os', 6, 1, 0, 'tlbios'], ['vae3os', 6, 1, 1, 'tlbios'], ['paallos', 6, 1, 4, 'rme'],
  ['vale3os', 6, 1, 5, 'tlbios'],
  ['rvae3is', 6, 2, 1, 'tlbirange'], ['rvale3is', 6, 2, 5, 'tlbirange'],
  ['alle3is', 6, 3, 0], ['vae3is', 6, 3, 1], ['vale3is', 6, 3, 5],
  ['rpaos', 6, 4, 3, 'rme'], ['rpalos', 6, 4, 7, 'rme'],
  ['rvae3os', 6, 5, 1, 'tlbirange'], ['rvale3os', 6, 5, 5, 'tlbirange'],
  ['rvae3', 6, 6, 1, 'tlbirange'], ['rvale3', 6, 6, 5, 'tlbirange'],
  ['alle3', 6, 7, 0], ['vae3', 6, 7, 1], ['paall', 6, 7, 4, 'rme'], ['vale3', 6, 7, 5],
], ['vmalle1os', 'vmalle1is', 'vmalle1', 'alle2os', 'alle1os', 'vmalls12e1os', 'alle2is', 'alle1is',
  'vmalls12e1is', 'alle2', 'alle1', 'vmalls12e1', 'alle3os', 'paallos', 'alle3is', 'alle3', 'paall']);

/** CFP/DVP/CPP RCTX: restrict speculation by context (FEAT_SPECRES, C6.2.50/98/60). */
const RCTX: SysOp[] = ([['cfp', 4], ['dvp', 5], ['cpp', 7]] as const).map(([mn, op2]) => ({
  mn, name: 'rctx', op1: 3, crn: 7, crm: 3, op2, reg: true, feature: 'predres',
  desc: 'Prediction restriction by context',
}));

export const SYS_OPS: readonly SysOp[] = [...IC, ...DC, ...AT, ...TLBI, ...RCTX];

const key = (op1: number, crn: number, crm: number, op2: number): number => (op1 << 11) | (crn << 7) | (crm << 3) | op2;
const byEnc = new Map<number, SysOp>(SYS_OPS.map((o) => [key(o.op1, o.crn, o.crm, o.op2), o]));

/** The alias operation of a SYS encoding, if binutils names one. */
export function sysOpAt(op1: number, crn: number, crm: number, op2: number): SysOp | undefined {
  return byEnc.get(key(op1, crn, crm, op2));
}

/** Operations of one mnemonic by name (lower case). */
export function sysOpsOf(mn: SysAliasMnemonic): ReadonlyMap<string, SysOp> {
  return new Map(SYS_OPS.filter((o) => o.mn === mn).map((o) => [o.name, o]));
}

/** The features used by a mnemonic's operations, in table order (one table row each). */
export function sysOpFeatures(mn: SysAliasMnemonic): string[] {
  return [...new Set(SYS_OPS.filter((o) => o.mn === mn).map((o) => o.feature))];
}
