/*
 * The device manifest: the NICs and block devices an image was configured
 * with, in an ELF note the image loads (pyrage/manifest.py writes it for a
 * compiled program, from config.py; a C application declares its own with
 * PYRAGE_MANIFEST below). The runtime drives no other device: a boot argument
 * --net:NAME=... or --block:NAME=... for a name the manifest does not have
 * stops the boot (status 2), and acquiring such a name fails
 * (PYRAGE_R_EUNSPEC, with a line on the error console). An image without a
 * manifest has no devices. docs/security.md.
 *
 * Layout (keep in step with pyrage/manifest.py): the note's header (namesz 7,
 * descsz, type PYRAGE_MANIFEST_TYPE), the owner "pyrage\0" padded to 8
 * bytes, then the descriptor: version, count and `count` entries.
 */
#ifndef PYRAGE_MANIFEST_H
#define PYRAGE_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#define PYRAGE_MANIFEST_TYPE 0x31564544 /* "DEV1" */
#define PYRAGE_MANIFEST_VERSION 1
#define PYRAGE_MANIFEST_NAME 64 /* bytes, the NUL included */
#define PYRAGE_MANIFEST_MAX 64  /* entries */

enum { PYRAGE_DEVICE_NET = 1, PYRAGE_DEVICE_BLOCK = 2 };

struct pyrage_manifest_entry {
    uint32_t kind; /* PYRAGE_DEVICE_NET or PYRAGE_DEVICE_BLOCK */
    char name[PYRAGE_MANIFEST_NAME];
};

struct pyrage_manifest_header {
    uint32_t namesz, descsz, type;
    char owner[8];
    uint32_t version, count; /* the descriptor starts at version */
};

/* The index of the device of that kind whose name is name[0..size) in the
 * image's manifest, or -1 when it has none (or the image has no manifest). */
int pyrage_manifest_find(uint32_t kind, const char *name, size_t size);

/*
 * For a C application (the runtime's tests): its manifest, from entries such
 * as {PYRAGE_DEVICE_NET, "service"}, at file scope:
 *
 *     PYRAGE_MANIFEST({PYRAGE_DEVICE_NET, "service"}, {PYRAGE_DEVICE_BLOCK, "disk"});
 *
 * and PYRAGE_MANIFEST_NONE; for one without devices that `pyrage run` runs
 * (it runs no image without a manifest).
 */
#define PYRAGE_MANIFEST_COUNT(...)                                                                \
    (sizeof((const struct pyrage_manifest_entry[]){__VA_ARGS__}) /                                \
     sizeof(struct pyrage_manifest_entry))
#define PYRAGE_MANIFEST(...)                                                                      \
    __attribute__((section(".note.pyrage.manifest"), aligned(4), used)) const struct {           \
        struct pyrage_manifest_header h;                                                          \
        struct pyrage_manifest_entry e[PYRAGE_MANIFEST_COUNT(__VA_ARGS__)];                      \
    } pyrage_manifest = {{7, 8 + sizeof(struct pyrage_manifest_entry) *                           \
                                     PYRAGE_MANIFEST_COUNT(__VA_ARGS__),                          \
                          PYRAGE_MANIFEST_TYPE, "pyrage", PYRAGE_MANIFEST_VERSION,                \
                          PYRAGE_MANIFEST_COUNT(__VA_ARGS__)},                                    \
                         {__VA_ARGS__}}

#define PYRAGE_MANIFEST_NONE                                                                      \
    __attribute__((section(".note.pyrage.manifest"), aligned(4), used))                          \
    const struct pyrage_manifest_header pyrage_manifest = {                                       \
        7, 8, PYRAGE_MANIFEST_TYPE, "pyrage", PYRAGE_MANIFEST_VERSION, 0}

#endif /* PYRAGE_MANIFEST_H */
