// The Debug Adapter Protocol session: a thin mapping of DAP requests onto the debugger model
// (debug-adapter/model), in the shape of microsoft/vscode-mock-debug. Every handler runs under
// guard(): a malformed or out-of-order request gets an error response, never a crash.

import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  ContinuedEvent, DebugSession, ExitedEvent, InitializedEvent, OutputEvent, StoppedEvent, TerminatedEvent, Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { readSource } from './model/program';
import { LoadError } from '../emulator/machine/loader';
import { Breakpoints } from './session-bps';
import { disassembleAt, FRAMES_PER_CPU, readRef, source, stackTrace, writeRef } from './inspect';
import { Debugger, type Granularity } from './model/debugger';
import { evaluate } from './model/expr';
import { describeEsr, ecName, sysregCanonical } from './model/registers';
import type { StopInfo } from './model/target';
import { Target } from './model/target';
import { TRAP_FILTERS, TRAP_IDS } from './model/traps';
import { hex, VariableProvider } from './variables';

export interface LaunchArgs extends DebugProtocol.LaunchRequestArguments {
  program?: unknown; hypervisor?: unknown; guests?: unknown; cpus?: unknown; gic?: unknown; el?: unknown;
  stopOnEntry?: unknown; stopOnTrap?: unknown;
}

export class ArmvirtSession extends DebugSession {
  private dbg: Debugger | null = null;
  private vars: VariableProvider | null = null;
  private bps: Breakpoints | null = null;
  private lastStop: StopInfo | null = null;
  private configured = false;
  private launched = false;
  private started = false;
  private stopOnEntry = false;
  private disposed = false;

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  /** Runs a handler; any throw (bad arguments, wrong state) becomes an error response. */
  private guard(res: DebugProtocol.Response, f: () => void | Promise<void>): void {
    const fail = (e: unknown): void => this.sendErrorResponse(res, { id: 1001, format: e instanceof Error ? e.message : String(e), showUser: true });
    try {
      const p = f();
      if (p) p.then(() => undefined, fail);
    } catch (e) {
      fail(e);
    }
  }

  private need(): { dbg: Debugger; t: Target; vars: VariableProvider; bps: Breakpoints } {
    if (!this.dbg || !this.vars || !this.bps) throw new Error('no program is launched');
    return { dbg: this.dbg, t: this.dbg.t, vars: this.vars, bps: this.bps };
  }

  private stopped(): { dbg: Debugger; t: Target; vars: VariableProvider; bps: Breakpoints } {
    const n = this.need();
    if (n.dbg.running) throw new Error('the target is running: pause it first');
    return n;
  }

  protected dispatchRequest(request: DebugProtocol.Request): void {
    try {
      super.dispatchRequest(request);
    } catch (e) {
      // The base class throws on some malformed requests (missing arguments): answer, don't die.
      const res: DebugProtocol.Response = { seq: 0, type: 'response', request_seq: request.seq, command: String(request.command), success: false };
      this.sendErrorResponse(res, { id: 1000, format: e instanceof Error ? e.message : String(e) });
    }
  }

  protected initializeRequest(res: DebugProtocol.InitializeResponse): void {
    res.body = {
      supportsConfigurationDoneRequest: true, // breakpoints arrive before the program runs
      supportsFunctionBreakpoints: true, // by symbol
      supportsConditionalBreakpoints: true, // expressions over registers, sysregs, memory
      supportsHitConditionalBreakpoints: true, // "5", ">= 5", "% 5"
      supportsLogPoints: true, // {expr} interpolation
      supportsEvaluateForHovers: true, // registers and symbols under the mouse
      exceptionBreakpointFilters: TRAP_FILTERS.map((f) => ({ filter: f.id, label: f.label, description: f.description, default: false, supportsCondition: true, conditionDescription: 'e.g. esr.iss == 0x8, el == 1' })),
      supportsExceptionFilterOptions: true, // a condition per trap class
      supportsExceptionInfoRequest: true, // the trap's ESR decoded
      supportsStepBack: true, // checkpoints + deterministic replay
      supportsSetVariable: true, // registers, system registers and their fields
      supportsRestartRequest: true, // back to the entry checkpoint
      supportsTerminateRequest: true,
      supportTerminateDebuggee: true,
      supportsLoadedSourcesRequest: true,
      supportsModulesRequest: true, // the image (one per world later)
      supportsDataBreakpoints: true, // via the core's watch hook
      supportsDataBreakpointBytes: true, // dataBreakpointInfo by address and size
      supportsReadMemoryRequest: true, // VA through the current regime, or pa:
      supportsWriteMemoryRequest: true,
      supportsDisassembleRequest: true,
      supportsInstructionBreakpoints: true, // from the disassembly view
      supportsSteppingGranularity: true, // line and instruction
      supportsBreakpointLocationsRequest: true, // lines with code
      supportsCompletionsRequest: true, // register, sysreg and symbol names in the console
      supportsValueFormattingOptions: false,
      supportsGotoTargetsRequest: false, // arrives later (issue 8)
      supportsCancelRequest: false, // arrives later (issue 8)
    };
    this.sendResponse(res);
  }

  protected launchRequest(res: DebugProtocol.LaunchResponse, args: LaunchArgs): void {
    this.guard(res, () => {
      if (this.dbg) throw new Error('a program is already launched');
      const prog = args.program;
      if (typeof prog !== 'string' || !prog) throw new Error("launch: 'program' (a .S or ELF file) is required");
      if (!existsSync(prog)) throw new Error(`launch: program '${prog}' does not exist`);
      const hyp = args.hypervisor ?? 'none';
      if (!['none', 'xen', 'kvm', 'kvm-vhe'].includes(String(hyp))) throw new Error(`launch: hypervisor '${String(hyp)}' must be none, xen, kvm or kvm-vhe`);
      if (hyp !== 'none') throw new Error(`launch: hypervisor '${String(hyp)}' is not available yet (the shipped hypervisors arrive with a later issue); use 'none'`);
      if (args.guests !== undefined && (!Array.isArray(args.guests) || args.guests.length)) throw new Error("launch: 'guests' is not available yet (it needs a hypervisor)");
      const cpus = args.cpus ?? 1;
      if (typeof cpus !== 'number' || !Number.isInteger(cpus) || cpus < 1 || cpus > 8) throw new Error("launch: 'cpus' must be a whole number from 1 to 8");
      if (cpus !== 1) throw new Error("launch: 'cpus' > 1 is not available yet (the board has one core until SMP lands)");
      const gic = args.gic ?? 2;
      if (gic !== 2 && gic !== 3) throw new Error("launch: 'gic' must be 2 or 3");
      const el = args.el ?? 2;
      if (el !== 1 && el !== 2) throw new Error("launch: 'el' must be 1 or 2");
      const traps = args.stopOnTrap ?? [];
      if (!Array.isArray(traps) || traps.some((x) => typeof x !== 'string' || !TRAP_IDS.has(x))) {
        throw new Error(`launch: 'stopOnTrap' must list trap classes among ${[...TRAP_IDS].join(', ')}`);
      }
      this.stopOnEntry = args.stopOnEntry === true;
      let t: Target;
      try {
        t = new Target(prog, readFileSync(prog), { el }, { output: (s, cat) => this.sendEvent(new OutputEvent(s, cat)) }, readSource);
      } catch (e) {
        throw new Error(e instanceof LoadError ? `cannot load ${prog}: ${e.message}` : (e as Error).message);
      }
      for (const id of traps as string[]) t.filters.set(id, undefined);
      this.dbg = new Debugger(t, {
        output: (s, cat) => this.sendEvent(new OutputEvent(s, cat)),
        stopped: (s) => this.onStopped(s),
        exited: (status, reason) => this.onExited(status, reason),
      });
      this.vars = new VariableProvider(t);
      this.bps = new Breakpoints(t);
      this.sendResponse(res);
      this.sendEvent(new OutputEvent(`armvirt: ${basename(prog)} loaded at EL${el}, entry 0x${t.cpus[0].pc.toString(16)}\n`, 'console'));
      this.launched = true;
      this.sendEvent(new InitializedEvent());
      this.maybeStart();
    });
  }

  protected configurationDoneRequest(res: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured = true;
    this.sendResponse(res);
    this.maybeStart();
  }

  /** Starts once both launch and configurationDone arrived (in either order). */
  private maybeStart(): void {
    if (!this.configured || !this.launched || this.started || !this.dbg) return;
    this.started = true;
    if (this.stopOnEntry) this.onStopped({ reason: 'entry', cpu: 0 });
    else void this.dbg.continue().catch((e: Error) => this.sendEvent(new OutputEvent(`armvirt: ${e.message}\n`, 'stderr')));
  }

  private onStopped(s: StopInfo): void {
    if (this.disposed) return;
    this.lastStop = s;
    this.vars?.reset();
    const ev = new StoppedEvent(s.reason, s.cpu, s.text) as DebugProtocol.StoppedEvent;
    ev.body.allThreadsStopped = true;
    if (s.description) ev.body.description = s.description;
    if (s.bpIds) ev.body.hitBreakpointIds = s.bpIds;
    this.sendEvent(ev);
  }

  private onExited(status: number, reason: string): void {
    if (this.disposed) return;
    this.sendEvent(new OutputEvent(`armvirt: ${reason}\n`, 'console'));
    this.sendEvent(new ExitedEvent(status));
    this.sendEvent(new TerminatedEvent());
  }

  protected threadsRequest(res: DebugProtocol.ThreadsResponse): void {
    // Threads before launch: none (VS Code asks early).
    const cpus = this.dbg?.t.cpus ?? [];
    res.body = { threads: cpus.map((c) => new Thread(c.index, `cpu${c.index} · EL${c.el}`)) };
    this.sendResponse(res);
  }

  // ---- run control ----
  private run(res: DebugProtocol.Response, f: (d: Debugger) => Promise<void>, continued = false): void {
    this.guard(res, () => {
      const { dbg } = this.stopped();
      if (!this.started) throw new Error('configurationDone has not been received');
      this.vars?.reset();
      this.sendResponse(res);
      if (continued) this.sendEvent(new ContinuedEvent(0, true));
      f(dbg).catch((e: Error) => this.sendEvent(new OutputEvent(`armvirt: ${e.message}\n`, 'stderr')));
    });
  }

  private gran(g: DebugProtocol.SteppingGranularity | undefined): Granularity { return g === 'instruction' ? 'instruction' : 'line'; }

  protected continueRequest(res: DebugProtocol.ContinueResponse): void {
    res.body = { allThreadsContinued: true };
    this.run(res, (d) => d.continue());
  }
  protected nextRequest(res: DebugProtocol.NextResponse, a: DebugProtocol.NextArguments): void { this.run(res, (d) => d.step(a?.threadId ?? 0, 'over', this.gran(a?.granularity))); }
  protected stepInRequest(res: DebugProtocol.StepInResponse, a: DebugProtocol.StepInArguments): void { this.run(res, (d) => d.step(a?.threadId ?? 0, 'in', this.gran(a?.granularity))); }
  protected stepOutRequest(res: DebugProtocol.StepOutResponse, a: DebugProtocol.StepOutArguments): void { this.run(res, (d) => d.step(a?.threadId ?? 0, 'out', this.gran(a?.granularity))); }
  protected stepBackRequest(res: DebugProtocol.StepBackResponse, a: DebugProtocol.StepBackArguments): void { this.run(res, (d) => d.stepBack(a?.threadId ?? 0, this.gran(a?.granularity))); }
  protected reverseContinueRequest(res: DebugProtocol.ReverseContinueResponse): void { this.run(res, (d) => d.reverseContinue()); }

  protected pauseRequest(res: DebugProtocol.PauseResponse): void {
    this.guard(res, () => {
      this.need().dbg.pause();
      this.sendResponse(res);
    });
  }

  protected restartRequest(res: DebugProtocol.RestartResponse): void {
    this.guard(res, () => {
      const { dbg } = this.stopped();
      dbg.restart();
      this.sendResponse(res);
      this.onStopped({ reason: 'entry', cpu: 0, description: 'restarted' });
    });
  }

  protected terminateRequest(res: DebugProtocol.TerminateResponse): void {
    this.dbg?.pause();
    this.disposed = true;
    this.sendResponse(res);
    this.sendEvent(new TerminatedEvent());
  }

  protected disconnectRequest(res: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments, req?: DebugProtocol.Request): void {
    this.dbg?.pause();
    this.disposed = true;
    super.disconnectRequest(res, args, req);
  }

  // ---- state ----
  protected stackTraceRequest(res: DebugProtocol.StackTraceResponse, a: DebugProtocol.StackTraceArguments): void {
    this.guard(res, () => {
      const { t } = this.stopped();
      const c = t.cpus[a?.threadId ?? -1];
      if (!c) throw new Error(`no thread ${String(a?.threadId)}`);
      const all = stackTrace(t, c);
      const start = a.startFrame ?? 0;
      const frames = all.slice(start, a.levels ? start + a.levels : undefined);
      res.body = { stackFrames: frames, totalFrames: all.length };
      this.sendResponse(res);
    });
  }

  protected scopesRequest(res: DebugProtocol.ScopesResponse, a: DebugProtocol.ScopesArguments): void {
    this.guard(res, () => {
      const { vars, t } = this.stopped();
      const cpu = Math.floor((a?.frameId ?? -1) / FRAMES_PER_CPU);
      if (!t.cpus[cpu]) throw new Error(`no frame ${String(a?.frameId)}`);
      res.body = { scopes: vars.scopes(cpu) };
      this.sendResponse(res);
    });
  }

  protected variablesRequest(res: DebugProtocol.VariablesResponse, a: DebugProtocol.VariablesArguments): void {
    this.guard(res, () => {
      res.body = { variables: this.stopped().vars.variables(a?.variablesReference ?? 0) };
      this.sendResponse(res);
    });
  }

  protected setVariableRequest(res: DebugProtocol.SetVariableResponse, a: DebugProtocol.SetVariableArguments): void {
    this.guard(res, () => {
      res.body = { value: this.stopped().vars.set(a.variablesReference, String(a.name), String(a.value)) };
      this.sendResponse(res);
    });
  }

  protected evaluateRequest(res: DebugProtocol.EvaluateResponse, a: DebugProtocol.EvaluateArguments): void {
    this.guard(res, () => {
      const { t, vars } = this.stopped();
      const expr = String(a?.expression ?? '');
      const c = t.cpus[a.frameId !== undefined ? Math.floor(a.frameId / FRAMES_PER_CPU) : this.lastStop?.cpu ?? 0] ?? t.cpus[0];
      const v = evaluate(expr, t.env(c));
      const reg = sysregCanonical(expr.trim());
      res.body = {
        result: `${hex(v)} (${v.toString()})`,
        variablesReference: reg ? vars.sysregRef(c.index, reg) : 0,
        memoryReference: '0x' + v.toString(16),
      };
      this.sendResponse(res);
    });
  }

  protected completionsRequest(res: DebugProtocol.CompletionsResponse, a: DebugProtocol.CompletionsArguments): void {
    this.guard(res, () => {
      const { t } = this.need();
      const text = String(a?.text ?? '').slice(0, Math.max(0, (a?.column ?? 1) - 1));
      const word = /[\w.$]*$/.exec(text)?.[0] ?? '';
      const names = [...[...Array(31).keys()].map((i) => `x${i}`), 'sp', 'pc', 'lr', 'el', 'pstate', ...t.program.symbols.map((s) => s.name),
        'HCR_EL2', 'ESR_EL2', 'ELR_EL2', 'SPSR_EL2', 'FAR_EL2', 'VTTBR_EL2', 'VBAR_EL2', 'SCTLR_EL1', 'ESR_EL1', 'ELR_EL1', 'VBAR_EL1'];
      const low = word.toLowerCase();
      res.body = { targets: [...new Set(names)].filter((n) => n.toLowerCase().startsWith(low)).slice(0, 200).map((label) => ({ label, start: text.length - word.length, length: word.length })) };
      this.sendResponse(res);
    });
  }

  protected exceptionInfoRequest(res: DebugProtocol.ExceptionInfoResponse): void {
    this.guard(res, () => {
      const s = this.lastStop;
      if (!s || s.reason !== 'exception' || !s.trap) throw new Error('the target did not stop on an exception');
      const e = s.trap;
      const esr = e.kind === 'exception' ? BigInt(e.esr) : 0n;
      const msg = e.kind === 'exception' && e.type === 'sync' ? describeEsr(esr) : s.description ?? s.text ?? '';
      res.body = {
        exceptionId: s.filter?.id ?? e.kind, description: msg, breakMode: 'always',
        details: { message: msg, typeName: e.kind === 'exception' && e.type === 'sync' ? ecName(esr) : e.kind, evaluateName: e.kind === 'exception' ? `ESR_EL${e.toEl}` : undefined },
      };
      this.sendResponse(res);
    });
  }

  protected disassembleRequest(res: DebugProtocol.DisassembleResponse, a: DebugProtocol.DisassembleArguments): void {
    this.guard(res, () => {
      const { t } = this.stopped();
      res.body = { instructions: disassembleAt(t, t.cpus[this.lastStop?.cpu ?? 0], a) };
      this.sendResponse(res);
    });
  }

  protected readMemoryRequest(res: DebugProtocol.ReadMemoryResponse, a: DebugProtocol.ReadMemoryArguments): void {
    this.guard(res, () => {
      const { t } = this.stopped();
      const r = readRef(t, t.cpus[this.lastStop?.cpu ?? 0], String(a?.memoryReference), a.offset ?? 0, a.count);
      res.body = { address: r.address, data: Buffer.from(r.data).toString('base64'), unreadableBytes: r.unreadable };
      this.sendResponse(res);
    });
  }

  protected writeMemoryRequest(res: DebugProtocol.WriteMemoryResponse, a: DebugProtocol.WriteMemoryArguments): void {
    this.guard(res, () => {
      const { t } = this.stopped();
      const data = Buffer.from(String(a?.data ?? ''), 'base64');
      const n = writeRef(t, t.cpus[this.lastStop?.cpu ?? 0], String(a.memoryReference), a.offset ?? 0, data);
      if (n === 0 && data.length) throw new Error(`cannot write at ${a.memoryReference}`);
      res.body = { bytesWritten: n };
      this.sendResponse(res);
    });
  }

  protected loadedSourcesRequest(res: DebugProtocol.LoadedSourcesResponse): void {
    this.guard(res, () => {
      res.body = { sources: [...this.need().t.program.sources].map(source) };
      this.sendResponse(res);
    });
  }

  protected modulesRequest(res: DebugProtocol.ModulesResponse): void {
    this.guard(res, () => {
      const p = this.need().t.program;
      res.body = { modules: [{ id: p.world, name: basename(p.path), path: p.path, symbolStatus: p.symbols.length ? 'symbols loaded' : 'no symbols' }], totalModules: 1 };
      this.sendResponse(res);
    });
  }

  // ---- breakpoints (session-bps.ts) ----
  protected setBreakPointsRequest(res: DebugProtocol.SetBreakpointsResponse, a: DebugProtocol.SetBreakpointsArguments): void {
    this.guard(res, () => { res.body = { breakpoints: this.need().bps.source(a) }; this.sendResponse(res); });
  }
  protected breakpointLocationsRequest(res: DebugProtocol.BreakpointLocationsResponse, a: DebugProtocol.BreakpointLocationsArguments): void {
    this.guard(res, () => { res.body = { breakpoints: this.need().bps.locations(a) }; this.sendResponse(res); });
  }
  protected setFunctionBreakPointsRequest(res: DebugProtocol.SetFunctionBreakpointsResponse, a: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.guard(res, () => { res.body = { breakpoints: this.need().bps.functions(a) }; this.sendResponse(res); });
  }
  protected setInstructionBreakpointsRequest(res: DebugProtocol.SetInstructionBreakpointsResponse, a: DebugProtocol.SetInstructionBreakpointsArguments): void {
    this.guard(res, () => { res.body = { breakpoints: this.need().bps.instructions(a) }; this.sendResponse(res); });
  }
  protected dataBreakpointInfoRequest(res: DebugProtocol.DataBreakpointInfoResponse, a: DebugProtocol.DataBreakpointInfoArguments): void {
    this.guard(res, () => { res.body = this.need().bps.dataInfo(a, this.lastStop?.cpu ?? 0); this.sendResponse(res); });
  }
  protected setDataBreakpointsRequest(res: DebugProtocol.SetDataBreakpointsResponse, a: DebugProtocol.SetDataBreakpointsArguments): void {
    this.guard(res, () => { res.body = { breakpoints: this.need().bps.data(a) }; this.sendResponse(res); });
  }
  protected setExceptionBreakPointsRequest(res: DebugProtocol.SetExceptionBreakpointsResponse, a: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.guard(res, () => { res.body = { breakpoints: this.need().bps.exceptions(a) }; this.sendResponse(res); });
  }
}
