// `armvirt disasm file.elf`: objdump -d's layout — a block per executable section, a label line
// per symbol, branch targets named "<sym+0x4>", and data regions (ELF mapping symbol $d) as
// ".word". Malformed files give readElf's clear error, never a crash.

import { addressWidth, objdumpLine } from '../../emulator/isa/disasm';
import { SHF_EXECINSTR, SHT_NOBITS, STT_FILE, STT_SECTION } from '../../emulator/isa/elf-format';
import { ElfError, readElf, type ElfFile, type ElfSection, type ElfSymbol } from '../../emulator/machine/elf-reader';
import type { Io } from '../main';

const isMapping = (s: ElfSymbol): boolean => /^\$[xdt](\..*)?$/.test(s.name);

export function disasmElf(file: string, bytes: Uint8Array, io: Io): number {
  let elf: ElfFile;
  try {
    elf = readElf(bytes);
  } catch (e) {
    if (e instanceof ElfError) {
      io.err(`armvirt disasm: ${file}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  io.out(`\n${file}:     file format elf64-littleaarch64\n\n`);
  for (const sec of elf.sections) {
    if (!(sec.flags & BigInt(SHF_EXECINSTR)) || sec.type === SHT_NOBITS || sec.size === 0n) continue;
    io.out(`\nDisassembly of section ${sec.name}:\n`);
    disasmSection(elf, sec, io);
  }
  return 0;
}

function disasmSection(elf: ElfFile, sec: ElfSection, io: Io): void {
  const inSec = elf.symbols.filter((s) => s.section === sec.name && s.type !== STT_FILE);
  const labels = inSec.filter((s) => !isMapping(s) && s.type !== STT_SECTION && s.name !== '').sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const maps = inSec.filter(isMapping).sort((a, b) => (a.value < b.value ? -1 : 1));
  const symbolize = (addr: bigint): string | undefined => {
    let best: ElfSymbol | undefined;
    for (const s of labels) if (s.value <= addr) best = s; else break;
    if (!best) return addr >= sec.addr && addr < sec.addr + sec.size ? offsetName(sec.name, addr - sec.addr) : undefined;
    return offsetName(best.name, addr - best.value);
  };
  const isData = (addr: bigint): boolean => {
    let kind = 'x';
    for (const m of maps) if (m.value <= addr) kind = m.name[1]; else break;
    return kind === 'd';
  };
  const width = addressWidth(sec.addr + sec.size);
  const data = new DataView(sec.data.buffer, sec.data.byteOffset, sec.data.byteLength);
  let first = true;
  for (let off = 0; off + 4 <= sec.data.length; off += 4) {
    const addr = sec.addr + BigInt(off);
    const here = labels.filter((s) => s.value === addr);
    if (first || here.length) {
      const name = here.length ? here[here.length - 1].name : symbolize(addr) ?? sec.name;
      io.out(`\n${addr.toString(16).padStart(16, '0')} <${name}>:\n`);
      first = false;
    }
    const word = data.getUint32(off, true);
    if (isData(addr)) {
      io.out(`${addr.toString(16).padStart(width, ' ')}:\t${word.toString(16).padStart(8, '0')} \t.word\t0x${word.toString(16).padStart(8, '0')}\n`);
    } else io.out(objdumpLine(word, addr, width, { symbolize }) + '\n');
  }
}

function offsetName(name: string, off: bigint): string {
  return off === 0n ? name : `${name}+0x${off.toString(16)}`;
}
