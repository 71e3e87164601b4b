// Differential check of the virtio-mmio transport and virtio-blk against QEMU: a probe assembled
// by our assembler reads an empty transport and a virtio-blk transport, negotiates features,
// sets up a queue and issues block requests (a read, a read past the end, an unknown type),
// printing every value on the UART. qemu-system-aarch64 (virtio-mmio.force-legacy=false, so
// version 2, with -device virtio-blk-device on the same disk image) must print the same.
// Skipped when QEMU is not installed.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { VirtioBlk, memoryBackend } from '../../emulator/devices/virtio-blk';
import { createVirtMachine } from '../../emulator/machine/virt';

const QEMU = process.env.QEMU_SYSTEM_AARCH64 ?? 'qemu-system-aarch64';

describe('virtio-mmio and virtio-blk against QEMU', () => {
  it('give the register values and request results qemu-system-aarch64 gives', async function () {
    if (spawnSync(QEMU, ['--version'], { stdio: 'ignore' }).status !== 0) this.skip();
    this.timeout(120000);
    const dir = mkdtempSync(join(tmpdir(), 'armvirt-virtio-'));
    const elf = join(dir, 'probe.elf');
    const disk = join(dir, 'disk.img');
    writeFileSync(disk, Uint8Array.from({ length: 64 * 1024 }, (_, i) => (i * 13 + (i >> 9)) & 0xff));
    let err = '';
    const src = join(__dirname, '..', 'fixtures', 'devices', 'virtio-blk-probe.S');
    assert.equal(await main(['asm', src, '-o', elf], { out: () => undefined, err: (s) => (err += s) }), 0, err);

    const q = spawnSync(QEMU, ['-M', 'virt,virtualization=on', '-cpu', 'cortex-a57', '-nographic', '-monitor', 'none',
      '-nic', 'none', '-serial', 'stdio', '-global', 'virtio-mmio.force-legacy=false',
      '-drive', `file=${disk},if=none,format=raw,id=d0`, '-device', 'virtio-blk-device,drive=d0', '-kernel', elf],
    { encoding: 'latin1', timeout: 60000 });
    assert.equal(q.status, 0, `QEMU: ${q.stderr}`);

    const out: number[] = [];
    const m = createVirtMachine({ uartOutput: (b) => out.push(b), virtio: [new VirtioBlk(memoryBackend(new Uint8Array(readFileSync(disk))))] });
    m.loadAndBoot(elf, new Uint8Array(readFileSync(elf)));
    const stop = m.runSlice(10_000_000);
    assert.equal(stop?.kind, 'poweroff', JSON.stringify(stop));

    const ours = Buffer.from(out).toString('latin1').split('\n');
    const theirs = q.stdout.split('\n');
    if (process.env.VIRTIO_PROBE_DUMP) console.log(ours.map((l, i) => `${l}  ${theirs[i]}`).join("\n"));
    assert.equal(ours.length, 46); // 45 values and the empty tail
    assert.deepEqual(ours, theirs);
  });
});
