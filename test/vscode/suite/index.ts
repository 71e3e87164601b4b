// The entry VS Code loads as extensionTestsPath (bundled to out/vscode-test/index.js by
// test/vscode/build-suite.ts): runs the in-VS Code mocha suites inside the extension host and
// writes the outcome to $ARMVIRT_VSCODE_RESULTS for the driver (run-server.ts / run-electron.ts).

import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { registerDebugSuite } from './debug.suite';
import { registerLspSuite } from './lsp.suite';
import { registerErrorSuite } from './errors.suite';
import { registerAdapterSuite } from './adapter.suite';

export interface SuiteResults { passed: number; failed: number; pending: number; tests: { title: string; state: string; error?: string }[] }

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'armvirt-vscode', mocha);
  registerLspSuite();
  registerDebugSuite();
  registerErrorSuite();
  registerAdapterSuite();
  const results: SuiteResults = { passed: 0, failed: 0, pending: 0, tests: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const out = process.env.ARMVIRT_VSCODE_RESULTS;
      if (out) writeFileSync(out, JSON.stringify(results, null, 2));
      if (failures) reject(new Error(`${failures} in-VS Code test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => { results.passed++; results.tests.push({ title: t.fullTitle(), state: 'passed' }); });
    runner.on('fail', (t, err: Error) => { results.failed++; results.tests.push({ title: t.fullTitle(), state: 'failed', error: err?.stack ?? String(err) }); });
    runner.on('pending', (t) => { results.pending++; results.tests.push({ title: t.fullTitle(), state: 'pending', error: (t as Mocha.Test & { skipReason?: string }).skipReason }); });
  });
}
