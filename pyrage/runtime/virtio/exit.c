/*
 * exit and abort. QEMU's isa-debug-exit device (port 0xf4) ends QEMU with
 * status 2 * value + 1, which `pyrage run` decodes (pyrage/launch/qemu.py).
 * Where it is absent (Firecracker, or QEMU without the device) the write is
 * ignored and we shut the VM down by the next means that works:
 *  1. the i8042 reset line (Firecracker stops the VM; QEMU -no-reboot exits 0),
 *  2. a triple fault (an empty IDT, then an exception),
 *  3. halting forever with interrupts off.
 * Only the first carries the status. Under QEMU -no-reboot, 1 and 2 end QEMU
 * as a reset does, which `pyrage run` reports as a failure (launch/qemu.py).
 */
#include "platform.h"
#include "x86.h"

#define DEBUG_EXIT_PORT 0xf4
#define ABORT_STATUS 127 /* QEMU exits 255, which `pyrage run` shows as 134, as on unix */

__attribute__((noreturn)) static void shutdown(uint8_t status)
{
    outb(DEBUG_EXIT_PORT, status);
    outb(0x64, 0xFE); /* i8042: pulse the CPU reset line */
    struct __attribute__((packed)) { uint16_t limit; uint64_t base; } none = {0, 0};
    __asm__ volatile("lidt %0; int3" : : "m"(none));
    for (;;)
        __asm__ volatile("cli; hlt");
}

/*
 * WARNING: isa-debug-exit carries 0..127 and 127 is abort's. Like exit(2),
 * we keep the low 8 bits; a status that still does not fit becomes 127 with
 * a note, rather than being silently confused with a success.
 */
void pyrage_exit(int status)
{
    unsigned s = (unsigned)status & 0xFF;
    if (s >= ABORT_STATUS) {
        console_str("pyrage: exit status does not fit isa-debug-exit (0..126): reporting 127\n");
        s = ABORT_STATUS;
    }
    shutdown((uint8_t)s);
}

void pyrage_abort(void)
{
    shutdown(ABORT_STATUS);
}

/* The platform's own fatal errors: same words as the core's rt_fatal(). */
void platform_fatal(const char *what)
{
    console_str("pyrage: fatal: ");
    console_str(what);
    console_str("\n");
    pyrage_abort();
}
