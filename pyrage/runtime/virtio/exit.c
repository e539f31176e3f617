/*
 * exit and abort. The status goes out twice:
 *  - in full, as a line ("exit c8\n" in hex, "abort\n") on QEMU's isa-debugcon
 *    (port 0xe9), which `pyrage run` connects to a file it reads when QEMU
 *    has ended (pyrage/launch/qemu.py). The device answers reads of its port
 *    with 0xe9, so we write only when it is there;
 *  - through QEMU's isa-debug-exit device (port 0xf4), which ends QEMU with
 *    status 2 * value + 1: 0..126 for exit, 127 for abort. It carries only 7
 *    bits, so a larger status shows there as 126.
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
#define DEBUGCON_PORT 0xe9 /* also the value a read of it returns */
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

/* Writes the status line to isa-debugcon, when it is there. */
static void status_line(const char *line)
{
    if (inb(DEBUGCON_PORT) == DEBUGCON_PORT)
        while (*line)
            outb(DEBUGCON_PORT, (uint8_t)*line++);
}

void (*virtio_exit_flush)(void);

/*
 * WARNING: isa-debug-exit carries 0..127 and 127 is abort's. Like exit(2), we
 * keep the low 8 bits; the status line carries them all, and isa-debug-exit
 * shows a status that does not fit it as 126: a failure, neither a success
 * nor an abort, for whoever runs QEMU without the status line.
 */
void pyrage_exit(int status)
{
    if (virtio_exit_flush) /* frames written but not yet sent: QEMU would drop them */
        virtio_exit_flush();
    platform_exit_now(status);
}

/* After a fault the NICs' state is not to be trusted: nothing more is sent. */
void platform_exit_now(int status)
{
    unsigned s = (unsigned)status & 0xFF;
    char line[] = "exit 00\n"; /* in hex */
    line[5] = "0123456789abcdef"[s >> 4];
    line[6] = "0123456789abcdef"[s & 15];
    status_line(line);
    shutdown((uint8_t)(s < ABORT_STATUS ? s : ABORT_STATUS - 1));
}

void rt_fault_exit(int status)
{
    platform_exit_now(status);
}

void pyrage_abort(void)
{
    status_line("abort\n");
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
