#!/usr/bin/env python3
# Load/store oracle for the CPU semantics tests: Unicorn (QEMU's TCG) runs a few instructions
# against a data window and reports registers (X, SP, V) and the bytes of the window that
# changed. One engine serves all cases; each case starts from the same window contents and
# with the exclusive monitor cleared (CLREX), so nothing carries over.
# Protocol (JSON lines on stdin, one answer line per case on stdout):
#   first line: {"init": "<hex of the window's initial bytes>"}
#   each case:  {"words": ["0x…", …], "pc": "0x…", "count": n, "x": ["0x…" ×31], "sp": "0x…",
#                "v": ["0x…" ×32]}
#   answer:     {"x": [...], "sp": "0x…", "v": [...], "diff": [[offset, byte], …]}
#               or {"exception": true} when Unicorn stops on an exception.
# Usage: unicorn-mem-oracle.py [a57|max]   (Debian: apt-get install python3-unicorn)

import json
import sys

from unicorn import Uc, UcError, UC_ARCH_ARM64, UC_MODE_ARM
from unicorn import arm64_const as A

MODELS = {'a57': A.UC_CPU_ARM64_A57, 'max': A.UC_CPU_ARM64_MAX}
# RAM is 2 MB at 0x40000000: code below DATA, the compared window from DATA.
BASE = 0x40000000
SIZE = 2 << 20
DATA = 0x40100000
# A CLREX at the top of RAM, run before each case.
CLREX_AT = BASE + SIZE - 4
CLREX = 0xd503305f
XREGS = [getattr(A, f'UC_ARM64_REG_X{i}') for i in range(29)] + [A.UC_ARM64_REG_X29, A.UC_ARM64_REG_X30]
QREGS = [getattr(A, f'UC_ARM64_REG_Q{i}') for i in range(32)]
MASK = (1 << 64) - 1
CHUNK = 4096


def diff(before: bytes, after: bytes) -> list:
    out = []
    for c in range(0, len(before), CHUNK):
        if before[c:c + CHUNK] == after[c:c + CHUNK]:
            continue
        for i in range(c, min(c + CHUNK, len(before))):
            if before[i] != after[i]:
                out.append([i, after[i]])
    return out


def run(uc: Uc, init: bytes, case: dict) -> dict:
    pc = int(case['pc'], 16)
    words = [int(w, 16) for w in case['words']]
    if not (BASE <= pc and pc + 4 * len(words) <= DATA):
        return {'error': 'code outside the code region'}
    uc.mem_write(pc, b''.join(w.to_bytes(4, 'little') for w in words))
    uc.mem_write(DATA, init)
    uc.emu_start(CLREX_AT, CLREX_AT + 4, count=1)
    for r, v in zip(XREGS, case['x']):
        uc.reg_write(r, int(v, 16))
    uc.reg_write(A.UC_ARM64_REG_SP, int(case['sp'], 16))
    for r, v in zip(QREGS, case['v']):
        uc.reg_write(r, int(v, 16))
    count = case.get('count', len(words))
    end = pc + 4 * count
    try:
        uc.emu_start(pc, end, count=count)
    except UcError:
        return {'exception': True}
    if uc.reg_read(A.UC_ARM64_REG_PC) != end:
        return {'exception': True}
    return {
        'x': [hex(uc.reg_read(r) & MASK) for r in XREGS],
        'sp': hex(uc.reg_read(A.UC_ARM64_REG_SP) & MASK),
        'v': [hex(uc.reg_read(r)) for r in QREGS],
        'diff': diff(init, bytes(uc.mem_read(DATA, len(init)))),
    }


def main() -> None:
    model = MODELS[sys.argv[1] if len(sys.argv) > 1 else 'a57']
    uc = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
    uc.ctl_set_cpu_model(model)
    uc.mem_map(BASE, SIZE)
    uc.mem_write(CLREX_AT, CLREX.to_bytes(4, 'little'))
    init = b''
    out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        msg = json.loads(line)
        if 'init' in msg:
            init = bytes.fromhex(msg['init'])
            continue
        out.write(json.dumps(run(uc, init, msg)) + '\n')
    out.flush()


if __name__ == '__main__':
    main()
