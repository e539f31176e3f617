/*
 * The boot arguments that name devices: --net:NAME=TAP (net.c) and
 * --block:NAME=PATH (block.c). boot.c hands argv here before the application
 * sees it; they are checked and taken out at once, so a malformed one stops
 * the boot (status 2) rather than surfacing when its device is acquired.
 *
 * Every image runs this, hello too, which has no device: so it is compiled
 * for size (minsize: it runs once), and one parser serves both kinds.
 *
 * A name that the image's device manifest (pyrage/manifest.h) does not have
 * stops the boot too, as a malformed argument does: the runtime opens no tap
 * and no file that the image was not configured with. So every argument
 * kept here is a device of the manifest, and the acquires (net.c, block.c)
 * find no other; they check the manifest themselves (unix_device_declared)
 * only to say why a name that is not there cannot be had.
 */
#include <pyrage/manifest.h>

#include "devices.h"

static const struct {
    const char *prefix, *usage, *twice, *what;
} kinds[] = {
    [UNIX_ARG_NET] = {"--net:", "expected --net:NAME=TAP", "a second tap for the same NIC",
                      "NIC"},
    [UNIX_ARG_BLOCK] = {"--block:", "expected --block:NAME=PATH",
                        "a second file for the same block device", "block device"},
};

/* The manifest's kinds, by UNIX_ARG_*. */
static uint32_t manifest_kind(int kind)
{
    return kind == UNIX_ARG_NET ? PYRAGE_DEVICE_NET : PYRAGE_DEVICE_BLOCK;
}

int unix_device_declared(int kind, const char *name)
{
    if (pyrage_manifest_find(manifest_kind(kind), name, unix_cstrlen(name)) >= 0)
        return 1;
    const char *parts[] = {kinds[kind].what, " '", name, "' is not in the image's manifest"};
    unix_say(parts, 4);
    return 0;
}

static struct unix_device_arg args[UNIX_DEVICE_ARGS];
static int arg_count;

size_t unix_cstrlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

__attribute__((minsize)) static struct unix_device_arg *find(int kind, const char *name,
                                                             size_t size)
{
    for (int i = 0; i < arg_count; i++) {
        struct unix_device_arg *a = &args[i];
        if (a->kind != kind || a->name_size != size)
            continue;
        size_t k = 0;
        while (k < size && a->name[k] == name[k])
            k++;
        if (k == size)
            return a;
    }
    return 0;
}

struct unix_device_arg *unix_device_arg(int kind, const char *name)
{
    return find(kind, name, unix_cstrlen(name));
}

/* The rest of s after prefix, or NULL. */
__attribute__((minsize)) static const char *after(const char *s, const char *prefix)
{
    while (*prefix)
        if (*s++ != *prefix++)
            return 0;
    return s;
}

__attribute__((minsize)) int unix_device_args(int argc, char **argv)
{
    int kept = 1;
    for (int i = 1; i < argc; i++) {
        char *arg = argv[i];
        int kind = UNIX_ARG_NET;
        const char *name = after(arg, kinds[kind].prefix);
        if (!name)
            name = after(arg, kinds[kind = UNIX_ARG_BLOCK].prefix);
        if (!name) { /* not ours: the application's */
            argv[kept++] = arg;
            continue;
        }
        const char *eq = name;
        while (*eq && *eq != '=')
            eq++;
        const char *why = 0;
        if (eq == name || !*eq || !eq[1])
            why = kinds[kind].usage;
        else if (pyrage_manifest_find(manifest_kind(kind), name, (size_t)(eq - name)) < 0)
            why = kind == UNIX_ARG_NET ? "the image's manifest has no such NIC"
                                       : "the image's manifest has no such block device";
        else if (find(kind, name, (size_t)(eq - name)))
            why = kinds[kind].twice;
        else if (arg_count == UNIX_DEVICE_ARGS)
            why = "more than 16 devices";
        if (why) {
            const char *parts[] = {"bad argument '", arg, "': ", why};
            unix_say(parts, 4);
            pyrage_exit(2);
        }
        args[arg_count++] = (struct unix_device_arg){name, (size_t)(eq - name), eq + 1,
                                                     (uint8_t)kind, 0};
    }
    argv[kept] = 0;
    return kept;
}
