// Entry of the freestanding test programs, as QEMU virt starts an ELF given with -kernel:
// at the ELF entry, EL2h (virtualization=on), MMU and caches off, all of DAIF masked.
// Sets SP, zeroes .bss, calls main(), then powers off through PSCI SYSTEM_OFF. With
// virtualization=on and no EL3, QEMU's PSCI conduit is SMC (hw/arm/virt.c picks SMC when
// EL2 is present), handled by QEMU's PSCI emulation rather than taken to EL3.
// The programs are built with -mgeneral-regs-only, so CPTR_EL2.TFP is never exercised.

    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =__stack_top
    mov     sp, x0
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:  bl      main
    // main's return value is printed by the program itself; the exit path is the same.
    .global _exit
_exit:
    ldr     x0, =0x84000008         // PSCI_SYSTEM_OFF (PSCI 0.2+, SMC32 function ID)
    smc     #0
3:  wfi                             // not reached when PSCI is present
    b       3b
    .ltorg
