// Exception breakpoints: one filter per trap class, matched against the emulator's typed event
// stream (DESIGN.md "Everything observable is an event"), each with an optional condition over
// the trap's context (esr.ec, esr.iss, esr.<ISS field>, el, from, to, far, elr, vm, cpu).
// Filters for what the bare machine cannot produce yet (Stage-2 faults as such, virtual
// interrupt injection) arrive with the GIC and the hypervisors; the shape takes them as rows.

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
    default: return e.kind;
  }
}

export type { ExcEvent, EretEvent };
