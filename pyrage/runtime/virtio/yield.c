/*
 * yield: halt the CPU until the deadline (the LAPIC one-shot timer) or until
 * any other interrupt arrives. An idle VM is a halted vCPU: no host CPU use.
 *
 * Interrupts are enabled only inside `sti; hlt`. `sti` takes effect after the
 * next instruction, so an interrupt that became pending at any point before
 * (the timer firing early, say) is taken in the hlt and wakes it: no wakeup
 * can be lost between arming the timer and halting.
 *
 * Devices: a virtio interrupt (vectors.S's virtio_isr, through the I/O APIC)
 * wakes the hlt like the timer. Which handles are ready is the drivers'
 * business (virtio_poll: net.c, blk.c). The first acquire installs
 * yield_devices as virtio_yield; until then pyrage_yield is the timer-only
 * loop, so that an image without devices carries none of the device code
 * (hello must stay under 64 KiB).
 */
#include "virtio.h"
#include "x86.h"

#define LAPIC_MAX_COUNT 0xFFFFFFFFull

pyrage_handle_set_t (*virtio_poll[VIRTIO_DRIVERS])(int arm, int ack);
void (*virtio_yield)(pyrage_time_t deadline, pyrage_handle_set_t *ready_set);
unsigned virtio_handles = 1;

/* Halts until the deadline or another interrupt: 1 when something other than our timer (a
 * device, an NMI) woke us. Deadlines beyond the 32-bit counter (4.3 s at 1 GHz) take
 * several rounds, and the timer may fire a hair early against the TSC (the two are
 * calibrated separately): the callers loop. */
static inline int halt(pyrage_time_t now, pyrage_time_t deadline)
{
    uint64_t ticks = clock_ns_to_lapic(deadline - now);
    lapic_write(LAPIC_TMICT, (uint32_t)(ticks < LAPIC_MAX_COUNT ? ticks : LAPIC_MAX_COUNT));
    __asm__ volatile("sti; hlt; cli" : : : "memory");
    if (lapic_read(LAPIC_TMCCT) == 0)
        return 0;
    lapic_write(LAPIC_TMICT, 0);
    return 1;
}

/* Every driver's devices. One virtio_irq_pending for all (the vector is shared): it says that
 * some device interrupted, not which, so each driver acknowledges all of its own. */
static pyrage_handle_set_t poll_drivers(int arm)
{
    int ack = virtio_irq_pending;
    virtio_irq_pending = 0;
    pyrage_handle_set_t ready = 0;
    for (int i = 0; i < VIRTIO_DRIVERS; i++)
        if (virtio_poll[i])
            ready |= virtio_poll[i](arm, ack);
    return ready;
}

/*
 * yield with devices. Each round polls them twice before halting: once to see
 * whether anything is ready, then armed (asking them to interrupt), since what
 * came before the asking raised no interrupt and would otherwise wait for the
 * deadline. After the hlt, the poll disarms them. A wakeup by anything but
 * our timer returns, ready or not: a spurious return is allowed.
 */
void yield_devices(pyrage_time_t deadline, pyrage_handle_set_t *ready_set)
{
    pyrage_handle_set_t ready;
    int arm = 0, other = 0;
    for (;;) {
        ready = poll_drivers(arm);
        pyrage_time_t now = pyrage_clock_monotonic();
        if (ready || other || now >= deadline)
            break;
        if (!arm) {
            arm = 1;
            continue;
        }
        other = halt(now, deadline);
        arm = 0;
    }
    if (ready_set)
        *ready_set = ready;
}

void pyrage_yield(pyrage_time_t deadline, pyrage_handle_set_t *ready_set)
{
    if (virtio_yield) {
        virtio_yield(deadline, ready_set);
        return;
    }
    if (ready_set)
        *ready_set = 0;
    for (pyrage_time_t now; (now = pyrage_clock_monotonic()) < deadline;)
        if (halt(now, deadline))
            break;
}
