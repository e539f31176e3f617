/*
 * Process entry. The kernel starts us with rsp -> argc, argv[0..argc-1], NULL,
 * envp... and an unaligned-for-calls stack; unix_boot() does the rest in C.
 */
    .section .text._start, "ax"
    .globl _start
    .type _start, @function
_start:
    xor %ebp, %ebp
    mov %rsp, %rdi          /* unix_boot(uint64_t *initial_stack) */
    and $-16, %rsp
    call unix_boot
    ud2
