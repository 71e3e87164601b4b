// Runs the in-VS Code suites in a real VS Code: code-server 4.100.3 (VS Code 1.100.3, installed
// by scripts/install-code-server.sh) opened in Debian's Chromium through Playwright. The
// extension and the suites reach the web workbench through its `payload` URL parameter
// (extensionDevelopmentPath / extensionTestsPath as vscode-remote:// addresses: code-server
// rejects the command-line flags), see ../shared/notes/vscode-in-ci.md. The extension host's
// console comes back through codeAutomationLog, the suites' end through codeAutomationExit.
// Requests "ARMVIRT_UI <name> <view title> <webviews>" from the suites are answered here: the webview
// is checked (its #root data-state) and the workbench saved as docs/<name>.png (ARMVIRT_SCREENSHOTS=docs).
//
// Usage: node --import tsx test/vscode/run-server.ts   (npm run test:vscode-server)
// Exit status: 0 when every suite test passed (pending ones allowed), 1 otherwise.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium, type Frame, type Page } from 'playwright-core';
import { buildSuite, ROOT } from './build-suite';

export const CHROMIUM = process.env.ARMVIRT_CHROMIUM ?? '/usr/bin/chromium';
export const CODE_SERVER_VERSION = '4.100.3';
export const cacheDir = (): string => process.env.ARMVIRT_CACHE ?? path.join(process.env.HOME ?? tmpdir(), '.cache', 'armvirt');
export const codeServerDir = (): string => path.join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`, 'code-server');
export const codeServerInstalled = (): boolean => existsSync(path.join(codeServerDir(), '..', '.installed')) && existsSync(path.join(codeServerDir(), 'out/node/entry.js'));

export interface RunResult { code: number; passed: number; failed: number; pending: number; tests: { title: string; state: string; error?: string }[]; log: string[]; screenshots: string[] }

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => resolve(typeof a === 'object' && a ? a.port : 0)); });
  });
}

async function waitHttp(url: string, ms: number, proc: ChildProcess): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`code-server exited with ${proc.exitCode}`);
    try { const r = await fetch(url); if (r.ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url} within ${ms} ms`);
}

/** The webview frames whose page title is `title` (webviews nest: an outer frame, then #active-frame). */
async function findWebviews(page: Page, title: string): Promise<Frame[]> {
  const out: Frame[] = [];
  for (const f of page.frames()) {
    try {
      if ((await f.title()) === title && (await f.$('#root'))) out.push(f);
    } catch { /* detached */ }
  }
  return out;
}

/** Every open webview of a view (side bar and editor panels) must show data. */
async function checkView(page: Page, name: string, title: string, min: number, dir: string): Promise<{ state: string; text: string; screenshot: string }> {
  let state = 'missing', text = `no webview titled '${title}' is open`;
  // Views render asynchronously after a stop: wait until each shows data (or time out with what it shows).
  const end = Date.now() + 20000;
  while (Date.now() < end) {
    const seen: { state: string; text: string }[] = [];
    for (const f of await findWebviews(page, title)) {
      const r = await f.$eval('#root', (el) => ({ state: el.getAttribute('data-state') ?? '', text: (el.textContent ?? '').trim().slice(0, 300) })).catch(() => null);
      seen.push(r ? { state: r.state === 'ok' && !r.text ? 'empty' : r.state, text: r.text } : { state: 'missing', text: 'the webview went away' });
    }
    const bad = seen.find((x) => x.state !== 'ok');
    if (seen.length) ({ state, text } = bad ?? seen[0]);
    if (seen.length < min) { state = 'missing'; text = `${seen.length} of ${min} '${title}' webviews open`; }
    else if (!bad) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  await new Promise((r) => setTimeout(r, 500)); // let the page paint the last rendering
  // Only good views become documentation (with ARMVIRT_SCREENSHOTS=docs, so a test run leaves
  // the checkout clean); the others are kept for the failure report.
  const toDocs = state === 'ok' && process.env.ARMVIRT_SCREENSHOTS === 'docs';
  const shot = toDocs ? path.join(ROOT, 'docs', `${name}.png`) : path.join(dir, `${name}.png`);
  mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot });
  return { state, text, screenshot: shot };
}

export async function runInCodeServer(opts: { timeoutMs?: number; quiet?: boolean } = {}): Promise<RunResult> {
  const cs = codeServerDir();
  if (!codeServerInstalled()) throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${cs} (scripts/install-code-server.sh)`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is not installed (apt-get install chromium)`);
  if (!existsSync(path.join(ROOT, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: npm run build');
  const suite = await buildSuite();
  const tmp = mkdtempSync(path.join(tmpdir(), 'armvirt-vscode-'));
  const handshake = path.join(tmp, 'handshake'); mkdirSync(handshake);
  const results = path.join(tmp, 'results.json');
  const userData = path.join(tmp, 'data');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'window.restoreWindows': 'none',
    'workbench.tips.enabled': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoUpdate': false,
    'debug.openDebug': 'openOnDebugBreak', 'workbench.colorTheme': 'Default Dark Modern',
    'git.enabled': false, 'git.openRepositoryInParentFolders': 'never', 'workbench.enableExperiments': false,
  }, null, 2));
  const port = await freePort();
  const log: string[] = [];
  const say = (s: string): void => { log.push(s); if (!opts.quiet) process.stdout.write(s.endsWith('\n') ? s : s + '\n'); };
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data'), ARMVIRT_VSCODE_HANDSHAKE: handshake, ARMVIRT_VSCODE_RESULTS: results };
  const server = spawn(process.execPath, [path.join(cs, 'out/node/entry.js'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'ext'), '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
  { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }); // detached = setsid: one process group to end
  let serverOut = '';
  server.stdout?.on('data', (d: Buffer) => { serverOut += d.toString(); });
  server.stderr?.on('data', (d: Buffer) => { serverOut += d.toString(); });
  const killServer = (): void => { try { if (server.pid) process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ } };
  const browserDir = path.join(tmp, 'browser');
  const screenshots: string[] = [];
  let code = 1;
  try {
    await waitHttp(`http://127.0.0.1:${port}/healthz`, 60000, server);
    const ctx = await chromium.launchPersistentContext(browserDir, {
      executablePath: CHROMIUM, headless: true, viewport: { width: 1440, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = ctx.pages()[0] ?? await ctx.newPage();
      let exit!: (c: number) => void;
      const exited = new Promise<number>((r) => { exit = r; });
      const pendingUi: Promise<void>[] = [];
      await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
        const line = format(...(Array.isArray(args) ? args : [args]));
        const m = /^ARMVIRT_UI (\S+) (\S+) (\d+)/.exec(line);
        if (m) {
          const [, name, title, min] = m;
          pendingUi.push(checkView(page, name, decodeURIComponent(title), Number(min), tmp).then((r) => {
            screenshots.push(r.screenshot);
            say(`[ui] ${name}: ${r.state} → ${path.relative(ROOT, r.screenshot)}`);
            writeFileSync(path.join(handshake, `${name}.json`), JSON.stringify(r));
          }, (e: Error) => { writeFileSync(path.join(handshake, `${name}.json`), JSON.stringify({ state: 'error', text: e.message, screenshot: '' })); }));
          return;
        }
        say(line);
      });
      // VS Code passes the exit code and its logs (window.log, …): only the code matters here.
      await page.exposeFunction('codeAutomationExit', (c: unknown) => exit(typeof c === 'number' ? c : 1));
      const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${p}`;
      const payload = [['extensionDevelopmentPath', remote(ROOT)], ['extensionTestsPath', remote(suite)], ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
      const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(path.join(ROOT, 'test/vscode/workspace'))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      await page.goto(url);
      const timeout = opts.timeoutMs ?? 300000;
      let timer: NodeJS.Timeout | undefined;
      code = await Promise.race([exited, new Promise<number>((r) => { timer = setTimeout(() => { say(`timed out after ${timeout} ms`); r(1); }, timeout); })]);
      clearTimeout(timer);
      await Promise.all(pendingUi);
    } finally {
      await ctx.close().catch(() => undefined);
    }
  } catch (e) {
    say(`run-server: ${(e as Error).message}\n${serverOut.slice(-2000)}`);
    code = 1;
  } finally {
    killServer();
  }
  const wrote = existsSync(results);
  const r = wrote ? JSON.parse(readFileSync(results, 'utf8')) as Omit<RunResult, 'code' | 'log' | 'screenshots'> : { passed: 0, failed: 0, pending: 0, tests: [] };
  if (!wrote) { say('run-server: the suites wrote no results (the extension host did not run them)'); code = 1; }
  if (!r.failed && code === 0) rmSync(tmp, { recursive: true, force: true });
  else say(`run-server: kept ${tmp} (screenshots of failed views, user data)`);
  return { code, ...r, log, screenshots };
}

if (require.main === module || /run-server\.ts$/.test(process.argv[1] ?? '')) {
  const t0 = Date.now();
  runInCodeServer().then((r) => {
    process.stdout.write(`in-VS Code suites: ${r.passed} passed, ${r.failed} failed, ${r.pending} skipped (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    for (const t of r.tests.filter((x) => x.state !== 'passed')) process.stdout.write(`  ${t.state}: ${t.title}${t.error ? `\n    ${t.error.split('\n').slice(0, 4).join('\n    ')}` : ''}\n`);
    process.exit(r.code === 0 && r.failed === 0 ? 0 : 1);
  }, (e: Error) => { process.stderr.write(`${e.message}\n`); process.exit(1); });
}
