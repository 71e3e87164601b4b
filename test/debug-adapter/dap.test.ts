// The debug adapter driven by @vscode/debugadapter-testsupport's DebugClient, over stdio (a
// child process) and over a TCP port, on a bare-metal program that drops EL2→EL1, stores to a
// variable, makes an HVC and touches the UART.

import { strict as assert } from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { andStop, evalNum, HVC, launch, lineOf, LOOP, pc, startStdio, startTcp, stoppedAt, top, type Adapter } from './helpers';

const ENTRY = 0x40080000n;

for (const transport of ['stdio', 'tcp'] as const) {
  describe(`debug adapter over ${transport}`, function () {
    this.timeout(60000);
    let a: Adapter;
    beforeEach(async () => { a = transport === 'stdio' ? await startStdio() : await startTcp(); });
    afterEach(async () => { await a.close(); });

    it('breaks on the HVC filter with ESR_EL2 decoded, reads registers and HCR_EL2 fields', async () => {
      const { dc } = a;
      const stop = stoppedAt(dc, 'exception');
      await launch(dc, { program: HVC }, () => dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'hvc', condition: 'esr.iss == 0x8 && from == 1' }] }));
      const ev = await stop;
      assert.match(ev.body.description ?? '', /HVC/);
      const info = await dc.exceptionInfoRequest({ threadId: 0 });
      assert.equal(info.body.exceptionId, 'hvc');
      assert.match(info.body.description ?? '', /HVC64/);
      assert.match(info.body.description ?? '', /imm16=0x8/);
      // Landed in the EL2 vector (lower EL, sync), thread named with its EL.
      assert.equal(await pc(dc), ENTRY + 0xc00n);
      const threads = await dc.threadsRequest();
      assert.equal(threads.body.threads[0].name, 'cpu0 · hyp · EL2');
      const frames = await top(dc);
      assert.match(frames[0].name, /el2_sync_lower.*EL2 handler \(HVC64\)/);
      assert.match(frames[1].name, /· EL1 \(called: HVC64\)/);
      assert.equal(frames[1].line, lineOf(HVC, 'hvc'));
      // Registers and system register fields.
      assert.equal(await evalNum(dc, 'x0'), 0x1234n);
      assert.equal(await evalNum(dc, 'HCR_EL2.RW'), 1n);
      assert.equal(await evalNum(dc, 'HCR_EL2.IMO'), 1n);
      assert.equal(await evalNum(dc, 'ESR_EL2.EC'), 0x16n);
      const scopes = await dc.scopesRequest({ frameId: frames[0].id });
      const el2 = scopes.body.scopes.find((s) => s.name === 'EL2 system registers')!;
      const regs = (await dc.variablesRequest({ variablesReference: el2.variablesReference })).body.variables;
      const hcr = regs.find((v) => v.name === 'HCR_EL2')!;
      const fields = (await dc.variablesRequest({ variablesReference: hcr.variablesReference })).body.variables;
      assert.match(fields.find((f) => f.name === 'RW')!.value, /^1/);
      assert.match(fields.find((f) => f.name === 'VM')!.value, /^0/);
      const esr = regs.find((v) => v.name === 'ESR_EL2')!;
      const esrFields = (await dc.variablesRequest({ variablesReference: esr.variablesReference })).body.variables;
      assert.match(esrFields.find((f) => f.name === 'EC')!.value, /HVC64/);
      const gpr = (await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference })).body.variables;
      assert.equal(gpr.find((v) => v.name === 'x0')?.value, '0x0000000000001234');
      const traps = scopes.body.scopes.find((s) => s.name === 'Trap history')!;
      const hist = (await dc.variablesRequest({ variablesReference: traps.variablesReference })).body.variables;
      assert.match(hist[0].value, /HVC64 EL1→EL2/);
      // setVariable on a register and on a system register field.
      await dc.setVariableRequest({ variablesReference: scopes.body.scopes[0].variablesReference, name: 'x7', value: '0x77' });
      assert.equal(await evalNum(dc, 'x7'), 0x77n);
      await dc.setVariableRequest({ variablesReference: hcr.variablesReference, name: 'TWI', value: '1' });
      assert.equal(await evalNum(dc, 'HCR_EL2.TWI'), 1n);
    });

    it('steps into the HVC (EL2 vector), out to the instruction after it at EL1, and back across the exception', async () => {
      const { dc } = a;
      const stop = stoppedAt(dc, 'breakpoint');
      await launch(dc, { program: HVC }, () => dc.setBreakpointsRequest({ source: { path: HVC }, breakpoints: [{ line: lineOf(HVC, 'hvc') }] }));
      await stop;
      const frames = await top(dc);
      assert.equal(frames[0].line, lineOf(HVC, 'hvc'));
      assert.equal(await evalNum(dc, 'el'), 1n);
      const hvcPc = await pc(dc);
      await andStop(dc, dc.stepInRequest({ threadId: 0, granularity: 'instruction' }), 'step');
      assert.equal(await pc(dc), ENTRY + 0xc00n);
      assert.equal(await evalNum(dc, 'el'), 2n);
      await andStop(dc, dc.stepInRequest({ threadId: 0, granularity: 'instruction' }), 'step');
      await andStop(dc, dc.stepOutRequest({ threadId: 0 }), 'step');
      assert.equal(await pc(dc), hvcPc + 4n);
      assert.equal(await evalNum(dc, 'el'), 1n);
      assert.equal((await top(dc))[0].line, lineOf(HVC, 'after-hvc'));
      // Back across the ERET: into the handler at EL2 again.
      await andStop(dc, dc.stepBackRequest({ threadId: 0, granularity: 'instruction' }), 'step');
      assert.equal(await evalNum(dc, 'el'), 2n);
      const back = await pc(dc);
      assert.equal((await dc.disassembleRequest({ memoryReference: '0x' + back.toString(16), instructionCount: 1 })).body!.instructions[0].instruction, 'eret');
      // And step over the HVC from the start: stays at EL1.
      await andStop(dc, dc.reverseContinueRequest({ threadId: 0 }), 'breakpoint');
      assert.equal(await pc(dc), hvcPc);
      assert.equal(await evalNum(dc, 'x11'), 0n);
      await andStop(dc, dc.nextRequest({ threadId: 0, granularity: 'instruction' }), 'step');
      assert.equal(await pc(dc), hvcPc + 4n);
      assert.equal(await evalNum(dc, 'x11'), 1n);
      // Continue to the end.
      const term = dc.waitForEvent('terminated');
      await dc.continueRequest({ threadId: 0 });
      await term;
    });

    it('hits a data breakpoint on a store, reads memory, disassembles around the PC', async () => {
      const { dc } = a;
      const stop = stoppedAt(dc, 'data breakpoint');
      await launch(dc, { program: HVC }, async () => {
        const info = await dc.dataBreakpointInfoRequest({ name: 'counter' });
        assert.ok(info.body.dataId);
        await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
      });
      await stop;
      // Stopped after the store.
      assert.equal((await top(dc))[0].line, lineOf(HVC, 'store') + 1);
      assert.equal(await evalNum(dc, '*(u64*)counter'), 42n);
      const addr = await evalNum(dc, '&counter');
      const mem = await dc.customRequest('readMemory', { memoryReference: '0x' + addr.toString(16), count: 8 }) as DebugProtocol.ReadMemoryResponse;
      assert.equal(Buffer.from(mem.body!.data!, 'base64').readBigUInt64LE(0), 42n);
      const pmem = await dc.customRequest('readMemory', { memoryReference: 'pa:0x' + addr.toString(16), count: 8 }) as DebugProtocol.ReadMemoryResponse;
      assert.equal(Buffer.from(pmem.body!.data!, 'base64').readBigUInt64LE(0), 42n);
      const here = await pc(dc);
      const dis = await dc.disassembleRequest({ memoryReference: '0x' + here.toString(16), instructionOffset: -2, instructionCount: 5 });
      const ins = dis.body!.instructions;
      assert.equal(ins.length, 5);
      assert.equal(BigInt(ins[2].address), here);
      assert.match(ins[1].instruction, /^str x2, \[x1\]/);
      assert.match(ins[2].instruction, /^bl /);
      assert.equal(ins[1].line, lineOf(HVC, 'store'));
      // Function breakpoint, then the MMIO filter.
      await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'helper' }] });
      await dc.setDataBreakpointsRequest({ breakpoints: [] });
      await andStop(dc, dc.continueRequest({ threadId: 0 }), 'function breakpoint');
      assert.equal((await top(dc))[0].line, lineOf(HVC, 'helper'));
      await dc.setExceptionBreakpointsRequest({ filters: ['mmio'] });
      await andStop(dc, dc.continueRequest({ threadId: 0 }), 'exception');
      assert.equal((await top(dc))[0].line, lineOf(HVC, 'mmio') + 1);
    });

    it('answers malformed and out-of-order requests with errors and keeps running', async () => {
      const { dc } = a;
      await assert.rejects(dc.stackTraceRequest({ threadId: 0 }), /no program/);
      await dc.initializeRequest({ adapterID: 'armvirt', pathFormat: 'path' });
      await assert.rejects(dc.launchRequest({ hypervisor: 'vmware', program: HVC } as DebugProtocol.LaunchRequestArguments), /must be none, xen, kvm or kvm-vhe/);
      await assert.rejects(dc.launchRequest({ hypervisor: 'kvm', guests: [42] } as DebugProtocol.LaunchRequestArguments), /guests/);
      await assert.rejects(dc.launchRequest({ program: HVC, guests: [HVC] } as DebugProtocol.LaunchRequestArguments), /needs a hypervisor/);
      await assert.rejects(dc.launchRequest({ program: HVC, gdbPort: -3 } as DebugProtocol.LaunchRequestArguments), /gdbPort/);
      await assert.rejects(dc.customRequest('armvirt/stage2Map', {}), /no program/);
      await assert.rejects(dc.customRequest('gotoTargets', { source: { path: HVC }, line: 1 }), /no program/);
      await assert.rejects(dc.launchRequest({} as DebugProtocol.LaunchRequestArguments), /program/);
      await assert.rejects(dc.launchRequest({ program: HVC, gic: 4 } as DebugProtocol.LaunchRequestArguments), /gic/);
      await assert.rejects(dc.customRequest('noSuchRequest'), /.*/);
      const entry = stoppedAt(dc, 'entry');
      await launch(dc, { program: HVC, stopOnEntry: true });
      await entry;
      assert.equal(await pc(dc), ENTRY);
      await assert.rejects(dc.evaluateRequest({ expression: 'x1 +', context: 'repl' }), /end of expression/);
      await assert.rejects(dc.variablesRequest({ variablesReference: 99999 }), /unknown variables reference/);
      await assert.rejects(dc.customRequest('readMemory', { memoryReference: 'nonsense', count: 4 }), /memory reference/);
      await assert.rejects(dc.setBreakpointsRequest({ source: {} } as DebugProtocol.SetBreakpointsArguments), /source.path/);
      await assert.rejects(dc.customRequest('setDataBreakpoints', {}), /array/);
      await assert.rejects(dc.customRequest('exceptionInfo', { threadId: 0 }), /did not stop on an exception/);
      await assert.rejects(dc.customRequest('gotoTargets', { line: 3 }), /source.path/);
      await assert.rejects(dc.customRequest('goto', { threadId: 0, targetId: 1 }), /unknown target/);
      await assert.rejects(dc.customRequest('armvirt/stage2Walk', { ipa: 'zz' }), /ipa/);
      // Stage 2 off and no VM seen: an empty map, not an error.
      const m = await dc.customRequest('armvirt/stage2Map', {});
      assert.deepEqual([m.body.enabled, m.body.ranges], [false, []]);
      await assert.rejects(dc.customRequest('armvirt/timeline', 'x'), /object/);
      await assert.rejects(dc.attachRequest({} as DebugProtocol.AttachRequestArguments), /already launched/);
      // Still alive.
      assert.equal(await evalNum(dc, 'pc'), ENTRY);
    });

    it('pauses an infinite loop; disconnect leaves no process', async () => {
      const { dc } = a;
      await launch(dc, { program: LOOP });
      await new Promise((r) => setTimeout(r, 300));
      await andStop(dc, dc.pauseRequest({ threadId: 0 }), 'pause');
      const x0 = await evalNum(dc, 'x0');
      assert.ok(x0 > 1000n, `x0 = ${x0}`);
      await dc.continueRequest({ threadId: 0 });
      await new Promise((r) => setTimeout(r, 100));
      const exited = a.proc ? new Promise<number | null>((r) => a.proc!.once('exit', (code) => r(code))) : null;
      await dc.disconnectRequest({ terminateDebuggee: true });
      if (exited) assert.equal(await exited, 0);
    });
  });
}

describe('debug adapter: conditions, logpoints, line steps', function () {
  this.timeout(60000);
  let a: Adapter;
  beforeEach(async () => { a = await startTcp(); });
  afterEach(async () => { await a.close(); });

  it('logs through a logpoint, skips a false condition, steps over a call by line', async () => {
    const { dc } = a;
    const logged = new Promise<string>((r) => dc.on('output', (e: DebugProtocol.OutputEvent) => { if (e.body.output.startsWith('x2=')) r(e.body.output); }));
    const stop = stoppedAt(dc, 'breakpoint');
    await launch(dc, { program: HVC }, () => dc.setBreakpointsRequest({ source: { path: HVC }, breakpoints: [
      { line: lineOf(HVC, 'store'), logMessage: 'x2={x2}' },
      { line: lineOf(HVC, 'helper'), condition: 'x2 == 7' },
      { line: lineOf(HVC, 'call'), hitCondition: '1' },
    ] }));
    await stop;
    assert.equal(await logged, 'x2=0x2a\n');
    assert.equal((await top(dc))[0].line, lineOf(HVC, 'call'));
    await andStop(dc, dc.nextRequest({ threadId: 0 }), 'step');
    assert.equal((await top(dc))[0].line, lineOf(HVC, 'before-hvc'));
    assert.equal(await evalNum(dc, 'x2'), 43n);
    await andStop(dc, dc.stepBackRequest({ threadId: 0 }), 'step');
    assert.equal((await top(dc))[0].line, lineOf(HVC, 'helper') + 1);
  });
});
