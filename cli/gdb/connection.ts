// One GDB connection of the remote-protocol server, driving the same debugger model as the DAP
// session (debug-adapter/model): all-stop mode, one thread per core (thread id = core + 1), the registers
// of target-xml.ts, memory through the selected core's translation regime, software and hardware
// breakpoints (both armed in the decoded-instruction cache, so neither writes guest memory),
// watchpoints on the core's watch hook, and `monitor` commands for what GDB has no words for.
// Packets are dispatched through a table by their leading name (GDB manual, "Packets").

import type { Socket } from 'node:net';
import type { Cpu } from '../../emulator/cpu/cpu';
import type { Breakpoint } from '../../debug-adapter/model/breakpoints';
import type { Debugger } from '../../debug-adapter/model/debugger';
import type { Relay } from '../../debug-adapter/model/relay';
import type { StopInfo } from '../../debug-adapter/model/target';
import { GDB_REGS, G_PACKET_REGS, TARGET_XML } from './target-xml';
import { readGdbReg, writeGdbReg } from './registers';
import { escapeBinary, frame, RspReader, unescapeBinary } from './rsp';
import { monitor } from './monitor';

/** GDB signal numbers (include/gdb/signals.def). */
const SIGINT = 2, SIGTRAP = 5;

export interface ConnectionOptions {
  /** `k` (kill): the session ends the target. */
  onKill?: () => void;
  /** `D` (detach) or a closed connection: the target runs on without GDB. */
  onDetach?: () => void;
}

type Reply = string | Buffer | null;

export class GdbConnection {
  private readonly reader = new RspReader();
  private noAck = false;
  /** Core selected for registers/memory (Hg) and for step/continue (Hc). */
  private gCpu = 0;
  private cCpu = 0;
  /** A c/s/vCont is in flight: its stop reply is owed. */
  private waiting = false;
  private last = `T${hex2(SIGTRAP)}thread:1;`;
  private readonly code = new Map<string, Breakpoint>();
  private readonly watches = new Map<string, Breakpoint>();
  private swbreak = false;
  /** World for breakpoint addresses (`monitor bind vm1`), or null: the selected core's. */
  private bindWorld: string | null = null;
  private closed = false;
  private readonly unlisten: () => void;

  constructor(private readonly dbg: Debugger, relay: Relay, private readonly sock: Socket, private readonly opts: ConnectionOptions = {}) {
    sock.setNoDelay(true);
    this.unlisten = relay.add({
      output: () => undefined, // guest output goes to the process's own stdout; GDB's console is for monitor replies
      stopped: (s) => this.onStopped(s),
      exited: (status) => this.onExited(status),
    });
    sock.on('data', (d) => this.onData(d));
    sock.on('close', () => this.end(false));
    sock.on('error', () => this.end(false));
    if (dbg.exited) this.last = `W${hex2(0)}`;
  }

  private get t() { return this.dbg.t; }
  private core(i: number): Cpu { return this.t.cpus[i] ?? this.t.cpus[0]; }

  private end(kill: boolean): void {
    if (this.closed) return;
    this.closed = true;
    this.unlisten();
    // Breakpoints of this connection go with it.
    for (const bp of [...this.code.values(), ...this.watches.values()]) this.unarm(bp);
    this.code.clear();
    this.watches.clear();
    this.t.updateWatch();
    // end(), not destroy(): a last reply (D's OK) still goes out.
    this.sock.end();
    setTimeout(() => this.sock.destroy(), 1000).unref();
    if (kill) this.opts.onKill?.(); else this.opts.onDetach?.();
  }

  private send(payload: string | Buffer): void {
    if (this.closed) return;
    this.sock.write(frame(payload));
  }

  private onData(d: Buffer): void {
    for (const m of this.reader.push(d)) {
      if (m.kind === 'interrupt') { if (this.dbg.running) this.dbg.pause(); continue; }
      if (m.kind === 'ack' || m.kind === 'nak') continue; // replies are small: no retransmission buffer
      if (m.kind === 'bad') { if (!this.noAck) this.sock.write('-'); continue; }
      if (!this.noAck) this.sock.write('+');
      let r: Reply;
      try {
        r = this.handle(m.data);
      } catch (e) {
        // A malformed packet or a request the state refuses: GDB's error reply, never a dead connection.
        r = errText(e);
      }
      if (r !== null) this.send(r);
    }
  }

  // ---- stops ----
  private onStopped(s: StopInfo): void {
    this.gCpu = this.cCpu = s.cpu;
    this.last = this.stopReply(s);
    if (this.waiting) { this.waiting = false; this.send(this.last); }
  }

  private onExited(status: number): void {
    this.last = `W${hex2(status & 0xff)}`;
    if (this.waiting) { this.waiting = false; this.send(this.last); }
  }

  private stopReply(s: StopInfo): string {
    const th = `thread:${(s.cpu + 1).toString(16)};`;
    if (s.reason === 'pause') return `T${hex2(SIGINT)}${th}`;
    if (s.reason === 'data breakpoint') {
      const bp = s.bpIds?.map((id) => this.t.bps.get(id)).find((b) => b?.data);
      if (bp?.data && bp.addr !== undefined) {
        const k = bp.data.access === 'write' ? 'watch' : bp.data.access === 'read' ? 'rwatch' : 'awatch';
        return `T${hex2(SIGTRAP)}${k}:${bp.addr.toString(16)};${th}`;
      }
    }
    const sw = this.swbreak && s.bpIds?.some((id) => this.t.bps.get(id)?.kind === 'gdb') ? 'swbreak:;' : '';
    return `T${hex2(SIGTRAP)}${sw}${th}`;
  }

  /** Starts a run operation; its stop reply is sent when the debugger reports. */
  private resume(f: () => Promise<void>): Reply {
    if (this.dbg.exited) return this.last;
    if (this.dbg.running) return 'E16'; // EBUSY: a DAP client runs it
    this.waiting = true;
    f().catch((e: Error) => { if (this.waiting) { this.waiting = false; this.send(errText(e)); } });
    return null;
  }

  // ---- packets ----
  private handle(p: Buffer): Reply {
    const s = p.toString('latin1');
    const c = s[0];
    switch (c) {
      case '?': return this.last;
      case 'g': return GDB_REGS.slice(0, G_PACKET_REGS).map((r) => readGdbReg(this.core(this.gCpu), r)).join('');
      case 'G': return this.writeAll(s.slice(1));
      case 'p': return this.readReg(s.slice(1));
      case 'P': return this.writeReg(s.slice(1));
      case 'm': return this.readMem(s.slice(1));
      case 'M': return this.writeMem(s.slice(1), false, p);
      case 'X': return this.writeMem(s.slice(1), true, p);
      case 'c': return this.cont(s.slice(1));
      case 's': return this.step(this.cCpu, s.slice(1));
      case 'H': return this.selectThread(s.slice(1));
      case 'T': return this.thread(parseHex(s.slice(1))) ? 'OK' : 'E01';
      case 'Z': return this.setBp(s.slice(1));
      case 'z': return this.clearBp(s.slice(1));
      case 'k': this.end(true); return null;
      case 'D': this.send('OK'); this.end(false); return null;
      case 'q': case 'Q': return this.query(s);
      case 'v': return this.vPacket(s);
      default: return ''; // unsupported: the empty reply (GDB manual "Standard Replies")
    }
  }

  private thread(id: number): boolean { return id === -1 || id === 0 || (id >= 1 && id <= this.t.cpus.length); }

  private selectThread(a: string): Reply {
    const op = a[0];
    const id = a.slice(1) === '-1' ? -1 : parseHex(a.slice(1));
    if (!this.thread(id)) return 'E01';
    const cpu = id <= 0 ? (op === 'g' ? this.gCpu : this.cCpu) : id - 1;
    if (op === 'g') this.gCpu = cpu; else this.cCpu = cpu;
    return 'OK';
  }

  private regAt(text: string) {
    const n = parseHex(text);
    const r = GDB_REGS[n];
    if (!r) throw new GdbError(`no register ${n}`, 'E00');
    return r;
  }

  private readReg(a: string): Reply { return readGdbReg(this.core(this.gCpu), this.regAt(a)); }

  private writeReg(a: string): Reply {
    const [n, v] = a.split('=');
    this.stoppedOrThrow();
    if (!writeGdbReg(this.core(this.gCpu), this.regAt(n), v ?? '')) return 'E01';
    this.dbg.rebase();
    return 'OK';
  }

  private writeAll(hex: string): Reply {
    this.stoppedOrThrow();
    let off = 0;
    for (const r of GDB_REGS.slice(0, G_PACKET_REGS)) {
      const w = r.bits / 4;
      const part = hex.slice(off, off + w);
      if (part.length < w) break;
      if (!/x/i.test(part)) writeGdbReg(this.core(this.gCpu), r, part);
      off += w;
    }
    this.dbg.rebase();
    return 'OK';
  }

  private stoppedOrThrow(): void { if (this.dbg.running) throw new GdbError('target running', 'E16'); }

  private readMem(a: string): Reply {
    const [addr, len] = a.split(',').map(parseHexBig);
    const n = Math.min(Number(len), 0x10000);
    const b = this.t.readVa(this.core(this.gCpu), addr, n);
    if (!b || !b.length) return 'E14'; // EFAULT
    return Buffer.from(b).toString('hex');
  }

  private writeMem(a: string, binary: boolean, raw: Buffer): Reply {
    this.stoppedOrThrow();
    const colon = a.indexOf(':');
    if (colon < 0) return 'E01';
    const [addr, len] = a.slice(0, colon).split(',').map(parseHexBig);
    // X: the data is binary (escaped) from the byte after ':' in the raw packet.
    const data = binary ? unescapeBinary(raw.subarray(1 + colon + 1)) : Buffer.from(a.slice(colon + 1), 'hex');
    if (data.length !== Number(len)) return 'E01';
    if (!data.length) return 'OK'; // X addr,0: probes binary support
    const n = this.t.writeSpace(this.core(this.gCpu), { space: 'va', addr }, data);
    if (n !== data.length) return 'E14';
    this.dbg.rebase();
    return 'OK';
  }

  private cont(a: string): Reply {
    if (a) this.core(this.cCpu).pc = parseHexBig(a);
    return this.resume(() => this.dbg.continue());
  }

  private step(cpu: number, a: string): Reply {
    if (a) this.core(cpu).pc = parseHexBig(a);
    return this.resume(() => this.dbg.step(cpu, 'in', 'instruction'));
  }

  private vPacket(s: string): Reply {
    if (s === 'vCont?') return 'vCont;c;C;s;S;t';
    if (s.startsWith('vCont;')) {
      // All-stop: a step action on a thread steps that core (the others hold); else continue all.
      const actions = s.slice(6).split(';').map((x) => { const [act, th] = x.split(':'); return { act: act[0], th: th === undefined ? -1 : parseHex(th) }; });
      const st = actions.find((x) => x.act === 's' || x.act === 'S');
      if (st) return this.step(st.th > 0 ? st.th - 1 : this.cCpu, '');
      if (actions.some((x) => x.act === 'c' || x.act === 'C')) return this.cont('');
      if (actions.every((x) => x.act === 't')) { if (this.dbg.running) this.dbg.pause(); return 'OK'; }
      return 'E01';
    }
    if (s.startsWith('vKill')) { this.send('OK'); this.end(true); return null; }
    if (s === 'vMustReplyEmpty') return '';
    return '';
  }

  // ---- breakpoints and watchpoints ----
  private setBp(a: string): Reply {
    const [type, addrText, kindText] = a.split(',');
    const addr = parseHexBig(addrText);
    const key = `${type},${addr.toString(16)},${kindText}`;
    if (type === '0' || type === '1') {
      if (this.code.has(key)) return 'OK';
      const c = this.core(this.gCpu);
      // GDB has no notion of worlds: an address binds in the world `monitor bind` chose, else the core's current one.
      const prog = this.bindWorld ? this.t.programIn(this.bindWorld, addr) : this.t.programFor(c, addr);
      const pa = prog.paOf(addr) ?? (this.bindWorld ? null : this.t.toPa(c, addr, 'fetch'));
      if (pa === null || this.t.machine.bus.ramOffset(pa, 4) < 0) return 'E14';
      const bp = this.t.bps.create('gdb', {});
      this.t.bps.arm(bp, addr, pa);
      if (prog.paOf(addr) !== null) (bp.vmids ??= new Map()).set(pa, prog.vmid);
      this.t.invalidateCode(pa);
      this.code.set(key, bp);
      return 'OK';
    }
    if (type === '2' || type === '3' || type === '4') {
      if (this.watches.has(key)) return 'OK';
      const len = Number(parseHexBig(kindText));
      if (!len || len > 4096) return 'E22';
      const bp = this.t.bps.create('watch', {});
      bp.data = { lo: Number(addr & 0xffffffffn), hi: Number(addr >> 32n), len, access: type === '2' ? 'write' : type === '3' ? 'read' : 'readWrite', space: 'va' };
      bp.addr = addr;
      this.t.bps.addData(bp);
      this.t.updateWatch();
      this.watches.set(key, bp);
      return 'OK';
    }
    return '';
  }

  private clearBp(a: string): Reply {
    const [type, addrText, kindText] = a.split(',');
    const key = `${type},${parseHexBig(addrText).toString(16)},${kindText}`;
    const bp = this.code.get(key) ?? this.watches.get(key);
    if (!bp) return type >= '0' && type <= '4' ? 'OK' : '';
    this.unarm(bp);
    this.code.delete(key);
    this.watches.delete(key);
    this.t.updateWatch();
    return 'OK';
  }

  private unarm(bp: Breakpoint): void { for (const pa of this.t.bps.remove(bp)) this.t.invalidateCode(pa); }

  // ---- queries ----
  private query(s: string): Reply {
    const [name, ...rest] = s.split(':');
    const arg = rest.join(':');
    switch (name) {
      case 'qSupported':
        this.swbreak = /swbreak\+/.test(arg);
        return 'PacketSize=4000;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+';
      case 'QStartNoAckMode': this.send('OK'); this.noAck = true; return null;
      case 'qXfer': return this.xfer(arg);
      case 'qfThreadInfo': return 'm' + this.t.cpus.map((c) => (c.index + 1).toString(16)).join(',');
      case 'qsThreadInfo': return 'l';
      case 'qC': return `QC${(this.gCpu + 1).toString(16)}`;
      case 'qAttached': return '1';
      case 'qSymbol': return 'OK';
      case 'qOffsets': return 'Text=0;Data=0;Bss=0';
      case 'qTStatus': return '';
      default:
        if (s.startsWith('qThreadExtraInfo,')) {
          const id = parseHex(s.slice(17));
          const c = this.t.cpus[id - 1];
          if (!c) return 'E01';
          const w = this.t.world(c);
          return Buffer.from(`${w.key}${w.vmid !== null ? ` vcpu${w.vcpu ?? 0}` : ''} · EL${w.el}`).toString('hex');
        }
        if (s.startsWith('qRcmd,')) return this.rcmd(Buffer.from(s.slice(6), 'hex').toString('utf8'));
        return '';
    }
  }

  private xfer(arg: string): Reply {
    // features:read:target.xml:offset,length
    const m = /^features:read:([^:]+):([0-9a-f]+),([0-9a-f]+)$/i.exec(arg);
    if (!m) return '';
    if (m[1] !== 'target.xml') return 'E00';
    const doc = Buffer.from(TARGET_XML, 'utf8');
    const off = Number.parseInt(m[2], 16), len = Number.parseInt(m[3], 16);
    const part = doc.subarray(off, off + len);
    return Buffer.concat([Buffer.from(off + len >= doc.length ? 'l' : 'm'), escapeBinary(part)]);
  }

  private rcmd(cmd: string): Reply {
    const out = /^bind\b/.test(cmd.trim()) ? this.bind(cmd.trim().split(/\s+/)[1]) : monitor(this.dbg, cmd.trim(), this.gCpu);
    // Console output goes in 'O' packets, then the final OK (GDB manual "qRcmd").
    for (let i = 0; i < out.length; i += 1000) this.send('O' + Buffer.from(out.slice(i, i + 1000)).toString('hex'));
    return 'OK';
  }

  /** `monitor bind <world>|current`: where later Z0/Z1 addresses bind (this connection's state, so not in monitor.ts). */
  private bind(world: string | undefined): string {
    const worlds = [...new Set(this.t.programs.map((p) => p.world))];
    if (world === undefined) return `breakpoints bind in ${this.bindWorld ?? 'the current world of the selected core'}; worlds: ${worlds.join(', ')}\n`;
    if (world === 'current') { this.bindWorld = null; return 'breakpoints bind in the current world of the selected core\n'; }
    if (!worlds.includes(world)) return `no image is loaded in world '${world}'; worlds: ${worlds.join(', ')}\n`;
    this.bindWorld = world;
    return `breakpoints bind in ${world}\n`;
  }
}

class GdbError extends Error {
  constructor(message: string, readonly reply: string) { super(message); }
}

function errText(e: unknown): string { return e instanceof GdbError ? e.reply : 'E01'; }

function hex2(n: number): string { return n.toString(16).padStart(2, '0'); }

function parseHex(t: string): number {
  if (!/^-?[0-9a-f]+$/i.test(t)) throw new GdbError(`bad number '${t}'`, 'E01');
  return Number.parseInt(t, 16);
}

function parseHexBig(t: string | undefined): bigint {
  if (t === undefined || !/^[0-9a-f]+$/i.test(t)) throw new GdbError(`bad number '${t ?? ''}'`, 'E01');
  return BigInt('0x' + t);
}
