/*
 * Interrupt and exception entry points, installed in the IDT by cpu.c.
 *
 * pyrage runs with interrupts disabled except inside yield.c's `sti; hlt`,
 * so the only interrupt handlers are tiny: they acknowledge and return (the
 * virtio one also sets a flag), and yield.c looks at the LAPIC and the
 * devices to see what happened.
 *
 * WARNING: the interrupt handlers run on the interrupted stack (no IST, no
 * red zone: the CFLAGS have -mno-red-zone) and must not touch SSE or call C,
 * which would clobber registers the interrupted code owns.
 *
 * The exception stubs run on the interrupted stack too, except those of #DF
 * and NMI, which the IDT sends to their own stacks (IST1, IST2; cpu.c): on a
 * bad %rsp every push faults, and a #DF that could not push its frame either
 * would be a triple fault, a silent reset. WARNING: an IST stack restarts at
 * its top on every entry; only handlers that never return, as here, can
 * afford that.
 */
#include "x86.h"

/* LAPIC timer: EOI, return. `movabs` stores to a 64-bit absolute address:
 * 0xFEE000B0 does not fit a sign-extended 32-bit displacement. */
    .section .text.lapic_timer_isr, "ax"
    .globl lapic_timer_isr
    .type lapic_timer_isr, @function
lapic_timer_isr:
    push %rax
    xor %eax, %eax
    movabs %eax, LAPIC_BASE + LAPIC_EOI
    pop %rax
    iretq

/* Every virtio device (through the I/O APIC, cpu.c): note it, EOI, return. The ring work is
 * done by C code outside the handler (yield.c's poll, net.c), which also acknowledges the
 * device; see ioapic_route for why this is edge-triggered. Linked only when a driver installs
 * it (mmio.c), as is virtio_irq_pending. */
    .section .text.virtio_isr, "ax"
    .globl virtio_isr
    .type virtio_isr, @function
virtio_isr:
    push %rax
    movb $1, virtio_irq_pending(%rip)
    xor %eax, %eax
    movabs %eax, LAPIC_BASE + LAPIC_EOI
    pop %rax
    iretq

/* The LAPIC's spurious vector: no EOI by definition. */
    .section .text.spurious_isr, "ax"
    .globl spurious_isr
    .type spurious_isr, @function
spurious_isr:
    iretq

/*
 * CPU exceptions 0..31: one 16-byte stub each, so cpu.c finds stub n at
 * exception_stubs + 16 * n. Each pushes an error code (a dummy 0 where the
 * CPU pushes none) and the vector, then calls cpu_exception(frame), which
 * prints and never returns.
 */
#define HAS_ERROR_CODE(n) ((n) == 8 || ((n) >= 10 && (n) <= 14) || (n) == 17 || (n) == 21 || (n) == 29 || (n) == 30)

    .section .text.exception_stubs, "ax"
    .balign 16
    .globl exception_stubs
exception_stubs:
    .set vector, 0
    .rept 32
    .balign 16
    .if !HAS_ERROR_CODE(vector)
    pushq $0
    .endif
    pushq $vector
    jmp exception_common
    .set vector, vector + 1
    .endr

exception_common:
    mov %rsp, %rdi          /* -> vector, error code, rip, cs, rflags, rsp, ss */
    and $-16, %rsp
    call cpu_exception
    ud2
