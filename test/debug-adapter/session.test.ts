// Session life cycle: attach to a target left running in an `armvirt dap --port` server (through
// a stdio adapter that proxies to it), restart, terminate and disconnect in the middle of a run,
// cancel, and the launch option gdbPort, with a real `armvirt dap --port 0` child process.

import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { takeParked } from '../../debug-adapter/shared';
import { andStop, evalNum, HVC, launch, LOOP, pc, ROOT, startStdio, startTcp, stoppedAt, type Adapter } from './helpers';
import { RspClient } from '../gdb/rsp-client';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `armvirt dap --port 0` as a child process; resolves with its port. */
async function cliServer(): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn(process.execPath, [join(ROOT, 'bin/armvirt.js'), 'dap', '--port', '0'], { cwd: ROOT, env: { ...process.env, ARMVIRT_FROM_SOURCE: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on port (\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    proc.once('exit', (c) => reject(new Error(`armvirt dap exited (${c}): ${err}`)));
  });
  return { proc, port };
}

/** CPU time (user + system, clock ticks) a process used so far (proc(5) stat fields 14 and 15). */
function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
}

async function connect(port: number): Promise<DebugClient> {
  const dc = new DebugClient('node', '', 'armvirt');
  dc.defaultTimeout = 20000;
  await dc.start(port);
  return dc;
}

describe('debug adapter: attach, restart, terminate, cancel', function () {
  this.timeout(60000);
  let a: Adapter;
  beforeEach(async () => { a = await startTcp(); });
  afterEach(async () => {
    await takeParked()?.dbg.halt(); // nothing left running in this process
    await a.close();
  });

  it('a target left running in the server is taken over by attach through a stdio adapter', async () => {
    const addr = a.server!.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    await launch(a.dc, { program: LOOP });
    await sleep(200);
    // Leave it running in the server.
    await a.dc.disconnectRequest({ terminateDebuggee: false });
    const b = await startStdio();
    try {
      await b.dc.initializeRequest({ adapterID: 'armvirt', pathFormat: 'path' });
      await assert.rejects(b.dc.attachRequest({ port: 'x' } as DebugProtocol.AttachRequestArguments), /port/);
      const init = b.dc.waitForEvent('initialized');
      await b.dc.attachRequest({ port } as DebugProtocol.AttachRequestArguments);
      await init;
      await b.dc.configurationDoneRequest();
      await andStop(b.dc, b.dc.pauseRequest({ threadId: 0 }), 'pause');
      const x0 = await evalNum(b.dc, 'x0');
      assert.ok(x0 > 1000n, `x0 = ${x0}: the loop ran while nobody was attached`);
      assert.equal((await b.dc.threadsRequest()).body.threads[0].name, 'cpu0 · hyp · EL2');
      await b.dc.continueRequest({ threadId: 0 });
      await sleep(100);
      await andStop(b.dc, b.dc.pauseRequest({ threadId: 0 }), 'pause');
      assert.ok((await evalNum(b.dc, 'x0')) > x0);
      const exited = new Promise<number | null>((r) => b.proc!.once('exit', (c) => r(c)));
      await b.dc.continueRequest({ threadId: 0 });
      await b.dc.disconnectRequest({ terminateDebuggee: true });
      assert.equal(await exited, 0);
      assert.equal(takeParked(), null, 'terminated, not parked');
    } finally {
      await b.close();
    }
    // A second attach finds nothing waiting.
    const c = await connect(port);
    try {
      await c.initializeRequest({ adapterID: 'armvirt', pathFormat: 'path' });
      await assert.rejects(c.attachRequest({} as DebugProtocol.AttachRequestArguments), /no target is waiting/);
    } finally {
      await c.stop();
    }
  });

  it('restarts mid-run and at the end; cancel pauses a run', async () => {
    const { dc } = a;
    await launch(dc, { program: LOOP });
    await sleep(150);
    const reasons: string[] = [];
    const two = new Promise<void>((r) => dc.on('stopped', (e: DebugProtocol.StoppedEvent) => { reasons.push(e.body.reason); if (reasons.length === 2) r(); }));
    await dc.restartRequest({});
    await two;
    // Mid-run: paused first, then back at the entry.
    assert.deepEqual(reasons, ['pause', 'entry']);
    assert.equal(await evalNum(dc, 'x0'), 0n);
    assert.equal(await pc(dc), 0x40080000n);
    // cancel the continue that is running now.
    const cont = await dc.continueRequest({ threadId: 0 }) as DebugProtocol.ContinueResponse;
    await sleep(100);
    await andStop(dc, dc.customRequest('cancel', { requestId: cont.request_seq }), 'pause');
    assert.ok((await evalNum(dc, 'x0')) > 0n);
  });

  it('restarts a program that has exited', async () => {
    const { dc } = a;
    const term = dc.waitForEvent('exited');
    await launch(dc, { program: HVC });
    await term;
    await assert.rejects(dc.continueRequest({ threadId: 0 }), /exited/);
    await andStop(dc, dc.restartRequest({}), 'entry');
    assert.equal(await pc(dc), 0x40080000n);
    const again = dc.waitForEvent('exited');
    await dc.continueRequest({ threadId: 0 });
    assert.equal(((await again) as DebugProtocol.ExitedEvent).body.exitCode, 0);
  });
});

describe('debug adapter: armvirt dap --port as a process', function () {
  this.timeout(60000);
  let srv: { proc: ChildProcess; port: number };
  beforeEach(async () => { srv = await cliServer(); });
  afterEach(() => { srv.proc.kill(); });

  it('terminate and disconnect mid-run leave nothing running', async () => {
    for (const how of ['terminate', 'disconnect'] as const) {
      const dc = await connect(srv.port);
      await launch(dc, { program: LOOP });
      await sleep(300);
      const busy = cpuTicks(srv.proc.pid!);
      await sleep(1000);
      // (A loose bound: the machine's two cores are shared.)
      assert.ok(cpuTicks(srv.proc.pid!) - busy >= 10, 'the loop runs');
      if (how === 'terminate') {
        const t = dc.waitForEvent('terminated');
        await dc.terminateRequest({});
        await t;
      }
      await dc.disconnectRequest({ terminateDebuggee: true });
      await dc.stop();
      await sleep(200);
      const idle = cpuTicks(srv.proc.pid!);
      await sleep(1000);
      assert.ok(cpuTicks(srv.proc.pid!) - idle < 5, `${how}: the server still burns CPU`);
      assert.equal(srv.proc.exitCode, null, 'the server keeps serving');
    }
  });

  it('serves a GDB server on the same target with the launch option gdbPort', async () => {
    const dc = await connect(srv.port);
    const out: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => out.push(e.body.output));
    const entry = stoppedAt(dc, 'entry');
    await launch(dc, { program: HVC, stopOnEntry: true, gdbPort: 0 });
    await entry;
    const m = /GDB server on port (\d+)/.exec(out.join(''));
    assert.ok(m, out.join(''));
    const g = await RspClient.connect(Number(m[1]));
    try {
      assert.match(await g.request('?'), /^T05thread:1;/);
      // Break at helper through the GDB server: the DAP client sees the stop too.
      const helper = await evalNum(dc, '&helper');
      assert.equal(await g.request(`Z0,${helper.toString(16)},4`), 'OK');
      const dapStop = stoppedAt(dc, 'instruction breakpoint');
      assert.match(await g.request('c'), /^T05/);
      await dapStop;
      assert.equal(await pc(dc), helper);
      assert.equal(BigInt('0x' + Buffer.from(await g.request('p20'), 'hex').reverse().toString('hex')), helper);
      assert.equal(await g.request(`z0,${helper.toString(16)},4`), 'OK');
    } finally {
      g.close();
      await dc.disconnectRequest({ terminateDebuggee: true });
      await dc.stop();
    }
  });
});
