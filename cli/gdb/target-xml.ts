// The target description GDB reads with qXfer:features:read (GDB manual, "Target Descriptions";
// "AArch64 Features"): org.gnu.gdb.aarch64.core (x0-x30, sp, pc, cpsr), org.gnu.gdb.aarch64.fpu
// (v0-v31, fpsr, fpcr) with GDB's own vector unions, and a feature of ours with the EL1 and EL2
// system registers, named as the architecture names them (HCR_EL2, VTTBR_EL2, ESR_EL2…), so that
// `info registers HCR_EL2` and `p $HCR_EL2` work. Register numbers follow the order here.

import { sysregGroup } from '../../debug-adapter/model/registers';

export interface GdbReg {
  name: string;
  /** Bits: 64 (x, sp, pc, system registers), 32 (cpsr, fpsr, fpcr) or 128 (v). */
  bits: number;
  kind: 'x' | 'sp' | 'pc' | 'cpsr' | 'v' | 'fpsr' | 'fpcr' | 'sys';
  index: number;
}

/** Every register in GDB numbering. */
export const GDB_REGS: readonly GdbReg[] = (() => {
  const r: GdbReg[] = [];
  for (let i = 0; i <= 30; i++) r.push({ name: `x${i}`, bits: 64, kind: 'x', index: i });
  r.push({ name: 'sp', bits: 64, kind: 'sp', index: 0 }, { name: 'pc', bits: 64, kind: 'pc', index: 0 }, { name: 'cpsr', bits: 32, kind: 'cpsr', index: 0 });
  for (let i = 0; i < 32; i++) r.push({ name: `v${i}`, bits: 128, kind: 'v', index: i });
  r.push({ name: 'fpsr', bits: 32, kind: 'fpsr', index: 0 }, { name: 'fpcr', bits: 32, kind: 'fpcr', index: 0 });
  for (const name of [...sysregGroup('EL1'), ...sysregGroup('EL2')]) r.push({ name, bits: 64, kind: 'sys', index: 0 });
  return r;
})();

/** Registers sent in a 'g' packet: core and FP/SIMD (GDB fetches the rest one by one with 'p'). */
export const G_PACKET_REGS = 68;

const FIRST_FPU = 34;
const FIRST_SYS = 68;

const CPSR_FLAGS = `  <flags id="cpsr_flags" size="4">
    <field name="SP" start="0" end="0"/>
    <field name="EL" start="2" end="3"/>
    <field name="nRW" start="4" end="4"/>
    <field name="F" start="6" end="6"/>
    <field name="I" start="7" end="7"/>
    <field name="A" start="8" end="8"/>
    <field name="D" start="9" end="9"/>
    <field name="IL" start="20" end="20"/>
    <field name="SS" start="21" end="21"/>
    <field name="PAN" start="22" end="22"/>
    <field name="V" start="28" end="28"/>
    <field name="C" start="29" end="29"/>
    <field name="Z" start="30" end="30"/>
    <field name="N" start="31" end="31"/>
  </flags>`;

const VECTOR_TYPES = `  <vector id="v2d" type="ieee_double" count="2"/>
  <vector id="v2u" type="uint64" count="2"/>
  <vector id="v2i" type="int64" count="2"/>
  <vector id="v4f" type="ieee_single" count="4"/>
  <vector id="v4u" type="uint32" count="4"/>
  <vector id="v4i" type="int32" count="4"/>
  <vector id="v8u" type="uint16" count="8"/>
  <vector id="v8i" type="int16" count="8"/>
  <vector id="v16u" type="uint8" count="16"/>
  <vector id="v16i" type="int8" count="16"/>
  <vector id="v1u" type="uint128" count="1"/>
  <vector id="v1i" type="int128" count="1"/>
  <union id="vnd"><field name="f" type="v2d"/><field name="u" type="v2u"/><field name="s" type="v2i"/></union>
  <union id="vns"><field name="f" type="v4f"/><field name="u" type="v4u"/><field name="s" type="v4i"/></union>
  <union id="vnh"><field name="u" type="v8u"/><field name="s" type="v8i"/></union>
  <union id="vnb"><field name="u" type="v16u"/><field name="s" type="v16i"/></union>
  <union id="vnq"><field name="u" type="v1u"/><field name="s" type="v1i"/></union>
  <union id="aarch64v"><field name="d" type="vnd"/><field name="s" type="vns"/><field name="h" type="vnh"/><field name="b" type="vnb"/><field name="q" type="vnq"/></union>`;

function feature(name: string, body: string): string { return `<feature name="${name}">\n${body}\n</feature>`; }

export const TARGET_XML = (() => {
  const line = (r: GdbReg, n: number, extra = ''): string => `  <reg name="${r.name}" bitsize="${r.bits}" regnum="${n}"${extra}/>`;
  const core = GDB_REGS.slice(0, FIRST_FPU).map((r, n) =>
    line(r, n, r.kind === 'sp' ? ' type="data_ptr"' : r.kind === 'pc' ? ' type="code_ptr"' : r.kind === 'cpsr' ? ' type="cpsr_flags"' : ' type="uint64"'));
  const fpu = GDB_REGS.slice(FIRST_FPU, FIRST_SYS).map((r, i) => line(r, FIRST_FPU + i, r.kind === 'v' ? ' type="aarch64v"' : ' type="int"'));
  const sys = GDB_REGS.slice(FIRST_SYS).map((r, i) => line(r, FIRST_SYS + i, ' type="uint64" group="system"'));
  return `<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
<architecture>aarch64</architecture>
${feature('org.gnu.gdb.aarch64.core', `${CPSR_FLAGS}\n${core.join('\n')}`)}
${feature('org.gnu.gdb.aarch64.fpu', `${VECTOR_TYPES}\n${fpu.join('\n')}`)}
${feature('org.armvirt.aarch64.sysregs', sys.join('\n'))}
</target>
`;
})();
