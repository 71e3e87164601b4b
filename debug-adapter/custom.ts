// Answers to the custom requests of custom-requests.ts (the extension's Stage-2, vGIC, timeline
// and microbenchmark views). Each takes the stopped target (or none, for microbench) and the
// request's arguments as the client sent them (unknown: validated here) and returns the body.

import type { Cpu } from '../emulator/cpu/cpu';
import { GicV2 } from '../emulator/devices/gicv2';
import { lr as LR, GICH } from '../emulator/devices/gicv2-hyp-interface';
import { GicV3 } from '../emulator/devices/gicv3';
import type {
  MicrobenchBody, ReverseToBody, Stage2MapBody, Stage2Range, Stage2WalkBody, TimelineBody, VgicListRegister, VgicStateBody, WorldInfoBody,
} from './custom-requests';
import { ecName, readSysreg } from './model/registers';
import { stage2Ranges, walkIpa } from './model/spaces';
import type { Target } from './model/target';
import { vtcr, vttbr } from './model/world';
import { runMicrobench } from './model/hyp-systems';

const hx = (v: bigint | number): string => '0x' + v.toString(16);

function obj(a: unknown, what: string): Record<string, unknown> {
  if (a === undefined || a === null) return {};
  if (typeof a !== 'object' || Array.isArray(a)) throw new Error(`${what}: arguments must be an object`);
  return a as Record<string, unknown>;
}

function optInt(o: Record<string, unknown>, k: string, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new Error(`${what}: '${k}' must be a whole number from ${min} to ${max}`);
  return v;
}

function core(t: Target, o: Record<string, unknown>, what: string): Cpu {
  const i = optInt(o, 'cpu', what, 0, t.cpus.length - 1) ?? 0;
  return t.cpus[i];
}

/** S2AP (descriptor bits 7:6) as the view shows it, from the inspector's permission string. */
function access(perm: string): string {
  const r = /EL1:r/.test(perm), w = /EL1:.w/.test(perm);
  return r && w ? 'rw' : r ? 'ro' : w ? 'wo' : 'none';
}

/** Stage-2 MemAttr[3:0] (ARM ARM D5.5.5): [3:2] = 0b00 Device (then [1:0] the type), else Normal outer/inner. */
function s2MemType(attr: number): string {
  if ((attr & 0xc) === 0) return ['device-nGnRnE', 'device-nGnRE', 'device-nGRE', 'device-GRE'][attr & 3];
  const cache = (x: number): string => ['', 'nc', 'wt', 'wb'][x];
  const outer = cache((attr >> 2) & 3), inner = cache(attr & 3) || 'unpredictable';
  return outer === inner ? `normal-${inner}` : `normal-o${outer}-i${inner}`;
}

export function stage2Map(t: Target, args: unknown): Stage2MapBody {
  const o = obj(args, 'armvirt/stage2Map');
  const c = core(t, o, 'armvirt/stage2Map');
  const vmid = optInt(o, 'vmid', 'armvirt/stage2Map', 0, 255);
  const m = stage2Ranges(t.s2, t.machine.bus, c, vmid);
  // Stage-2 faults as the translator reported them (the IPA, as HPFAR_EL2 holds it), with the abort's ESR.
  const s2faults = t.s2Faults.filter((f) => m === null || f.vmid === m.vmid).slice(-32)
    .map((f) => ({ ipa: f.ipa, esr: f.esr, ec: f.ec, cycle: f.cycle }));
  if (!m) {
    return { vmid: vmid ?? null, vttbr: hx(vttbr(c)), vtcr: hx(vtcr(c)), enabled: false, ranges: [], faults: s2faults };
  }
  const ranges: Stage2Range[] = m.ranges.map((r) => ({
    ipa: hx(r.input), pa: hx(r.output), size: hx(r.size), access: access(r.perm), xn: !/EL1:..x/.test(r.perm), memType: s2MemType(r.attr), level: r.level,
  }));
  // Enabled: a Stage-2 configuration is known for the VM (live on this core, or the last one it entered with).
  return { vmid: m.vmid, vttbr: hx(m.vttbr), vtcr: hx(m.vtcr), enabled: true, ranges, faults: s2faults };
}

export function stage2Walk(t: Target, args: unknown): Stage2WalkBody {
  const o = obj(args, 'armvirt/stage2Walk');
  const c = core(t, o, 'armvirt/stage2Walk');
  const text = o.ipa;
  if (typeof text !== 'string' || !/^(0x[0-9a-f_]+|\d+)$/i.test(text.trim())) throw new Error("armvirt/stage2Walk: 'ipa' must be an address string (0x…)");
  const vmid = optInt(o, 'vmid', 'armvirt/stage2Walk', 0, 255);
  const w = walkIpa(t.s2, c, BigInt(text.trim().replace(/_/g, '')), vmid);
  return {
    steps: w.steps.filter((s) => s.stage === 2).map((s) => ({
      level: s.level, tableAddress: hx(s.table), index: s.index, descriptor: hx(s.desc), kind: s.kind === 'unreadable' ? 'invalid' : s.kind,
    })),
    pa: w.output === undefined ? null : hx(w.output),
    fault: w.fault ? `${w.fault.kind} fault, level ${w.fault.level}` : null,
  };
}

/** The board's interrupt controller, once the board exposes one as `machine.gic`. */
function gicOf(t: Target): GicV2 | GicV3 | null {
  const g = (t.machine as unknown as { gic?: unknown }).gic;
  return g instanceof GicV2 || g instanceof GicV3 ? g : null;
}

function lrState(st: number): VgicListRegister['state'] {
  return (['invalid', 'pending', 'active', 'pending+active'] as const)[st & 3];
}

export function vgicState(t: Target, args: unknown): VgicStateBody {
  const o = obj(args, 'armvirt/vgicState');
  const c = core(t, o, 'armvirt/vgicState');
  const g = gicOf(t);
  if (!g) throw new Error('no GIC on this board (the virt board does not expose its interrupt controller yet)');
  const physical: VgicStateBody['physical'] = [];
  const d = g.dist;
  for (let id = 0; id < d.numIrqs; id++) {
    const s = d.slot(id, c.index);
    const pending = d.isPending(id, c.index), active = d.active[s] !== 0, enabled = d.enabled[s] !== 0;
    if (!pending && !active && !enabled) continue;
    const targets: number[] = [];
    if (id < 32) targets.push(c.index);
    else if (g instanceof GicV2) { for (let k = 0; k < g.cores; k++) if ((g.dist.targets[id] >> k) & 1) targets.push(k); }
    else { const k = g.dist.spiTarget(id); if (k >= 0) targets.push(k); }
    physical.push({ id, enabled, pending, active, priority: d.priority[s], targets, group: d.group[s] ? 1 : 0 });
  }
  if (g instanceof GicV2) {
    const h = g.hyp;
    const st = h.state[c.index];
    const listRegisters = [...st.lrs].map((v, index) => ({
      index, raw: hx(v), state: lrState(LR.state(v)), virtualId: LR.vintid(v), physicalId: LR.hw(v) ? LR.pintid(v) : null,
      priority: LR.priority(v), group: LR.group(v) ? 1 as const : 0 as const, hw: LR.hw(v),
    }));
    return {
      gicVersion: 2, cpu: c.index, hcr: hx(h.read(c.index, GICH.HCR)), vmcr: hx(h.read(c.index, GICH.VMCR)), misr: hx(h.read(c.index, GICH.MISR)),
      eisr: hx(h.read(c.index, GICH.EISR0)), elrsr: hx(h.read(c.index, GICH.ELRSR0)), apr: [hx(h.read(c.index, GICH.APR))], listRegisters, physical,
    };
  }
  // GICv3: the virtual interface is the ICH_*_EL2 system registers of the core (IHI 0069 12.4).
  const r = (n: string): bigint => readSysreg(c, n) ?? 0n;
  const nLrs = Number(r('ICH_VTR_EL2') & 0x1fn) + 1;
  const listRegisters: VgicListRegister[] = [];
  for (let i = 0; i < nLrs; i++) {
    const v = r(`ICH_LR${i}_EL2`);
    const hw = ((v >> 61n) & 1n) === 1n;
    listRegisters.push({
      index: i, raw: hx(v), state: lrState(Number(v >> 62n)), virtualId: Number(v & 0xffffffffn), physicalId: hw ? Number((v >> 32n) & 0x1fffn) : null,
      priority: Number((v >> 48n) & 0xffn), group: ((v >> 60n) & 1n) === 1n ? 1 : 0, hw,
    });
  }
  return {
    gicVersion: 3, cpu: c.index, hcr: hx(r('ICH_HCR_EL2')), vmcr: hx(r('ICH_VMCR_EL2')), misr: hx(r('ICH_MISR_EL2')), eisr: hx(r('ICH_EISR_EL2')),
    elrsr: hx(r('ICH_ELRSR_EL2')), apr: ['ICH_AP0R0_EL2', 'ICH_AP1R0_EL2'].map((n) => hx(r(n))), listRegisters, physical,
  };
}

export function timeline(t: Target, args: unknown): TimelineBody {
  const o = obj(args, 'armvirt/timeline');
  const from = optInt(o, 'fromCycle', 'armvirt/timeline') ?? 0;
  const to = optInt(o, 'toCycle', 'armvirt/timeline') ?? Number.MAX_SAFE_INTEGER;
  const max = optInt(o, 'maxEvents', 'armvirt/timeline', 1, 100_000) ?? 10_000;
  const inRange = t.timeline.filter((e) => e.cycle >= from && e.cycle <= to);
  const events = inRange.slice(0, max).map((e) => ({ ...e }));
  const last = t.cpus.reduce((m, c) => Math.max(m, c.cycles), 0);
  return { cores: t.cpus.length, fromCycle: from, toCycle: Math.min(to, last), events, truncated: inRange.length > events.length };
}

/** The timeline event a reverseTo names (its core and icount, and cycle when given). */
export function reverseTarget(t: Target, args: unknown): ReverseToBody {
  const o = obj(args, 'armvirt/reverseTo');
  const cpu = optInt(o, 'cpu', 'armvirt/reverseTo', 0, t.cpus.length - 1);
  const icount = optInt(o, 'icount', 'armvirt/reverseTo');
  const cycle = optInt(o, 'cycle', 'armvirt/reverseTo');
  if (cpu === undefined || icount === undefined) throw new Error("armvirt/reverseTo: 'cpu' and 'icount' of a timeline event are required");
  const e = t.timeline.find((x) => x.cpu === cpu && x.icount === icount && (cycle === undefined || x.cycle === cycle));
  if (!e || e.machineIcount === undefined) throw new Error(`armvirt/reverseTo: no recorded event of cpu${cpu} at instruction ${icount}${cycle !== undefined ? `, cycle ${cycle}` : ''}`);
  return { cpu, icount, cycle: e.cycle, machineIcount: e.machineIcount };
}

export function worldInfo(t: Target): WorldInfoBody {
  return { cores: t.cpus.map((c) => { const w = t.world(c); return { cpu: c.index, world: w.key, el: w.el, vmid: w.vmid, cycles: c.cycles }; }) };
}

/** Runs the paper's microbenchmarks through emulator/hypervisors/microbench.ts. */
export async function microbench(args: unknown, cancelled?: () => boolean): Promise<MicrobenchBody> {
  const o = obj(args, 'armvirt/microbench');
  const hyps = o.hypervisors, benches = o.benchmarks;
  if (hyps !== undefined && (!Array.isArray(hyps) || hyps.some((h) => !['kvm', 'xen', 'kvm-vhe'].includes(String(h))))) {
    throw new Error("armvirt/microbench: 'hypervisors' must list kvm, xen or kvm-vhe");
  }
  if (benches !== undefined && (!Array.isArray(benches) || benches.some((b) => typeof b !== 'string'))) throw new Error("armvirt/microbench: 'benchmarks' must be a list of names");
  return { results: await runMicrobench({ hypervisors: hyps as string[] | undefined, benchmarks: benches as string[] | undefined, cancelled }) };
}
