// The board writes its device tree at boot as QEMU's -kernel does (hw/arm/boot.c): a Linux
// Image gets the DTB address in X0, /chosen carries -append and the initrd range, and a
// bare-metal program finds the same tree at the same address with X0 = 0.

import { strict as assert } from 'node:assert';
import { createVirtMachine } from '../../emulator/machine/virt';
import { fdtCells, fdtNodeAt, readFdt } from '../../emulator/machine/fdt-reader';

function dtbOf(m: ReturnType<typeof createVirtMachine>): ReturnType<typeof readFdt> {
  assert.notEqual(m.dtbAddress, null);
  const at = m.dtbAddress! - m.bus.ramBase;
  return readFdt(m.bus.u8.subarray(at, at + 0x10000));
}

describe('device tree at boot', () => {
  it('gives a raw kernel X0 = DTB address with bootargs and the initrd range in /chosen', () => {
    const m = createVirtMachine({ cpus: 2 });
    const kernel = new Uint8Array(4096); // raw image: loads at RAM + 0x80000
    const initrd = new Uint8Array(10000).fill(7);
    m.loadAndBoot('Image', kernel, undefined, { bootargs: 'console=ttyAMA0 earlycon', initrd });
    const dtb = m.dtbAddress!;
    // 128 MiB of RAM: initrd at RAM + 64 MiB, DTB at the next 2 MiB boundary after it.
    assert.equal(dtb, 0x40000000 + 64 * 1024 * 1024 + 2 * 1024 * 1024);
    assert.equal(m.cpu.xBig(0), BigInt(dtb));
    const chosen = fdtNodeAt(dtbOf(m).root, '/chosen')!;
    assert.equal(new TextDecoder().decode(chosen.props.get('bootargs')!).replace(/\0$/, ''), 'console=ttyAMA0 earlycon');
    assert.deepEqual(fdtCells(chosen.props.get('linux,initrd-start')!), [0x44000000]);
    assert.deepEqual(fdtCells(chosen.props.get('linux,initrd-end')!), [0x44000000 + 10000]);
    assert.equal(m.bus.u8[0x04000000], 7);
    assert.ok(fdtNodeAt(dtbOf(m).root, '/cpus/cpu@1'));
  });

  it('starts a bare-metal .S program with X0 = 0 and the tree at the same place', () => {
    const m = createVirtMachine({ gic: 3 });
    m.loadAndBoot('t.S', new TextEncoder().encode('_start: b .\n'));
    assert.equal(m.cpu.xBig(0), 0n);
    assert.ok(fdtNodeAt(dtbOf(m).root, '/intc@8000000'));
  });

  it('refuses an initrd that does not fit in RAM, with a clear error', () => {
    const m = createVirtMachine({ ramSize: 1 << 20 });
    assert.throws(() => m.loadAndBoot('Image', new Uint8Array(4096), undefined, { initrd: new Uint8Array(2 << 20) }), /does not fit in RAM/);
  });
});
