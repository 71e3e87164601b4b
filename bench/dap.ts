// Debug adapter latency and speed (issue 8 targets): a DebugClient drives an in-process adapter
// over TCP.
//   step      one instruction step, request → stopped event (target < 20 ms); the same through
//             the GDB server (cli/gdb), `s` packet → stop reply
//   continue  continue to a breakpoint 100 M instructions ahead, as MIPS, against the CLI's raw
//             run loop (createVirtMachine + runSlice, as `armvirt run`) on the same program
//             (target ≥ 80%)
//   node scripts/bench.mjs dap [--json] [--insns N]

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { SLICE } from '../cli/commands/run';
import { connect } from 'node:net';
import { serveDap } from '../debug-adapter/main';
import { Debugger } from '../debug-adapter/model/debugger';
import { readSource } from '../debug-adapter/model/program';
import { Relay } from '../debug-adapter/model/relay';
import { Target } from '../debug-adapter/model/target';
import { frame, RspReader } from '../cli/gdb/rsp';
import { startGdbServer } from '../cli/gdb/server';
import { createVirtMachine } from '../emulator/machine/virt';

function program(insns: number): string {
  // Two instructions per iteration: subs + b.ne.
  const iters = Math.floor(insns / 2);
  return `
    .global _start
_start:
    ldr x0, =${iters}
1:  subs x0, x0, #1
    b.ne 1b
done:
    mov x1, #1
    ldr x0, =0x84000008
    smc #0
`;
}

function rawMips(file: string, src: string): { mips: number; insns: number } {
  const m = createVirtMachine({ semihosting: true, uartOutput: () => undefined });
  m.loadAndBoot(file, new TextEncoder().encode(src));
  const t0 = process.hrtime.bigint();
  while (!m.runSlice(SLICE)) { /* as the CLI, one slice at a time */ }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { mips: m.instructions / s / 1e6, insns: m.instructions };
}

/** Single steps through the GDB server (cli/gdb) on the same program: `s` packet to stop reply. */
async function gdbStepLatency(file: string, src: string): Promise<{ mean: number; p95: number }> {
  const relay = new Relay();
  const t = new Target({ kind: 'program', path: file, bytes: new TextEncoder().encode(src) }, { output: () => undefined }, readSource);
  const srv = await startGdbServer(new Debugger(t, relay), relay, 0);
  const sock = connect({ port: srv.port, host: '127.0.0.1' });
  sock.setNoDelay(true);
  await new Promise<void>((r) => sock.once('connect', () => r()));
  const reader = new RspReader();
  let waiting: (() => void) | null = null;
  sock.on('data', (d) => { for (const m of reader.push(d)) if (m.kind === 'packet') { sock.write('+'); waiting?.(); } });
  const lat: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = process.hrtime.bigint();
    const reply = new Promise<void>((r) => { waiting = r; });
    sock.write(frame('s'));
    await reply;
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  sock.destroy();
  srv.close();
  lat.sort((a, b) => a - b);
  return { mean: lat.reduce((a, b) => a + b, 0) / lat.length, p95: lat[Math.floor(lat.length * 0.95)] };
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const ni = process.argv.indexOf('--insns');
  const insns = ni >= 0 ? Number(process.argv[ni + 1]) : 100_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'armvirt-dap-bench-'));
  const file = join(dir, 'loop.S');
  const src = program(insns);
  writeFileSync(file, src);
  const doneLine = src.split('\n').findIndex((l) => l.startsWith('done:')) + 2;

  const server = await serveDap(0);
  const addr = server.address();
  const dc = new DebugClient('node', '', 'armvirt');
  dc.defaultTimeout = 600000;
  await dc.start(typeof addr === 'object' && addr ? addr.port : 0);
  await dc.initializeRequest({ adapterID: 'armvirt', pathFormat: 'path', linesStartAt1: true });
  const init = dc.waitForEvent('initialized');
  const entry = dc.waitForEvent('stopped');
  await dc.launchRequest({ program: file, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
  await init;
  await dc.configurationDoneRequest();
  await entry;

  // Single instruction steps.
  const N = 200;
  const lat: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = process.hrtime.bigint();
    const s = dc.waitForEvent('stopped');
    await dc.stepInRequest({ threadId: 0, granularity: 'instruction' });
    await s;
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  lat.sort((a, b) => a - b);
  const stepMean = lat.reduce((a, b) => a + b, 0) / N;
  const stepP95 = lat[Math.floor(N * 0.95)];

  // Continue to a breakpoint at `done`.
  await dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: doneLine }] });
  const before = BigInt((await dc.evaluateRequest({ expression: 'x0', context: 'repl', frameId: 0 })).body.result.split(' ')[0]);
  const t0 = process.hrtime.bigint();
  const hit = dc.waitForEvent('stopped');
  await dc.continueRequest({ threadId: 0 });
  const ev = (await hit) as DebugProtocol.StoppedEvent;
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const ran = Number(before) * 2;
  const dapMips = ran / secs / 1e6;
  await dc.disconnectRequest({});
  await dc.stop();
  server.close();

  const gdb = await gdbStepLatency(file, src);
  const raw = rawMips(file, src);
  const ratio = dapMips / raw.mips;
  const report = {
    step: { meanMs: stepMean, p95Ms: stepP95, targetMs: 20, met: stepP95 < 20 },
    gdbStep: { meanMs: gdb.mean, p95Ms: gdb.p95, targetMs: 20, met: gdb.p95 < 20 },
    continue: { instructions: ran, stopReason: ev.body.reason, seconds: secs, mips: dapMips, rawMips: raw.mips, ratio, target: 0.8, met: ratio >= 0.8 },
  };
  if (json) process.stdout.write(JSON.stringify(report) + '\n');
  else {
    process.stdout.write(`step (instruction): mean ${stepMean.toFixed(2)} ms, p95 ${stepP95.toFixed(2)} ms (target < 20 ms)\n`);
    process.stdout.write(`GDB server step (s packet → stop reply): mean ${gdb.mean.toFixed(2)} ms, p95 ${gdb.p95.toFixed(2)} ms (target < 20 ms)\n`);
    process.stdout.write(`continue to a breakpoint ${ran} instructions ahead: ${secs.toFixed(2)} s, ${dapMips.toFixed(1)} MIPS ` +
      `vs raw ${raw.mips.toFixed(1)} MIPS = ${(ratio * 100).toFixed(0)}% (target ≥ 80%), stop: ${ev.body.reason}\n`);
  }
}

main().catch((e: Error) => { process.stderr.write(`bench dap: ${e.stack ?? e.message}\n`); process.exit(1); });
