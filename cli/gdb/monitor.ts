// `monitor` commands of the GDB server (qRcmd): what GDB has no words for. Each row is a command
// name, its usage and a function from the debugger to the text GDB prints.

import type { Debugger } from '../../debug-adapter/model/debugger';
import { stage2Walk, vgicState, worldInfo } from '../../debug-adapter/custom';
import { threadName } from '../../debug-adapter/model/world';

type Command = { usage: string; help: string; run: (d: Debugger, args: string[], cpu: number) => string };

const COMMANDS: Record<string, Command> = {
  world: {
    usage: 'world', help: 'each core: its world (hyp, host, VM n and vCPU), EL, cycles and instructions',
    run: (d) => {
      const info = worldInfo(d.t);
      return d.t.cpus.map((c, i) => `${threadName(c, d.t.names)}  vmid=${info.cores[i].vmid ?? '-'}  cycles=${c.cycles}  insns=${c.icount}  pc=0x${c.pc.toString(16)}\n`).join('');
    },
  },
  s2walk: {
    usage: 's2walk <ipa> [vmid]', help: "Stage-2 walk of an IPA through the current VM's (or VMID's) tables",
    run: (d, args, cpu) => {
      if (!args[0]) throw new Error('usage: monitor s2walk <ipa> [vmid]');
      const ipa = /^0x/i.test(args[0]) ? args[0] : '0x' + BigInt(args[0]).toString(16);
      const vmid = args[1] !== undefined ? Number(args[1]) : undefined;
      if (vmid !== undefined && (!Number.isInteger(vmid) || vmid < 0 || vmid > 255)) throw new Error(`bad VMID '${args[1]}'`);
      const w = stage2Walk(d.t, { ipa, cpu, ...(vmid !== undefined ? { vmid } : {}) });
      const lines = w.steps.map((s) => `  L${s.level}: table ${s.tableAddress}[${s.index}] = ${s.descriptor} (${s.kind})\n`);
      return `IPA ${ipa}${vmid !== undefined ? ` (VMID ${vmid})` : ''}\n${lines.join('')}${w.pa ? `  -> PA ${w.pa}\n` : `  fault: ${w.fault}\n`}`;
    },
  },
  vgic: {
    usage: 'vgic', help: 'the virtual CPU interface (list registers decoded) and the physical distributor',
    run: (d, _args, cpu) => {
      const v = vgicState(d.t, { cpu });
      const lrs = v.listRegisters.map((l) => `  LR${l.index} ${l.raw}: ${l.state} vINTID ${l.virtualId}${l.hw ? ` pINTID ${l.physicalId}` : ''} prio 0x${l.priority.toString(16)} group ${l.group}\n`);
      const phys = v.physical.map((p) => `  INTID ${p.id}: ${p.enabled ? 'enabled' : 'disabled'}${p.pending ? ' pending' : ''}${p.active ? ' active' : ''} prio 0x${p.priority.toString(16)} targets ${p.targets.join(',')}\n`);
      return `GICv${v.gicVersion} cpu${v.cpu}: HCR ${v.hcr} VMCR ${v.vmcr} MISR ${v.misr} EISR ${v.eisr} ELRSR ${v.elrsr} APR ${v.apr.join(' ')}\n${lrs.join('')}physical:\n${phys.join('') || '  (nothing enabled, pending or active)\n'}`;
    },
  },
  help: {
    usage: 'help', help: 'this list',
    run: () => Object.values(COMMANDS).map((c) => `monitor ${c.usage.padEnd(22)} ${c.help}\n`).join('') +
      `monitor ${'bind <world>|current'.padEnd(22)} the world (hyp, host, vm1…) breakpoint addresses bind in\n`,
  },
};

/** Runs a monitor command line; errors come back as text (GDB prints it), never as a server failure. */
export function monitor(d: Debugger, line: string, cpu: number): string {
  const [name, ...args] = line.split(/\s+/).filter(Boolean);
  const c = COMMANDS[name ?? 'help'];
  if (!c) return `unknown monitor command '${name}'; try 'monitor help'\n`;
  if (d.running && name !== 'help') return 'the target is running: interrupt it first\n';
  try {
    return c.run(d, args, cpu);
  } catch (e) {
    return `${(e as Error).message}\n`;
  }
}
