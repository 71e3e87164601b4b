// A flattened device tree (DTB) reader: Devicetree Specification v0.4 chapter 5. It checks
// every offset and length against the blob and throws FdtError with the reason, so a
// malformed DTB (from a user or a guest) is a clear error, never an exception from a typed array.

import { FDT_HEADER_SIZE, FDT_MAGIC, FDT_TOKEN } from './fdt-writer';

export class FdtError extends Error {
  constructor(message: string) {
    super(`DTB: ${message}`);
    this.name = 'FdtError';
  }
}

export interface FdtReadNode {
  readonly name: string;
  readonly props: Map<string, Uint8Array>;
  readonly children: FdtReadNode[];
}

export interface FdtBlob {
  readonly version: number;
  readonly lastCompVersion: number;
  readonly bootCpuidPhys: number;
  readonly reservations: Array<{ address: bigint; size: bigint }>;
  readonly root: FdtReadNode;
}

export function readFdt(blob: Uint8Array): FdtBlob {
  if (blob.length < FDT_HEADER_SIZE) throw new FdtError(`${blob.length} bytes is shorter than the ${FDT_HEADER_SIZE}-byte header`);
  const v = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const h = (i: number): number => v.getUint32(i * 4);
  if (h(0) !== FDT_MAGIC) throw new FdtError(`bad magic 0x${h(0).toString(16)} (expected 0xd00dfeed)`);
  const [total, structOff, stringsOff, rsvOff, version, lastComp, bootCpu, stringsSize, structSize] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(h);
  if (lastComp > 17 || version < 16) throw new FdtError(`version ${version} (last compatible ${lastComp}) is not readable as v17`);
  if (total > blob.length) throw new FdtError(`totalsize ${total} exceeds the ${blob.length}-byte blob`);
  const within = (what: string, off: number, size: number): void => {
    if (off < FDT_HEADER_SIZE || off + size > total) throw new FdtError(`${what} [0x${off.toString(16)}, +0x${size.toString(16)}) lies outside the blob`);
  };
  within('structure block', structOff, structSize);
  within('strings block', stringsOff, stringsSize);
  if (rsvOff % 8) throw new FdtError(`memory reservation map offset 0x${rsvOff.toString(16)} is not 8-byte aligned`);

  const reservations: Array<{ address: bigint; size: bigint }> = [];
  for (let o = rsvOff; ; o += 16) {
    within('memory reservation entry', o, 16);
    const address = v.getBigUint64(o);
    const size = v.getBigUint64(o + 8);
    if (address === 0n && size === 0n) break;
    reservations.push({ address, size });
  }

  const cstring = (start: number, end: number, what: string): [string, number] => {
    let i = start;
    while (i < end && blob[i] !== 0) i++;
    if (i >= end) throw new FdtError(`unterminated ${what} at 0x${start.toString(16)}`);
    return [new TextDecoder().decode(blob.subarray(start, i)), i + 1];
  };
  const structEnd = structOff + structSize;
  let p = structOff;
  const token = (): number => {
    if (p + 4 > structEnd) throw new FdtError('structure block ends without FDT_END');
    const t = v.getUint32(p);
    p += 4;
    return t;
  };
  const align = (): void => { p = (p + 3) & ~3; };

  const stack: FdtReadNode[] = [];
  let root: FdtReadNode | null = null;
  for (;;) {
    const at = p;
    const t = token();
    if (t === FDT_TOKEN.NOP) continue;
    if (t === FDT_TOKEN.BEGIN_NODE) {
      const [name, next] = cstring(p, structEnd, 'node name');
      p = next;
      align();
      const node: FdtReadNode = { name, props: new Map(), children: [] };
      if (stack.length) stack[stack.length - 1].children.push(node);
      else if (root) throw new FdtError(`second root node at 0x${at.toString(16)}`);
      else root = node;
      stack.push(node);
    } else if (t === FDT_TOKEN.PROP) {
      const node = stack[stack.length - 1];
      if (!node) throw new FdtError(`property outside any node at 0x${at.toString(16)}`);
      const len = token();
      const nameOff = token();
      if (p + len > structEnd) throw new FdtError(`property value at 0x${p.toString(16)} (${len} bytes) overruns the structure block`);
      if (nameOff >= stringsSize) throw new FdtError(`property name offset ${nameOff} outside the strings block`);
      const [name] = cstring(stringsOff + nameOff, stringsOff + stringsSize, 'property name');
      node.props.set(name, blob.slice(p, p + len));
      p += len;
      align();
    } else if (t === FDT_TOKEN.END_NODE) {
      if (!stack.pop()) throw new FdtError(`FDT_END_NODE without a node at 0x${at.toString(16)}`);
    } else if (t === FDT_TOKEN.END) {
      if (stack.length) throw new FdtError(`FDT_END inside node ${JSON.stringify(stack[stack.length - 1].name)}`);
      break;
    } else {
      throw new FdtError(`unknown token 0x${t.toString(16)} at 0x${at.toString(16)}`);
    }
  }
  if (!root) throw new FdtError('no root node');
  return { version, lastCompVersion: lastComp, bootCpuidPhys: bootCpu, reservations, root };
}

/** The node at a path such as "/cpus/cpu@0", or undefined. */
export function fdtNodeAt(root: FdtReadNode, path: string): FdtReadNode | undefined {
  let n: FdtReadNode | undefined = root;
  for (const part of path.split('/').filter(Boolean)) n = n?.children.find((c) => c.name === part);
  return n;
}

/** A property as u32 cells (its length must be a multiple of 4). */
export function fdtCells(value: Uint8Array): number[] {
  if (value.length % 4) throw new FdtError(`a ${value.length}-byte value is not a list of cells`);
  const v = new DataView(value.buffer, value.byteOffset, value.byteLength);
  return Array.from({ length: value.length / 4 }, (_, i) => v.getUint32(i * 4));
}

/** A property as a string list. */
export function fdtStrings(value: Uint8Array): string[] {
  if (value.length === 0 || value[value.length - 1] !== 0) throw new FdtError('string property is not NUL-terminated');
  return new TextDecoder().decode(value.subarray(0, value.length - 1)).split('\0');
}
