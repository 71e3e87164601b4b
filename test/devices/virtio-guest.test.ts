// A bare-metal guest drives virtio-console through its MMIO registers on the virt board: it
// negotiates VERSION_1, builds a transmit queue in RAM, kicks it, sees used.idx advance and the
// transport's interrupt pending in the GIC (SPI 47, INTID 79, for the last transport), ACKs it,
// and powers off. The board does not map virtio-mmio yet, so the test maps the bank and wires
// its interrupt lines as the board will (see createVirtioSlots).

import { strict as assert } from 'node:assert';
import { VirtioConsole } from '../../emulator/devices/virtio-console';
import { VIRTIO_MMIO } from '../../emulator/devices/virtio-mmio';
import { SYSTEM_OFF_SMC, boot } from '../machine/boot';

const GUEST = `
  .equ VIO, 0x0a003e00          // transport 31: the first device, as QEMU places it
  .equ DESC, 0x40200000
  .equ AVAIL, 0x40200100
  .equ USED, 0x40200200
  ldr x1, =VIO
  ldr w20, [x1]                 // MagicValue
  ldr w21, [x1, #0x8]           // DeviceID
  str wzr, [x1, #0x70]          // Status: reset
  mov w2, #1
  str w2, [x1, #0x70]           // ACKNOWLEDGE
  mov w2, #3
  str w2, [x1, #0x70]           // DRIVER
  mov w2, #1
  str w2, [x1, #0x24]           // DriverFeaturesSel = 1
  str w2, [x1, #0x20]           // VIRTIO_F_VERSION_1
  mov w2, #11
  str w2, [x1, #0x70]           // FEATURES_OK
  ldr w22, [x1, #0x70]
  mov w2, #1
  str w2, [x1, #0x30]           // QueueSel = transmitq
  mov w2, #4
  str w2, [x1, #0x38]           // QueueNum
  ldr x3, =DESC
  ldr x4, =AVAIL
  ldr x5, =USED
  str w3, [x1, #0x80]
  str wzr, [x1, #0x84]
  str w4, [x1, #0x90]
  str wzr, [x1, #0x94]
  str w5, [x1, #0xa0]
  str wzr, [x1, #0xa4]
  mov w2, #1
  str w2, [x1, #0x44]           // QueueReady
  mov w2, #15
  str w2, [x1, #0x70]           // DRIVER_OK
  adr x6, msg
  str x6, [x3]                  // desc[0].addr
  mov w7, #3
  str w7, [x3, #8]              // desc[0].len
  str wzr, [x3, #12]            // flags, next
  strh wzr, [x4]                // avail.flags
  strh wzr, [x4, #4]            // avail.ring[0] = 0
  mov w7, #1
  strh w7, [x4, #2]             // avail.idx = 1
  dmb sy
  str w7, [x1, #0x50]           // QueueNotify = 1
  ldrh w23, [x5, #2]            // used.idx
  ldr w24, [x1, #0x60]          // InterruptStatus
  ldr x8, =0x08000208           // GICD_ISPENDR2: INTIDs 64-95
  ldr w25, [x8]
  str w24, [x1, #0x64]          // InterruptACK
  ldr w26, [x1, #0x60]
  ldr w27, [x8]
${SYSTEM_OFF_SMC}
msg:
  .ascii "hi\\n"
`;

describe('virtio-console from a bare-metal guest on the virt board', () => {
  for (const gic of [2, 3] as const) {
    it(`transmits, raises SPI ${VIRTIO_MMIO.FIRST_SPI + 31} in the GICv${gic} and clears it on InterruptACK`, () => {
      const out: number[] = [];
      const b = boot(GUEST, { gic, virtio: [new VirtioConsole({ output: (x) => out.push(...x) })] });
      const stop = b.run();
      assert.equal(stop?.kind, 'poweroff', JSON.stringify(stop));
      assert.equal(Buffer.from(out).toString('latin1'), 'hi\n');
      assert.equal(b.x(20), 0x74726976n);
      assert.equal(b.x(21), 3n);
      assert.equal(b.x(22), 11n);
      assert.equal(b.x(23), 1n);
      assert.equal(b.x(24), 1n);
      assert.equal(b.x(25), 1n << 15n); // INTID 79 = 64 + 15
      assert.equal(b.x(26), 0n);
      assert.equal(b.x(27), 0n);
    });
  }
});
