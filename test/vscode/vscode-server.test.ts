// The in-VS Code suites (test/vscode/suite: debugger, views, language client, launch errors) run
// inside a real VS Code — code-server 4.100.3 in Chromium through Playwright (run-server.ts) —
// as part of `npm test`; each inner test is mirrored here as a test of its own (passed, failed
// with the inner error, or skipped with its reason). Without code-server or Chromium the suite
// skips, saying why, except under CI=true, where it installs code-server and must run.

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { CHROMIUM, codeServerDir, codeServerInstalled, runInCodeServer, type RunResult } from './run-server';

const ROOT = path.resolve(__dirname, '../..');
const CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');

describe('in a real VS Code (code-server + Chromium)', function () {
  this.timeout(600000);
  let result: RunResult | undefined;

  before(async function () {
    const missing = [!codeServerInstalled() && `code-server 4.100.3 (${codeServerDir()}; scripts/install-code-server.sh)`, !existsSync(CHROMIUM) && `${CHROMIUM} (apt-get install chromium)`].filter(Boolean);
    if (missing.length && !CI) {
      this.test?.parent?.addTest(new Mocha.Test(`in-VS Code suites (not run: ${missing.join(' and ')} not installed)`));
      return;
    }
    if (!codeServerInstalled()) execFileSync('bash', [path.join(ROOT, 'scripts/install-code-server.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (!existsSync(path.join(ROOT, 'dist/extension.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
    result = await runInCodeServer({ quiet: true });
    const suite = this.test?.parent;
    for (const t of result.tests) {
      suite?.addTest(new Mocha.Test(t.title, function (this: Mocha.Context) {
        if (t.state === 'pending') this.skip();
        if (t.state === 'failed') throw new Error(t.error ?? 'failed');
      }));
    }
  });

  it('the workbench ran the suites and they reported back', function () {
    if (!result) this.skip();
    assert.ok(result.tests.length > 0, `no in-VS Code test ran:\n${result.log.slice(-40).join('\n')}`);
    assert.equal(result.failed, 0, result.log.filter((l) => /failed|Error/.test(l)).slice(0, 20).join('\n'));
    assert.equal(result.code, 0, result.log.slice(-40).join('\n'));
  });
});
