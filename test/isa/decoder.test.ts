// Decoder invariants that need no external tool.

import { strict as assert } from 'node:assert';
import { A64 } from '../../emulator/isa/table';
import { a64Decoder, disassemble } from '../../emulator/isa/disasm';
import { Decoder } from '../../emulator/isa/decoder';
import { encodeInstruction } from '../../emulator/isa/asm/encode';
import { rng } from '../support/objdump';

describe('A64 decoder', () => {
  it('has unique row ids and patterns whose fixed bits are consistent', () => {
    const ids = new Set<string>();
    for (const r of A64) {
      assert.ok(!ids.has(r.id), `duplicate row id ${r.id}`);
      ids.add(r.id);
      assert.equal((r.pattern.value & ~r.pattern.mask) >>> 0, 0, `${r.id}: value bits outside mask`);
      if (r.aliasOf) assert.ok(A64.some((x) => x.id === r.aliasOf), `${r.id}: aliasOf ${r.aliasOf} is not a row`);
    }
  });

  it('never throws on 300,000 random words (decode and disassemble)', () => {
    const next = rng(99);
    const dec = a64Decoder();
    for (let i = 0; i < 300_000; i++) {
      const w = next();
      dec.decode(w);
      const d = disassemble(w, BigInt(i) * 4n);
      assert.equal(typeof d.text, 'string');
    }
  });

  it('prints unallocated words as objdump does', () => {
    assert.equal(disassemble(0xffffffff).text, '.inst\t0xffffffff ; undefined');
    assert.equal(disassemble(0x00000000).text.startsWith('udf') || disassemble(0).text.startsWith('.inst'), true);
  });

  it('without aliases decodes every alias word to the row it aliases', () => {
    const base = new Decoder(A64, { aliases: false });
    const next = rng(5);
    for (const r of A64.filter((x) => x.aliasOf && !x.asmOnly)) {
      for (let k = 0; k < 20; k++) {
        const w = ((next() & ~r.pattern.mask) | r.pattern.value) >>> 0;
        const d = a64Decoder().decode(w);
        if (d?.id !== r.id) continue;
        const b = base.decode(w);
        assert.ok(b && !b.aliasOf, `${r.id}: ${w.toString(16)} has no base row`);
      }
    }
  });

  it('encodes ADD (immediate) with the shifted form', () => {
    const r = encodeInstruction('add', 'x0, x1, #1, lsl #12', 0n, () => undefined);
    assert.ok(r.ok);
    assert.equal(r.word, 0x91400420);
    const e = encodeInstruction('add', 'x0, x1, #5000', 0n, () => undefined);
    assert.ok(!e.ok && /out of range/.test(e.error));
  });
});
