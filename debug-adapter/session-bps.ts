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

  /** Arms a code breakpoint at a VA (resolved to its PA through the current regime). */
  private armAt(bp: Breakpoint, addr: bigint): void {
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
      const at = typeof b.line === 'number' ? this.t.program.bindLine(file, b.line) : undefined;
      if (!at) bp.message = 'no code at this line (or no line table for this image)';
      else { bp.line = at.line; this.armAt(bp, at.addr); }
      return this.dap(bp);
    });
  }

  locations(a: DebugProtocol.BreakpointLocationsArguments): DebugProtocol.BreakpointLocation[] {
    const path = a?.source?.path;
    if (typeof path !== 'string') throw new Error('breakpointLocations: source.path is required');
    const end = a.endLine ?? a.line;
    return this.t.program.linesOf(path).filter((l) => l >= a.line && l <= end).map((line) => ({ line }));
  }

  functions(a: DebugProtocol.SetFunctionBreakpointsArguments): DebugProtocol.Breakpoint[] {
    if (!Array.isArray(a?.breakpoints)) throw new Error('setFunctionBreakpoints: breakpoints must be an array');
    this.clear('function');
    return a.breakpoints.map((b) => {
      const bp = this.t.bps.create('function', this.opts(b));
      bp.name = String(b.name);
      const sym = this.t.program.symbol(bp.name);
      let addr = sym?.value;
      if (addr === undefined) {
        try { addr = evaluate(bp.name, this.t.env(this.t.cpus[0])); } catch { /* reported below */ }
      }
      if (addr === undefined) bp.message = `no symbol '${bp.name}'`;
      else this.armAt(bp, addr);
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

  /** dataId "va:0x…:len"; a name is an address expression (a symbol, `&sym`, a number, `x1+8`). */
  dataInfo(a: DebugProtocol.DataBreakpointInfoArguments, cpu: number): DebugProtocol.DataBreakpointInfoResponse['body'] {
    const name = String(a?.name ?? '');
    const size = Math.max(1, Math.min(a.bytes ?? 8, 4096));
    if (a.variablesReference) return { dataId: null, description: 'registers have no address: watch a memory expression instead' };
    let addr: bigint;
    try {
      addr = a.asAddress ? BigInt(name) : this.t.program.symbol(name)?.value ?? evaluate(name, this.t.env(this.t.cpus[cpu] ?? this.t.cpus[0]));
    } catch (e) {
      return { dataId: null, description: (e as Error).message };
    }
    return { dataId: `va:0x${addr.toString(16)}:${size}`, description: `${size} bytes at 0x${addr.toString(16)}`, accessTypes: ['read', 'write', 'readWrite'], canPersist: true };
  }

  data(a: DebugProtocol.SetDataBreakpointsArguments): DebugProtocol.Breakpoint[] {
    if (!Array.isArray(a?.breakpoints)) throw new Error('setDataBreakpoints: breakpoints must be an array');
    this.clear('data');
    const out = a.breakpoints.map((b) => {
      const bp = this.t.bps.create('data', this.opts(b));
      const m = /^va:(0x[0-9a-f]+):(\d+)$/i.exec(String(b.dataId));
      if (!m) { bp.message = `bad dataId '${String(b.dataId)}'`; return this.dap(bp); }
      const addr = BigInt(m[1]);
      const access = b.accessType ?? 'write';
      bp.data = { lo: Number(addr & 0xffffffffn), hi: Number(addr >> 32n), len: Number(m[2]), access };
      bp.addr = addr;
      this.t.bps.addData(bp);
      return this.dap(bp);
    });
    this.t.updateWatch();
    return out;
  }

  exceptions(a: DebugProtocol.SetExceptionBreakpointsArguments): DebugProtocol.Breakpoint[] {
    const filters = a?.filters ?? [];
    if (!Array.isArray(filters)) throw new Error('setExceptionBreakpoints: filters must be an array');
    this.t.filters.clear();
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
