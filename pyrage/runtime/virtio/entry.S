/*
 * PVH entry: from 32-bit protected mode to 64-bit C.
 *
 * The loader (QEMU microvm's qboot, Firecracker) starts pvh_start32 with paging
 * off, interrupts off, flat 32-bit segments and %ebx -> struct hvm_start_info.
 * We build boot page tables, enable SSE and long mode, switch to the boot
 * stack (link.ld) and call virtio_boot(start_info) in boot.c.
 *
 * .bss is NOT zeroed here: we rely on the loader zero-filling memsz > filesz,
 * as the ELF spec requires (QEMU's load_elf does it at reset; Firecracker
 * loads into fresh, zeroed guest memory). The page tables below depend on it:
 * only their non-zero entries are stored.
 *
 * The page tables built here are for boot only: 2 MiB pages, read-write-
 * execute, identity-mapping [0, _image_end rounded up to 2 MiB), which holds
 * the loader's data, the boot stack and the image (link.ld). That is one store
 * per 2 MiB (three for hello): a loop over 512 entries costs ~2 ms under a
 * nested, software-assisted KVM, so nothing here maps what boot does not need.
 * virtio_boot's first steps (paging.c) replace them with the final, W^X tables
 * that map the heap and the devices too, and set EFER.NXE. CR0.WP is set here:
 * without it ring 0 writes through read-only pages.
 *
 * WARNING: until cpu_init has loaded the IDT, any exception resets the VM (a
 * triple fault), which `pyrage run` reports as a failure. The boot stack has a
 * guard (unmapped memory below it) only once boot.c has called
 * paging_drop_low(); boot itself uses a few hundred bytes of it.
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
#define PTE_PS 0x80

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
    mov %ebx, %esi          /* start_info, for virtio_boot */
    lgdt gdt_ptr

    mov $(boot_tables + 4095), %ebx         /* pml4, pdpt, pd: 4 KiB-aligned here */
    and $~4095, %ebx
    lea 4096 + PTE_P + PTE_RW(%ebx), %eax
    mov %eax, (%ebx)
    lea 8192 + PTE_P + PTE_RW(%ebx), %eax
    mov %eax, 4096(%ebx)
    lea 8192(%ebx), %edi
    mov $(PTE_P + PTE_RW + PTE_PS), %eax
    mov $(_image_end + 0x1FFFFF), %ecx      /* 2 MiB pages up to the image's end */
    shr $21, %ecx
1:  mov %eax, (%edi)
    add $0x200000, %eax
    add $8, %edi
    loop 1b

    mov $(CR4_PAE + CR4_OSFXSR + CR4_OSXMMEXCPT), %eax
    mov %eax, %cr4
    mov %ebx, %eax
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
    mov $_stack_top, %esp                   /* link.ld; 16-byte aligned, the call makes it ABI-ready */
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

    /* The boot page tables (the image is at most 1 GiB: one page directory), aligned at run
     * time: a 4 KiB-aligned .bss would cost the file up to 4 KiB of padding (link.ld). */
    .section .bss.boot_tables, "aw", @nobits
    .balign 8
boot_tables: .skip 4 * 4096
