// Differential check of the board against QEMU itself: the PSCI/PL011 probe, assembled by our
// assembler into an ELF, runs on qemu-system-aarch64 -M virt,virtualization=on and on armvirt;
// the UART output (every PSCI result and PL011 register, as hex) and the exit status must match.
// Skipped when QEMU is not installed (CI installs qemu-system-arm).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';

const QEMU = process.env.QEMU_SYSTEM_AARCH64 ?? 'qemu-system-aarch64';

function haveQemu(): boolean {
  return spawnSync(QEMU, ['--version'], { stdio: 'ignore' }).status === 0;
}

describe('virt board against QEMU', () => {
  it('gives the PSCI results and PL011 register values qemu-system-aarch64 gives', async function () {
    if (!haveQemu()) this.skip();
    this.timeout(60000);
    const dir = mkdtempSync(join(tmpdir(), 'armvirt-qemu-'));
    const elf = join(dir, 'probe.elf');
    const src = join(__dirname, '..', 'fixtures', 'machine', 'psci-pl011-probe.S');
    let err = '';
    assert.equal(await main(['asm', src, '-o', elf], { out: () => undefined, err: (s) => (err += s) }), 0, err);
    const q = spawnSync(QEMU, ['-M', 'virt,virtualization=on', '-cpu', 'cortex-a57', '-nographic', '-monitor', 'none',
      '-nic', 'none', '-serial', 'stdio', '-kernel', elf], { encoding: 'latin1', timeout: 30000 });
    assert.equal(q.status, 0, `QEMU: ${q.stderr}`);
    let out = '';
    const code = await main(['run', elf], { out: (s) => (out += s), err: () => undefined });
    assert.equal(code, 0);
    const ours = out.split('\n');
    const theirs = q.stdout.split('\n');
    assert.equal(ours.length, 44); // 43 values and the empty tail
    assert.deepEqual(ours, theirs);
  });
});
