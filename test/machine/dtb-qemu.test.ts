// Our virt DTB against QEMU's: qemu-system-aarch64 -M virt,...,dumpdtb= and buildVirtDtb for the
// same configuration, both decompiled by `dtc -I dtb -O dts`, must have the same nodes and the
// same property values, with phandles compared as the paths of the nodes they point to. What
// QEMU describes and we do not model is listed below; any other difference fails, and so does an
// entry of the list that QEMU no longer has (so the list cannot go stale).
// Skipped when QEMU or dtc is not installed.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildVirtDtb, type VirtDtbConfig } from '../../emulator/machine/dtb';

const QEMU = process.env.QEMU_SYSTEM_AARCH64 ?? 'qemu-system-aarch64';
const DTC = 'dtc';

/** Nodes QEMU describes for devices we do not model (matched with their subtree). */
const NOT_MODELLED_NODES: Record<2 | 3, readonly string[]> = {
  2: ['/flash@0', '/fw-cfg@9020000', '/pcie@10000000', '/pl031@9010000', '/pl061@9030000', '/gpio-keys',
    '/platform-bus@c000000', '/pmu', '/intc@8000000/v2m@8020000'],
  3: ['/flash@0', '/fw-cfg@9020000', '/pcie@10000000', '/pl031@9010000', '/pl061@9030000', '/gpio-keys',
    '/platform-bus@c000000', '/pmu', '/intc@8000000/its@8080000'],
};
/** Properties QEMU writes that we do not: random seeds (we are deterministic). */
const NOT_MODELLED_PROPS: readonly string[] = ['/chosen/rng-seed', '/chosen/kaslr-seed'];
/** Properties whose cells are all phandles (#clock-cells = 0 for clocks). */
const PHANDLE_PROPS = new Set(['interrupt-parent', 'clocks', 'cpu']);

type Tree = Map<string, Map<string, string>>;

function have(cmd: string, arg: string): boolean {
  return spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;
}

function decompile(dtbPath: string): { dts: string; warnings: string } {
  const r = spawnSync(DTC, ['-I', 'dtb', '-O', 'dts', dtbPath], { encoding: 'utf8' });
  assert.equal(r.status, 0, `dtc failed on ${dtbPath}: ${r.stderr}`);
  return { dts: r.stdout, warnings: r.stderr };
}

/** Parses dtc's dts output (one property per line) into path → property → value text. */
function parseDts(dts: string): Tree {
  const tree: Tree = new Map();
  const stack: string[] = [];
  const path = (): string => (stack.length <= 1 ? '/' : '/' + stack.slice(1).join('/'));
  for (const raw of dts.split('\n')) {
    const line = raw.trim();
    if (!line || line === '/dts-v1/;' || line.startsWith('/memreserve/')) continue;
    const open = /^(\S+) \{$/.exec(line);
    if (open) {
      stack.push(open[1] === '/' ? '' : open[1]);
      assert.ok(!tree.has(path()), `duplicate node ${path()}`);
      tree.set(path(), new Map());
      continue;
    }
    if (line === '};') { stack.pop(); continue; }
    const prop = /^([^\s=]+)(?: = (.*))?;$/.exec(line);
    assert.ok(prop, `unparsed dts line: ${line}`);
    tree.get(path())!.set(prop[1], prop[2] ?? '');
  }
  assert.equal(stack.length, 0, 'unbalanced dts');
  return tree;
}

/** Replaces phandle values by the path of the node that carries them. */
function resolvePhandles(tree: Tree): Tree {
  const byHandle = new Map<string, string>();
  for (const [p, props] of tree) {
    const ph = props.get('phandle');
    if (ph) byHandle.set(ph.replace(/[<>]/g, ''), p);
  }
  const out: Tree = new Map();
  for (const [p, props] of tree) {
    const np = new Map<string, string>();
    for (const [k, v] of props) {
      if (k === 'phandle') np.set(k, '<phandle>');
      else if (PHANDLE_PROPS.has(k)) {
        np.set(k, v.replace(/0x[0-9a-f]+/g, (h) => {
          const target = byHandle.get(h);
          assert.ok(target, `${p}/${k}: ${h} is no node's phandle`);
          return `&{${target}}`;
        }));
      } else np.set(k, v);
    }
    out.set(p, np);
  }
  return out;
}

function withoutNotModelled(tree: Tree, gic: 2 | 3): Tree {
  const nodes = NOT_MODELLED_NODES[gic];
  for (const n of nodes) assert.ok(tree.has(n), `QEMU no longer has ${n}: update NOT_MODELLED_NODES`);
  for (const pp of NOT_MODELLED_PROPS) {
    const at = pp.lastIndexOf('/');
    assert.ok(tree.get(pp.slice(0, at))?.has(pp.slice(at + 1)), `QEMU no longer has ${pp}: update NOT_MODELLED_PROPS`);
  }
  const out: Tree = new Map();
  for (const [p, props] of tree) {
    if (nodes.some((n) => p === n || p.startsWith(n + '/'))) continue;
    const np = new Map(props);
    for (const pp of NOT_MODELLED_PROPS) if (pp.slice(0, pp.lastIndexOf('/')) === p) np.delete(pp.slice(pp.lastIndexOf('/') + 1));
    out.set(p, np);
  }
  return out;
}

function asObject(tree: Tree): Record<string, Record<string, string>> {
  return Object.fromEntries([...tree].map(([p, props]) => [p, Object.fromEntries(props)]));
}

const INITRD = new TextEncoder().encode('an initrd of some odd length');

interface Case {
  title: string;
  gic: 2 | 3;
  cpus: number;
  mem: string;
  ramSize: number;
  append?: string;
  initrd?: boolean;
  /** false: QEMU without virtualization=on (cores enter at EL1, PSCI over HVC, no GICH/GICV). */
  virtualization?: boolean;
}

const CASES: Case[] = [
  { title: 'gic-version=2, -smp 2, -m 128M', gic: 2, cpus: 2, mem: '128M', ramSize: 128 << 20 },
  { title: 'gic-version=3, -smp 2, -m 128M', gic: 3, cpus: 2, mem: '128M', ramSize: 128 << 20 },
  { title: 'gic-version=2, -smp 1, -m 256M, -append, -initrd', gic: 2, cpus: 1, mem: '256M', ramSize: 256 << 20, append: 'console=ttyAMA0 root=/dev/vda rw', initrd: true },
  { title: 'gic-version=3, -smp 8, -m 1G, -append, -initrd', gic: 3, cpus: 8, mem: '1G', ramSize: 1 << 30, append: 'earlycon', initrd: true },
  { title: 'gic-version=2, -smp 8, -m 64M', gic: 2, cpus: 8, mem: '64M', ramSize: 64 << 20 },
  { title: 'virtualization=off, gic-version=2, -smp 2', gic: 2, cpus: 2, mem: '128M', ramSize: 128 << 20, virtualization: false },
  { title: 'virtualization=off, gic-version=3, -smp 3, -append', gic: 3, cpus: 3, mem: '128M', ramSize: 128 << 20, virtualization: false, append: '' },
];

describe('virt DTB against QEMU dumpdtb (dtc -O dts)', function () {
  this.timeout(120000);
  let dir = '';
  before(function () {
    if (!have(QEMU, '--version') || !have(DTC, '--version')) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'armvirt-dtb-'));
    // -kernel is needed for -append/-initrd; any bytes will do, QEMU only loads them.
    writeFileSync(join(dir, 'kernel.bin'), new Uint8Array(4096));
    writeFileSync(join(dir, 'initrd.bin'), INITRD);
  });

  for (const c of CASES) {
    it(`has QEMU's nodes and properties for ${c.title}, less the listed unmodelled devices`, () => {
      const virt = c.virtualization ?? true;
      const qemuDtb = join(dir, `qemu-${c.gic}-${c.cpus}-${virt}.dtb`);
      const args = ['-M', `virt,virtualization=${virt ? 'on' : 'off'},gic-version=${c.gic},dumpdtb=${qemuDtb}`, '-cpu', 'cortex-a57',
        '-smp', String(c.cpus), '-m', c.mem, '-nographic', '-nic', 'none', '-monitor', 'none'];
      if (c.append !== undefined || c.initrd) args.push('-kernel', join(dir, 'kernel.bin'));
      if (c.append !== undefined) args.push('-append', c.append);
      if (c.initrd) args.push('-initrd', join(dir, 'initrd.bin'));
      const q = spawnSync(QEMU, args, { encoding: 'utf8', timeout: 60000 });
      assert.equal(q.status, 0, `QEMU: ${q.stderr}`);
      const theirs = resolvePhandles(parseDts(decompile(qemuDtb).dts));

      const config: VirtDtbConfig = { ramSize: c.ramSize, cpus: c.cpus, gic: c.gic, virtualization: virt, bootargs: c.append };
      if (c.initrd) {
        // Where the initrd goes is the loader's choice; the DTB writer must describe it as QEMU does.
        const cell = (k: string): number => Number(theirs.get('/chosen')!.get(k)!.replace(/[<>]/g, ''));
        config.initrd = { start: cell('linux,initrd-start'), end: cell('linux,initrd-end') };
        assert.equal(config.initrd.end - config.initrd.start, INITRD.length);
      }
      const oursDtb = join(dir, `ours-${c.gic}-${c.cpus}-${virt}.dtb`);
      writeFileSync(oursDtb, buildVirtDtb(config));
      const { dts, warnings } = decompile(oursDtb);
      assert.equal(warnings, '', 'dtc warns about our DTB');
      const ours = resolvePhandles(parseDts(dts));

      assert.deepEqual(asObject(ours), asObject(withoutNotModelled(theirs, c.gic)));
    });
  }
});
