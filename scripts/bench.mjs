// Runs a benchmark from bench/ as an esbuild bundle, the way the shipped CLI runs (one
// scope-hoisted file). Running the TypeScript through tsx instead puts a getter call on every
// cross-module function use, which costs up to a third of the emulator's speed.
//   node scripts/bench.mjs <name> [args...]      e.g.  node scripts/bench.mjs speed --json
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';

const [name = 'speed', ...args] = process.argv.slice(2);
const entry = `bench/${name}.ts`;
if (!existsSync(entry)) {
  console.error(`no benchmark ${entry}`);
  process.exit(2);
}
mkdirSync('.bench', { recursive: true });
const out = `.bench/${name}.js`;
await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
const r = spawnSync(process.execPath, [out, ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
