// Scopes and variables of a stopped core, as DAP values: general registers, PSTATE decoded,
// FP/SIMD, the EL1 and EL2 system registers (each expandable into its fields, decoded by name
// from the isa table), and the core's trap history (last exceptions with the ESR decoded).
// Variable references are issued per stop (they die when execution resumes).

import { Handles, Scope } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Cpu } from '../emulator/cpu/cpu';
import { evaluate } from './model/expr';
import {
  decodeEsrIss, decodePstate, decodeSysreg, describeEsr, ecName, isReadOnlySysreg, readCoreReg, readSysreg, sysregByNameFields,
  sysregGroup, withField, writeCoreReg, writeSysreg,
} from './model/registers';
import type { Target } from './model/target';
import { stage2Map, vgicState } from './custom';
import type { Stage2Range } from './custom-requests';

type Ref =
  | { kind: 'gpr' | 'pstate' | 'simd' | 'traps' | 'stage2' | 'vgic'; cpu: number }
  | { kind: 'sysgroup'; cpu: number; group: 'EL1' | 'EL2' | 'EL0' | 'ID' }
  | { kind: 'sysreg'; cpu: number; name: string }
  | { kind: 'trap'; cpu: number; index: number };

export const hex = (v: bigint): string => '0x' + v.toString(16).padStart(16, '0');

export class VariableProvider {
  private handles = new Handles<Ref>();

  constructor(private readonly t: Target) {}

  /** References are valid for one stop. */
  reset(): void { this.handles = new Handles<Ref>(); }

  scopes(cpu: number): DebugProtocol.Scope[] {
    const s = (name: string, ref: Ref, expensive = false): DebugProtocol.Scope =>
      new Scope(name, this.handles.create(ref), expensive) as DebugProtocol.Scope;
    return [
      { ...s('Registers', { kind: 'gpr', cpu }), presentationHint: 'registers' },
      s('PSTATE', { kind: 'pstate', cpu }),
      s('FP/SIMD', { kind: 'simd', cpu }, true),
      s('EL1 system registers', { kind: 'sysgroup', cpu, group: 'EL1' }, true),
      s('EL2 system registers', { kind: 'sysgroup', cpu, group: 'EL2' }, true),
      s('EL0 system registers', { kind: 'sysgroup', cpu, group: 'EL0' }, true),
      s('Trap history', { kind: 'traps', cpu }),
      // The current (or last entered) VM's IPA → PA map, and the virtual CPU interface: cold, expensive.
      ...(this.t.s2.sysFor(this.t.cpus[cpu]) ? [s('Stage 2 (IPA → PA)', { kind: 'stage2', cpu }, true)] : []),
      ...((this.t.machine as unknown as { gic?: unknown }).gic ? [s('vGIC', { kind: 'vgic', cpu }, true)] : []),
    ];
  }

  /** A reference that expands a system register into its fields (evaluate's result uses it too). */
  sysregRef(cpu: number, name: string): number {
    return sysregByNameFields(name).length ? this.handles.create({ kind: 'sysreg', cpu, name }) : 0;
  }

  variables(ref: number): DebugProtocol.Variable[] {
    const r = this.handles.get(ref);
    if (!r) throw new Error(`unknown variables reference ${ref}`);
    const c = this.t.cpus[r.cpu];
    const v = (name: string, value: string, extra: Partial<DebugProtocol.Variable> = {}): DebugProtocol.Variable =>
      ({ name, value, variablesReference: 0, ...extra });
    switch (r.kind) {
      case 'gpr': {
        const out = [...Array(31).keys()].map((i) => v(`x${i}`, hex(c.xBig(i)), { evaluateName: `x${i}`, memoryReference: '0x' + c.xBig(i).toString(16) }));
        const sp = readCoreReg(c, 'sp')!;
        out.push(v('sp', hex(sp), { evaluateName: 'sp', memoryReference: '0x' + sp.toString(16) }));
        out.push(v('pc', hex(c.pc), { evaluateName: 'pc', memoryReference: '0x' + c.pc.toString(16) }));
        out.push(v('pstate', '0x' + readCoreReg(c, 'pstate')!.toString(16), { evaluateName: 'pstate' }));
        return out;
      }
      case 'pstate':
        return decodePstate(c).map((f) => v(f.name, f.text, { evaluateName: f.name === 'EL' ? 'el' : f.name.toLowerCase() }));
      case 'simd': {
        const out = [...Array(32).keys()].map((i) => v(`v${i}`, '0x' + readCoreReg(c, `q${i}`)!.toString(16).padStart(32, '0'), { evaluateName: `q${i}` }));
        out.push(v('fpcr', '0x' + c.fpcr.toString(16)), v('fpsr', '0x' + c.fpsr.toString(16)));
        return out;
      }
      case 'sysgroup':
        return sysregGroup(r.group).map((name) => {
          const val = readSysreg(c, name) ?? 0n;
          const fields = sysregByNameFields(name);
          const summary = /^ESR_EL/.test(name) && val !== 0n ? `  ${ecName(val).split(':')[0]}` : '';
          return v(name, hex(val) + summary, {
            evaluateName: name,
            variablesReference: fields.length ? this.handles.create({ kind: 'sysreg', cpu: r.cpu, name }) : 0,
            presentationHint: isReadOnlySysreg(name) ? { attributes: ['readOnly'] } : undefined,
          });
        });
      case 'sysreg': {
        const val = readSysreg(c, r.name) ?? 0n;
        return decodeSysreg(r.name, val).map((f) => v(f.name, f.text, {
          evaluateName: f.name.startsWith('ISS.') ? undefined : `${r.name}.${f.name}`,
          type: f.desc,
        }));
      }
      case 'traps':
        return this.t.history[r.cpu].slice().reverse().map((f, i) => v(
          `#${f.icount}`,
          `${f.type === 'sync' ? ecName(f.esr).split(':')[0] : f.type.toUpperCase()} EL${f.fromEl}→EL${f.toEl} at 0x${f.elr.toString(16)}` +
            (f.handled >= 0 ? ` (handled in ${f.handled} insns)` : ' (open)'),
          { variablesReference: this.handles.create({ kind: 'trap', cpu: r.cpu, index: this.t.history[r.cpu].length - 1 - i }) }));
      case 'stage2': {
        const m = stage2Map(this.t, { cpu: r.cpu });
        const head = [v('VMID', String(m.vmid)), v('VTTBR_EL2', m.vttbr, { evaluateName: 'VTTBR_EL2' }), v('VTCR_EL2', m.vtcr, { evaluateName: 'VTCR_EL2' })];
        const end = (x: Stage2Range): string => '0x' + (BigInt(x.ipa) + BigInt(x.size) - 1n).toString(16);
        return [...head, ...m.ranges.map((x) => v(`IPA ${x.ipa}-${end(x)}`, `PA ${x.pa} ${x.access}${x.xn ? ' XN' : ''} ${x.memType} (L${x.level})`,
          { memoryReference: `vm${m.vmid}:ipa:${x.ipa}` })),
        ...m.faults.map((f, i) => v(`fault #${i}`, `IPA ${f.ipa} ${f.ec} ESR ${f.esr} at cycle ${f.cycle}`))];
      }
      case 'vgic': {
        const g = vgicState(this.t, { cpu: r.cpu });
        // GICv2: the GICH registers (IHI 0048B 5.3); GICv3: ICH_*_EL2 (IHI 0069 12.4).
        const n = (x: string): string => (g.gicVersion === 2 ? `GICH_${x}` : `ICH_${x}_EL2`);
        return [
          v(n('HCR'), g.hcr), v(n('VMCR'), g.vmcr), v(n('MISR'), g.misr), v(n('EISR'), g.eisr), v(n('ELRSR'), g.elrsr), v(g.gicVersion === 2 ? 'GICH_APR' : 'ICH_AP0R0/AP1R0', g.apr.join(' ')),
          ...g.listRegisters.map((l) => v(`LR${l.index}`, `${l.raw} ${l.state}${l.state === 'invalid' ? '' : ` vINTID ${l.virtualId}${l.hw ? ` → pINTID ${l.physicalId}` : ''} prio 0x${l.priority.toString(16)} G${l.group}`}`)),
          ...g.physical.map((p) => v(`INTID ${p.id}`, `${p.enabled ? 'enabled' : 'disabled'}${p.pending ? ', pending' : ''}${p.active ? ', active' : ''}, prio 0x${p.priority.toString(16)}, G${p.group}, cores ${p.targets.join(',')}`)),
        ];
      }
      case 'trap': {
        const f = this.t.history[r.cpu][r.index];
        if (!f) return [];
        const out = [
          v('type', f.type), v('from', `EL${f.fromEl}`), v('to', `EL${f.toEl}`), v('ESR', f.type === 'sync' ? describeEsr(f.esr) : '-'),
          v('ELR', hex(f.elr)), v('vector', hex(f.vector)), v('instruction count', String(f.icount)),
          v('handled in (instructions)', f.handled >= 0 ? String(f.handled) : 'still open'),
        ];
        if (f.far !== undefined) out.push(v('FAR', hex(f.far)));
        if (f.type === 'sync') out.push(...decodeEsrIss(f.esr).map((x) => v(x.name, x.text)));
        return out;
      }
    }
  }

  /** setVariable: registers, PSTATE flags, system registers and their fields. Returns the new display value. */
  set(ref: number, name: string, valueText: string): string {
    const r = this.handles.get(ref);
    if (!r) throw new Error(`unknown variables reference ${ref}`);
    const c: Cpu = this.t.cpus[r.cpu];
    const value = evaluate(valueText, this.t.env(c));
    switch (r.kind) {
      case 'gpr': case 'simd': case 'pstate': {
        const reg = r.kind === 'simd' ? name.replace(/^v/, 'q') : name;
        if (!writeCoreReg(c, reg, value)) throw new Error(`${name} cannot be written`);
        return hex(readCoreReg(c, reg)!);
      }
      case 'sysgroup':
        if (isReadOnlySysreg(name) || !writeSysreg(c, name, value)) throw new Error(`${name} is read-only`);
        return hex(readSysreg(c, name)!);
      case 'sysreg': {
        const f = sysregByNameFields(r.name).find((x) => x.name === name);
        if (!f || isReadOnlySysreg(r.name)) throw new Error(`${r.name}.${name} cannot be written`);
        writeSysreg(c, r.name, withField(readSysreg(c, r.name)!, f, value));
        return decodeSysreg(r.name, readSysreg(c, r.name)!).find((x) => x.name === name)?.text ?? String(value);
      }
      default:
        throw new Error('this scope is read-only');
    }
  }
}
