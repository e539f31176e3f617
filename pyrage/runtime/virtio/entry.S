/*
 * PVH entry: from 32-bit protected mode to 64-bit C.
 *
 * The loader (QEMU microvm's qboot, Firecracker) starts pvh_start32 with paging
 * off, interrupts off, flat 32-bit segments and %ebx -> struct hvm_start_info.
 * We build page tables, enable SSE and long mode, switch to our own stack and
 * call virtio_boot(start_info) in boot.c.
 *
 * .bss is NOT zeroed here: we rely on the loader zero-filling memsz > filesz,
 * as the ELF spec requires (QEMU's load_elf does it at reset; Firecracker
 * loads into fresh, zeroed guest memory). The page tables below depend on it:
 * only their non-zero entries are stored.
 *
 * Page tables identity-map low memory:
 *  - with 1 GiB pages (CPUID 0x80000001 EDX bit 26): [0, 4 GiB) in 4 stores.
 *    That covers the RAM region holding the image (it ends at the MMIO hole,
 *    below 4 GiB) and the LAPIC at 0xFEE00000.
 *  - else 2 MiB pages: [0, 1 GiB) plus the LAPIC's 2 MiB page (uncached).
 *    This takes a 512-iteration loop, which costs ~2 ms under a nested,
 *    software-assisted KVM; hence the 1 GiB path first.
 * boot_mapped_limit tells boot.c how far the heap may extend, and cpu.c which
 * device pages (virtio-mmio, the I/O APIC) it must map itself into pd_high.
 *
 * WARNING: everything is mapped read-write-execute, including page 0: a NULL
 * dereference is not caught, and there is no guard page under the stack. The
 * stack is the first thing in .bss, so an overflow runs into the image below
 * it (data, code) rather than into the page tables; yield.c and the exception
 * handler check a canary at its bottom (the handler also where %rsp was) to
 * say so after the fact. A %rsp into unmapped or non-canonical memory faults,
 * and so does the push of that fault's frame: the resulting #DF is reported
 * because cpu.c gives it (and NMI) its own stack through the TSS, whose GDT
 * slot is below. WARNING: until cpu_init has loaded the IDT, any exception
 * resets the VM (a triple fault), which `pyrage run` reports as a failure.
 */
#define CR0_PE (1 << 0)
#define CR0_MP (1 << 1)
#define CR0_EM (1 << 2)
#define CR0_NE (1 << 5)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define MSR_EFER 0xC0000080
#define EFER_LME (1 << 8)
#define PTE_P 0x1
#define PTE_RW 0x2
#define PTE_PWT 0x8
#define PTE_PCD 0x10
#define PTE_PS 0x80
#define STACK_SIZE (1 << 20)
#include "platform.h"           /* STACK_CANARY */

/* The PVH note: QEMU and Firecracker boot an ELF that has it via PVH.
 * WARNING: QEMU finds the descriptor at 12 + align_up(namesz, p_align) and
 * reads 8 bytes there, so the note must be 4-byte aligned (an 8-aligned
 * PT_NOTE would make it read at offset 20) and the entry a .quad. */
    .section .note.pvh, "a", @note
    .balign 4
    .long 4                 /* namesz: "Xen\0" */
    .long 8                 /* descsz */
    .long 18                /* XEN_ELFNOTE_PHYS32_ENTRY */
    .asciz "Xen"
    .balign 4
    .quad pvh_start32
    .balign 4

    .section .text.pvh_start32, "ax"
    .code32
    .globl pvh_start32
    .type pvh_start32, @function
pvh_start32:
    cld
    mov %ebx, %esi          /* start_info: cpuid clobbers %ebx */
    lgdt gdt_ptr

    movl $(pdpt + PTE_P + PTE_RW), pml4
    mov $0x80000000, %eax
    cpuid
    cmp $0x80000001, %eax
    jb 2f
    mov $0x80000001, %eax
    cpuid
    bt $26, %edx
    jnc 2f

    /* 1 GiB pages. The LAPIC's page is write-back like RAM: its accesses trap
     * to the VMM whatever the memory type, and RAM may share that GiB. */
    movl $(0x00000000 + PTE_P + PTE_RW + PTE_PS), pdpt
    movl $(0x40000000 + PTE_P + PTE_RW + PTE_PS), pdpt + 8
    movl $(0x80000000 + PTE_P + PTE_RW + PTE_PS), pdpt + 16
    movl $(0xC0000000 + PTE_P + PTE_RW + PTE_PS), pdpt + 24
    movl $1, boot_mapped_limit + 4          /* 4 GiB */
    jmp 3f

2:  /* 2 MiB pages: the first GiB, and the LAPIC's page in the fourth. */
    mov $pd_low, %edi
    mov $(PTE_P + PTE_RW + PTE_PS), %eax
    mov $512, %ecx
1:  mov %eax, (%edi)
    add $0x200000, %eax
    add $8, %edi
    loop 1b
    movl $(0xFEE00000 + PTE_P + PTE_RW + PTE_PWT + PTE_PCD + PTE_PS), pd_high + 503 * 8
    movl $(pd_low + PTE_P + PTE_RW), pdpt
    movl $(pd_high + PTE_P + PTE_RW), pdpt + 24
    movl $0x40000000, boot_mapped_limit     /* 1 GiB */

3:  mov $(CR4_PAE + CR4_OSFXSR + CR4_OSXMMEXCPT), %eax
    mov %eax, %cr4
    mov $pml4, %eax
    mov %eax, %cr3
    mov $MSR_EFER, %ecx
    rdmsr
    or $EFER_LME, %eax
    wrmsr
    /* Paging on (long mode active), SSE usable: EM clear, MP set. */
    mov %cr0, %eax
    and $~CR0_EM, %eax
    or $(CR0_PE + CR0_MP + CR0_NE + CR0_WP + CR0_PG), %eax
    mov %eax, %cr0
    ljmp $0x08, $long_mode

    .code64
long_mode:
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    fninit
    movabs $STACK_CANARY, %rax
    mov %rax, boot_stack_canary(%rip)
    lea boot_stack + STACK_SIZE(%rip), %rsp /* 16-byte aligned; the call makes it ABI-ready */
    xor %ebp, %ebp
    mov %esi, %edi                          /* virtio_boot(uint32_t start_info_paddr) */
    call virtio_boot
    ud2

    /* The accessed bits are preset, so loading a selector never writes here;
     * but `ltr` sets the TSS descriptor's busy bit, hence .data. */
    .section .data.gdt, "aw"
    .balign 8
gdt:
    .quad 0
    .quad 0x00AF9B000000FFFF    /* 0x08: 64-bit code */
    .quad 0x00CF93000000FFFF    /* 0x10: data */
    .globl gdt_tss
gdt_tss:                        /* 0x18: the 64-bit TSS (16 bytes), built by cpu.c */
    .quad 0, 0
gdt_ptr:
    .word gdt_ptr - gdt - 1
    .long gdt                   /* lgdt runs in 32-bit mode: a 4-byte base */

    /* The stack first (see the WARNING above), then the page tables. */
    .section .bss.boot_stack, "aw", @nobits
    .balign 4096
    .globl boot_stack_canary
boot_stack_canary:
boot_stack:
    .skip STACK_SIZE

    .section .bss.page_tables, "aw", @nobits
    .balign 4096
pml4:   .skip 4096
pdpt:   .skip 4096
pd_low: .skip 4096
    .globl pd_high              /* cpu.c maps device pages here when there are no 1 GiB pages */
pd_high: .skip 4096
    .globl boot_mapped_limit
boot_mapped_limit:
    .skip 8
