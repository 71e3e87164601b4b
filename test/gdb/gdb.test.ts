// The GDB server of `armvirt run --gdb PORT`, checked two ways: gdb-multiarch itself (the client
// nobody here wrote) on an ELF built by GNU as/ld, and packet by packet through a small RSP client
// (watchpoints, vCont, Ctrl-C, binary writes, monitor commands, malformed packets, kill).

import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Program } from '../../debug-adapter/model/program';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RspClient } from './rsp-client';

const ROOT = join(__dirname, '../..');
const FIX = join(ROOT, 'test/debug-adapter/fixtures');

interface Run { proc: ChildProcess; port: number; out: () => string; err: () => string; exit: Promise<number | null> }

/** `armvirt run FILE --gdb 0`, up to the server's "listening on port N". */
async function runGdb(file: string): Promise<Run> {
  const proc = spawn(process.execPath, [join(ROOT, 'bin/armvirt.js'), 'run', file, '--gdb', '0'], { cwd: ROOT, env: { ...process.env, ARMVIRT_FROM_SOURCE: '1' } });
  let out = '', err = '';
  proc.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  const exit = new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
  const port = await new Promise<number>((resolve, reject) => {
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on port (\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    void exit.then((c) => reject(new Error(`armvirt run exited (${c}): ${err}`)));
  });
  return { proc, port, out: () => out, err: () => err, exit };
}

/** hvc.S assembled and linked by GNU binutils at the virt board's load address. */
function gnuElf(): string {
  const dir = mkdtempSync(join(tmpdir(), 'armvirt-gdb-'));
  execFileSync('aarch64-linux-gnu-as', ['-g', '-o', join(dir, 'hvc.o'), join(FIX, 'hvc.S')]);
  execFileSync('aarch64-linux-gnu-ld', ['-Ttext=0x40080000', '-o', join(dir, 'hvc.elf'), join(dir, 'hvc.o')]);
  return join(dir, 'hvc.elf');
}

const le64 = (hex: string): bigint => BigInt('0x' + (Buffer.from(hex, 'hex').reverse().toString('hex') || '0'));

describe('GDB server', function () {
  this.timeout(120000);
  let run: Run | null = null;
  afterEach(() => { if (run && run.proc.exitCode === null) run.proc.kill(); run = null; });

  it('gdb-multiarch breaks at a symbol, steps, reads HCR_EL2 and memory, continues to the end', async () => {
    const elf = gnuElf();
    run = await runGdb(elf);
    const r = spawnSync('gdb-multiarch', ['--batch', '-nx',
      '-ex', 'set architecture aarch64', '-ex', `target remote :${run.port}`,
      '-ex', 'info registers pc',
      '-ex', 'break helper', '-ex', 'continue',
      '-ex', 'info registers x2', '-ex', 'info registers HCR_EL2', '-ex', 'p/x $HCR_EL2', '-ex', 'p/x $VBAR_EL2', '-ex', 'p/x $cpsr',
      '-ex', 'stepi', '-ex', 'p/x $pc', '-ex', 'x/1gx &counter',
      '-ex', 'monitor world', '-ex', 'info threads',
      '-ex', 'continue', elf], { encoding: 'utf8', timeout: 60000 });
    // monitor output goes to GDB's stderr.
    const gdb = r.stdout + r.stderr;
    assert.match(gdb, /pc\s+0x40080000\s+0x40080000 <_start>/);
    assert.match(gdb, /Breakpoint 1, helper \(\) at .*hvc\.S:\d+/);
    assert.match(gdb, /x2\s+0x2a\s+42/);
    assert.match(gdb, /HCR_EL2\s+0x80000010\s/);
    assert.match(gdb, /\$1 = 0x80000010/);
    assert.match(gdb, /\$2 = 0x40080800/); // VBAR_EL2 = el2_vectors
    assert.match(gdb, /\$3 = 0x3c5/); // EL1h, DAIF masked
    assert.match(gdb, /\$4 = 0x40080064/); // helper + 4
    assert.match(gdb, /0x40091020:\s+0x000000000000002a/); // counter (a local symbol)
    assert.match(gdb, /cpu0 · guest · EL1 {2}vmid=- {2}cycles=\d+/);
    assert.match(gdb, /Thread 1 \(guest · EL1\)/);
    assert.match(gdb, /\[Inferior 1 \(Remote target\) exited normally\]/);
    assert.equal(await run.exit, 0);
    assert.equal(run.out(), 'A');
  });

  it('speaks the protocol: target XML, registers, memory, watchpoints, vCont, errors', async () => {
    run = await runGdb(join(FIX, 'hvc.S'));
    const g = await RspClient.connect(run.port);
    try {
      assert.match(await g.request('qSupported:multiprocess+;swbreak+;hwbreak+'), /qXfer:features:read\+/);
      // The target description, read in pieces.
      let xml = '';
      for (let off = 0; ; off += 0x800) {
        const part = await g.request(`qXfer:features:read:target.xml:${off.toString(16)},800`);
        xml += part.slice(1);
        if (part[0] === 'l') break;
      }
      assert.match(xml, /<feature name="org.gnu.gdb.aarch64.core">/);
      assert.match(xml, /<feature name="org.gnu.gdb.aarch64.fpu">/);
      const hcrNum = Number(/<reg name="HCR_EL2" bitsize="64" regnum="(\d+)"/.exec(xml)![1]);
      assert.ok(/<reg name="VTTBR_EL2"/.test(xml) && /<reg name="ESR_EL2"/.test(xml) && /<reg name="SCTLR_EL1"/.test(xml));
      assert.equal(await g.request('qXfer:features:read:other.xml:0,10'), 'E00');
      // Threads and registers.
      assert.equal(await g.request('qfThreadInfo'), 'm1');
      assert.equal(await g.request('qsThreadInfo'), 'l');
      assert.equal(await g.request('qC'), 'QC1');
      assert.equal(await g.request('Hg1'), 'OK');
      assert.equal(await g.request('T1'), 'OK');
      assert.equal(await g.request('T5'), 'E01');
      assert.equal(Buffer.from(await g.request('qThreadExtraInfo,1'), 'hex').toString(), 'hyp · EL2');
      const regs = await g.request('g');
      assert.equal(regs.length, (31 * 8 + 8 + 8 + 4 + 32 * 16 + 4 + 4) * 2);
      assert.equal(le64(regs.slice(32 * 16, 32 * 16 + 16)), 0x40080000n); // pc
      assert.equal(await g.request(`P5=${'1122334455667788'}`), 'OK');
      assert.equal(le64(await g.request('p5')), 0x8877665544332211n);
      // Memory: read, hex write, binary write (with escaped bytes), unmapped.
      const words = await g.request('m40080000,8');
      assert.equal(words.length, 16);
      assert.equal(await g.request('M40100000,4:deadbeef'), 'OK');
      assert.equal(await g.request('m40100000,4'), 'deadbeef');
      const bin = Buffer.concat([Buffer.from('X40100004,4:'), Buffer.from([0x7d, 0x23 ^ 0x20, 0x7d, 0x24 ^ 0x20, 0x01, 0x02])]);
      assert.equal(await g.request(bin), 'OK');
      assert.equal(await g.request('m40100004,4'), '23240102');
      assert.equal(await g.request('m0,4'), 'E14');
      assert.equal(await g.request('mzz,4'), 'E01');
      assert.equal(await g.request('qNoSuchThing'), '');
      // A write watchpoint on `counter` (0x40081000: the .data after the text), reported with its address.
      const prog = Program.load(join(FIX, 'hvc.S'), readFileSync(join(FIX, 'hvc.S')));
      const counter = prog.symbol('counter')!.value;
      assert.equal(await g.request(`Z2,${counter.toString(16)},8`), 'OK');
      const stop = await g.request('c');
      assert.match(stop, new RegExp(`^T05watch:${counter.toString(16)};thread:1;`));
      assert.equal(le64(await g.request(`m${counter.toString(16)},8`)), 42n);
      assert.equal(await g.request(`z2,${counter.toString(16)},8`), 'OK');
      // vCont step, then a hardware breakpoint on the HVC handler reached through the trap.
      assert.equal(await g.request('vCont?'), 'vCont;c;C;s;S;t');
      // Stopped after the store, at `bl helper`: one step lands in helper.
      assert.match(await g.request('vCont;s:1;c'), /^T05thread:1;/);
      assert.equal(le64(await g.request('p20')), prog.symbol('helper')!.value);
      assert.equal(await g.request('Z1,40080c00,4'), 'OK');
      assert.match(await g.request('vCont;c'), /^T05/);
      assert.equal(le64(await g.request('p20')), 0x40080c00n);
      assert.equal(le64(await g.request(`p${hcrNum.toString(16)}`)), 0x80000010n);
      const esrNum = Number(/<reg name="ESR_EL2" bitsize="64" regnum="(\d+)"/.exec(xml)![1]);
      assert.equal(le64(await g.request(`p${esrNum.toString(16)}`)), 0x5a000008n); // HVC64, imm16 = 8
      // monitor: world, vgic (no GIC on this board yet, or its state), unknown.
      await g.request('qRcmd,' + Buffer.from('world').toString('hex'));
      assert.match(g.console.join(''), /cpu0 · hyp · EL2/);
      await g.request('qRcmd,' + Buffer.from('vgic').toString('hex'));
      assert.match(g.console.join(''), /no GIC on this board|GICv[23] cpu0/);
      await g.request('qRcmd,' + Buffer.from('frobnicate').toString('hex'));
      assert.match(g.console.join(''), /unknown monitor command 'frobnicate'/);
      // Kill: the run ends.
      g.request('k').catch(() => undefined);
      assert.equal(await run.exit, 137);
    } finally {
      g.close();
    }
  });

  it('interrupts an endless loop with Ctrl-C and walks Stage 2 from the monitor', async () => {
    run = await runGdb(join(FIX, 'loop.S'));
    const g = await RspClient.connect(run.port);
    try {
      g.request('c').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
      g.interrupt();
      assert.match(await g.next(), /^T02thread:1;/);
      assert.ok(le64(await g.request('p0')) > 1000n);
      await g.request('qRcmd,' + Buffer.from('s2walk 0x80000000').toString('hex'));
      assert.match(g.console.join(''), /runs no VM/);
      assert.equal(await g.request('D'), 'OK');
    } finally {
      g.close();
    }
    // Detached: the loop runs on; the process is still there.
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(run.proc.exitCode, null);
  });

  it('walks the Stage-2 tables of a VM from the monitor', async () => {
    run = await runGdb(join(FIX, 'vm.S'));
    const g = await RspClient.connect(run.port);
    try {
      // Run to the guest's HVC (the hypervisor's vector), then walk the guest page's IPA.
      assert.equal(await g.request('Z0,40080c00,4'), 'OK');
      assert.match(await g.request('c'), /^T05/);
      await g.request('qRcmd,' + Buffer.from('s2walk 0x80000008 3').toString('hex'));
      const text = g.console.join('');
      assert.match(text, /IPA 0x80000008 \(VMID 3\)/);
      assert.match(text, /L1: .* \(table\)\n {2}L2: .* \(table\)\n {2}L3: .* \(page\)\n {2}-> PA 0x4008[0-9a-f]+008/);
      assert.equal(await g.request('z0,40080c00,4'), 'OK');
      assert.match(await g.request('c'), /^W00/);
    } finally {
      g.close();
    }
    assert.equal(await run.exit, 0);
  });
});

describe('GDB server on a hypervisor system', function () {
  this.timeout(120000);
  let run: Run | null = null;
  afterEach(() => { if (run && run.proc.exitCode === null) run.proc.kill(); run = null; });

  it('binds a breakpoint in the guest world with monitor bind and stops in VM 1', async () => {
    const proc = spawn(process.execPath, [join(ROOT, 'bin/armvirt.js'), 'run', join(ROOT, 'guests/hello.S'), '--hyp', 'kvm', '--gdb', '0'], { cwd: ROOT, env: { ...process.env, ARMVIRT_FROM_SOURCE: '1' } });
    let err = '', out = '';
    proc.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    const exit = new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
    const port = await new Promise<number>((resolve) => proc.stderr!.on('data', (d: Buffer) => { err += d.toString(); const m = /listening on port (\d+)/.exec(err); if (m) resolve(Number(m[1])); }));
    run = { proc, port, out: () => out, err: () => err, exit };
    const g = await RspClient.connect(port);
    try {
      await g.request('qRcmd,' + Buffer.from('bind vm9').toString('hex'));
      assert.match(g.console.join(''), /no image is loaded in world 'vm9'; worlds: hyp, host, vm1/);
      await g.request('qRcmd,' + Buffer.from('bind vm1').toString('hex'));
      // 0x40000008 is both the lowvisor's and the guest's: bound in VM 1, only the guest stops there.
      assert.equal(await g.request('Z0,40000008,4'), 'OK');
      assert.match(await g.request('c'), /^T05thread:1;/);
      assert.equal(Buffer.from(await g.request('qThreadExtraInfo,1'), 'hex').toString(), 'vm1 vcpu0 · EL1');
      assert.equal(le64(await g.request('p20')), 0x40000008n);
      assert.equal(await g.request('z0,40000008,4'), 'OK');
      assert.match(await g.request('c'), /^W00/);
    } finally {
      g.close();
    }
    assert.equal(await exit, 0);
    assert.match(out, /Hello from a guest/);
  });
});
