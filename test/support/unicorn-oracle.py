#!/usr/bin/env python3
# Single-instruction oracle for the CPU semantics tests: Unicorn (QEMU's TCG, Cortex-A57 model).
# Reads JSON lines {"word": "0x…", "pc": "0x…", "x": ["0x…" ×31], "sp": "0x…", "nzcv": 0..15}
# from stdin, runs exactly one instruction at pc, and prints one JSON line per case:
# {"x": [...], "sp": "0x…", "nzcv": n} or {"undef": true} when Unicorn takes an exception.
# Usage: unicorn-oracle.py [a57|a72|max]   (Debian: apt-get install python3-unicorn)

import json
import sys

from unicorn import Uc, UcError, UC_ARCH_ARM64, UC_MODE_ARM
from unicorn import arm64_const as A

MODELS = {'a53': A.UC_CPU_ARM64_A53, 'a57': A.UC_CPU_ARM64_A57, 'a72': A.UC_CPU_ARM64_A72, 'max': A.UC_CPU_ARM64_MAX}
# One 1 MB code region: each case gets its own word address, so no stale translation is reused.
CODE = 0x40000000
CODE_SIZE = 1 << 20
XREGS = [getattr(A, f'UC_ARM64_REG_X{i}') for i in range(29)] + [A.UC_ARM64_REG_X29, A.UC_ARM64_REG_X30]
MASK = (1 << 64) - 1


def main() -> None:
    model = MODELS[sys.argv[1] if len(sys.argv) > 1 else 'a57']
    uc = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
    uc.ctl_set_cpu_model(model)
    uc.mem_map(CODE, CODE_SIZE)
    out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        case = json.loads(line)
        pc = int(case['pc'], 16)
        if not (CODE <= pc < CODE + CODE_SIZE - 4):
            out.write(json.dumps({'error': 'pc outside the code region'}) + '\n')
            continue
        uc.mem_write(pc, int(case['word'], 16).to_bytes(4, 'little'))
        for r, v in zip(XREGS, case['x']):
            uc.reg_write(r, int(v, 16))
        uc.reg_write(A.UC_ARM64_REG_SP, int(case['sp'], 16))
        uc.reg_write(A.UC_ARM64_REG_NZCV, (case['nzcv'] & 15) << 28)
        try:
            uc.emu_start(pc, pc + 4, count=1)
        except UcError:
            out.write('{"undef": true}\n')
            continue
        if uc.reg_read(A.UC_ARM64_REG_PC) != pc + 4:
            out.write('{"undef": true}\n')
            continue
        res = {
            'x': [hex(uc.reg_read(r) & MASK) for r in XREGS],
            'sp': hex(uc.reg_read(A.UC_ARM64_REG_SP) & MASK),
            'nzcv': (uc.reg_read(A.UC_ARM64_REG_NZCV) >> 28) & 15,
        }
        out.write(json.dumps(res) + '\n')
    out.flush()


if __name__ == '__main__':
    main()
