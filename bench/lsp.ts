// Language server latency: time from a didChange on a 5,000-line assembly file to the
// publishDiagnostics notification for that version, over a real LSP connection to the server
// in a child process (the shipped bundle, built here with esbuild as scripts/build.mjs does).
// Each edit changes one line (an incremental change), alternating between a clean and a
// broken instruction, so every round re-assembles the whole file and the result differs.
//   node --import tsx bench/lsp.ts [--json] [--edits N] [--lines N] [--tsx]
//   (--tsx runs the server from the TypeScript sources instead of a bundle)

import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClient, uriOf } from '../test/language-server/client';

/** The target: diagnostics within 200 ms of the edit. */
export const TARGET_MS = 200;

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

/** A hypervisor-like source: macros, .equ, labels, branches, loads/stores, system registers. */
export function sourceOf(lines: number): string {
  const out = ['// armvirt: el2', '.equ STACK_SIZE, 0x4000', '.macro push2 a, b', '    stp \\a, \\b, [sp, #-16]!', '.endm', '    .text', '_start:'];
  const n = Math.max(1, Math.floor((lines - out.length) / 13));
  const body = (i: number): string[] => [
    `fn_${i}:`,
    '    push2 x29, x30',
    `    mov x0, #${i % 4096}`,
    `    add x1, x0, #${(i * 7) % 4096}`,
    '    ldr x2, [sp, #16]',
    '    str x2, [x1, #8]',
    '    mrs x3, esr_el2',
    '    msr elr_el2, x0',
    `    cmp x0, #${i % 100}`,
    `    b.ne fn_${(i * 31) % n}`,
    `    bl fn_${(i + 1) % n}`,
    '    ldp x29, x30, [sp], #16',
    '    ret',
  ];
  for (let i = 0; i < n; i++) out.push(...body(i));
  while (out.length < lines) out.push('    nop');
  return out.join('\n') + '\n';
}

async function main(): Promise<void> {
  const edits = arg('--edits', 30);
  const lines = arg('--lines', 5000);
  const json = process.argv.includes('--json');
  const dir = mkdtempSync(join(tmpdir(), 'armvirt-bench-lsp-'));
  let server: string[] | undefined;
  if (!process.argv.includes('--tsx')) {
    const out = join(dir, 'language-server.js');
    await build({ entryPoints: [join(__dirname, '..', 'language-server', 'main.ts')], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
    server = [out, '--stdio'];
  }
  const c = await startClient({}, server);
  try {
    const file = join(dir, 'big.S');
    const text = sourceOf(lines);
    writeFileSync(file, text);
    const t0 = performance.now();
    const first = await c.open(file, text);
    const openMs = performance.now() - t0;
    if (first.length) throw new Error(`the benchmark source has diagnostics: ${first[0].message}`);
    const uri = uriOf(file);
    const at = Math.floor(lines / 2);
    const original = text.split('\n')[at];
    const times: number[] = [];
    for (let k = 0; k < edits; k++) {
      const version = k + 2;
      const replacement = k % 2 === 0 ? '    add x0, x0, #99999' : original;
      const wait = c.diagnostics(uri, version);
      const t = performance.now();
      await c.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: at, character: 0 }, end: { line: at, character: original.length + 100 } }, text: replacement }],
      });
      const d = await wait;
      times.push(performance.now() - t);
      if ((d.length > 0) !== (k % 2 === 0)) throw new Error(`edit ${k}: unexpected diagnostics ${JSON.stringify(d.slice(0, 2))}`);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    const result = { lines, edits, openMs: +openMs.toFixed(1), medianMs: +q(0.5).toFixed(1), p95Ms: +q(0.95).toFixed(1), maxMs: +sorted[sorted.length - 1].toFixed(1), targetMs: TARGET_MS, pass: q(0.95) < TARGET_MS };
    if (json) console.log(JSON.stringify(result));
    else {
      console.log(`didChange → publishDiagnostics on a ${lines}-line file, ${edits} edits (server ${server ? 'bundle' : 'tsx'})`);
      console.log(`  first open ${result.openMs} ms; median ${result.medianMs} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms (target < ${TARGET_MS} ms): ${result.pass ? 'PASS' : 'FAIL'}`);
    }
  } finally {
    await c.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
