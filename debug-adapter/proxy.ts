// `attach` with {port, host?} from an adapter that is not that server (the usual stdio adapter
// VS Code starts): the session becomes a pipe to the `armvirt dap --port N` process, where the
// target lives. It opens a connection, replays the client's `initialize`, sends `attach` (which
// takes over the target parked there), then forwards every request unchanged and every response
// and event back. DAP framing: "Content-Length: N\r\n\r\n" + JSON (DAP "Base protocol").

import { connect, type Socket } from 'node:net';
import type { DebugProtocol } from '@vscode/debugprotocol';

const HEADER = /Content-Length: (\d+)\r\n\r\n/;
/** Our own requests to the server use sequence numbers no client reaches. */
const OWN_SEQ = 1_000_000_000;

export interface ProxySink {
  response(r: DebugProtocol.Response): void;
  event(e: DebugProtocol.Event): void;
  closed(reason: string): void;
}

export class DapProxy {
  private buf: Buffer = Buffer.alloc(0);
  private seq = OWN_SEQ;
  private readonly waiting = new Map<number, (r: DebugProtocol.Response) => void>();
  private closedFlag = false;

  private constructor(private readonly sock: Socket, private readonly sink: ProxySink) {
    sock.setNoDelay(true);
    sock.on('data', (d) => this.onData(d));
    sock.on('close', () => this.close('the debug server closed the connection'));
    sock.on('error', (e) => this.close(`debug server: ${e.message}`));
  }

  static open(port: number, host: string, sink: ProxySink): Promise<DapProxy> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host });
      const fail = (e: Error): void => reject(new Error(`cannot reach an armvirt debug server at ${host}:${port}: ${e.message}`));
      s.once('error', fail);
      s.once('connect', () => { s.off('error', fail); resolve(new DapProxy(s, sink)); });
    });
  }

  get closed(): boolean { return this.closedFlag; }

  private close(reason: string): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.sock.destroy();
    for (const w of this.waiting.values()) w({ seq: 0, type: 'response', request_seq: 0, command: '', success: false, message: reason });
    this.waiting.clear();
    this.sink.closed(reason);
  }

  end(): void { this.close('detached'); }

  private write(m: object): void {
    const json = Buffer.from(JSON.stringify(m), 'utf8');
    this.sock.write(`Content-Length: ${json.length}\r\n\r\n`);
    this.sock.write(json);
  }

  /** A client request, forwarded as is (its seq comes back as request_seq). */
  forward(r: DebugProtocol.Request): void {
    if (this.closedFlag) throw new Error('not connected to the debug server');
    this.write(r);
  }

  /** A request of the proxy's own; its response is not forwarded. */
  request(command: string, args: unknown): Promise<DebugProtocol.Response> {
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(seq, resolve);
      this.write({ seq, type: 'request', command, arguments: args });
    });
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const text = this.buf.toString('latin1', 0, Math.min(this.buf.length, 64));
      const m = HEADER.exec(text);
      if (!m) return;
      const start = m.index + m[0].length, len = Number(m[1]);
      if (this.buf.length < start + len) return;
      const body = this.buf.subarray(start, start + len).toString('utf8');
      this.buf = this.buf.subarray(start + len);
      let msg: DebugProtocol.ProtocolMessage;
      try { msg = JSON.parse(body) as DebugProtocol.ProtocolMessage; } catch { continue; }
      if (msg.type === 'response') {
        const r = msg as DebugProtocol.Response;
        const w = this.waiting.get(r.request_seq);
        if (w) { this.waiting.delete(r.request_seq); w(r); } else this.sink.response(r);
      } else if (msg.type === 'event') this.sink.event(msg as DebugProtocol.Event);
    }
  }
}
