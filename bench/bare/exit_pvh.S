/*
 * The bare reference for virtio boot time: a PVH kernel that exits QEMU (isa-debug-exit,
 * status 0) at its first instruction. Launch-to-exit of this is QEMU's own start/quit cost plus
 * the PVH loader: what any microvm guest pays before its first instruction.
 */
    .section .note.Xen, "a", @note
    .p2align 2
    .long 4                 /* name size */
    .long 8                 /* desc size */
    .long 18                /* XEN_ELFNOTE_PHYS32_ENTRY */
    .asciz "Xen"
    .p2align 2
    .quad bare_start

    .text
    .code32
    .globl bare_start
bare_start:
    mov $0xf4, %dx
    xor %eax, %eax
    outl %eax, %dx
1:  hlt
    jmp 1b
