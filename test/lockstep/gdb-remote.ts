// A small GDB Remote Serial Protocol client over TCP: enough to single-step a target and read
// its registers and memory (GDB manual, appendix E "Remote Protocol").
// Packets are `$payload#cs`; acks (`+`/`-`) until QStartNoAckMode is accepted.

import { Socket, connect } from 'node:net';

export class GdbError extends Error {}

/** Why the target stopped ('T05…'/'S05'), or that it is gone ('W'/'X' or the socket closed). */
export type StopReply =
  | { kind: 'stopped'; signal: number; raw: string }
  | { kind: 'exited'; code: number; raw: string };

export interface RegInfo {
  name: string;
  regnum: number;
  bitsize: number;
  feature: string;
}

function checksum(s: string): string {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum = (sum + s.charCodeAt(i)) & 0xff;
  return sum.toString(16).padStart(2, '0');
}

/** Escapes `#$}*` in binary payloads (RSP "Binary data"). Our payloads are ASCII. */
function escapePayload(s: string): string {
  return s.replace(/[#$}*]/g, (c) => '}' + String.fromCharCode(c.charCodeAt(0) ^ 0x20));
}

/** Undoes `}x` escapes and `*` run-length encoding in a received payload. */
function decodePayload(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '}') out += String.fromCharCode(s.charCodeAt(++i) ^ 0x20);
    else if (c === '*') {
      const n = s.charCodeAt(++i) - 29;
      out += out[out.length - 1].repeat(n);
    } else out += c;
  }
  return out;
}

/** Little-endian hex (as GDB sends register contents) to an unsigned bigint. */
export function leHexToBigInt(hex: string): bigint {
  let v = 0n;
  for (let i = hex.length - 2; i >= 0; i -= 2) v = (v << 8n) | BigInt(parseInt(hex.slice(i, i + 2), 16));
  return v;
}

export class GdbRemote {
  private sock: Socket;
  private buf = '';
  private noAck = false;
  private closed = false;
  private waiters: Array<(pkt: string | null) => void> = [];
  private queue: Array<string | null> = [];
  /** Set once a 'W'/'X' reply or end of connection has been seen. */
  exited: StopReply | null = null;
  features = new Set<string>();
  private regs: RegInfo[] | null = null;

  private constructor(sock: Socket, readonly timeoutMs: number) {
    this.sock = sock;
    sock.setNoDelay(true);
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => this.onData(d));
    const end = () => {
      this.closed = true;
      this.push(null);
    };
    sock.on('close', end);
    sock.on('error', end);
  }

  /** Connects, retrying until `timeoutMs` (QEMU opens its port a little after it starts). */
  static async connect(host: string, port: number, timeoutMs = 10000): Promise<GdbRemote> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const sock = await new Promise<Socket>((resolve, reject) => {
          const s = connect({ host, port }, () => resolve(s));
          s.once('error', reject);
        });
        const g = new GdbRemote(sock, timeoutMs);
        await g.handshake();
        return g;
      } catch (e) {
        if (Date.now() > deadline) throw new GdbError(`gdb connect ${host}:${port}: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  private push(pkt: string | null): void {
    const w = this.waiters.shift();
    if (w) w(pkt);
    else this.queue.push(pkt);
  }

  private onData(d: string): void {
    this.buf += d;
    for (;;) {
      // Acks and stray bytes before a packet start.
      const start = this.buf.indexOf('$');
      if (start < 0) {
        this.buf = '';
        return;
      }
      const hash = this.buf.indexOf('#', start);
      if (hash < 0 || this.buf.length < hash + 3) {
        this.buf = this.buf.slice(start);
        return;
      }
      const body = this.buf.slice(start + 1, hash);
      const cs = this.buf.slice(hash + 1, hash + 3);
      this.buf = this.buf.slice(hash + 3);
      if (!this.noAck) this.sock.write(cs.toLowerCase() === checksum(body) ? '+' : '-');
      if (cs.toLowerCase() !== checksum(body) && !this.noAck) continue; // it will be resent
      this.push(decodePayload(body));
    }
  }

  private nextPacket(timeoutMs = this.timeoutMs): Promise<string | null> {
    const q = this.queue.shift();
    if (q !== undefined) return Promise.resolve(q);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const waiter = (p: string | null) => {
        clearTimeout(t);
        resolve(p);
      };
      const t = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new GdbError(`gdb: no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private send(payload: string): void {
    if (this.closed) throw new GdbError('gdb: connection closed');
    const p = escapePayload(payload);
    this.sock.write(`$${p}#${checksum(p)}`);
  }

  /** Sends a packet and returns the reply (null if the connection closed meanwhile). */
  async request(payload: string, timeoutMs?: number): Promise<string | null> {
    this.send(payload);
    return this.nextPacket(timeoutMs);
  }

  private async must(payload: string): Promise<string> {
    const r = await this.request(payload);
    if (r === null) throw new GdbError(`gdb: connection closed after '${payload.slice(0, 20)}'`);
    if (/^E[0-9a-fA-F]{2}$/.test(r)) throw new GdbError(`gdb: '${payload.slice(0, 20)}' → ${r}`);
    return r;
  }

  private async handshake(): Promise<void> {
    const sup = await this.must('qSupported:multiprocess-;swbreak+;hwbreak+;qRelocInsn-;vContSupported+');
    for (const f of sup.split(';')) this.features.add(f);
    if (this.features.has('QStartNoAckMode+')) {
      if ((await this.must('QStartNoAckMode')) === 'OK') this.noAck = true;
    }
    await this.must('?');
    // QEMU answers 'p'/'g' for the core registers only once the target XML has been read.
    if (this.features.has('qXfer:features:read+')) await this.registers();
  }

  private parseStop(r: string | null): StopReply {
    if (r === null) return (this.exited ??= { kind: 'exited', code: -1, raw: '' });
    if (r[0] === 'W' || r[0] === 'X') return (this.exited = { kind: 'exited', code: parseInt(r.slice(1, 3), 16), raw: r });
    if (r[0] === 'T' || r[0] === 'S') return { kind: 'stopped', signal: parseInt(r.slice(1, 3), 16), raw: r };
    throw new GdbError(`gdb: unexpected stop reply '${r}'`);
  }

  /** One instruction: 'vCont;s' when offered, else 's'. */
  async step(): Promise<StopReply> {
    if (this.exited) return this.exited;
    const vcont = this.features.has('vContSupported+') ? await this.vContActions() : '';
    return this.parseStop(await this.request(vcont.includes(';s') ? 'vCont;s' : 's'));
  }

  private vcontCache: string | undefined;
  private async vContActions(): Promise<string> {
    return (this.vcontCache ??= (await this.request('vCont?')) ?? '');
  }

  async cont(timeoutMs = this.timeoutMs): Promise<StopReply> {
    if (this.exited) return this.exited;
    this.send('c');
    return this.parseStop(await this.nextPacket(timeoutMs));
  }

  /** The target description, following xi:include (qXfer:features:read). */
  async targetXml(annex = 'target.xml'): Promise<string> {
    let out = '';
    for (let off = 0; ; ) {
      const r = await this.must(`qXfer:features:read:${annex}:${off.toString(16)},ffb`);
      out += r.slice(1);
      off += r.length - 1;
      if (r[0] === 'l') break;
      if (r[0] !== 'm') throw new GdbError(`gdb: qXfer reply '${r.slice(0, 20)}'`);
    }
    return out;
  }

  /** Register numbering from the target XML: regnums run on from the previous register unless given. */
  async registers(): Promise<RegInfo[]> {
    if (this.regs) return this.regs;
    const regs: RegInfo[] = [];
    let next = 0;
    const walk = async (annex: string, feature: string): Promise<void> => {
      const xml = await this.targetXml(annex);
      const re = /<(xi:include\s+href="([^"]+)"|feature\s+name="([^"]+)"|reg\s+([^>]*?)\/?>)/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(xml))) {
        if (m[2]) await walk(m[2], feature);
        else if (m[3]) feature = m[3];
        else if (m[4]) {
          const attr = (k: string) => new RegExp(`\\b${k}="([^"]*)"`).exec(m![4])?.[1];
          const regnum = attr('regnum') !== undefined ? parseInt(attr('regnum')!, 10) : next;
          regs.push({ name: attr('name') ?? `r${regnum}`, regnum, bitsize: parseInt(attr('bitsize') ?? '64', 10), feature });
          next = regnum + 1;
        }
      }
    };
    await walk('target.xml', '');
    return (this.regs = regs);
  }

  /** All registers of the 'g' packet, as raw little-endian hex. */
  async readAllHex(): Promise<string> {
    return this.must('g');
  }

  async readReg(regnum: number): Promise<bigint> {
    return leHexToBigInt(await this.must(`p${regnum.toString(16)}`));
  }

  async readMem(addr: bigint, len: number): Promise<Buffer> {
    const r = await this.must(`m${addr.toString(16)},${len.toString(16)}`);
    return Buffer.from(r, 'hex');
  }

  async setBreakpoint(addr: bigint): Promise<void> {
    if ((await this.must(`Z0,${addr.toString(16)},4`)) !== 'OK') throw new GdbError('gdb: Z0 not supported');
  }

  async clearBreakpoint(addr: bigint): Promise<void> {
    await this.must(`z0,${addr.toString(16)},4`);
  }

  /** 'k' (no reply expected), then close the socket. */
  async kill(): Promise<void> {
    if (!this.closed) {
      try {
        this.send('k');
      } catch {
        /* already gone */
      }
    }
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.sock.destroy();
        resolve();
      }, 500);
      this.sock.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      this.sock.end();
    });
    this.closed = true;
  }
}
