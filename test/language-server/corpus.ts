// Broken sources and the diagnostics the server must publish for them: [line, start
// character, end character, severity (1 error, 2 warning, 3 information), message pattern].
// Ranges are LSP positions (0-based lines and UTF-16 columns).

export interface Case { name: string; src: string; expect: [number, number, number, number, RegExp][] }

export const CORPUS: Case[] = [
  {
    name: 'unknown mnemonic',
    src: '_start:\n    frob x0, x1\n',
    expect: [[1, 4, 8, 1, /^unknown instruction 'frob'$/]],
  },
  {
    name: 'immediate out of range',
    src: "    add x0, x1, #4097\n    movz x2, #0x10000\n",
    expect: [[0, 16, 21, 1, /^immediate out of range$/], [1, 13, 21, 1, /^immediate out of range 0 to 65535$/]],
  },
  {
    name: 'wrong operands',
    src: '    add x0, w1, x2\n    ldr x0, [x1, x2, lsl #5]\n    mov x0\n',
    expect: [[0, 12, 14, 1, /^expected an X register or SP, found 'w1'$/], [1, 27, 28, 1, /^shift amount must be 0 or 3$/], [2, 8, 10, 1, /^expected ',' before <Xn\|SP>$/]],
  },
  {
    name: 'undefined symbol',
    src: 'loop:\n    b loop\n    bl nowhere\n    adr x0, missing_label + 4\n',
    expect: [[2, 7, 14, 1, /^undefined symbol 'nowhere'$/], [3, 12, 25, 1, /^undefined symbol 'missing_label'$/]],
  },
  {
    name: 'unknown directive and duplicate label',
    src: '.text\n.frobnicate 3\nx:\nx:\n',
    expect: [[1, 0, 11, 1, /^unknown directive '\.frobnicate'$/], [3, 0, 2, 1, /^symbol 'x' is already defined \(.*:3\)$/]],
  },
  {
    name: 'unterminated macro',
    src: '.macro save reg\n    str \\reg, [sp, #-16]!\n',
    expect: [[0, 0, 15, 1, /^\.macro without \.endm$/]],
  },
  {
    name: 'EL2 register at EL1, read-only write, trapped accesses',
    src: [
      '// armvirt: el1',
      'guest_entry:',
      '    msr hcr_el2, x0',
      '    msr actlr_el1, x1',
      '    mrs x2, id_aa64mmfr0_el1',
      '    msr currentel, x3',
      '    wfi',
      '    dc isw, x4',
      '// armvirt: el2',
      'el2_setup:',
      '    msr hcr_el2, x0',
      '    msr actlr_el1, x1',
      '',
    ].join('\n'),
    expect: [
      [2, 8, 15, 2, /^HCR_EL2 is an EL2 register, but this code runs at EL1/],
      [3, 8, 17, 2, /^MSR to ACTLR_EL1 at EL1 traps to EL2: HCR_EL2\.TACR/],
      [4, 12, 28, 2, /^MRS from ID_AA64MMFR0_EL1 at EL1 traps to EL2: HCR_EL2\.TID3/],
      [5, 8, 17, 2, /^CurrentEL is read-only/],
      [6, 4, 7, 3, /^WFI at EL1 traps to EL2: HCR_EL2\.TWI/],
      [7, 7, 10, 2, /^MSR to DC ISW at EL1 traps to EL2: HCR_EL2\.TSW/],
    ],
  },
  {
    name: 'EL from section and label names',
    src: '.section .text.hyp, "ax"\n    msr vttbr_el2, x0\n.section .text.guest, "ax"\n    msr vttbr_el2, x0\nel2_again:\n    msr vttbr_el2, x0\n',
    expect: [[3, 8, 17, 2, /^VTTBR_EL2 is an EL2 register, but this code runs at EL1/]],
  },
];
