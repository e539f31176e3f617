/*
 * CPU setup: the TSS and IDT, the legacy PICs (masked), and the local APIC,
 * whose one-shot timer wakes yield.c; device interrupts come through the
 * I/O APIC (ioapic_route), programmed only when a driver starts a device.
 *
 * The xAPIC is driven through its MMIO page, not x2APIC MSRs: QEMU 7.2's TCG
 * does not emulate x2APIC, and KVM/Firecracker emulate both.
 */
#include "platform.h"
#include "x86.h"

#define MSR_APIC_BASE 0x1B
#define APIC_BASE_EXTD (1u << 10) /* x2APIC mode */
#define APIC_BASE_EN (1u << 11)
#define KERNEL_CS 0x08            /* entry.S's GDT */
#define TSS_SELECTOR 0x18         /* entry.S's GDT: gdt_tss */
#define IST_DF 1                  /* IST slots, numbered from 1 as the IDT gates name them */
#define IST_NMI 2
#define IST_STACK_SIZE 8192       /* cpu_exception and the console need a few hundred bytes */

struct idt_gate {
    uint16_t offset_low, selector;
    uint8_t ist, type;            /* type 0x8E: present, DPL 0, 64-bit interrupt gate */
    uint16_t offset_mid;
    uint32_t offset_high, zero;
};

static struct idt_gate idt[256] __attribute__((aligned(16)));

/*
 * The 64-bit TSS. Long mode has no hardware task switch: the TSS only holds
 * stack pointers, and in ring 0 alone only the IST ones are used. #DF and NMI
 * get their own stacks because %rsp may be unusable when they arrive: a #DF
 * is usually the CPU failing to push an exception's frame on a bad stack, and
 * without a stack switch its own push fails too, a triple fault, which resets
 * the VM without a word. The I/O bitmap offset stays 0: ring 0 never reads it.
 */
static struct __attribute__((packed)) {
    uint32_t reserved0;
    uint64_t rsp[3]; /* for ring changes: none */
    uint64_t reserved1;
    uint64_t ist[7]; /* ist[n - 1] is IST n */
    uint64_t reserved2;
    uint16_t reserved3, iomap_base;
} tss;

/* WARNING: every entry through an IST gate starts at the top of its stack, so
 * a second #DF while cpu_exception runs on its stack overwrites the frame in
 * use. That is safe only because cpu_exception never returns and stops
 * without printing when nested. Each stack's first page is its guard, which
 * tss_init unmaps: an overflow faults rather than running into .bss. They are
 * aligned at run time: a 4 KiB-aligned .bss would pad the file (link.ld). */
#define PAGE 4096
#define IST_AREA (PAGE + IST_STACK_SIZE) /* the guard, then the stack */
static char ist_area[PAGE + 2 * IST_AREA];

extern char exception_stubs[], lapic_timer_isr[], spurious_isr[]; /* vectors.S */

void cpu_set_gate(int vector, const void *handler)
{
    uintptr_t a = (uintptr_t)handler;
    idt[vector] = (struct idt_gate){(uint16_t)a, KERNEL_CS, 0, 0x8E, (uint16_t)(a >> 16),
                                    (uint32_t)(a >> 32), 0};
}

static void tss_init(void)
{
    uintptr_t area = ((uintptr_t)ist_area + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
    for (int i = 0; i < 2; i++, area += IST_AREA) {
        paging_guard(area, PAGE);
        tss.ist[i] = area + IST_AREA; /* IST i + 1 */
    }
    /* A 16-byte system descriptor: limit, base split 24/8/32 bits, type 9
     * (available 64-bit TSS), present; `ltr` marks it busy. The base's top 32
     * bits, gdt_tss[1], stay 0: -mcmodel=small links the image below 2 GiB. */
    uint64_t base = (uint32_t)(uintptr_t)&tss;
    gdt_tss[0] = (sizeof tss - 1) | (base & 0xFFFFFF) << 16 | 0x89ull << 40 | (base >> 24) << 56;
    __asm__ volatile("ltr %0" : : "r"((uint16_t)TSS_SELECTOR) : "memory");
}

static void lapic_init(void)
{
    /* WARNING: vectors.S sends EOI to the LAPIC at its reset address. A VMM
     * that started us in x2APIC mode, or elsewhere, gets it put back: x2APIC
     * can only be left through "disabled". */
    if (!paging_map_device(LAPIC_BASE))
        platform_fatal("cannot map the local APIC");
    uint64_t base = rdmsr(MSR_APIC_BASE);
    if ((base & APIC_BASE_EXTD) || (base & ~0xFFFull) != LAPIC_BASE) {
        wrmsr(MSR_APIC_BASE, base & 0xFFF & ~(uint64_t)(APIC_BASE_EXTD | APIC_BASE_EN));
        base = LAPIC_BASE | (base & 0xFFF & ~(uint64_t)APIC_BASE_EXTD);
    }
    wrmsr(MSR_APIC_BASE, base | APIC_BASE_EN);
    lapic_write(LAPIC_SVR, 0x100 | SPURIOUS_VECTOR); /* software-enable */
    lapic_write(LAPIC_TPR, 0);
    lapic_write(LAPIC_LVT_LINT0, 1u << 16);          /* masked: no ExtINT from the PIC */
    lapic_write(LAPIC_TDCR, 0xB);                    /* divide by 1 */
    lapic_write(LAPIC_TMICT, 0);                     /* stopped */
    lapic_write(LAPIC_LVT_TIMER, TIMER_VECTOR);      /* one-shot, unmasked */
}

void cpu_init(void)
{
    tss_init(); /* before the IDT whose gates name its stacks */
    for (int n = 0; n < 32; n++)
        cpu_set_gate(n, exception_stubs + 16 * n);
    idt[2].ist = IST_NMI;
    idt[8].ist = IST_DF;
    cpu_set_gate(TIMER_VECTOR, lapic_timer_isr);
    cpu_set_gate(SPURIOUS_VECTOR, spurious_isr);
    struct __attribute__((packed)) { uint16_t limit; uint64_t base; } idtr = {sizeof idt - 1,
                                                                                (uintptr_t)idt};
    __asm__ volatile("lidt %0" : : "m"(idtr));

    /* Both 8259s masked: the firmware may have left them mapped onto the
     * exception vectors, and the PIT's channel 0 ticks at 18.2 Hz. */
    outb(0x21, 0xFF);
    outb(0xA1, 0xFF);
    /* PIT channel 0 runs periodically from reset, waking the VMM 18.2 times a
     * second for an IRQ nobody takes: make it a one-shot (mode 0) of 1 tick. */
    outb(0x43, 0x30);
    outb(0x40, 1);
    outb(0x40, 0);
    lapic_init();
}

/*
 * The I/O APIC at its usual address (QEMU microvm and Firecracker both have
 * one there, 24 pins, GSI n = pin n). A redirection entry is two 32-bit
 * registers, 0x10 + 2n (vector, mode, mask) and 0x11 + 2n (destination).
 * WARNING: edge-triggered on purpose. virtio-mmio holds its line high until
 * InterruptStatus is acknowledged; level-triggered, the line would re-raise
 * the interrupt after every EOI until C code acknowledges it, and the ISR
 * (vectors.S) must not. Edge-triggered, a driver must acknowledge before it
 * looks at its rings, or a line left high would never interrupt again.
 */
#define IOAPIC_BASE 0xFEC00000u
#define IOAPIC_VERSION 0x01

static uint32_t ioapic_access(uint32_t reg, int write, uint32_t value)
{
    volatile uint32_t *io = (volatile uint32_t *)(uintptr_t)IOAPIC_BASE;
    io[0] = reg; /* IOREGSEL, then IOWIN at +0x10 */
    if (write)
        io[4] = value;
    return io[4];
}

int ioapic_route(uint32_t gsi, uint8_t vector)
{
    if (!paging_map_device(IOAPIC_BASE) ||
        gsi > (ioapic_access(IOAPIC_VERSION, 0, 0) >> 16 & 0xFF))
        return 0;
    ioapic_access(0x11 + 2 * gsi, 1, lapic_read(LAPIC_ID) & 0xFF000000u); /* physical: this APIC */
    ioapic_access(0x10 + 2 * gsi, 1, vector); /* fixed delivery, active high, edge, unmasked */
    return 1;
}

static const char names[32][4] = {"DE", "DB", "NMI", "BP", "OF", "BR", "UD", "NM",
                                  "DF", "", "TS", "NP", "SS", "GP", "PF", "",
                                  "MF", "AC", "MC", "XM", "VE", "CP"};

/* The vectors for which the CPU pushes an error code (vectors.S knows them too). */
#define HAS_ERROR_CODE (1u << 8 | 0x1Fu << 10 | 1u << 17 | 1u << 21 | 1u << 29 | 1u << 30)

struct exception_frame {
    uint64_t vector, error, rip, cs, rflags, rsp, ss;
};

/*
 * A page fault, or a #DF that a stack overflow caused (its address or %rsp in
 * a guard: the #PF's frame could not be pushed on the overflowed stack), is a
 * memory fault that core/fault.c names and gives its own exit status (fault.h).
 * For a #DF the CPU pushes no page-fault error code, and cr2 holds the address
 * of the #PF that could not be delivered.
 */
static void memory_fault(const struct exception_frame *f)
{
    uint64_t cr2 = read_cr2();
    bool guard = paging_in_guard(cr2) || paging_in_guard(f->rsp);
    if (f->vector != 14 && !(f->vector == 8 && guard))
        return;
    int kind = rt_fault_kind(cr2, f->vector == 14 ? f->error : 0, guard);
    platform_exit_now(rt_fault_report(kind, cr2, f->rip));
}

/* Called by vectors.S on a CPU exception. Interrupts are off (interrupt gates).
 * #DF and NMI arrive here on their own stacks (see tss), the others on the
 * interrupted one. For a #DF the SDM leaves the saved rip undefined; QEMU
 * (and hardware, in practice) saves the rip and rsp of the instruction whose
 * fault could not be delivered, which is what a bad %rsp needs reported. */
__attribute__((noreturn)) void cpu_exception(const struct exception_frame *f)
{
    static int nested;
    if (nested++)
        pyrage_abort(); /* faulted while reporting a fault: stop without printing */
    memory_fault(f);
    char num[3] = {(char)('0' + f->vector / 10), (char)('0' + f->vector % 10), 0};
    console_str("pyrage: fatal: CPU exception ");
    console_str(f->vector < 10 ? num + 1 : num);
    console_str(" at rip=");
    rt_err_hex(f->rip);
    if (names[f->vector][0]) {
        console_str(": #");
        console_str(names[f->vector]);
    }
    if (HAS_ERROR_CODE & (1u << f->vector)) {
        console_str(" error=");
        rt_err_hex(f->error);
    }
    console_str(" rsp=");
    rt_err_hex(f->rsp);
    console_str("\n");
    pyrage_abort();
}
