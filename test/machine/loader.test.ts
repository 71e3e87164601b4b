// Loaders: ELF64 executables (PT_LOAD at p_paddr, BSS zeroed), assembly sources, raw binaries and
// arm64 Images as QEMU's -kernel places them, and a clear LoadError for every bad input.

import { strict as assert } from 'node:assert';
import { gzipSync } from 'node:zlib';
import { assemble } from '../../emulator/isa/asm/assembler';
import { writeElf } from '../../emulator/isa/asm/elf-writer';
import { detectFormat, loadAsm, loadElf, loadImage, loadRaw, LoadError } from '../../emulator/machine/loader';
import { PhysicalBus } from '../../emulator/memory/bus';
import { boot } from './boot';

const RAM = 0x40000000;
const bus = (size = 16 << 20): PhysicalBus => new PhysicalBus(RAM, size);
const at = (b: PhysicalBus, pa: number, n: number): number[] => [...b.u8.subarray(pa - RAM, pa - RAM + n)];

interface Seg { type?: number; paddr: bigint; vaddr?: bigint; data: number[]; memsz?: number }

/** A minimal ELF64 AArch64 file: header, program headers, segment bytes. */
function makeElf(entry: bigint, segs: Seg[], opts: { type?: number; machine?: number } = {}): Uint8Array {
  const phoff = 64, dataOff = phoff + 56 * segs.length;
  const total = dataOff + segs.reduce((n, s) => n + s.data.length, 0);
  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  dv.setUint16(16, opts.type ?? 2, true);
  dv.setUint16(18, opts.machine ?? 183, true);
  dv.setUint32(20, 1, true);
  dv.setBigUint64(24, entry, true);
  dv.setBigUint64(32, BigInt(phoff), true);
  dv.setUint16(52, 64, true);
  dv.setUint16(54, 56, true);
  dv.setUint16(56, segs.length, true);
  dv.setUint16(58, 64, true);
  let off = dataOff;
  segs.forEach((s, i) => {
    const p = phoff + 56 * i;
    dv.setUint32(p, s.type ?? 1, true);
    dv.setUint32(p + 4, 5, true);
    dv.setBigUint64(p + 8, BigInt(off), true);
    dv.setBigUint64(p + 16, s.vaddr ?? s.paddr, true);
    dv.setBigUint64(p + 24, s.paddr, true);
    dv.setBigUint64(p + 32, BigInt(s.data.length), true);
    dv.setBigUint64(p + 40, BigInt(s.memsz ?? s.data.length), true);
    dv.setBigUint64(p + 48, 0x1000n, true);
    b.set(s.data, off);
    off += s.data.length;
  });
  return b;
}

describe('ELF loader', () => {
  it('loads PT_LOAD segments at their physical addresses and zeroes BSS', () => {
    const b = bus();
    b.u8.fill(0xee, 0x100000, 0x100011);
    const img = loadElf(b, makeElf(0x40080004n, [
      { paddr: 0x40080000n, vaddr: 0xffff000000080000n, data: [1, 2, 3, 4] },
      { paddr: 0x40100000n, data: [9, 9], memsz: 16 },
      { type: 4, paddr: 0x0n, data: [7] }, // PT_NOTE: not loaded
    ]));
    assert.equal(img.format, 'elf');
    assert.equal(img.entry, 0x40080004n);
    assert.deepEqual(at(b, 0x40080000, 4), [1, 2, 3, 4]);
    assert.deepEqual(at(b, 0x40100000, 17), [9, 9, ...Array(14).fill(0), 0xee]);
    assert.deepEqual(img.regions, [{ addr: 0x40080000n, size: 4 }, { addr: 0x40100000n, size: 16 }]);
  });

  it('loads what our assembler writes as an executable, with its symbols', () => {
    const a = assemble('.global _start\nnop\n_start: mov x0, #1\n.data\nv: .quad 7\n.bss\nz: .space 64\n', { fileName: 'p.S' });
    assert.ok(a.ok);
    const b = bus();
    const img = loadElf(b, writeElf(a, 'exec'));
    assert.equal(img.entry, 0x40080004n);
    assert.deepEqual(at(b, 0x40080000, 4), [0x1f, 0x20, 0x03, 0xd5]);
    assert.ok(img.symbols.some((s) => s.name === '_start' && s.value === 0x40080004n));
  });

  const bad: [string, Uint8Array, RegExp][] = [
    ['truncated identification', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1]), /malformed ELF: truncated/],
    ['garbage header', new TextEncoder().encode('\x7fELF\x02\x01\x01garbage'), /malformed ELF/],
    ['ELF32', (() => { const e = makeElf(0n, []); e[4] = 1; return e; })(), /ELF32/],
    ['big-endian', (() => { const e = makeElf(0n, []); e[5] = 2; return e; })(), /big-endian/],
    ['another machine', makeElf(0n, [], { machine: 62 }), /not AArch64/],
    ['relocatable object', makeElf(0n, [], { type: 1 }), /relocatable object.*link it/],
    ['no loadable segment', makeElf(0x40080000n, []), /no loadable/],
    ['segment outside RAM', makeElf(0n, [{ paddr: 0x1000n, data: [1] }]), /segment 0 \[0x1000, 0x1001\) lies outside RAM \[0x40000000, 0x41000000\)/],
    ['BSS running past RAM', makeElf(0n, [{ paddr: 0x40fffff0n, data: [1], memsz: 0x20 }]), /outside RAM/],
    ['segment data past the end of the file', (() => { const e = makeElf(0n, [{ paddr: 0x40080000n, data: [1, 2] }]); return e.subarray(0, e.length - 1); })(), /outside the file/],
  ];
  for (const [what, bytes, re] of bad) {
    it(`rejects ${what} with a clear LoadError`, () => {
      assert.throws(() => loadElf(bus(), bytes), (e: unknown) => e instanceof LoadError && re.test(e.message));
    });
  }

  it('leaves RAM untouched when a later segment is bad', () => {
    const b = bus();
    assert.throws(() => loadElf(b, makeElf(0n, [{ paddr: 0x40080000n, data: [5] }, { paddr: 0x2000n, data: [6] }])), LoadError);
    assert.equal(b.u8[0x80000], 0);
  });
});

describe('assembly loader', () => {
  it('places sections at their addresses and enters at _start', () => {
    const b = bus();
    const img = loadAsm(b, 'nop\n.global _start\n_start: nop\n.data\n.word 0x11223344\n', { fileName: 'a.S' });
    assert.equal(img.format, 'asm');
    assert.equal(img.entry, 0x40080004n);
    const data = img.regions[1];
    assert.deepEqual(at(b, Number(data.addr), 4), [0x44, 0x33, 0x22, 0x11]);
  });

  it('enters at the first section without _start', () => {
    assert.equal(loadAsm(bus(), 'nop\nnop\n', { fileName: 'a.S' }).entry, 0x40080000n);
  });

  it('turns assembly errors into one LoadError listing file:line:column', () => {
    assert.throws(() => loadAsm(bus(), 'nop\n  frob x0\n  add x0, x1, #99999\n', { fileName: 'bad.S' }),
      (e: unknown) => e instanceof LoadError && /^bad\.S:2:\d+: error: .*frob/.test(e.message) && /\nbad\.S:3:\d+: error/.test(e.message));
  });

  it('rejects a program larger than RAM', () => {
    assert.throws(() => loadAsm(bus(1 << 20), '.space 0x200000\n', { fileName: 'big.S' }), /section \.text .* lies outside RAM/);
  });
});

describe('raw image loader (QEMU load_aarch64_image)', () => {
  it('loads a raw binary at RAM + 0x80000 and enters there', () => {
    const b = bus();
    const img = loadRaw(b, new Uint8Array([0x1f, 0x20, 0x03, 0xd5]));
    assert.deepEqual([img.format, img.entry], ['raw', 0x40080000n]);
    assert.deepEqual(at(b, 0x40080000, 4), [0x1f, 0x20, 0x03, 0xd5]);
  });

  function image(textOffset: bigint, imageSize: bigint): Uint8Array {
    const b = new Uint8Array(0x48);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, 0x14000010, true); // b +0x40
    dv.setBigUint64(8, textOffset, true);
    dv.setBigUint64(16, imageSize, true);
    b.set([0x41, 0x52, 0x4d, 0x64], 0x38);
    return b;
  }

  it('honours an arm64 Image header text_offset when image_size is set', () => {
    const b = bus(64 << 20);
    assert.equal(loadRaw(b, image(0x80000n, 0x48n)).entry, 0x40080000n);
    assert.equal(loadRaw(b, image(0x100000n, 0x48n)).entry, 0x40100000n);
    // Below 4 KiB QEMU's boot stub lives: the image moves up by 2 MiB.
    assert.equal(loadRaw(b, image(0n, 0x48n)).entry, 0x40200000n);
    const i = loadRaw(b, image(0x300000n, 0n)); // image_size 0: an old kernel, text_offset ignored
    assert.deepEqual([i.format, i.entry], ['image', 0x40080000n]);
  });

  it('inflates a gzip-compressed image first', () => {
    const b = bus();
    const img = loadRaw(b, gzipSync(image(0x100000n, 0x48n)));
    assert.equal(img.entry, 0x40100000n);
    assert.deepEqual(at(b, 0x40100038, 4), [0x41, 0x52, 0x4d, 0x64]);
  });

  it('rejects an empty image, a corrupt gzip stream and an image larger than RAM', () => {
    assert.throws(() => loadRaw(bus(), new Uint8Array(0)), /empty image/);
    assert.throws(() => loadRaw(bus(), new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3])), /gzip.*does not inflate/);
    assert.throws(() => loadRaw(bus(1 << 20), new Uint8Array(1 << 20)), /raw image .* lies outside RAM/);
  });
});

describe('format detection and booting', () => {
  it('tells ELF by its magic (or a .elf name), assembly by extension, anything else raw', () => {
    const elf = makeElf(0n, []);
    assert.equal(detectFormat('kernel', elf), 'elf');
    assert.equal(detectFormat('junk.elf', new Uint8Array([1, 2, 3])), 'elf');
    assert.equal(detectFormat('p.S', new Uint8Array()), 'asm');
    assert.equal(detectFormat('p.s', new Uint8Array()), 'asm');
    assert.equal(detectFormat('Image', new Uint8Array([1, 2, 3, 4])), 'raw');
    assert.throws(() => loadImage(bus(), 'junk.elf', new Uint8Array(32).fill(0x41)), /malformed ELF: not an ELF file: bad magic/);
  });

  it('boots a raw binary built from a program that prints over the PL011', () => {
    const a = assemble(`
      ldr x1, =0x09000000
      mov w2, #'r'
      str w2, [x1]
      ldr x0, =0x84000008
      smc #0
    `, { fileName: 'r.S' });
    const t = boot('nop');
    const img = t.m.loadAndBoot('prog.bin', a.sections[0].data);
    assert.equal(img.format, 'raw');
    assert.equal(t.m.cpu.pc, 0x40080000n);
    // A raw kernel gets the DTB address in X0 (hw/arm/boot.c): RAM + 64 MiB + 2 MiB alignment on 128 MiB.
    assert.equal(t.m.cpu.xBig(0), BigInt(t.m.dtbAddress!));
    assert.equal(t.m.dtbAddress, 0x44000000);
    assert.equal(t.run()?.kind, 'poweroff');
    assert.equal(t.uart(), 'r');
  });
});
