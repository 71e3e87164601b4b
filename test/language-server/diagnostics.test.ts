// Diagnostics over a real LSP connection: the broken-file corpus with exact ranges, the
// architectural warnings, errors inside included files, and bad input (binary data, a 10 MB
// file, an .include cycle) that must give a clear diagnostic and leave the server running.

import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClient, uriOf, type Client } from './client';
import { CORPUS } from './corpus';

describe('language server: diagnostics', () => {
  let c: Client;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'armvirt-lsp-'));
    c = await startClient();
  });
  after(async () => {
    await c.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const k of CORPUS) {
    it(`reports ${k.name} with exact ranges`, async () => {
      const d = await c.open(join(dir, `${k.name.replace(/\W+/g, '_')}.S`), k.src);
      const got = d.map((x) => [x.range.start.line, x.range.start.character, x.range.end.character, x.severity, x.message] as const);
      assert.equal(got.length, k.expect.length, `got ${JSON.stringify(got)}`);
      k.expect.forEach((e, i) => {
        assert.deepEqual(got[i].slice(0, 4), e.slice(0, 4), `diagnostic ${i}: ${JSON.stringify(got[i])}`);
        assert.match(got[i][4], e[4]);
        assert.equal(d[i].range.start.line, d[i].range.end.line);
      });
    });
  }

  it('publishes nothing for a clean file and updates after an edit (didChange)', async () => {
    const path = join(dir, 'clean.S');
    assert.deepEqual(await c.open(path, '_start:\n    mov x0, #1\n    b _start\n'), []);
    const d = await c.change(path, '_start:\n    mov x0, #1\n    b _stort\n');
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, { start: { line: 2, character: 6 }, end: { line: 2, character: 12 } });
  });

  it('uses the configured HCR_EL2 for trap warnings', async () => {
    const c2 = await startClient({ hcrEl2: '0x4000000' }); // TVM only
    try {
      const d = await c2.open(join(dir, 'tvm.S'), '// armvirt: el1\n    msr sctlr_el1, x0\n    msr actlr_el1, x0\n    wfi\n');
      assert.equal(d.length, 1);
      assert.match(d[0].message, /^MSR to SCTLR_EL1 at EL1 traps to EL2: HCR_EL2\.TVM is set in the hypervisor's HCR_EL2 \(0x4000000\)$/);
    } finally {
      await c2.close();
    }
  });

  it('shows an error in an included file on the .include line, with the real place as related information', async () => {
    writeFileSync(join(dir, 'bad-inc.S'), '    nop\n    add x0, x1\n');
    const d = await c.open(join(dir, 'uses-bad.S'), '    nop\n    .include "bad-inc.S"\n');
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, { start: { line: 1, character: 13 }, end: { line: 1, character: 24 } });
    assert.match(d[0].message, /^bad-inc\.S:2:\d+: /);
    assert.equal(d[0].relatedInformation?.[0].location.uri, uriOf(join(dir, 'bad-inc.S')));
    assert.equal(d[0].relatedInformation?.[0].location.range.start.line, 1);
  });

  describe('bad input', () => {
    it('binary garbage: one clear error, no crash', async () => {
      let junk = '';
      for (let i = 0; i < 20000; i++) junk += String.fromCharCode((i * 7919) % 256);
      const d = await c.open(join(dir, 'garbage.S'), junk);
      assert.equal(d.length, 1);
      assert.match(d[0].message, /binary data/);
      assert.equal(c.proc.exitCode, null);
    });

    it('a 10 MB file: one clear warning, and the server still answers', async () => {
      const line = '    add x0, x1, #1 // padding padding padding padding\n';
      const big = line.repeat(Math.ceil((10 * 1048576) / line.length));
      const t = Date.now();
      const d = await c.open(join(dir, 'big.S'), big);
      assert.equal(d.length, 1);
      assert.match(d[0].message, /^file too large for live diagnostics \(10\.0 MB/);
      assert.ok(Date.now() - t < 10000);
      const h = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: uriOf(join(dir, 'big.S')) }, position: { line: 0, character: 5 } });
      assert.match(h!.contents.value, /^\*\*add\*\*/);
    });

    it('an .include cycle: a clear error naming the cycle', async () => {
      writeFileSync(join(dir, 'cyc-a.S'), '    nop\n    .include "cyc-b.S"\n');
      writeFileSync(join(dir, 'cyc-b.S'), '    .include "cyc-a.S"\n');
      const d = await c.open(join(dir, 'cyc-a.S'), '    nop\n    .include "cyc-b.S"\n');
      assert.equal(d.length, 1);
      assert.equal(d[0].range.start.line, 1);
      assert.match(d[0].message, /include cycle: .*cyc-a\.S -> .*cyc-b\.S -> .*cyc-a\.S/);
    });

    it('a missing include: a clear error on the .include line', async () => {
      const d = await c.open(join(dir, 'missing.S'), '.include "nope.S"\n');
      assert.equal(d.length, 1);
      assert.deepEqual([d[0].range.start.line, d[0].severity], [0, 1]);
      assert.match(d[0].message, /cannot read 'nope\.S'/);
    });

    it('requests on unknown documents and positions out of range answer empty', async () => {
      const none = await c.request('textDocument/hover', { textDocument: { uri: 'file:///no/such.S' }, position: { line: 0, character: 0 } });
      assert.equal(none, null);
      const far = await c.request('textDocument/definition', { textDocument: { uri: uriOf(join(dir, 'clean.S')) }, position: { line: 9999, character: 9999 } });
      assert.deepEqual(far, []);
    });
  });
});
