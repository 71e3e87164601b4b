// Breakpoint requests of the session: source lines, functions, instructions, data and exception
// filters, each mapped onto the model's BreakpointStore and armed in the target. Code breakpoints
// change which decoded pages carry a stopping executor, so the affected pages are re-decoded.

import { resolve } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { validHitCondition, type Breakpoint, type BpOptions } from './model/breakpoints';
import { evaluate } from './model/expr';
import type { Target } from './model/target';
import { TRAP_IDS } from './model/traps';
import { parseRef, source } from './inspect';
import type { Program } from './model/program';
import { formatRef, parseSpaceRef, type SpaceRef } from './model/spaces';

export class Breakpoints {
  constructor(private readonly t: Target) {}

  private opts(b: { condition?: string; hitCondition?: string; logMessage?: string }): BpOptions {
    if (b.hitCondition !== undefined && b.hitCondition !== '' && !validHitCondition(b.hitCondition)) {
      throw new Error(`hit condition '${b.hitCondition}' must be N, >= N, == N, > N or % N`);
    }
    return { condition: b.condition, hitCondition: b.hitCondition, logMessage: b.logMessage };
  }

  private dap(bp: Breakpoint): DebugProtocol.Breakpoint {
    const r: DebugProtocol.Breakpoint = { id: bp.id, verified: bp.verified };
    if (bp.message) r.message = bp.message;
    if (bp.file) { r.source = source(bp.file); r.line = bp.line; }
    if (bp.addr !== undefined) r.instructionReference = '0x' + bp.addr.toString(16);
    return r;
  }

  /**
   * Arms a code breakpoint at a VA. In a placed image (hypervisor systems) the VA binds to that
   * image's PA and VM: the same VA in two VMs is two places. A bare program resolves the VA through
   * the current regime of core 0.
   */
  private armAt(bp: Breakpoint, addr: bigint, programs?: Program[]): void {
    const placed = (programs ?? this.t.programs).filter((p) => p.paOf(addr) !== null);
    if (placed.length) {
      for (const p of placed) {
        const pa = p.paOf(addr)!;
        this.t.bps.arm(bp, addr, pa);
        (bp.vmids ??= new Map()).set(pa, p.vmid);
        this.t.invalidateCode(pa);
      }
      return;
    }
    const c = this.t.cpus[0];
    const pa = this.t.toPa(c, addr, 'fetch');
    if (pa === null || this.t.machine.bus.ramOffset(pa, 4) < 0) { bp.message = `0x${addr.toString(16)} is not mapped to RAM`; return; }
    this.t.bps.arm(bp, addr, pa);
    this.t.invalidateCode(pa);
  }

  private clear(kind: Breakpoint['kind'], file?: string): void {
    for (const pa of this.t.bps.clear(kind, file)) this.t.invalidateCode(pa);
  }

  source(a: DebugProtocol.SetBreakpointsArguments): DebugProtocol.Breakpoint[] {
    const path = a?.source?.path;
    if (typeof path !== 'string') throw new Error('setBreakpoints: source.path is required');
    const list: DebugProtocol.SourceBreakpoint[] = a.breakpoints ?? (a.lines ?? []).map((line) => ({ line }));
    if (!Array.isArray(list)) throw new Error('setBreakpoints: breakpoints must be an array');
    // The line table keys files by absolute path.
    const file = resolve(path);
    this.clear('source', file);
    return list.map((b) => {
      const bp = this.t.bps.create('source', this.opts(b));
      bp.file = file;
      bp.line = b.line;
      // Every image built from this file binds it (a guest source loaded in two VMs: two places).
      const binds = typeof b.line === 'number' ? this.t.programs.map((p) => ({ p, at: p.bindLine(file, b.line) })).filter((x) => x.at) : [];
      if (!binds.length) bp.message = 'no code at this line (or no line table for this image)';
      for (const { p, at } of binds) { bp.line = at!.line; this.armAt(bp, at!.addr, this.t.programs.length > 1 ? [p] : undefined); }
      return this.dap(bp);
    });
  }

  locations(a: DebugProtocol.BreakpointLocationsArguments): DebugProtocol.BreakpointLocation[] {
    const path = a?.source?.path;
    if (typeof path !== 'string') throw new Error('breakpointLocations: source.path is required');
    const end = a.endLine ?? a.line;
    const lines = new Set(this.t.programs.flatMap((p) => p.linesOf(path)));
    return [...lines].sort((x, y) => x - y).filter((l) => l >= a.line && l <= end).map((line) => ({ line }));
  }

  functions(a: DebugProtocol.SetFunctionBreakpointsArguments): DebugProtocol.Breakpoint[] {
    if (!Array.isArray(a?.breakpoints)) throw new Error('setFunctionBreakpoints: breakpoints must be an array');
    this.clear('function');
    return a.breakpoints.map((b) => {
      const bp = this.t.bps.create('function', this.opts(b));
      bp.name = String(b.name);
      // `vm1:name` picks the image of one world; a bare name the first image that has it.
      const m = /^([\w.-]+):(.+)$/.exec(bp.name);
      const world = m && this.t.programs.some((p) => p.world === m[1]) ? m[1] : undefined;
      const sym = world ? this.t.programs.find((p) => p.world === world)?.symbol(m![2]) : this.t.programs.map((p) => p.symbol(bp.name!)).find((x) => x);
      let addr = sym?.value;
      if (addr === undefined) {
        try { addr = evaluate(bp.name, this.t.env(this.t.cpus[0])); } catch { /* reported below */ }
      }
      if (addr === undefined) bp.message = `no symbol '${bp.name}'`;
      else this.armAt(bp, addr, world ? this.t.programs.filter((p) => p.world === world) : undefined);
      const r = this.dap(bp);
      const loc = addr !== undefined ? this.t.program.location(addr) : undefined;
      if (loc) { r.source = source(loc.file); r.line = loc.line; }
      return r;
    });
  }

  instructions(a: DebugProtocol.SetInstructionBreakpointsArguments): DebugProtocol.Breakpoint[] {
    if (!Array.isArray(a?.breakpoints)) throw new Error('setInstructionBreakpoints: breakpoints must be an array');
    this.clear('instruction');
    return a.breakpoints.map((b) => {
      const bp = this.t.bps.create('instruction', this.opts(b));
      try {
        const addr = parseRef(String(b.instructionReference)).addr + BigInt(b.offset ?? 0);
        if (addr & 3n) bp.message = 'instructions are 4-byte aligned';
        else this.armAt(bp, addr);
      } catch (e) {
        bp.message = (e as Error).message;
      }
      return this.dap(bp);
    });
  }

  /**
   * dataId "<ref>:<len>" where ref is a memory reference in its space (0x…, ipa:0x…, vm1:ipa:0x…,
   * pa:0x…). A name is an address in a space, or an expression giving a VA (a symbol, `&sym`, `x1+8`).
   */
  dataInfo(a: DebugProtocol.DataBreakpointInfoArguments, cpu: number): DebugProtocol.DataBreakpointInfoResponse['body'] {
    const name = String(a?.name ?? '').trim();
    const size = Math.max(1, Math.min(a.bytes ?? 8, 4096));
    if (a.variablesReference) return { dataId: null, description: 'registers have no address: watch a memory expression instead' };
    let ref: SpaceRef;
    try {
      if (/^(vm\d+:)?(va|ipa|pa):/i.test(name) || a.asAddress) ref = parseSpaceRef(name);
      else {
        const c = this.t.cpus[cpu] ?? this.t.cpus[0];
        // A symbol of a guest image is an IPA of its VM (the image is placed by IPA): watched there,
        // it catches that VM's accesses only, whatever the guest's own page tables say.
        const m = /^(?:([\w.-]+):)?([A-Za-z_.$][\w.$]*)$/.exec(name);
        const progs = m?.[1] ? this.t.programs.filter((p) => p.world === m[1]) : [this.t.programFor(c), ...this.t.programs];
        const owner = m ? progs.find((p) => p.symbol(m[2])) : undefined;
        const sym = owner?.symbol(m![2]);
        if (owner && sym && owner.vmid !== null && owner.placed) ref = { space: 'ipa', addr: sym.value, vmid: owner.vmid };
        else ref = { space: 'va', addr: sym?.value ?? evaluate(name, this.t.env(c)) };
      }
    } catch (e) {
      return { dataId: null, description: (e as Error).message };
    }
    const text = formatRef(ref);
    return { dataId: `${text}:${size}`, description: `${size} bytes at ${text}`, accessTypes: ['read', 'write', 'readWrite'], canPersist: true };
  }

  data(a: DebugProtocol.SetDataBreakpointsArguments): DebugProtocol.Breakpoint[] {
    if (!Array.isArray(a?.breakpoints)) throw new Error('setDataBreakpoints: breakpoints must be an array');
    this.clear('data');
    const out = a.breakpoints.map((b) => {
      const bp = this.t.bps.create('data', this.opts(b));
      const m = /^(.*):(\d+)$/.exec(String(b.dataId));
      let ref: SpaceRef;
      try {
        if (!m) throw new Error('no length');
        ref = parseSpaceRef(m[1]);
      } catch {
        bp.message = `bad dataId '${String(b.dataId)}'`;
        return this.dap(bp);
      }
      const access = b.accessType ?? 'write';
      bp.data = { lo: Number(ref.addr & 0xffffffffn), hi: Number(ref.addr >> 32n), len: Number(m[2]), access, space: ref.space, ...(ref.vmid !== undefined ? { vmid: ref.vmid } : {}) };
      bp.addr = ref.addr;
      this.t.bps.addData(bp);
      return this.dap(bp);
    });
    this.t.updateWatch();
    return out;
  }

  exceptions(a: DebugProtocol.SetExceptionBreakpointsArguments): DebugProtocol.Breakpoint[] {
    const filters = a?.filters ?? [];
    if (!Array.isArray(filters)) throw new Error('setExceptionBreakpoints: filters must be an array');
    // VS Code sends its exception settings (often none ticked) before the run starts: the launch's
    // stopOnTrap classes stay on underneath them, or they would never take effect.
    this.t.filters.clear();
    for (const id of this.t.launchFilters) this.t.filters.set(id, undefined);
    const out: DebugProtocol.Breakpoint[] = [];
    for (const f of filters) {
      const ok = TRAP_IDS.has(f);
      if (ok) this.t.filters.set(f, undefined);
      out.push({ verified: ok, message: ok ? undefined : `unknown trap class '${f}'` });
    }
    for (const o of a.filterOptions ?? []) {
      const ok = TRAP_IDS.has(o.filterId);
      if (ok) this.t.filters.set(o.filterId, o.condition?.trim() || undefined);
      out.push({ verified: ok, message: ok ? undefined : `unknown trap class '${o.filterId}'` });
    }
    return out;
  }
}
