/*
 * Looking a device up in the image's manifest (pyrage/manifest.h): the
 * targets ask before they take a boot argument that names a device, and
 * before a device is acquired.
 *
 * The manifest is found by its symbol, declared weak: an image without one
 * (a C test application that declares none) has no devices at all.
 */
#include <pyrage/manifest.h>

#include "object.h"

extern const struct pyrage_manifest_header pyrage_manifest __attribute__((weak));

int pyrage_manifest_find(uint32_t kind, const char *name, size_t size)
{
    const struct pyrage_manifest_header *m = &pyrage_manifest;
    /* The checks that make the walk below stay inside the note; a malformed one
     * names nothing. */
    if (!m || m->type != PYRAGE_MANIFEST_TYPE || m->version != PYRAGE_MANIFEST_VERSION ||
        m->count > PYRAGE_MANIFEST_MAX ||
        m->descsz != 8 + m->count * sizeof(struct pyrage_manifest_entry) ||
        size >= PYRAGE_MANIFEST_NAME)
        return -1;
    const struct pyrage_manifest_entry *e = (const struct pyrage_manifest_entry *)(m + 1);
    for (uint32_t i = 0; i < m->count; i++)
        if (e[i].kind == kind && memcmp(e[i].name, name, size) == 0 && e[i].name[size] == 0)
            return (int)i;
    return -1;
}
