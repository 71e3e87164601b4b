// The Debug Adapter Protocol session: a thin mapping of DAP requests onto the debugger model
// (debug-adapter/model), in the shape of microsoft/vscode-mock-debug. Every handler runs under
// guard(): a malformed or out-of-order request gets an error response, never a crash.
// launch builds a bare program or a hypervisor system (emulator/hypervisors createHypSystem);
// attach takes over a target left running in an `armvirt dap --port` server (in that process),
// or pipes this session to such a server (proxy.ts). The debugger reports through a Relay, so a
// GDB server (launch option gdbPort) and a later attached client share the same target.

import { basename } from 'node:path';
import {
  ContinuedEvent, DebugSession, ExitedEvent, InitializedEvent, ModuleEvent, OutputEvent, ProgressEndEvent, ProgressStartEvent, StoppedEvent, TerminatedEvent, Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Breakpoints } from './session-bps';
import { disassembleAt, FRAMES_PER_CPU, readRef, source, stackTrace, writeRef } from './inspect';
import { Debugger, type Granularity } from './model/debugger';
import { evaluate } from './model/expr';
import { describeEsr, ecName, sysregCanonical } from './model/registers';
import type { StopInfo } from './model/target';
import { Target } from './model/target';
import { TRAP_FILTERS } from './model/traps';
import { hex, VariableProvider } from './variables';
import { createTarget, loadTitle, parseLaunch, type LaunchArgs } from './launch';
import { CUSTOM_REQUESTS } from './custom-requests';
import { microbench, reverseTarget, stage2Map, stage2Walk, timeline, vgicState, worldInfo } from './custom';
import { Relay } from './model/relay';
import { threadName } from './model/world';
import { parseSpaceRef } from './model/spaces';
import { DapProxy } from './proxy';
import { hasParked, park, takeParked } from './shared';

/** Starts a GDB remote-protocol server on a debugger (cli/gdb, injected so the adapter does not import the CLI). */
export type GdbStarter = (dbg: Debugger, relay: Relay, port: number) => Promise<{ port: number; close(): void }>;
let gdbStarter: GdbStarter | null = null;
export function setGdbStarter(f: GdbStarter): void { gdbStarter = f; }

export type { LaunchArgs } from './launch';

/** attach: {port, host?} reaches an `armvirt dap --port` server; inside that server, {} takes its parked target. */
export interface AttachArgs extends DebugProtocol.AttachRequestArguments { port?: unknown; host?: unknown }

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
  private relay: Relay | null = null;
  private unlisten: (() => void) | null = null;
  private attached = false;
  private isServer = false;
  private proxy: DapProxy | null = null;
  private initArgs: DebugProtocol.InitializeRequestArguments | null = null;
  private supportsProgress = false;
  private gdb: { port: number; close(): void } | null = null;
  private benchCancelled = false;
  /** The operation in flight and the request that started it (cancel). */
  private inFlight: number | null = null;

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

  setRunAsServer(enable: boolean): void {
    super.setRunAsServer(enable);
    this.isServer = enable;
  }

  protected dispatchRequest(request: DebugProtocol.Request): void {
    // Attached through a proxy: everything but disconnect goes to the server.
    if (this.proxy && request.command !== 'disconnect') {
      try {
        this.proxy.forward(request);
      } catch (e) {
        this.sendErrorResponse({ seq: 0, type: 'response', request_seq: request.seq, command: request.command, success: false }, { id: 1002, format: (e as Error).message });
      }
      return;
    }
    try {
      super.dispatchRequest(request);
    } catch (e) {
      // The base class throws on some malformed requests (missing arguments): answer, don't die.
      const res: DebugProtocol.Response = { seq: 0, type: 'response', request_seq: request.seq, command: String(request.command), success: false };
      this.sendErrorResponse(res, { id: 1000, format: e instanceof Error ? e.message : String(e) });
    }
  }

  protected initializeRequest(res: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.initArgs = args ?? {};
    this.supportsProgress = args?.supportsProgressReporting === true;
    res.body = {
      supportsConfigurationDoneRequest: true, // breakpoints arrive before the program runs
      supportsFunctionBreakpoints: true, // by symbol
      supportsConditionalBreakpoints: true, // expressions over registers, sysregs, memory
      supportsHitConditionalBreakpoints: true, // "5", ">= 5", "% 5"
      supportsLogPoints: true, // {expr} interpolation
      supportsEvaluateForHovers: true, // registers and symbols under the mouse
      exceptionBreakpointFilters: TRAP_FILTERS.map((f) => ({ filter: f.id, label: f.label, description: f.description, default: false, supportsCondition: true, conditionDescription: 'e.g. esr.iss == 0x8, el == 1' })),
      supportsExceptionFilterOptions: true, // a condition per trap class
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
      supportsGotoTargetsRequest: true, // move the PC to a line or instruction
      supportsCancelRequest: true, // a long continue, step or reverse search
      supportsExceptionInfoRequest: true,
    };
    this.sendResponse(res);
  }

  protected launchRequest(res: DebugProtocol.LaunchResponse, args: LaunchArgs): void {
    this.guard(res, async () => {
      if (this.dbg) throw new Error('a program is already launched');
      const cfg = parseLaunch(args);
      if (cfg.gdbPort !== null && !gdbStarter) throw new Error("launch: 'gdbPort' needs the GDB server (run the adapter through `armvirt dap`)");
      this.stopOnEntry = cfg.stopOnEntry;
      const relay = new Relay();
      const progress = this.progressStart(loadTitle(cfg));
      // Let the progress event out before the (synchronous) assembly and load.
      await new Promise<void>((r) => setImmediate(r));
      let t: Target;
      try {
        t = createTarget(cfg, { output: (s, cat) => relay.output(s, cat) });
      } finally {
        this.progressEnd(progress);
      }
      const dbg = new Debugger(t, relay);
      if (cfg.gdbPort !== null) this.gdb = await gdbStarter!(dbg, relay, cfg.gdbPort);
      this.relay = relay;
      this.launchedHere = true;
      this.adopt(dbg);
      this.sendResponse(res);
      const where = t.programs.length > 1 ? `${t.programs.length} images (${t.programs.map((p) => p.world).join(', ')})` : `${basename(t.program.path)} at EL${cfg.el}`;
      this.sendEvent(new OutputEvent(`armvirt: ${where} loaded, entry 0x${t.cpus[0].pc.toString(16)}${this.gdb ? `; GDB server on port ${this.gdb.port}` : ''}\n`, 'console'));
      for (const m of this.modules(t)) this.sendEvent(new ModuleEvent('new', m));
      this.launched = true;
      this.sendEvent(new InitializedEvent());
      this.maybeStart();
    });
  }

  /** Becomes the front end of a debugger: its reports reach this session from now on. */
  private adopt(dbg: Debugger): void {
    this.dbg = dbg;
    this.vars = new VariableProvider(dbg.t);
    this.bps = new Breakpoints(dbg.t);
    this.unlisten = this.relay!.add({
      output: (s, cat) => this.output(s, cat),
      stopped: (s) => this.onStopped(s),
      exited: (status, reason) => this.onExited(status, reason),
    });
  }

  /** Guest output arrives a byte at a time: sent by line, or at the next turn of the event loop. */
  private outBuf = '';
  private outTimer: NodeJS.Immediate | null = null;
  private output(s: string, cat: 'console' | 'stdout' | 'stderr'): void {
    if (cat !== 'stdout') { this.flushOut(); this.sendEvent(new OutputEvent(s, cat)); return; }
    this.outBuf += s;
    if (this.outBuf.endsWith('\n') || this.outBuf.length > 4096) this.flushOut();
    else this.outTimer ??= setImmediate(() => this.flushOut());
  }

  private flushOut(): void {
    if (this.outTimer) { clearImmediate(this.outTimer); this.outTimer = null; }
    if (this.outBuf) { const s = this.outBuf; this.outBuf = ''; this.sendEvent(new OutputEvent(s, 'stdout')); }
  }

  private progressStart(title: string): string | null {
    if (!this.supportsProgress) return null;
    const id = `load-${Date.now()}`;
    this.sendEvent(new ProgressStartEvent(id, title, 'assembling and loading'));
    return id;
  }

  private progressEnd(id: string | null): void { if (id) this.sendEvent(new ProgressEndEvent(id)); }

  protected attachRequest(res: DebugProtocol.AttachResponse, args: AttachArgs): void {
    this.guard(res, async () => {
      if (this.dbg || this.proxy) throw new Error('a program is already launched or attached');
      const port = args?.port, host = args?.host ?? '127.0.0.1';
      if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)) throw new Error("attach: 'port' must be a TCP port number");
      if (typeof host !== 'string') throw new Error("attach: 'host' must be a host name");
      // In the server process itself: take over the target a client left running here.
      if (this.isServer && hasParked()) {
        const p = takeParked()!;
        this.relay = p.relay;
        this.adopt(p.dbg);
        this.attached = true;
        this.launched = true;
        this.started = p.started;
        this.sendResponse(res);
        this.sendEvent(new OutputEvent(`armvirt: attached to ${basename(p.program)} (${p.dbg.running ? 'running' : p.dbg.exited ? 'exited' : 'stopped'})\n`, 'console'));
        this.sendEvent(new InitializedEvent());
        return;
      }
      if (port === undefined) throw new Error(this.isServer ? 'attach: no target is waiting in this server (launch one and disconnect with terminateDebuggee: false)' : "attach: 'port' of an `armvirt dap --port N` server is required");
      // Elsewhere: become a pipe to that server, which attaches to its target.
      const proxy = await DapProxy.open(port, host, {
        // A fresh seq: these are this session's messages to its client (the base class numbers them).
        response: (r) => this.sendResponse({ ...r, seq: 0 }),
        event: (e) => this.sendEvent({ ...e, seq: 0 } as DebugProtocol.Event),
        closed: (reason) => {
          if (this.disposed) return;
          this.sendEvent(new OutputEvent(`armvirt: ${reason}\n`, 'console'));
          this.sendEvent(new TerminatedEvent());
        },
      });
      const init = await proxy.request('initialize', { ...(this.initArgs ?? {}), adapterID: 'armvirt' });
      if (!init.success) { proxy.end(); throw new Error(`attach: the server refused initialize: ${init.message ?? ''}`); }
      // Events of the server's session (initialized, stopped…) flow to the client from here on.
      this.proxy = proxy;
      const r = await proxy.request('attach', {});
      if (!r.success) { this.proxy = null; proxy.end(); throw new Error(r.message ?? 'attach failed'); }
      this.sendResponse(res);
    });
  }

  protected configurationDoneRequest(res: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured = true;
    this.sendResponse(res);
    this.maybeStart();
  }

  /** Starts once both launch and configurationDone arrived (in either order). */
  private maybeStart(): void {
    if (!this.configured || !this.launched || !this.dbg) return;
    if (this.attached) {
      // Attached: show where a stopped target is; a running one reports when it stops.
      const d = this.dbg;
      // (An exited one too: its final state can be inspected, and restart runs it again.)
      if (!d.running) this.onStopped({ reason: 'pause', cpu: this.lastStop?.cpu ?? 0, description: d.exited ? 'attached: the program has exited' : 'attached' });
      if (!this.started) { this.started = true; if (!this.stopOnEntry) void d.continue().catch(() => undefined); }
      this.attached = false;
      return;
    }
    if (this.started) return;
    this.started = true;
    if (this.stopOnEntry) this.onStopped({ reason: 'entry', cpu: 0 });
    else void this.dbg.continue().catch((e: Error) => this.sendEvent(new OutputEvent(`armvirt: ${e.message}\n`, 'stderr')));
  }

  private onStopped(s: StopInfo): void {
    if (this.disposed) return;
    this.flushOut();
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
    this.flushOut();
    this.sendEvent(new OutputEvent(`armvirt: ${reason}\n`, 'console'));
    this.sendEvent(new ExitedEvent(status));
    this.sendEvent(new TerminatedEvent());
  }

  protected threadsRequest(res: DebugProtocol.ThreadsResponse): void {
    // Threads before launch: none (VS Code asks early). One per core, named by the world it is in.
    const t = this.dbg?.t;
    res.body = { threads: (t?.cpus ?? []).map((c) => new Thread(c.index, threadName(c, t!.names))) };
    this.sendResponse(res);
  }

  // ---- run control ----
  private run(res: DebugProtocol.Response, f: (d: Debugger) => Promise<void>, continued = false): void {
    this.guard(res, () => {
      const { dbg } = this.stopped();
      if (!this.started) throw new Error('configurationDone has not been received');
      if (dbg.exited) throw new Error('the program has exited (restart to run it again)');
      this.vars?.reset();
      this.sendResponse(res);
      if (continued) this.sendEvent(new ContinuedEvent(0, true));
      this.inFlight = res.request_seq;
      f(dbg).catch((e: Error) => this.sendEvent(new OutputEvent(`armvirt: ${e.message}\n`, 'stderr'))).finally(() => { if (this.inFlight === res.request_seq) this.inFlight = null; });
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
    this.guard(res, async () => {
      const { dbg } = this.need();
      // Mid-run: stop first (the pause report goes out, then the restart's entry stop).
      await dbg.halt();
      dbg.restart();
      this.lastStop = null;
      this.sendResponse(res);
      this.onStopped({ reason: 'entry', cpu: 0, description: 'restarted' });
    });
  }

  /** Ends this front end; the debugger is dropped unless it is parked for a later attach. */
  private async release(keep: boolean): Promise<void> {
    this.disposed = true;
    this.unlisten?.();
    this.unlisten = null;
    const dbg = this.dbg;
    if (!dbg) return;
    if (keep && this.isServer && this.relay) {
      park({ dbg, relay: this.relay, program: dbg.t.program.path, started: this.started });
      return;
    }
    this.gdb?.close();
    this.gdb = null;
    await dbg.halt();
  }

  protected cancelRequest(res: DebugProtocol.CancelResponse, a: DebugProtocol.CancelArguments): void {
    this.guard(res, () => {
      // Requests answer at once except the run operations: cancelling one (or any progress) pauses it.
      const id = a?.requestId;
      this.benchCancelled = true; // a microbenchmark table in progress stops after its current cell
      if (this.dbg?.running && (id === undefined || id === this.inFlight || a?.progressId !== undefined)) this.dbg.pause();
      this.sendResponse(res);
    });
  }

  protected terminateRequest(res: DebugProtocol.TerminateResponse): void {
    this.guard(res, async () => {
      await this.release(false);
      this.sendResponse(res);
      this.sendEvent(new TerminatedEvent());
    });
  }

  protected disconnectRequest(res: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments, req?: DebugProtocol.Request): void {
    if (this.proxy) {
      // Detach from the server; its target stays there unless the client asks to end it.
      const p = this.proxy;
      void p.request('disconnect', { terminateDebuggee: args?.terminateDebuggee ?? false }).then(() => {
        this.disposed = true;
        p.end();
        super.disconnectRequest(res, args, req);
      });
      return;
    }
    // A launched target ends with the session unless the client keeps it (terminateDebuggee: false);
    // an attached one stays unless the client ends it.
    const keep = args?.terminateDebuggee === false || (this.attachedSession && args?.terminateDebuggee !== true);
    void this.release(keep).then(() => super.disconnectRequest(res, args, req));
  }

  /** The client's connection dropped without a disconnect: as a disconnect with the default for how the target came. */
  connectionClosed(): void {
    if (this.disposed) return;
    this.proxy?.end();
    void this.release(this.attachedSession);
  }

  private get attachedSession(): boolean { return this.relay !== null && !this.launchedHere; }
  private launchedHere = false;

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
      const { vars, dbg } = this.stopped();
      res.body = { value: vars.set(a.variablesReference, String(a.name), String(a.value)) };
      dbg.rebase(); // the edited state is the new history
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
      // A bare address in a space (`ipa:0x…`, `vm1:ipa:0x…`, `pa:0x…`) evaluates to the u64 there and
      // opens the memory view at that place.
      let memoryReference = '0x' + v.toString(16);
      try { const r = parseSpaceRef(expr); if (r.space !== 'va') memoryReference = expr.trim(); } catch { /* an expression, not a reference */ }
      res.body = {
        result: `${hex(v)} (${v.toString()})`,
        variablesReference: reg ? vars.sysregRef(c.index, reg) : 0,
        memoryReference,
      };
      this.sendResponse(res);
    });
  }

  protected completionsRequest(res: DebugProtocol.CompletionsResponse, a: DebugProtocol.CompletionsArguments): void {
    this.guard(res, () => {
      const { t } = this.need();
      const text = String(a?.text ?? '').slice(0, Math.max(0, (a?.column ?? 1) - 1));
      const word = /[\w.$]*$/.exec(text)?.[0] ?? '';
      const names = [...[...Array(31).keys()].map((i) => `x${i}`), 'sp', 'pc', 'lr', 'el', 'pstate', ...t.programs.flatMap((p) => p.symbols.map((s) => s.name)),
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
      const { t, dbg } = this.stopped();
      const data = Buffer.from(String(a?.data ?? ''), 'base64');
      const n = writeRef(t, t.cpus[this.lastStop?.cpu ?? 0], String(a.memoryReference), a.offset ?? 0, data);
      if (n === 0 && data.length) throw new Error(`cannot write at ${a.memoryReference}`);
      dbg.rebase();
      res.body = { bytesWritten: n };
      this.sendResponse(res);
    });
  }

  protected loadedSourcesRequest(res: DebugProtocol.LoadedSourcesResponse): void {
    this.guard(res, () => {
      const all = new Set(this.need().t.programs.flatMap((p) => [...p.sources]));
      res.body = { sources: [...all].map(source) };
      this.sendResponse(res);
    });
  }

  protected modulesRequest(res: DebugProtocol.ModulesResponse, a: DebugProtocol.ModulesArguments): void {
    this.guard(res, () => {
      const all = this.modules(this.need().t);
      const start = a?.startModule ?? 0;
      res.body = { modules: all.slice(start, a?.moduleCount ? start + a.moduleCount : undefined), totalModules: all.length };
      this.sendResponse(res);
    });
  }

  /** One module per loaded image: the program, or the hypervisor and each guest it placed. */
  private modules(t: Target): DebugProtocol.Module[] {
    return t.programs.map((p): DebugProtocol.Module => ({
      id: p.world + (p.vmid !== null ? `#${p.vmid}` : ''),
      name: `${basename(p.path)} (${p.world}${p.vmid !== null ? `, VMID ${p.vmid}` : ''})`,
      path: p.path,
      symbolStatus: p.symbols.length ? 'symbols loaded' : 'no symbols',
      ...(p.placed ? { addressRange: `0x${p.placed.linkAddress.toString(16)}-0x${(p.placed.linkAddress + BigInt(p.placed.size)).toString(16)}` } : {}),
    }));
  }

  protected gotoTargetsRequest(res: DebugProtocol.GotoTargetsResponse, a: DebugProtocol.GotoTargetsArguments): void {
    this.guard(res, () => {
      const { t } = this.stopped();
      const path = a?.source?.path;
      if (typeof path !== 'string' || typeof a.line !== 'number') throw new Error('gotoTargets: source.path and line are required');
      const c = t.cpus[this.lastStop?.cpu ?? 0];
      // The image the stopped core runs first, then the others.
      const progs = [t.programFor(c), ...t.programs.filter((p) => p !== t.programFor(c))];
      const targets: DebugProtocol.GotoTarget[] = [];
      for (const p of progs) {
        const at = p.bindLine(path, a.line);
        if (!at || at.line !== a.line) continue;
        targets.push({ id: targets.length + 1, label: `${p.world}: line ${at.line} (0x${at.addr.toString(16)})`, line: at.line, instructionPointerReference: '0x' + at.addr.toString(16) });
      }
      this.gotoTargets = targets;
      res.body = { targets };
      this.sendResponse(res);
    });
  }

  private gotoTargets: DebugProtocol.GotoTarget[] = [];

  protected gotoRequest(res: DebugProtocol.GotoResponse, a: DebugProtocol.GotoArguments): void {
    this.guard(res, () => {
      const { dbg } = this.stopped();
      const target = this.gotoTargets.find((g) => g.id === a?.targetId);
      if (!target?.instructionPointerReference) throw new Error(`goto: unknown target ${String(a?.targetId)} (ask gotoTargets first)`);
      const cpu = typeof a.threadId === 'number' && dbg.t.cpus[a.threadId] ? a.threadId : this.lastStop?.cpu ?? 0;
      const stop = dbg.goto(cpu, BigInt(target.instructionPointerReference));
      this.sendResponse(res);
      this.onStopped(stop);
    });
  }

  protected customRequest(command: string, res: DebugProtocol.Response, args: unknown): void {
    this.guard(res, async () => {
      const send = (body: unknown): void => { res.body = body; this.sendResponse(res); };
      switch (command) {
        case CUSTOM_REQUESTS.stage2Map: return send(stage2Map(this.stopped().t, args));
        case CUSTOM_REQUESTS.stage2Walk: return send(stage2Walk(this.stopped().t, args));
        case CUSTOM_REQUESTS.vgicState: return send(vgicState(this.stopped().t, args));
        case CUSTOM_REQUESTS.timeline: return send(timeline(this.need().t, args));
        case CUSTOM_REQUESTS.worldInfo: return send(worldInfo(this.need().t));
        case CUSTOM_REQUESTS.reverseTo: {
          const { dbg, t } = this.stopped();
          const to = reverseTarget(t, args);
          if (to.machineIcount < (dbg.cp.earliest?.icount ?? 0)) throw new Error('armvirt/reverseTo: that event is before the recorded history');
          send(to);
          this.vars?.reset();
          await dbg.travelTo(to.machineIcount, { reason: 'goto', cpu: to.cpu, description: `back to cpu${to.cpu} at instruction ${to.icount} (cycle ${to.cycle})` });
          return;
        }
        case CUSTOM_REQUESTS.microbench: {
          const p = this.progressStart('Running the microbenchmarks');
          this.benchCancelled = false;
          try { return send(await microbench(args, () => this.benchCancelled || this.disposed)); } finally { this.progressEnd(p); }
        }
        // The base class of this @vscode/debugadapter version does not dispatch 'modules'.
        case 'modules': return this.modulesRequest(res as DebugProtocol.ModulesResponse, (args ?? {}) as DebugProtocol.ModulesArguments);
        default: throw new Error(`unknown request '${command}'`);
      }
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
