// Exception breakpoints: one filter per trap class, matched against the emulator's typed event
// stream (DESIGN.md "Everything observable is an event"), each with an optional condition over
// the trap's context (esr.ec, esr.iss, esr.<ISS field>, el, from, to, far, elr, vm, cpu).
// Stage-2 faults and virtual interrupt injection come from their own events (translation-fault,
// irq-inject), with their own condition variables (ipa, vmid, vintid…).

import type { TraceEvent } from '../../emulator/trace/events';
import { decodeEsrIss } from './registers';

type ExcEvent = Extract<TraceEvent, { kind: 'exception' }>;
type EretEvent = Extract<TraceEvent, { kind: 'eret' }>;

export interface TrapFilter {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly default?: boolean;
  readonly match: (e: TraceEvent) => boolean;
}

const sync = (ecs: number[]) => (e: TraceEvent): boolean => e.kind === 'exception' && e.type === 'sync' && ecs.includes(e.ec);

export const TRAP_FILTERS: readonly TrapFilter[] = [
  { id: 'hvc', label: 'HVC', description: 'Hypervisor call (ESR EC 0x16)', match: sync([0x16]) },
  { id: 'smc', label: 'SMC', description: 'Secure monitor call (EC 0x17), trapped or to firmware', match: sync([0x17]) },
  { id: 'svc', label: 'SVC', description: 'Supervisor call (EC 0x15)', match: sync([0x15]) },
  { id: 'wfx', label: 'WFI/WFE trapped', description: 'Trapped WFI/WFE (EC 0x01, HCR_EL2.TWI/TWE)', match: sync([0x01]) },
  { id: 'sysreg', label: 'Trapped system register access', description: 'MSR/MRS/SYS trapped (EC 0x18)', match: sync([0x18]) },
  { id: 'dabt', label: 'Data abort', description: 'Data abort (EC 0x24/0x25); a Stage-2 abort (MMIO emulation) once a VM runs', match: sync([0x24, 0x25]) },
  { id: 'iabt', label: 'Instruction abort', description: 'Instruction abort (EC 0x20/0x21)', match: sync([0x20, 0x21]) },
  { id: 'irq-el2', label: 'Physical IRQ/FIQ taken to EL2', description: 'An interrupt routed to EL2 (HCR_EL2.IMO/FMO)', match: (e) => e.kind === 'exception' && (e.type === 'irq' || e.type === 'fiq') && e.toEl === 2 },
  { id: 'undefined', label: 'UNDEFINED instruction', description: 'An UNDEFINED encoding (EC 0x00)', match: sync([0x00]) },
  { id: 'guest-el1', label: 'Exception taken to EL1', description: 'Any exception a guest (EL1) handles itself', match: (e) => e.kind === 'exception' && e.toEl === 1 },
  { id: 'world-switch', label: 'World switch (EL2 entry / ERET to a lower EL)', description: 'Exception from a lower EL into EL2 (VM exit) or ERET from EL2 to EL1/EL0 (VM entry)',
    match: (e) => (e.kind === 'exception' && e.toEl === 2 && e.fromEl < 2) || (e.kind === 'eret' && e.fromEl === 2 && e.toEl < 2) },
  { id: 's2-dabt', label: 'Stage-2 data abort (MMIO emulation)', description: 'A data access faulting at Stage 2 (the IPA is not mapped for the VM): condition on ipa, va, vmid, write',
    match: (e) => e.kind === 'translation-fault' && e.stage === 2 && e.access !== 'fetch' },
  { id: 's2-iabt', label: 'Stage-2 instruction abort', description: 'An instruction fetch faulting at Stage 2', match: (e) => e.kind === 'translation-fault' && e.stage === 2 && e.access === 'fetch' },
  { id: 'virq-inject', label: 'Virtual interrupt injected', description: 'A list register written pending (GICH_LR<n> / ICH_LR<n>_EL2): condition on vintid, lr, pintid',
    match: (e) => e.kind === 'irq-inject' },
  { id: 'mmio', label: 'Device (MMIO) access', description: 'Any access to a modelled device register', match: (e) => e.kind === 'mmio' },
];

/** Filter ids for DAP's launch `stopOnTrap` list, also accepted as trap-class names. */
export const TRAP_IDS = new Set(TRAP_FILTERS.map((f) => f.id));

/** The variables a trap condition sees; numbers as bigint. */
export function trapContext(e: TraceEvent, vm = 0): Map<string, bigint> {
  const m = new Map<string, bigint>([['cpu', BigInt(e.cpu)], ['vm', BigInt(vm)], ['icount', BigInt(e.icount)]]);
  if (e.kind === 'exception') {
    const esr = BigInt(e.esr);
    m.set('esr', esr).set('esr.ec', (esr >> 26n) & 0x3fn).set('esr.iss', esr & 0x1ffffffn).set('esr.il', (esr >> 25n) & 1n);
    m.set('ec', (esr >> 26n) & 0x3fn).set('el', BigInt(e.toEl)).set('to', BigInt(e.toEl)).set('from', BigInt(e.fromEl));
    m.set('elr', BigInt(e.elr));
    if (e.far !== undefined) m.set('far', BigInt(e.far));
    for (const f of decodeEsrIss(esr)) m.set('esr.' + f.name.slice(4).toLowerCase(), f.value);
  } else if (e.kind === 'eret') {
    m.set('el', BigInt(e.toEl)).set('to', BigInt(e.toEl)).set('from', BigInt(e.fromEl)).set('pc', BigInt(e.pc));
  } else if (e.kind === 'translation-fault') {
    m.set('va', BigInt(e.va)).set('vmid', BigInt(e.vmid)).set('stage', BigInt(e.stage)).set('level', BigInt(e.level)).set('write', e.access === 'write' ? 1n : 0n);
    if (e.ipa !== undefined) m.set('ipa', BigInt(e.ipa));
  } else if (e.kind === 'irq-inject') {
    m.set('vintid', BigInt(e.vintid)).set('lr', BigInt(e.lr)).set('pintid', BigInt(e.pintid)).set('hw', e.hw ? 1n : 0n).set('priority', BigInt(e.priority));
  } else if (e.kind === 'mmio') {
    m.set('pa', BigInt(e.pa)).set('size', BigInt(e.size)).set('write', e.write ? 1n : 0n);
    if (/^0x/.test(e.value)) m.set('value', BigInt(e.value));
  }
  return m;
}

export function describeEvent(e: TraceEvent): string {
  switch (e.kind) {
    case 'exception': return `${e.type} exception EL${e.fromEl}→EL${e.toEl}, ESR ${e.esr}, ELR ${e.elr}${e.far ? ', FAR ' + e.far : ''}`;
    case 'eret': return `ERET EL${e.fromEl}→EL${e.toEl} to ${e.pc}`;
    case 'mmio': return `${e.device} ${e.write ? 'write' : 'read'} ${e.pa} (${e.size} bytes) = ${e.value}`;
    case 'translation-fault': return `stage ${e.stage} ${e.fault} fault (level ${e.level}) on ${e.access} of VA ${e.va}${e.ipa ? `, IPA ${e.ipa}` : ''}, VMID ${e.vmid}`;
    case 'irq-inject': return `vINTID ${e.vintid} pending in LR${e.lr}${e.hw ? ` (HW, pINTID ${e.pintid})` : ''}, priority 0x${e.priority.toString(16)}`;
    default: return e.kind;
  }
}

export type { ExcEvent, EretEvent };
