/*
 * yield: halt the CPU until the deadline (the LAPIC one-shot timer) or until
 * any other interrupt arrives. An idle VM is a halted vCPU: no host CPU use.
 *
 * Interrupts are enabled only inside `sti; hlt`. `sti` takes effect after the
 * next instruction, so an interrupt that became pending at any point before
 * (the timer firing early, say) is taken in the hlt and wakes it: no wakeup
 * can be lost between arming the timer and halting.
 */
#include "platform.h"
#include "x86.h"

#define LAPIC_MAX_COUNT 0xFFFFFFFFull

/*
 * Device handles with pending input. virtio-mmio devices (a later issue) go
 * here: poll each device's used ring, set its handle's bit, and have its
 * interrupt (through the I/O APIC) also wake the hlt below.
 */
static pyrage_handle_set_t poll_devices(void)
{
    return 0;
}

void pyrage_yield(pyrage_time_t deadline, pyrage_handle_set_t *ready_set)
{
    pyrage_handle_set_t ready = poll_devices();
    if (boot_stack_canary != STACK_CANARY)
        platform_fatal("the stack overflowed (1 MiB)");
    while (!ready) {
        pyrage_time_t now = pyrage_clock_monotonic();
        if (now >= deadline)
            break;
        /* Deadlines beyond the 32-bit counter (4.3 s at 1 GHz) take several rounds. */
        uint64_t ticks = clock_ns_to_lapic(deadline - now);
        lapic_write(LAPIC_TMICT, (uint32_t)(ticks < LAPIC_MAX_COUNT ? ticks : LAPIC_MAX_COUNT));
        __asm__ volatile("sti; hlt; cli" : : : "memory");
        if (lapic_read(LAPIC_TMCCT) != 0) {
            /* Something other than our timer woke us (a device, an NMI): stop
             * the timer and let the caller look. A spurious return is allowed. */
            lapic_write(LAPIC_TMICT, 0);
            ready = poll_devices();
            break;
        }
        /* The timer fired: loop, in case it was a partial round or fired a
         * hair early against the TSC (the two are calibrated separately). */
    }
    if (ready_set)
        *ready_set = ready;
}
