/*
 * Process entry. The kernel starts us with rsp -> argc, argv[0..argc-1], NULL,
 * envp... and an unaligned-for-calls stack; unix_boot() does the rest in C.
 * Also the two pieces of stack.c that C cannot write: a switch to another
 * stack, and the return from a signal handler.
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

/* unix_call_on_stack(top, fn, arg): fn(arg) with %rsp = top (16-byte aligned); fn never returns. */
    .section .text.unix_call_on_stack, "ax"
    .globl unix_call_on_stack
    .type unix_call_on_stack, @function
unix_call_on_stack:
    mov %rdi, %rsp
    xor %ebp, %ebp
    mov %rdx, %rdi
    call *%rsi
    ud2

/* sa_restorer: the kernel requires one on x86_64 (SA_RESTORER). pyrage's handler never
 * returns, but a handler that did would come back through here. */
    .section .text.unix_sigreturn, "ax"
    .globl unix_sigreturn
    .type unix_sigreturn, @function
unix_sigreturn:
    mov $15, %eax           /* SYS_rt_sigreturn */
    syscall
    ud2
