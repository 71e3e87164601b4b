// The FDT writer and reader (Devicetree Specification v0.4 chapter 5) and the virt description's
// configuration checks: the blob parses back (with our reader and with dtc), malformed
// configurations and malformed blobs are clear errors.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { buildVirtDtb, DtbConfigError, type VirtDtbConfig } from '../../emulator/machine/dtb';
import { FdtError, fdtCells, fdtNodeAt, fdtStrings, readFdt } from '../../emulator/machine/fdt-reader';
import { FDT_MAGIC, FdtTree, fdtValue } from '../../emulator/machine/fdt-writer';

const BASE: VirtDtbConfig = { ramSize: 128 << 20, cpus: 2, gic: 2, virtualization: true };

describe('FDT writer', () => {
  it('writes a v17 header, an empty reservation map, and blocks inside totalsize', () => {
    const t = new FdtTree();
    t.root.cells('#address-cells', 2).strings('compatible', 'a', 'b');
    t.root.child('n@1').flag('x');
    const blob = t.toDtb();
    const v = new DataView(blob.buffer);
    const h = (i: number): number => v.getUint32(i * 4);
    assert.equal(h(0), FDT_MAGIC);
    assert.equal(h(1), blob.length);
    assert.deepEqual([h(5), h(6)], [17, 16]);
    assert.equal(h(4) % 8, 0);
    assert.equal(h(2) + h(9), h(3)); // strings follow structure
    assert.equal(h(3) + h(8), blob.length);
    // Property names are shared in the strings block: "#address-cells\0compatible\0x\0".
    assert.equal(h(8), '#address-cells'.length + 'compatible'.length + 'x'.length + 3);
    const back = readFdt(blob);
    assert.deepEqual(fdtStrings(back.root.props.get('compatible')!), ['a', 'b']);
    assert.deepEqual(fdtCells(back.root.props.get('#address-cells')!), [2]);
    assert.equal(fdtNodeAt(back.root, '/n@1')!.props.get('x')!.length, 0);
  });

  it('writes memory reservations and reads them back', () => {
    const t = new FdtTree();
    t.reservations.push({ address: 0x40000000, size: 0x1000 }, { address: 2 ** 40, size: 0x20 });
    const back = readFdt(t.toDtb());
    assert.deepEqual(back.reservations, [{ address: 0x40000000n, size: 0x1000n }, { address: 2n ** 40n, size: 0x20n }]);
  });

  it('refuses bad names, values that are not u32 cells, and strings with NUL', () => {
    const t = new FdtTree();
    assert.throws(() => t.root.child('bad name'), /bad FDT node name/);
    assert.throws(() => t.root.cells('p', -1), /not a u32/);
    assert.throws(() => t.root.cells('p', 2 ** 32), /not a u32/);
    assert.throws(() => t.root.strings('p', 'a\0b'), /contains NUL/);
    assert.throws(() => t.root.set('this-property-name-is-longer-than-31', fdtValue.empty()), /bad FDT property name/);
    t.root.child('x');
    assert.throws(() => t.root.child('x'), /duplicate/);
  });
});

describe('FDT reader on malformed blobs', () => {
  const good = buildVirtDtb(BASE);
  const patched = (f: (v: DataView, b: Uint8Array) => void): Uint8Array => {
    const b = good.slice();
    f(new DataView(b.buffer), b);
    return b;
  };
  const structOff = new DataView(good.buffer).getUint32(8);

  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['empty', new Uint8Array(0), /shorter than the 40-byte header/],
    ['bad magic', patched((v) => v.setUint32(0, 0xfeedd00d)), /bad magic/],
    ['old version', patched((v) => { v.setUint32(20, 3); v.setUint32(24, 2); }), /version 3/],
    ['truncated', good.slice(0, good.length - 100), /totalsize/],
    ['struct block past the end', patched((v) => v.setUint32(36, 0x7fffffff)), /structure block/],
    ['unknown token', patched((v) => v.setUint32(structOff, 0x77)), /unknown token 0x77/],
    ['property before any node', patched((v) => v.setUint32(structOff, 3)), /property outside any node|overruns|outside the strings/],
    ['missing FDT_END', patched((v) => v.setUint32(v.getUint32(8) + v.getUint32(36) - 4, 4)), /ends without FDT_END/],
    ['misaligned reservation map', patched((v) => v.setUint32(16, 0x2c)), /not 8-byte aligned/],
  ];
  for (const [what, blob, msg] of cases) {
    it(`gives an FdtError for ${what}`, () => {
      assert.throws(() => readFdt(blob), (e: unknown) => e instanceof FdtError && msg.test(e.message));
    });
  }

  it('survives every single-byte corruption of the header and structure start with a value or an FdtError', () => {
    for (let i = 0; i < 160; i++) {
      for (const x of [0x00, 0xff, 0x80]) {
        const b = good.slice();
        b[i] = x;
        try { readFdt(b); } catch (e) { assert.ok(e instanceof FdtError, `byte ${i} = 0x${x.toString(16)}: ${String(e)}`); }
      }
    }
  });
});

describe('virt DTB description', () => {
  it('parses back with the nodes a kernel needs: memory, cpus, GIC phandle, PSCI, chosen', () => {
    const blob = readFdt(buildVirtDtb({ ...BASE, cpus: 4, ramSize: 512 << 20, bootargs: 'console=ttyAMA0', initrd: { start: 0x48000000, end: 0x48001234 } }));
    const at = (p: string) => { const n = fdtNodeAt(blob.root, p); assert.ok(n, p); return n; };
    assert.deepEqual(fdtCells(at('/memory@40000000').props.get('reg')!), [0, 0x40000000, 0, 512 << 20]);
    for (let i = 0; i < 4; i++) {
      assert.deepEqual(fdtCells(at(`/cpus/cpu@${i}`).props.get('reg')!), [i]);
      assert.deepEqual(fdtStrings(at(`/cpus/cpu@${i}`).props.get('enable-method')!), ['psci']);
    }
    assert.equal(fdtNodeAt(blob.root, '/cpus/cpu@4'), undefined);
    const gicPh = fdtCells(at('/intc@8000000').props.get('phandle')!)[0];
    assert.deepEqual(fdtCells(blob.root.props.get('interrupt-parent')!), [gicPh]);
    assert.deepEqual(fdtStrings(at('/psci').props.get('method')!), ['smc']);
    assert.deepEqual(fdtStrings(at('/chosen').props.get('bootargs')!), ['console=ttyAMA0']);
    assert.deepEqual(fdtCells(at('/chosen').props.get('linux,initrd-start')!), [0x48000000]);
    assert.deepEqual(fdtCells(at('/chosen').props.get('linux,initrd-end')!), [0x48001234]);
    // GICv2: 4 frames (GICD, GICC, GICH, GICV) and the maintenance interrupt PPI 9, level high.
    assert.equal(fdtCells(at('/intc@8000000').props.get('reg')!).length, 16);
    assert.deepEqual(fdtCells(at('/intc@8000000').props.get('interrupts')!), [1, 9, 4]);
    // Timer PPIs 13, 14, 11, 10 with the GICv2 cpu mask of 4 cores.
    assert.deepEqual(fdtCells(at('/timer').props.get('interrupts')!), [1, 13, 0xf04, 1, 14, 0xf04, 1, 11, 0xf04, 1, 10, 0xf04]);
    // 32 virtio-mmio transports, SPI 16 + slot, rising edge.
    const virtio = blob.root.children.filter((n) => n.name.startsWith('virtio_mmio@'));
    assert.equal(virtio.length, 32);
    assert.deepEqual(fdtCells(virtio[31].props.get('interrupts')!), [0, 47, 1]);
    assert.equal(virtio[31].name, 'virtio_mmio@a003e00');
  });

  it('is deterministic: the same configuration gives the same bytes', () => {
    assert.deepEqual(buildVirtDtb(BASE), buildVirtDtb({ ...BASE }));
  });

  it('decompiles with dtc without warnings', function () {
    const r = spawnSync('dtc', ['-I', 'dtb', '-O', 'dts', '-'], { input: buildVirtDtb({ ...BASE, gic: 3 }), encoding: 'utf8' });
    if (r.error) this.skip();
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /compatible = "arm,gic-v3";/);
  });

  const bad: Array<[string, Partial<VirtDtbConfig>, RegExp]> = [
    ['0 cpus', { cpus: 0 }, /cpus 0 must be an integer from 1 to 8/],
    ['9 cpus', { cpus: 9 }, /cpus 9 must be an integer from 1 to 8/],
    ['1.5 cpus', { cpus: 1.5 }, /cpus 1.5/],
    ['gic 4', { gic: 4 as 2 }, /gic 4 must be 2 or 3/],
    ['RAM size 0', { ramSize: 0 }, /RAM size 0/],
    ['RAM size not 4 KiB', { ramSize: 1000 }, /RAM size 1000/],
    ['initrd outside RAM', { initrd: { start: 0x3000_0000, end: 0x3000_1000 } }, /initrd .* is not inside RAM/],
    ['initrd end before start', { initrd: { start: 0x4100_0000, end: 0x4000_0000 } }, /is not a range/],
    ['bootargs with NUL', { bootargs: 'a\0b' }, /NUL/],
  ];
  for (const [what, patch, msg] of bad) {
    it(`refuses ${what} with a DtbConfigError`, () => {
      assert.throws(() => buildVirtDtb({ ...BASE, ...patch }), (e: unknown) => e instanceof DtbConfigError && msg.test(e.message));
    });
  }
});
