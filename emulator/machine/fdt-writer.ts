// A flattened device tree (FDT/DTB) writer: Devicetree Specification v0.4, chapter 5
// "Flattened Devicetree (DTB) Format". Version 17 (last compatible 16): a 40-byte header, the
// memory reservation map (8-byte aligned pairs of u64 address/size, ended by a zero pair), the
// structure block (FDT_BEGIN_NODE/FDT_PROP/FDT_END_NODE tokens, 4-byte aligned, ended by
// FDT_END) and the strings block (NUL-terminated property names, shared). All big-endian.
//
// The tree is built as plain nodes first, so a description can set properties in any order and
// take phandles before the nodes that reference them exist; `toDtb()` serializes it.

export const FDT_MAGIC = 0xd00dfeed;
export const FDT_VERSION = 17;
export const FDT_LAST_COMP_VERSION = 16;
/** Structure block tokens (DT spec 5.4.1). */
export const FDT_TOKEN = { BEGIN_NODE: 1, END_NODE: 2, PROP: 3, NOP: 4, END: 9 } as const;
/** Header size for v17: ten u32 fields (DT spec 5.2). */
export const FDT_HEADER_SIZE = 40;

export type FdtValue = Uint8Array;

/** Property value encoders (DT spec 2.2.4 "Property values"). */
export const fdtValue = {
  empty: (): FdtValue => new Uint8Array(0),
  /** <u32 ...> cells, big-endian. */
  cells(...cells: number[]): FdtValue {
    const out = new Uint8Array(cells.length * 4);
    const v = new DataView(out.buffer);
    cells.forEach((c, i) => {
      if (!Number.isInteger(c) || c < 0 || c > 0xffffffff) throw new RangeError(`FDT cell ${c} is not a u32`);
      v.setUint32(i * 4, c);
    });
    return out;
  },
  /** Each value as two cells (#address-cells = #size-cells = 2): high then low word. */
  u64Cells(...values: number[]): FdtValue {
    const cells: number[] = [];
    for (const x of values) {
      if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`FDT u64 ${x} is not a non-negative integer`);
      cells.push(Math.floor(x / 2 ** 32), x % 2 ** 32);
    }
    return fdtValue.cells(...cells);
  },
  /** A string list: each string NUL-terminated, concatenated. */
  strings(...list: string[]): FdtValue {
    const parts = list.map((s) => {
      if (s.includes('\0')) throw new RangeError(`FDT string ${JSON.stringify(s)} contains NUL`);
      return new TextEncoder().encode(s + '\0');
    });
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  },
};

/** One node: name (with unit address), properties in insertion order, children in insertion order. */
export class FdtNode {
  readonly props: Array<[string, FdtValue]> = [];
  readonly children: FdtNode[] = [];
  constructor(readonly name: string) {
    // DT spec 2.2.1: node-name@unit-address, 1-31 characters for the name part; the root is "".
    if (name !== '' && !/^[A-Za-z0-9,._+-]{1,31}(@[A-Za-z0-9,._+-]+)?$/.test(name)) throw new RangeError(`bad FDT node name ${JSON.stringify(name)}`);
  }

  /** Sets (or replaces) a property. */
  set(name: string, value: FdtValue): this {
    // DT spec 2.2.4.1: 1-31 characters from [0-9a-zA-Z,._+?#-].
    if (!/^[A-Za-z0-9,._+?#-]{1,31}$/.test(name)) throw new RangeError(`bad FDT property name ${JSON.stringify(name)}`);
    const i = this.props.findIndex(([n]) => n === name);
    if (i >= 0) this.props[i][1] = value; else this.props.push([name, value]);
    return this;
  }

  cells(name: string, ...cells: number[]): this { return this.set(name, fdtValue.cells(...cells)); }
  strings(name: string, ...list: string[]): this { return this.set(name, fdtValue.strings(...list)); }
  flag(name: string): this { return this.set(name, fdtValue.empty()); }

  child(name: string): FdtNode {
    if (this.children.some((c) => c.name === name)) throw new RangeError(`duplicate FDT node ${JSON.stringify(name)}`);
    const n = new FdtNode(name);
    this.children.push(n);
    return n;
  }
}

/** A device tree under construction, with phandle allocation and the memory reservation map. */
export class FdtTree {
  readonly root = new FdtNode('');
  readonly reservations: Array<{ address: number; size: number }> = [];
  bootCpuidPhys = 0;
  private nextPhandle: number;

  /** Phandles count up from `firstPhandle` (QEMU starts at 0x8000; any value but 0 and ~0 is valid). */
  constructor(firstPhandle = 1) {
    this.nextPhandle = firstPhandle;
  }

  /**
   * Gives a node a phandle property (DT spec 2.3.3) and returns it. The property goes first in
   * the node, where QEMU's blob has it (libfdt inserts each new property at the front).
   */
  phandle(node: FdtNode): number {
    const existing = node.props.find(([n]) => n === 'phandle');
    if (existing) return new DataView(existing[1].buffer, existing[1].byteOffset).getUint32(0);
    const p = this.nextPhandle++;
    node.props.unshift(['phandle', fdtValue.cells(p)]);
    return p;
  }

  toDtb(): Uint8Array {
    const strings: number[] = [];
    const stringOffsets = new Map<string, number>();
    const nameOffset = (name: string): number => {
      let off = stringOffsets.get(name);
      if (off === undefined) {
        off = strings.length;
        stringOffsets.set(name, off);
        for (const b of new TextEncoder().encode(name)) strings.push(b);
        strings.push(0);
      }
      return off;
    };

    const struct: number[] = [];
    const u32 = (x: number): void => { struct.push((x >>> 24) & 0xff, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff); };
    const bytesPadded = (b: Uint8Array): void => {
      for (const x of b) struct.push(x);
      while (struct.length % 4) struct.push(0);
    };
    const emit = (node: FdtNode): void => {
      u32(FDT_TOKEN.BEGIN_NODE);
      bytesPadded(new TextEncoder().encode(node.name + '\0'));
      for (const [name, value] of node.props) {
        u32(FDT_TOKEN.PROP);
        u32(value.length);
        u32(nameOffset(name));
        bytesPadded(value);
      }
      for (const c of node.children) emit(c);
      u32(FDT_TOKEN.END_NODE);
    };
    emit(this.root);
    u32(FDT_TOKEN.END);

    const rsvOff = FDT_HEADER_SIZE; // 40 is 8-byte aligned, as the map requires (DT spec 5.3.1)
    const rsvSize = (this.reservations.length + 1) * 16;
    const structOff = rsvOff + rsvSize;
    const stringsOff = structOff + struct.length;
    const total = stringsOff + strings.length;
    const out = new Uint8Array(total);
    const v = new DataView(out.buffer);
    const header = [FDT_MAGIC, total, structOff, stringsOff, rsvOff, FDT_VERSION, FDT_LAST_COMP_VERSION,
      this.bootCpuidPhys, strings.length, struct.length];
    header.forEach((x, i) => v.setUint32(i * 4, x));
    this.reservations.forEach((r, i) => {
      v.setBigUint64(rsvOff + i * 16, BigInt(r.address));
      v.setBigUint64(rsvOff + i * 16 + 8, BigInt(r.size));
    });
    out.set(struct, structOff);
    out.set(strings, stringsOff);
    return out;
  }
}
