// Test helpers for the debug adapter: start it over stdio (a child process we own, so the test
// can check it exits) or over TCP (in-process server), and find marked lines in fixtures.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { join, resolve } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { serveDap } from '../../debug-adapter/main';

export const ROOT = resolve(__dirname, '../..');
export const FIX = join(__dirname, 'fixtures');
export const HVC = join(FIX, 'hvc.S');
export const LOOP = join(FIX, 'loop.S');
export const VM = join(FIX, 'vm.S');

/** The 1-based line carrying `// @marker`. */
export function lineOf(file: string, marker: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(`// @${marker}`));
  if (i < 0) throw new Error(`no marker ${marker} in ${file}`);
  return i + 1;
}

/** DebugClient over streams we own (its own spawn hides the process from the test). */
class StreamClient extends DebugClient {
  attach(r: Readable, w: Writable): void { this.connect(r, w); }
}

export interface Adapter { dc: DebugClient; proc: ChildProcess | null; server: Server | null; close(): Promise<void> }

export async function startStdio(): Promise<Adapter> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'debug-adapter/main.ts')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const dc = new StreamClient('node', '', 'armvirt');
  dc.defaultTimeout = 20000;
  dc.attach(proc.stdout!, proc.stdin!);
  return {
    dc, proc, server: null,
    close: async () => { if (proc.exitCode === null && proc.signalCode === null) proc.kill(); },
  };
}

export async function startTcp(): Promise<Adapter> {
  const server = await serveDap(0);
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const dc = new DebugClient('node', '', 'armvirt');
  dc.defaultTimeout = 20000;
  await dc.start(port);
  return { dc, proc: null, server, close: async () => { await dc.stop(); await new Promise<void>((r) => server.close(() => r())); } };
}

/** initialize → launch → (initialized) → exception filters/breakpoints → configurationDone. */
export async function launch(dc: DebugClient, args: Record<string, unknown>, configure?: () => Promise<unknown>): Promise<void> {
  await dc.initializeRequest({ adapterID: 'armvirt', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  const init = dc.waitForEvent('initialized');
  await dc.launchRequest(args as DebugProtocol.LaunchRequestArguments);
  await init;
  if (configure) await configure();
  await dc.configurationDoneRequest();
}

export async function stoppedAt(dc: DebugClient, reason?: string): Promise<DebugProtocol.StoppedEvent> {
  const e = (await dc.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
  if (reason && e.body.reason !== reason) throw new Error(`stopped for '${e.body.reason}' (${e.body.description ?? ''}), expected '${reason}'`);
  return e;
}

export async function top(dc: DebugClient): Promise<DebugProtocol.StackFrame[]> {
  return (await dc.stackTraceRequest({ threadId: 0 })).body.stackFrames;
}

export async function pc(dc: DebugClient): Promise<bigint> {
  return BigInt((await top(dc))[0].instructionPointerReference!);
}

export async function evalNum(dc: DebugClient, expression: string): Promise<bigint> {
  const r = await dc.evaluateRequest({ expression, context: 'repl', frameId: 0 });
  return BigInt(r.body.result.split(' ')[0]);
}

/** Runs a request and waits for the stop it causes. */
export async function andStop(dc: DebugClient, p: Promise<unknown>, reason?: string): Promise<DebugProtocol.StoppedEvent> {
  const s = stoppedAt(dc, reason);
  await p;
  return s;
}
