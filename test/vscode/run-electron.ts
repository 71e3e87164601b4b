// npm run test:vscode: the same in-VS Code suites through the standard route,
// @vscode/test-electron, which downloads a desktop VS Code (an optional dependency; it cannot
// reach the download on the CI machines, where run-server.ts runs the suites in code-server).
// UI checks (screenshots) need the Playwright driver and are skipped here.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSuite, ROOT } from './build-suite';

async function main(): Promise<number> {
  let runTests: typeof import('@vscode/test-electron').runTests;
  try {
    ({ runTests } = await import('@vscode/test-electron'));
  } catch {
    process.stderr.write('test:vscode needs the optional dependency @vscode/test-electron (npm install); use npm run test:vscode-server here\n');
    return 2;
  }
  const suite = await buildSuite();
  const tmp = mkdtempSync(path.join(tmpdir(), 'armvirt-electron-'));
  const results = path.join(tmp, 'results.json');
  try {
    await runTests({
      extensionDevelopmentPath: ROOT, extensionTestsPath: suite,
      launchArgs: [path.join(ROOT, 'test/vscode/workspace'), '--disable-workspace-trust', '--user-data-dir', path.join(tmp, 'data')],
      extensionTestsEnv: { ARMVIRT_VSCODE_RESULTS: results },
    });
  } catch (e) {
    process.stderr.write(`test:vscode: ${(e as Error).message}\n`);
    return 1;
  }
  const r = JSON.parse(readFileSync(results, 'utf8')) as { passed: number; failed: number; pending: number };
  process.stdout.write(`in-VS Code suites (Electron): ${r.passed} passed, ${r.failed} failed, ${r.pending} skipped\n`);
  return r.failed ? 1 : 0;
}

main().then((c) => process.exit(c), (e: Error) => { process.stderr.write(`${e.message}\n`); process.exit(1); });
