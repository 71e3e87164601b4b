// Address spaces the debugger reads, writes and watches: `va:` (through the core's current
// translation regime), `ipa:` (through Stage 2 of the current VM, or of a given one with
// `vm<N>:ipa:`) and `pa:`. A VM that is not running on any core is reached through the last
// VTTBR_EL2/VTCR_EL2 seen for its VMID (recorded at each VM entry), since the hypervisor keeps
// them in its own data structures (ARM ARM D5.2.2: VTTBR_EL2 names the table and the VMID).

import type { Cpu } from '../../emulator/cpu/cpu';
import { SYSREG_SLOTS } from '../../emulator/cpu/sysregs';
import { debugTranslate, enumerateMappings, type DebugTranslation, type MappingRange } from '../../emulator/memory/inspect';
import type { PhysicalBus } from '../../emulator/memory/bus';
import { MmuTranslator } from '../../emulator/memory/translator';
import { stage2On, vmidOf, vtcr, vttbr } from './world';

export type Space = 'va' | 'ipa' | 'pa';
export interface SpaceRef { space: Space; addr: bigint; vmid?: number }

const REF = /^\s*(?:vm(\d+):)?(pa:|va:|ipa:)?\s*(0x[0-9a-f_]+|\d+)\s*$/i;

/** "0x…", "va:0x…", "ipa:0x…", "vm2:ipa:0x…", "pa:0x…" (decimal also accepted). */
export function parseSpaceRef(ref: string): SpaceRef {
  const m = REF.exec(ref);
  if (!m) throw new Error(`'${ref}' is not a memory reference (0x…, va:0x…, ipa:0x…, vm<N>:ipa:0x… or pa:0x…)`);
  const space = (m[2]?.slice(0, -1).toLowerCase() ?? 'va') as Space;
  if (m[1] !== undefined && space !== 'ipa') throw new Error(`'${ref}': a VM can be named for ipa: only (vm<N>:ipa:0x…)`);
  const r: SpaceRef = { space, addr: BigInt(m[3].replace(/_/g, '')) };
  if (m[1] !== undefined) r.vmid = Number(m[1]);
  return r;
}

export function formatRef(r: SpaceRef): string {
  return `${r.vmid !== undefined ? `vm${r.vmid}:` : ''}${r.space === 'va' ? '' : r.space + ':'}0x${r.addr.toString(16)}`;
}

const VTTBR = SYSREG_SLOTS.get('VTTBR_EL2')!, VTCR = SYSREG_SLOTS.get('VTCR_EL2')!;

/** Stage-2 configurations by VMID, as last seen. */
export class Stage2Book {
  readonly vms = new Map<number, { vttbr: bigint; vtcr: bigint }>();

  /** Records the core's VM if it runs one (called on each entry below EL2). */
  note(c: Cpu): void {
    if (!stage2On(c)) return;
    const v = vttbr(c);
    this.vms.set(vmidOf(v), { vttbr: v, vtcr: vtcr(c) });
  }

  /**
   * The system registers to walk VM `vmid`'s Stage 2 with (a copy when it is not the core's own),
   * or null when that VM was never seen and the core runs no VM.
   */
  sysFor(c: Cpu, vmid?: number): { sys: BigUint64Array; vmid: number } | null {
    const cur = stage2On(c) ? vmidOf(vttbr(c)) : null;
    if (vmid === undefined || vmid === cur) {
      if (cur !== null) return { sys: c.sys, vmid: cur };
      if (vmid === undefined) {
        // No VM on this core: a single known VM is the obvious one; several are ambiguous.
        if (this.vms.size !== 1) return null;
        vmid = [...this.vms.keys()][0];
      }
    }
    const known = this.vms.get(vmid);
    if (!known) return null;
    const sys = c.sys.slice();
    sys[VTTBR] = known.vttbr;
    sys[VTCR] = known.vtcr;
    return { sys, vmid };
  }

  save(): [number, { vttbr: bigint; vtcr: bigint }][] { return [...this.vms].map(([k, v]) => [k, { ...v }]); }
  load(s: [number, { vttbr: bigint; vtcr: bigint }][]): void { this.vms.clear(); for (const [k, v] of s) this.vms.set(k, { ...v }); }
}

export function translatorOf(c: Cpu): MmuTranslator | null { return c.translator instanceof MmuTranslator ? c.translator : null; }

/** IPA → PA through a VM's Stage 2 (a walk with every step; no TLB fill, no fault raised). */
export function walkIpa(book: Stage2Book, c: Cpu, ipa: bigint, vmid?: number, access: 'read' | 'write' | 'fetch' = 'read'): DebugTranslation & { vmid: number } {
  const t = translatorOf(c);
  if (!t) throw new Error(`core ${c.index} has no MMU translator`);
  const s = book.sysFor(c, vmid);
  if (!s) {
    throw new Error(vmid === undefined ? `core ${c.index} runs no VM (HCR_EL2.VM = 0) and no single VM is known: name one (vm<N>:ipa:…)`
      : `VM ${vmid} has not run yet: its VTTBR_EL2 is unknown`);
  }
  return { ...debugTranslate(t, s.sys, ipa, 1, 2, access), vmid: s.vmid };
}

/** The coalesced IPA → PA ranges of a VM's Stage 2. */
export function stage2Ranges(book: Stage2Book, bus: PhysicalBus, c: Cpu, vmid?: number): { ranges: MappingRange[]; vmid: number; vttbr: bigint; vtcr: bigint } | null {
  const s = book.sysFor(c, vmid);
  if (!s) return null;
  return { ranges: enumerateMappings(bus, s.sys, 1, 2), vmid: s.vmid, vttbr: s.sys[VTTBR], vtcr: s.sys[VTCR] };
}
