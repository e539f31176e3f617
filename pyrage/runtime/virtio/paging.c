/*
 * The final page tables: W^X, and nothing mapped that is not in use.
 * entry.S got us to long mode on boot tables that map [0, image end) read-
 * write-execute; paging_init, first thing in virtio_boot, replaces them:
 *
 *   [0, 2 MiB)        read-only, no-execute, one 2 MiB page: the loader's start
 *                     info, memory map and command line, which boot.c reads. Then
 *                     paging_drop_low() unmaps it: page 0 traps NULL, and the rest is
 *                     the boot stack's guard (2 MiB, so no frame can step over it)
 *   [2 MiB, 4 MiB)    the boot stack, read-write, no-execute (one 2 MiB page)
 *   image (link.ld)   4 KiB pages: .text read-execute, .rodata read-only, .data and
 *                     .bss read-write, all but .text no-execute (ssp.c's stack-protector
 *                     guard is in .rodata); cpu.c's IST guards unmapped
 *   heap, to the end of the RAM region that holds the image: read-write, no-execute;
 *                     4 KiB pages up to the next 2 MiB, then 2 MiB pages, and 1 GiB
 *                     pages for whole GiBs past the first when the CPU has them
 *   [3 GiB, 4 GiB)    device registers, 4 KiB each, uncached, no-execute, mapped when a
 *                     driver asks (paging_map_device): LAPIC, I/O APIC, virtio-mmio
 *
 * Cost: one store per 4 KiB up to the 2 MiB boundary after the image (512 for
 * an image under 2 MiB), plus one per 2 MiB of RAM, done once. Under TCG that
 * is microseconds (bench/skeleton.py measures boot against bare QEMU).
 *
 * The heap ends at 3 GiB (the rest of the fourth GiB is the devices'), or at
 * 1 GiB on a CPU without 1 GiB pages, which would need a loop of 512 stores
 * per GiB. A CPU without NX (CPUID 0x80000001 EDX bit 20) gets the same tables
 * without the no-execute bits: W^X is then only "not writable".
 */
#include "platform.h"
#include "pvh.h"
#include "x86.h"

#define PAGE 0x1000ull
#define BIG 0x200000ull   /* 2 MiB */
#define GIB 0x40000000ull
#define PTE_P 0x1ull
#define PTE_RW 0x2ull
#define PTE_PWT 0x8ull
#define PTE_PCD 0x10ull
#define PTE_PS 0x80ull    /* a 2 MiB or 1 GiB page, not a table */
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000FFFFFFFFFF000ull
#define TABLE (PTE_P | PTE_RW) /* an upper level never restricts: the leaf decides */
#define MSR_EFER 0xC0000080
#define EFER_NXE (1ull << 11)
#define IMAGE_PTS 8       /* 4 KiB tables for the image: images up to 16 MiB */
#define DEVICE_PTS 4      /* 4 KiB tables for device pages, one per 2 MiB that has some */
#define RAM_GIBS 3        /* the heap stays below 3 GiB */
#define GUARDS 4

/* The tables, carved from table_pool at 4 KiB boundaries by paging_init: a 4 KiB-aligned .bss
 * would cost the file up to 4 KiB of padding (link.ld). */
#define TABLES (2 + RAM_GIBS + 1 + IMAGE_PTS + DEVICE_PTS)
static uint64_t table_pool[(TABLES + 1) * 512];
static uint64_t *pml4, *pdpt, (*pd_ram)[512], *pd_devices, (*pt_image)[512], (*pt_devices)[512];
static unsigned device_pts;
static uint64_t nx; /* PTE_NX once EFER.NXE is on, else 0 */
static struct { uint64_t start, end; } guards[GUARDS];
static unsigned guard_count;
uint64_t boot_mapped_limit;

extern char _stack_bottom[], _stack_top[], _text_end[], _rodata_end[]; /* link.ld */

static void invlpg(uint64_t addr)
{
    __asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory");
}

/* The end of the RAM region (memory map) that holds the stack and the image. */
static uint64_t ram_end(const struct hvm_start_info *si)
{
    if (si->version < 1 || si->memmap_entries == 0)
        platform_fatal("the PVH loader gave no memory map (hvm_start_info version 1)");
    const struct hvm_memmap_table_entry *map = (const void *)(uintptr_t)si->memmap_paddr;
    for (uint32_t i = 0; i < si->memmap_entries; i++)
        if (map[i].type == HVM_MEMMAP_TYPE_RAM && map[i].addr <= (uintptr_t)_stack_bottom &&
            (uintptr_t)_image_end <= map[i].addr + map[i].size)
            return map[i].addr + map[i].size;
    platform_fatal("no RAM region of the memory map holds the stack and the image");
}

/* The image and the heap's start, in 4 KiB pages: [4 MiB, image end rounded up to 2 MiB). */
static void map_image(uint64_t end)
{
    uint64_t start = (uintptr_t)_image_start, text = (uintptr_t)_text_end;
    uint64_t rodata = (uintptr_t)_rodata_end;
    uint64_t top = ((uintptr_t)_image_end + BIG - 1) & ~(BIG - 1);
    if (top - start > IMAGE_PTS * BIG)
        platform_fatal("the image is larger than paging.c's tables (IMAGE_PTS)");
    if (end < (uintptr_t)_image_end)
        platform_fatal("no RAM left for the heap");
    for (uint64_t a = start; a < top && a < end; a += PAGE) {
        uint64_t flags = a < text ? PTE_P : a < rodata ? PTE_P | nx : PTE_P | PTE_RW | nx;
        pt_image[(a - start) / BIG][(a >> 12) & 511] = a | flags;
    }
    for (uint64_t a = start; a < top; a += BIG)
        pd_ram[0][a >> 21] = (uintptr_t)pt_image[(a - start) / BIG] | TABLE;
}

/* [from, end) of RAM: 2 MiB pages, or 1 GiB pages for whole GiBs when the CPU has them. */
static uint64_t map_heap(uint64_t from, uint64_t end, int gib_pages)
{
    end &= ~(BIG - 1);
    if (!gib_pages && end > GIB)
        end = GIB;
    if (end > RAM_GIBS * GIB)
        end = RAM_GIBS * GIB;
    for (uint64_t a = from; a < end;) {
        unsigned g = (unsigned)(a / GIB);
        if (gib_pages && a % GIB == 0 && a + GIB <= end) {
            pdpt[g] = a | PTE_P | PTE_RW | PTE_PS | nx;
            a += GIB;
            continue;
        }
        pdpt[g] = (uintptr_t)pd_ram[g] | TABLE;
        pd_ram[g][(a >> 21) & 511] = a | PTE_P | PTE_RW | PTE_PS | nx;
        a += BIG;
    }
    return end;
}

void paging_init(const struct hvm_start_info *si)
{
    uint32_t r[4];
    cpuid(0x80000000, 0, r);
    int nx_ok = 0, gib_pages = 0;
    if (r[0] >= 0x80000001) {
        cpuid(0x80000001, 0, r);
        nx_ok = (r[3] >> 20) & 1;
        gib_pages = (r[3] >> 26) & 1;
    }
    if (nx_ok) {
        wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
        nx = PTE_NX;
    }
    uint64_t end = ram_end(si);
    uint64_t (*t)[512] = (void *)(((uintptr_t)table_pool + PAGE - 1) & ~(PAGE - 1));
    pml4 = *t++;
    pdpt = *t++;
    pd_ram = t;
    t += RAM_GIBS;
    pd_devices = *t++;
    pt_image = t;
    pt_devices = t + IMAGE_PTS;
    pml4[0] = (uintptr_t)pdpt | TABLE;
    pdpt[0] = (uintptr_t)pd_ram[0] | TABLE;
    pdpt[3] = (uintptr_t)pd_devices | TABLE;
    pd_ram[0][0] = 0 | PTE_P | PTE_PS | nx; /* the loader's data, until paging_drop_low */
    uint64_t stack = (uintptr_t)_stack_bottom;
    pd_ram[0][stack >> 21] = stack | PTE_P | PTE_RW | PTE_PS | nx;
    map_image(end);
    uint64_t heap = ((uintptr_t)_image_end + BIG - 1) & ~(BIG - 1);
    /* When the RAM ends before the image's last 2 MiB does, map_image stopped there. */
    boot_mapped_limit = end >= heap ? map_heap(heap, end, gib_pages) : end & ~(PAGE - 1);
    paging_guard(PAGE, (uintptr_t)_stack_bottom - PAGE); /* effective once dropped */
    __asm__ volatile("mov %0, %%cr3" : : "r"((uintptr_t)pml4) : "memory");
}

void paging_drop_low(void)
{
    pd_ram[0][0] = 0;
    invlpg(0);
}

void paging_guard(uint64_t start, uint64_t size)
{
    if (guard_count == GUARDS)
        platform_fatal("too many guard regions (paging.c's GUARDS)");
    guards[guard_count].start = start;
    guards[guard_count++].end = start + size;
    /* In the image's tables: unmap its pages (the boot stack's guard is unmapped whole). */
    for (uint64_t a = start; a < start + size; a += PAGE) {
        if (a < (uintptr_t)_image_start || a >= (uintptr_t)_image_end)
            continue;
        pt_image[(a - (uintptr_t)_image_start) / BIG][(a >> 12) & 511] = 0;
        invlpg(a);
    }
}

bool paging_in_guard(uint64_t addr)
{
    for (unsigned i = 0; i < guard_count; i++)
        if (guards[i].start <= addr && addr < guards[i].end)
            return true;
    return false;
}

int paging_map_device(uint64_t addr)
{
    if (addr < RAM_GIBS * GIB || addr >= (RAM_GIBS + 1) * GIB)
        return 0;
    uint64_t *pde = &pd_devices[(addr >> 21) & 511];
    if (!*pde) {
        if (device_pts == DEVICE_PTS)
            return 0;
        *pde = (uintptr_t)pt_devices[device_pts++] | TABLE;
    }
    uint64_t *pt = (uint64_t *)(uintptr_t)(*pde & PTE_ADDR);
    pt[(addr >> 12) & 511] = (addr & ~(PAGE - 1)) | PTE_P | PTE_RW | PTE_PWT | PTE_PCD | nx;
    invlpg(addr);
    return 1;
}
