/*
 * What the virtio runtime's files share with each other (not part of the ABI).
 */
#ifndef PYRAGE_VIRTIO_PLATFORM_H
#define PYRAGE_VIRTIO_PLATFORM_H

#define STACK_CANARY 0x70797261676521 /* "!egaryp": the lowest word of the boot stack */

#ifndef __ASSEMBLER__
#include <pyrage/abi.h>

/* entry.S */
extern char _image_start[], _image_end[]; /* from link.ld: [load address, end of .bss) */
extern uint64_t boot_mapped_limit;        /* [0, boot_mapped_limit) is identity-mapped */
extern uint64_t boot_stack_canary;        /* the stack's lowest word: STACK_CANARY unless it
                                           * overflowed; its address is the stack's bottom */
extern uint64_t gdt_tss[2];               /* the GDT's TSS descriptor (selector 0x18), for cpu.c */

/* console.c */
void console_init(void);
void console_str(const char *s);       /* to the (single) console, for platform messages */
void console_hex(uint64_t v);          /* "0x..." */

/* cpu.c */
void cpu_init(void);                   /* IDT, PICs masked, LAPIC on with the timer vector */

/* clock.c */
void clock_init(void);                 /* calibrates the TSC and the LAPIC timer */
uint64_t clock_ns_to_lapic(uint64_t ns);
extern uint64_t clock_tsc_hz, clock_lapic_hz;
extern const char *clock_source;       /* where clock_tsc_hz came from, for tests and reports */

/* exit.c */
void platform_fatal(const char *what) __attribute__((noreturn));

#endif /* __ASSEMBLER__ */
#endif
