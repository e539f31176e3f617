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
 * a second #DF while cpu_exception runs on df_stack overwrites the frame in
 * use. That is safe only because cpu_exception never returns and stops
 * without printing when nested. */
static char df_stack[IST_STACK_SIZE] __attribute__((aligned(16)));
static char nmi_stack[IST_STACK_SIZE] __attribute__((aligned(16)));

extern char exception_stubs[], lapic_timer_isr[], spurious_isr[]; /* vectors.S */

void cpu_set_gate(int vector, const void *handler)
{
    uintptr_t a = (uintptr_t)handler;
    idt[vector] = (struct idt_gate){(uint16_t)a, KERNEL_CS, 0, 0x8E, (uint16_t)(a >> 16),
                                    (uint32_t)(a >> 32), 0};
}

static void tss_init(void)
{
    tss.ist[IST_DF - 1] = (uintptr_t)(df_stack + sizeof df_stack);
    tss.ist[IST_NMI - 1] = (uintptr_t)(nmi_stack + sizeof nmi_stack);
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
 * Device registers (virtio-mmio transports, the I/O APIC) are identity-mapped
 * like RAM. With 1 GiB pages entry.S mapped all of [0, 4 GiB); without them
 * only the first GiB and the LAPIC's 2 MiB, so a device's page is added to
 * pd_high, uncached. Its accesses trap to the VMM whatever the memory type.
 */
#define PTE_DEVICE (0x1 | 0x2 | 0x8 | 0x10 | 0x80) /* present, RW, PWT, PCD, 2 MiB */
#define GIB3 0xC0000000ull
#define GIB4 0x100000000ull

int cpu_map_mmio(uint64_t addr)
{
    if (addr < boot_mapped_limit)
        return 1;
    if (addr < GIB3 || addr >= GIB4)
        return 0;
    pd_high[(addr >> 21) & 511] = (addr & ~0x1FFFFFull) | PTE_DEVICE;
    __asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory");
    return 1;
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
    if (!cpu_map_mmio(IOAPIC_BASE) || gsi > (ioapic_access(IOAPIC_VERSION, 0, 0) >> 16 & 0xFF))
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
    char num[3] = {(char)('0' + f->vector / 10), (char)('0' + f->vector % 10), 0};
    console_str("pyrage: fatal: CPU exception ");
    console_str(f->vector < 10 ? num + 1 : num);
    console_str(" at rip=");
    console_hex(f->rip);
    if (names[f->vector][0]) {
        console_str(": #");
        console_str(names[f->vector]);
    }
    if (HAS_ERROR_CODE & (1u << f->vector)) {
        console_str(" error=");
        console_hex(f->error);
    }
    if (f->vector == 14) {
        console_str(" cr2=");
        console_hex(read_cr2());
    }
    console_str(" rsp=");
    console_hex(f->rsp);
    console_str("\n");
    /* The canary is overwritten, or %rsp is below the stack and in the image:
     * a frame larger than a word can step over the canary without writing it. */
    uint64_t bottom = (uintptr_t)&boot_stack_canary;
    if (boot_stack_canary != STACK_CANARY || (f->rsp < bottom && f->rsp >= (uintptr_t)_image_start))
        console_str("pyrage: fatal: the stack overflowed (1 MiB)\n");
    pyrage_abort();
}
