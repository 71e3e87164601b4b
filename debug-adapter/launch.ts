// The launch configuration (DESIGN.md "Launch configuration"): checked field by field into a
// typed config, each bad field a clear error naming it; then the target it describes, a bare
// program on the virt board or a hypervisor system with its guest.

import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { LoadError } from '../emulator/machine/loader';
import { MICROBENCHMARKS, type HypervisorName, type MicroBenchmark } from '../emulator/hypervisors/types';
import { createHypSystemFn } from './model/hyp-systems';
import { readSource } from './model/program';
import { Target, type TargetHost } from './model/target';
import { TRAP_IDS } from './model/traps';

export interface LaunchArgs extends DebugProtocol.LaunchRequestArguments {
  program?: unknown; hypervisor?: unknown; guests?: unknown; cpus?: unknown; gic?: unknown; el?: unknown;
  stopOnEntry?: unknown; stopOnTrap?: unknown; gdbPort?: unknown;
  /** With a hypervisor: run one of the paper's microbenchmark guests (and its VM topology) instead of `guests`. */
  benchmark?: unknown; iterations?: unknown;
}

export interface LaunchConfig {
  program: string | null;
  hypervisor: HypervisorName | null;
  guests: string[];
  cpus: number;
  gic: 2 | 3;
  el: 1 | 2;
  stopOnEntry: boolean;
  stopOnTrap: string[];
  gdbPort: number | null;
  benchmark: MicroBenchmark | null;
  iterations: number | null;
}

const int = (v: unknown, lo: number, hi: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

export function parseLaunch(args: LaunchArgs): LaunchConfig {
  const a = args ?? {};
  const prog = a.program;
  const hyp = String(a.hypervisor ?? 'none');
  if (!['none', 'xen', 'kvm', 'kvm-vhe'].includes(hyp)) throw new Error(`launch: hypervisor '${hyp}' must be none, xen, kvm or kvm-vhe`);
  if (hyp === 'none' && (typeof prog !== 'string' || !prog)) throw new Error("launch: 'program' (a .S or ELF file) is required");
  if (prog !== undefined && typeof prog !== 'string') throw new Error("launch: 'program' must be a file path");
  if (typeof prog === 'string' && prog && !existsSync(prog)) throw new Error(`launch: program '${prog}' does not exist`);
  const guests = a.guests ?? [];
  if (!Array.isArray(guests) || guests.some((g) => typeof g !== 'string' && (typeof g !== 'object' || g === null || typeof (g as { program?: unknown }).program !== 'string'))) {
    throw new Error("launch: 'guests' must list guest images (paths, or objects with a 'program' path), one per VM");
  }
  const guestPaths = guests.map((g) => (typeof g === 'string' ? g : (g as { program: string }).program));
  for (const g of guestPaths) if (!existsSync(g)) throw new Error(`launch: guest '${g}' does not exist`);
  if (hyp === 'none' && guestPaths.length) throw new Error("launch: 'guests' needs a hypervisor (xen, kvm or kvm-vhe)");
  if (hyp !== 'none' && guestPaths.length > 1) throw new Error(`launch: the ${hyp} system runs one guest image for now (${guestPaths.length} given)`);
  const cpus = a.cpus ?? 1;
  if (!int(cpus, 1, 8)) throw new Error("launch: 'cpus' must be a whole number from 1 to 8");
  const gic = a.gic ?? 2;
  if (gic !== 2 && gic !== 3) throw new Error("launch: 'gic' must be 2 or 3");
  const el = a.el ?? 2;
  if (el !== 1 && el !== 2) throw new Error("launch: 'el' must be 1 or 2");
  const traps = a.stopOnTrap ?? [];
  if (!Array.isArray(traps) || traps.some((x) => typeof x !== 'string' || !TRAP_IDS.has(x))) {
    throw new Error(`launch: 'stopOnTrap' must list trap classes among ${[...TRAP_IDS].join(', ')}`);
  }
  if (a.gdbPort !== undefined && !int(a.gdbPort, 0, 65535)) throw new Error("launch: 'gdbPort' must be a TCP port number");
  const bench = a.benchmark;
  if (bench !== undefined && (hyp === 'none' || !(MICROBENCHMARKS as readonly unknown[]).includes(bench))) {
    throw new Error(`launch: 'benchmark' needs a hypervisor and one of ${MICROBENCHMARKS.join(', ')}`);
  }
  if (a.iterations !== undefined && !int(a.iterations, 1, 1_000_000)) throw new Error("launch: 'iterations' must be a whole number from 1 to 1000000");
  return {
    program: typeof prog === 'string' && prog ? prog : null,
    hypervisor: hyp === 'none' ? null : (hyp as HypervisorName),
    guests: guestPaths, cpus: cpus as number, gic, el, stopOnEntry: a.stopOnEntry === true, stopOnTrap: traps as string[],
    gdbPort: (a.gdbPort as number | undefined) ?? null,
    benchmark: (bench as MicroBenchmark | undefined) ?? null, iterations: (a.iterations as number | undefined) ?? null,
  };
}

/** What a progress notification calls the load. */
export function loadTitle(c: LaunchConfig): string {
  return `Loading ${c.hypervisor === null ? basename(c.program ?? '') : `${c.hypervisor} with ${c.guests.length ? c.guests.map((g) => basename(g)).join(', ') : c.benchmark ?? 'its sample guest'}`}`;
}

/** Assembles/loads the images and builds the board (synchronous; may take a while for big sources). */
export function createTarget(c: LaunchConfig, host: TargetHost): Target {
  try {
    let t: Target;
    if (c.hypervisor !== null) {
      const create = createHypSystemFn();
      const hyp = c.hypervisor;
      const guest = c.guests[0] !== undefined ? { fileName: c.guests[0], text: readFileSync(c.guests[0], 'utf8') } : undefined;
      t = new Target({
        kind: 'system',
        build: (trace, uartOutput) => create(hyp, {
          cpus: c.cpus, gic: c.gic, trace, uartOutput, ...(guest ? { guest } : {}),
          // A benchmark guest loops; a few iterations are enough to debug it.
          ...(c.benchmark !== null ? { benchmark: c.benchmark, iterations: c.iterations ?? 3 } : {}),
        }),
      }, host, readSource);
    } else {
      const path = c.program!;
      t = new Target({ kind: 'program', path, bytes: readFileSync(path), el: c.el, cpus: c.cpus, gic: c.gic }, host, readSource);
    }
    for (const id of c.stopOnTrap) { t.filters.set(id, undefined); t.launchFilters.add(id); }
    return t;
  } catch (e) {
    throw new Error(e instanceof LoadError ? `cannot load ${c.program ?? c.guests[0] ?? ''}: ${e.message}` : (e as Error).message);
  }
}
