/*
 * virtio boot: entry.S calls virtio_boot() in long mode with the PVH start
 * info. We bring up the console, the CPU and the clock, find the heap in the
 * memory map, split the command line into argv, and run the application.
 *
 * Command line syntax (pyrage/launch/qemu.py's quote_boot_args() is the
 * inverse; keep them in step): arguments are separated by spaces, tabs or
 * newlines. Double quotes group characters, spaces included, into an
 * argument; inside them \" is a quote and \\ a backslash, and any other
 * backslash is literal. Quoted and unquoted parts join: a"b c" is `ab c`.
 *
 * Three kinds of argument are the platform's and never reach argv (platform.h):
 * virtio_mmio.device=SIZE@BASE:IRQ, which QEMU (auto-kernel-cmdline=on) and
 * Firecracker append for each virtio device, and --net:NAME=N and
 * --block:NAME=N, which name a NIC and a block device, as on unix. They are
 * only set aside here, in command-line order: the drivers read them (mmio.c,
 * net.c, blk.c), so that an image without devices carries none of that code
 * (hello must stay under 64 KiB). Only their names are checked here: one that
 * the image's device manifest (pyrage/manifest.h) does not have stops the
 * boot with status 2, as on unix, so no driver is ever pointed at a device
 * the image was not configured with. Each --net entry gets NET_MEMORY bytes of
 * the heap for its rings and buffers, taken here before the application owns
 * the heap; an image that uses no NIC still pays for the entries it is given.
 * (Block devices need a few pages each: blk.c has them in its .bss.)
 */
#include <pyrage/manifest.h>

#include "platform.h"
#include "pvh.h"

#define PAGE 4096u

const char *const *boot_platform_args;
unsigned boot_net_count;
uintptr_t boot_net_memory;

static int is_separator(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The text after `prefix` in s, or NULL when s does not start with it. Not inlined: clang
 * would unroll it into a compare per character of each prefix, 200 bytes of hello's image. */
__attribute__((noinline)) const char *after(const char *s, const char *prefix)
{
    while (*prefix)
        if (*s++ != *prefix++)
            return 0;
    return s;
}

/* Stops the boot (status 2) when the manifest has no device of that kind for the entry `arg`,
 * whose name starts at `name` and runs to its '='. */
static void check_declared(const char *arg, const char *name, uint32_t kind)
{
    size_t n = 0;
    while (name[n] && name[n] != '=')
        n++;
    if (pyrage_manifest_find(kind, name, n) >= 0)
        return;
    console_str("pyrage: bad argument '");
    console_str(arg);
    console_str(kind == PYRAGE_DEVICE_NET ? "': the image's manifest has no such NIC\n"
                                          : "': the image's manifest has no such block device\n");
    pyrage_exit(2);
}

/*
 * Copies the arguments of `cmdline` into memory at *free (the heap's start),
 * followed by the NULL-terminated argv array and boot_platform_args, and
 * advances *free past them.
 */
static void parse_args(const char *cmdline, uintptr_t *free, struct pyrage_start_info *info)
{
    char *out = (char *)*free, *strings = out;
    int argc = 1;
    for (const char *p = cmdline; p && *p;) {
        if (is_separator(*p)) {
            p++;
            continue;
        }
        while (*p && !is_separator(*p)) {
            if (*p != '"') {
                *out++ = *p++;
                continue;
            }
            for (p++; *p && *p != '"'; *out++ = *p++) {
                if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                    p++;
            }
            if (*p) /* an unterminated quote runs to the end of the line */
                p++;
        }
        *out++ = 0;
        argc++;
    }
    const char **argv = (const char **)(((uintptr_t)out + 7) & ~(uintptr_t)7);
    const char **platform = argv + argc + 1; /* room for argc - 1 of them, and the NULL */
    int kept = 1, taken = 0;
    argv[0] = "pyrage";
    for (int i = 1; i < argc; i++) {
        const char *net = after(strings, "--net:"), *block = after(strings, "--block:");
        if (net || block)
            check_declared(strings, net ? net : block,
                           net ? PYRAGE_DEVICE_NET : PYRAGE_DEVICE_BLOCK);
        if (after(strings, "virtio_mmio.device=") || (net && ++boot_net_count) || block)
            platform[taken++] = strings;
        else
            argv[kept++] = strings;
        while (*strings++)
            ;
    }
    argv[kept] = 0;
    platform[taken] = 0;
    info->argc = kept;
    info->argv = argv;
    boot_platform_args = platform;
    *free = (uintptr_t)(platform + taken + 1);
}

/*
 * The heap: from the end of the image (its .bss included) to the end of the
 * RAM that paging_init mapped (the region of the memory map that holds the
 * image). Boot data the loader put in that range (the command line, which
 * parse_args() copies from) is stepped over.
 */
static void find_heap(const struct hvm_start_info *si, uintptr_t *start, uintptr_t *end)
{
    uint64_t region_end = boot_mapped_limit;
    uint64_t heap = ((uintptr_t)_image_end + PAGE - 1) & ~(uint64_t)(PAGE - 1);
    uint64_t cmdline = si->cmdline_paddr, n = 0;
    while (cmdline && ((const char *)(uintptr_t)cmdline)[n])
        n++;
    if (cmdline && cmdline + n >= heap && cmdline < region_end)
        heap = (cmdline + n + PAGE) & ~(uint64_t)(PAGE - 1);
    /* parse_args needs at most n + 1 + n/2 bytes of strings and 2 * (n/2 + 2) pointers. */
    if (heap + 10 * n + 64 + PAGE > region_end)
        platform_fatal("no RAM left for the heap");
    *start = (uintptr_t)heap;
    *end = (uintptr_t)region_end;
}

/*
 * Not protected by -fstack-protector: ssp_init sets the guard here, and this
 * function never returns, so it would never check it anyway.
 */
__attribute__((noreturn, no_stack_protector)) void virtio_boot(uint32_t start_info_paddr)
{
    ssp_init();     /* before paging_init, which makes the guard's page read-only */
    console_init(); /* then everything after may report a fatal error */
    const struct hvm_start_info *si = (const void *)(uintptr_t)start_info_paddr;
    if (si->magic != HVM_START_MAGIC)
        platform_fatal("not started by a PVH loader (bad hvm_start_info magic)");
    paging_init(si);
    cpu_init();     /* before the clock: it calibrates the LAPIC timer */
    clock_init();

    struct pyrage_start_info info;
    uintptr_t heap, heap_end;
    find_heap(si, &heap, &heap_end);
    parse_args((const char *)(uintptr_t)si->cmdline_paddr, &heap, &info);
    paging_drop_low(); /* the start info is read: page 0 and the stack's guard go */
    boot_net_memory = (heap + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
    heap = boot_net_memory + boot_net_count * NET_MEMORY;
    if (heap + PAGE > heap_end)
        platform_fatal("no RAM left for the heap");
    info.heap_start = heap;
    info.heap_size = heap_end - heap;
    pyrage_exit(pyrage_app_main(&info));
}
