/*
 * What the virtio runtime's files share with each other (not part of the ABI).
 */
#ifndef PYRAGE_VIRTIO_PLATFORM_H
#define PYRAGE_VIRTIO_PLATFORM_H

#ifndef __ASSEMBLER__
#include <pyrage/abi.h>
#include <pyrage/fault.h>
#include <stdbool.h>

/* link.ld, entry.S */
extern char _image_start[], _image_end[]; /* [load address, end of .bss) */
extern char _stack_bottom[], _stack_top[]; /* the boot stack */
extern uint64_t gdt_tss[2];               /* the GDT's TSS descriptor (selector 0x18), for cpu.c */

/*
 * boot.c: the command line's arguments for the platform, removed from argv
 * before the application sees it, in command-line order (NULL-terminated):
 * virtio_mmio.device=SIZE@BASE:IRQ (QEMU's auto-kernel-cmdline and
 * Firecracker append one per virtio device; mmio.c reads them),
 * --net:NAME=N (the N-th virtio-net device is NIC NAME; net.c) and
 * --block:NAME=N (the N-th virtio-blk device is block device NAME; blk.c,
 * whose few pages of rings are in its own .bss). The k-th
 * --net entry has NET_MEMORY bytes at boot_net_memory + k * NET_MEMORY,
 * carved from the heap before the application got it (net.c's rings and
 * buffers).
 */
#define NET_MEMORY (8 * 4096 + 2 * 256 * 2048) /* net.c: state, 2 rings, 2 x 256 buffers */
extern const char *const *boot_platform_args;
extern unsigned boot_net_count;
extern uintptr_t boot_net_memory;
const char *after(const char *s, const char *prefix); /* the rest of s after prefix, or NULL */

/* paging.c: the W^X page tables (docs/security.md) */
struct hvm_start_info;
void paging_init(const struct hvm_start_info *si); /* replaces entry.S's boot tables */
void paging_drop_low(void);            /* unmaps [0, 2 MiB) once boot has read the loader's data */
void paging_guard(uint64_t start, uint64_t size); /* unmaps a stack's guard and records it */
bool paging_in_guard(uint64_t addr);   /* in a recorded guard: a stack overflowed */
int paging_map_device(uint64_t addr);  /* maps addr's 4 KiB page, uncached, no-execute: 0 if it
                                        * cannot (outside [3 GiB, 4 GiB), or out of tables) */
extern uint64_t boot_mapped_limit;     /* [heap, boot_mapped_limit) is mapped RAM */

/* ssp.c: the stack protector's guard (read by -fstack-protector code), in .rodata, which
 * paging.c maps read-only; so ssp_init sets it before paging_init. */
extern uint64_t __stack_chk_guard;
void ssp_init(void);

/* console.c */
void console_init(void);
void console_str(const char *s);       /* to the (single) console, for platform messages */

/* cpu.c */
void cpu_init(void);                   /* IDT, PICs masked, LAPIC on with the timer vector */
void cpu_set_gate(int vector, const void *handler);
int ioapic_route(uint32_t gsi, uint8_t vector); /* edge-triggered, to this CPU: 0 if no such pin */

/* clock.c */
void clock_init(void);                 /* calibrates the TSC and the LAPIC timer */
uint64_t clock_ns_to_lapic(uint64_t ns);
extern uint64_t clock_tsc_hz, clock_lapic_hz;
extern const char *clock_source;       /* where clock_tsc_hz came from, for tests and reports */

/* yield.c. A driver's first acquire sets its virtio_poll (returns its ready handles; `ack`:
 * an interrupt came, acknowledge the devices before looking at their rings; `arm`, just
 * before halting, asks them for interrupts) and makes yield_devices virtio_yield, the yield
 * that polls: an image without devices links none of the drivers. Handles are never closed:
 * the drivers take them in turn, from virtio_handles (the next one, from 1, as on unix). */
enum { VIRTIO_NET, VIRTIO_BLK, VIRTIO_DRIVERS };
extern pyrage_handle_set_t (*virtio_poll[VIRTIO_DRIVERS])(int arm, int ack);
extern void (*virtio_yield)(pyrage_time_t deadline, pyrage_handle_set_t *ready_set);
void yield_devices(pyrage_time_t deadline, pyrage_handle_set_t *ready_set);
extern unsigned virtio_handles;

/* exit.c */
extern void (*virtio_exit_flush)(void); /* set by net.c: pyrage_exit lets the NICs send first */
void platform_fatal(const char *what) __attribute__((noreturn));
void platform_exit_now(int status) __attribute__((noreturn)); /* pyrage_exit, without flushing
                                                                 the NICs: after a fault */

#endif /* __ASSEMBLER__ */
#endif
