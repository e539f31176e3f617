/*
 * The PVH boot ABI (Xen's arch-x86/hvm/start_info.h): what the loader hands
 * us in %ebx. Only the fields pyrage reads are described.
 */
#ifndef PYRAGE_VIRTIO_PVH_H
#define PYRAGE_VIRTIO_PVH_H

#include <stdint.h>

#define HVM_START_MAGIC 0x336ec578u
#define HVM_MEMMAP_TYPE_RAM 1

struct hvm_start_info {
    uint32_t magic;
    uint32_t version;        /* the memory map fields exist from version 1 */
    uint32_t flags;
    uint32_t nr_modules;
    uint64_t modlist_paddr;
    uint64_t cmdline_paddr;  /* NUL-terminated; 0 when there is none */
    uint64_t rsdp_paddr;
    uint64_t memmap_paddr;   /* array of struct hvm_memmap_table_entry */
    uint32_t memmap_entries;
    uint32_t reserved;
};

struct hvm_memmap_table_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
    uint32_t reserved;
};

#endif
