// A minimal GDB remote protocol client for tests: sends a packet, acks and returns the reply
// payload (console 'O' packets of qRcmd are collected apart).

import { connect, type Socket } from 'node:net';
import { frame, RspReader } from '../../cli/gdb/rsp';

export class RspClient {
  private readonly reader = new RspReader();
  private readonly queue: string[] = [];
  private waiter: ((s: string) => void) | null = null;
  readonly console: string[] = [];

  private constructor(private readonly sock: Socket) {
    sock.on('data', (d) => {
      for (const m of this.reader.push(d)) {
        if (m.kind !== 'packet') continue;
        sock.write('+');
        const s = m.data.toString('latin1');
        if (/^O[0-9a-f]+$/.test(s) && s !== 'OK') { this.console.push(Buffer.from(s.slice(1), 'hex').toString()); continue; }
        if (this.waiter) { const w = this.waiter; this.waiter = null; w(s); } else this.queue.push(s);
      }
    });
  }

  static connect(port: number): Promise<RspClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1' });
      s.once('error', reject);
      s.once('connect', () => resolve(new RspClient(s)));
    });
  }

  next(): Promise<string> {
    const q = this.queue.shift();
    if (q !== undefined) return Promise.resolve(q);
    return new Promise((r) => { this.waiter = r; });
  }

  request(payload: string | Buffer): Promise<string> {
    this.sock.write(frame(payload));
    return this.next();
  }

  /** Ctrl-C: the interrupt byte. */
  interrupt(): void { this.sock.write(Buffer.from([3])); }

  close(): void { this.sock.destroy(); }
}
