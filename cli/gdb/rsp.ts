// GDB Remote Serial Protocol framing (GDB manual, "Overview" of the remote protocol):
// `$payload#cc` with cc the modulo-256 sum of the payload in two hex digits, '+'/'-' acks (until
// QStartNoAckMode), a bare 0x03 byte as an interrupt, `}` escaping (byte ^ 0x20) of binary data
// in X packets and replies, and `*` run-length encoding, which GDB may send and we expand.

export type RspInput = { kind: 'packet'; data: Buffer } | { kind: 'interrupt' } | { kind: 'ack' } | { kind: 'nak' } | { kind: 'bad'; data: string };

export function checksum(b: Buffer): number {
  let s = 0;
  for (const x of b) s = (s + x) & 0xff;
  return s;
}

/** Escapes '$', '#', '}' and '*' for a binary reply (qXfer data, binary memory). */
export function escapeBinary(b: Buffer): Buffer {
  const out: number[] = [];
  for (const x of b) {
    if (x === 0x23 || x === 0x24 || x === 0x7d || x === 0x2a) out.push(0x7d, x ^ 0x20);
    else out.push(x);
  }
  return Buffer.from(out);
}

export function unescapeBinary(b: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x7d && i + 1 < b.length) out.push(b[++i] ^ 0x20);
    else out.push(b[i]);
  }
  return Buffer.from(out);
}

/** Expands run-length encoding: `X*n` repeats X (n - 29) more times (GDB manual "Overview"). */
function expandRle(b: Buffer): Buffer {
  if (!b.includes(0x2a)) return b;
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x2a && out.length && i + 1 < b.length) {
      const n = b[++i] - 29;
      const last = out[out.length - 1];
      for (let k = 0; k < n; k++) out.push(last);
    } else out.push(b[i]);
  }
  return Buffer.from(out);
}

export function frame(payload: Buffer | string): Buffer {
  const b = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
  return Buffer.concat([Buffer.from('$'), b, Buffer.from('#' + checksum(b).toString(16).padStart(2, '0'))]);
}

/** Splits a byte stream into packets, acks and interrupts; keeps an incomplete packet for later. */
export class RspReader {
  private buf: Buffer = Buffer.alloc(0);

  push(d: Buffer): RspInput[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    const out: RspInput[] = [];
    let i = 0;
    while (i < this.buf.length) {
      const c = this.buf[i];
      if (c === 0x2b) { out.push({ kind: 'ack' }); i++; continue; }
      if (c === 0x2d) { out.push({ kind: 'nak' }); i++; continue; }
      if (c === 0x03) { out.push({ kind: 'interrupt' }); i++; continue; }
      if (c !== 0x24) { i++; continue; } // noise between packets
      // '#' inside a packet is always escaped, so the first '#' ends it.
      const end = this.buf.indexOf(0x23, i + 1);
      if (end < 0 || end + 2 >= this.buf.length) break;
      const body = this.buf.subarray(i + 1, end);
      const cc = Number.parseInt(this.buf.toString('latin1', end + 1, end + 3), 16);
      i = end + 3;
      if (cc !== checksum(body)) { out.push({ kind: 'bad', data: body.toString('latin1') }); continue; }
      out.push({ kind: 'packet', data: expandRle(Buffer.from(body)) });
    }
    this.buf = this.buf.subarray(i);
    return out;
  }
}
