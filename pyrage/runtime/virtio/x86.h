/*
 * x86_64 instructions the virtio runtime needs, as inline functions, and the
 * xAPIC registers. Nothing here has state.
 */
#ifndef PYRAGE_VIRTIO_X86_H
#define PYRAGE_VIRTIO_X86_H

/* The xAPIC, memory-mapped at its reset address (entry.S maps this page). */
#define LAPIC_BASE 0xFEE00000
#define LAPIC_ID 0x020    /* bits 31:24: this CPU's APIC ID */
#define LAPIC_TPR 0x080   /* task priority */
#define LAPIC_EOI 0x0B0
#define LAPIC_SVR 0x0F0   /* spurious vector + software enable (bit 8) */
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_TMICT 0x380 /* timer initial count: writing it (re)starts the timer */
#define LAPIC_TMCCT 0x390 /* timer current count: 0 once a one-shot has fired */
#define LAPIC_TDCR 0x3E0  /* timer divide configuration */

/* WARNING: the timer vector's handler is assembly in vectors.S, which also
 * hard-codes LAPIC_BASE + LAPIC_EOI. Keep the three in step. */
#define TIMER_VECTOR 0x20
#define VIRTIO_VECTOR 0x21 /* every virtio device's interrupt: vectors.S's virtio_isr */
#define SPURIOUS_VECTOR 0xFF

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
    return v;
}

/* Not ordered with other instructions. Where clock.c brackets a port access
 * with rdtsc, the access traps to the VMM, which orders them in practice. */
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

static inline uint64_t read_cr2(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}

static inline uint32_t lapic_read(uint32_t reg)
{
    return *(volatile uint32_t *)(uintptr_t)(LAPIC_BASE + (uint64_t)reg);
}

static inline void lapic_write(uint32_t reg, uint32_t v)
{
    *(volatile uint32_t *)(uintptr_t)(LAPIC_BASE + (uint64_t)reg) = v;
}

#endif /* __ASSEMBLER__ */
#endif
