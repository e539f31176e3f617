/*
 * The kernel's vDSO: clock_gettime without a system call.
 *
 * A networked unikernel reads the monotonic clock for nearly every frame (ARP entry ages,
 * TCP timers, rate limits); as a system call that was a third of the DNS server's syscalls.
 * Linux maps a small shared object into every process (its ELF header's address is the
 * AT_SYSINFO_EHDR entry of the auxiliary vector, after the environment on the initial
 * stack) whose __vdso_clock_gettime reads the clock from a page the kernel keeps current.
 * We link no libc, so we find that symbol ourselves: the vDSO's dynamic section gives its
 * symbol and string tables, and DT_HASH the number of symbols. Anything unexpected (no
 * auxv entry, no DT_HASH, no symbol, an unversioned lookup failing) leaves the pointer null
 * and clock.c keeps the system call: the vDSO is a speed-up, never a requirement.
 */
#include <stddef.h>
#include <stdint.h>

#include "sys.h"

#define AT_SYSINFO_EHDR 33
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define DT_NULL 0
#define DT_HASH 4
#define DT_STRTAB 5
#define DT_SYMTAB 6
#define STT_FUNC 2
#define SHN_UNDEF 0

struct elf64_ehdr {
    unsigned char e_ident[16];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct elf64_dyn {
    int64_t d_tag;
    uint64_t d_val;
};

struct elf64_sym {
    uint32_t st_name;
    unsigned char st_info, st_other;
    uint16_t st_shndx;
    uint64_t st_value, st_size;
};

unix_clock_gettime_fn unix_vdso_clock_gettime;

static int same(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static void *find_symbol(uintptr_t base, const char *wanted)
{
    const struct elf64_ehdr *eh = (const struct elf64_ehdr *)base;
    static const unsigned char magic[4] = {0x7f, 'E', 'L', 'F'};
    for (int i = 0; i < 4; i++)
        if (eh->e_ident[i] != magic[i])
            return 0;
    if (eh->e_ident[4] != 2 /* ELFCLASS64 */ || eh->e_phentsize != sizeof(struct elf64_phdr))
        return 0;
    const struct elf64_phdr *ph = (const struct elf64_phdr *)(base + eh->e_phoff);
    /* Addresses inside the vDSO are link-time ones: the first PT_LOAD (offset 0) says by how
     * much the kernel moved it. */
    intptr_t bias = 0;
    const struct elf64_dyn *dyn = 0;
    int loaded = 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_LOAD && !loaded) {
            bias = (intptr_t)(base + ph[i].p_offset - ph[i].p_vaddr);
            loaded = 1;
        } else if (ph[i].p_type == PT_DYNAMIC) {
            dyn = (const struct elf64_dyn *)(base + ph[i].p_offset);
        }
    }
    if (!loaded || !dyn)
        return 0;
    const uint32_t *hash = 0;
    const char *strtab = 0;
    const struct elf64_sym *symtab = 0;
    for (; dyn->d_tag != DT_NULL; dyn++) {
        if (dyn->d_tag == DT_HASH)
            hash = (const uint32_t *)(dyn->d_val + bias);
        else if (dyn->d_tag == DT_STRTAB)
            strtab = (const char *)(dyn->d_val + bias);
        else if (dyn->d_tag == DT_SYMTAB)
            symtab = (const struct elf64_sym *)(dyn->d_val + bias);
    }
    if (!hash || !strtab || !symtab)
        return 0;
    uint32_t count = hash[1]; /* nchain: one per symbol */
    for (uint32_t i = 0; i < count; i++) {
        const struct elf64_sym *s = &symtab[i];
        if ((s->st_info & 0xf) == STT_FUNC && s->st_shndx != SHN_UNDEF &&
            same(strtab + s->st_name, wanted))
            return (void *)(s->st_value + bias);
    }
    return 0;
}

void unix_vdso_init(const uint64_t *initial_stack)
{
    uint64_t base = unix_auxv(initial_stack, AT_SYSINFO_EHDR);
    if (base)
        unix_vdso_clock_gettime =
            (unix_clock_gettime_fn)find_symbol((uintptr_t)base, "__vdso_clock_gettime");
}
