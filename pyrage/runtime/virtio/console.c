/*
 * Console: the COM1 16550 UART at port 0x3f8 (QEMU's isa-serial, Firecracker's
 * serial device). Output and diagnostics share it, written in call order.
 *
 * Bytes go out unchanged: "\n" is not turned into "\r\n", because pyrage's
 * tests compare console output byte for byte with the unix target (QEMU's
 * -serial stdio passes bytes through).
 */
#include "platform.h"
#include "x86.h"

#define COM1 0x3f8
#define UART_THR 0    /* transmit holding register */
#define UART_IER 1    /* interrupt enable */
#define UART_FCR 2    /* FIFO control */
#define UART_LCR 3    /* line control */
#define UART_LSR 5    /* line status */
#define UART_SCR 7    /* scratch: a plain read-write byte, used to detect the UART */
#define LSR_THRE 0x20 /* transmit FIFO (or holding register) empty */
#define FIFO_SIZE 16

static int present;  /* 0: no UART answers, so output is dropped */
static int fifo_ok;  /* 1: bursts of FIFO_SIZE bytes per THRE; 0: one byte */

void console_init(void)
{
    /* Without a UART a port read gives 0xFF (QEMU) or 0 (other VMMs): either
     * way the scratch register does not keep what we write. */
    outb(COM1 + UART_SCR, 0x5A);
    if (inb(COM1 + UART_SCR) != 0x5A)
        return;
    present = 1;
    outb(COM1 + UART_IER, 0);    /* polled: no interrupts */
    outb(COM1 + UART_LCR, 0x03); /* 8N1; the baud rate means nothing to a virtual UART */
    outb(COM1 + UART_FCR, 0x07); /* enable and clear both FIFOs */
    /* IIR (read at the FCR offset) bits 7:6 read 11 when the FIFOs are on. */
    fifo_ok = (inb(COM1 + UART_FCR) & 0xC0) == 0xC0;
}

/*
 * WARNING: never write THR unless LSR says there is room. QEMU's 16550 drops
 * the oldest byte of a full FIFO, and holds THRE clear while its host side
 * (e.g. a full stdout pipe) is not accepting: waiting here is what keeps
 * output from being lost; like a blocking write(2) on unix, it waits as
 * long as the host does. It polls rather than idles: QEMU normally drains
 * the FIFO within the same port write, so the loop rarely turns.
 */
static void uart_write(const char *buf, size_t size)
{
    size_t burst = fifo_ok ? FIFO_SIZE : 1;
    if (!present)
        return; /* the contract: a console that cannot write drops the bytes */
    while (size > 0) {
        while (!(inb(COM1 + UART_LSR) & LSR_THRE))
            __asm__ volatile("pause");
        size_t n = size < burst ? size : burst;
        for (size_t i = 0; i < n; i++)
            outb(COM1 + UART_THR, (uint8_t)buf[i]);
        buf += n;
        size -= n;
    }
}

void pyrage_console_write(const char *buf, size_t size)
{
    uart_write(buf, size);
}

void pyrage_console_write_err(const char *buf, size_t size)
{
    uart_write(buf, size);
}

void console_str(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    uart_write(s, n);
}
