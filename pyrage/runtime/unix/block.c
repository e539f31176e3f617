/*
 * Block devices: a file or a raw block device, named by the boot argument
 * --block:NAME=PATH (args.c), in sectors of 512 bytes.
 *
 * A request runs at once, inside block_submit (pread/pwrite, fdatasync for a
 * FLUSH): the page cache makes that quick, and the ABI's asynchrony costs the
 * callers nothing. Its completion waits in a small ring until block_poll
 * takes it, and while one waits the handle is in unix_ready (yield.c), so a task
 * that waits for its request in yield is woken at once. A FLUSH therefore
 * covers every WRITE submitted before it, completed or not (they all are).
 *
 * Read-only: a file we may not open for writing, or one that has no write
 * permission bit at all. The second is for root, whom the kernel lets write
 * any file: a `chmod 444` image should stay as it is whoever runs us.
 */
#include "devices.h"
#include "sys.h"

#define UNIX_BLOCKS UNIX_DEVICE_ARGS /* as many as args.c accepts */
#define SECTOR 512
#define MAX_REQUEST (1u << 20)
#define DEPTH 32              /* completions waiting for block_poll, at most */
#define SEEK_END 2
#define S_IFMT 0170000
#define S_IFREG 0100000
#define S_IFBLK 0060000

struct unix_stat { /* the kernel's struct stat on x86_64: only st_mode is read */
    uint64_t dev, ino, nlink;
    uint32_t mode, uid, gid, pad;
    uint64_t rest[12];
};

struct completion {
    uint64_t tag;
    pyrage_result_t status;
};

static struct disk {
    int fd;
    uint8_t read_only;
    uint64_t sectors;
    unsigned head, count; /* done[head], then count - 1 more (mod DEPTH): not yet polled */
    struct completion done[DEPTH];
} disks[UNIX_BLOCKS];
static int disk_count;
static struct disk *by_handle[UNIX_HANDLES];

/* Opens the file or device into d: its fd, or -1 with *why set for the message. */
static long open_disk(const char *path, struct disk *d, const char **why)
{
    long fd = sys3(SYS_open, path, O_RDWR | O_CLOEXEC, 0);
    d->read_only = fd == -EACCES || fd == -EPERM || fd == -EROFS;
    if (d->read_only)
        fd = sys3(SYS_open, path, O_RDONLY | O_CLOEXEC, 0);
    if (sys_failed(fd)) {
        *why = fd == -EISDIR ? "a directory, not a file or a block device" : unix_strerror(-fd);
        return -1;
    }
    struct unix_stat st = {0};
    long r = sys3(SYS_fstat, fd, &st, 0);
    /* lseek, not st_size: a block device's st_size is 0. */
    long size = sys_failed(r) ? r : sys3(SYS_lseek, fd, 0, SEEK_END);
    if (sys_failed(size))
        *why = unix_strerror(-size);
    else if ((st.mode & S_IFMT) != S_IFREG && (st.mode & S_IFMT) != S_IFBLK)
        *why = "not a file or a block device";
    else if (size % SECTOR)
        *why = "its size is not a multiple of 512 bytes (the sector size)";
    else {
        d->fd = (int)fd;
        d->read_only |= !(st.mode & 0222);
        d->sectors = (uint64_t)size / SECTOR;
        return fd;
    }
    sys3(SYS_close, fd, 0, 0);
    return -1;
}

pyrage_result_t pyrage_block_acquire(const char *name, pyrage_handle_t *handle,
                                     struct pyrage_block_info *info)
{
    if (!unix_device_declared(UNIX_ARG_BLOCK, name))
        return PYRAGE_R_EUNSPEC;
    struct unix_device_arg *arg = unix_device_arg(UNIX_ARG_BLOCK, name);
    if (!arg || arg->acquired)
        return PYRAGE_R_EINVAL;
    struct disk *d = &disks[disk_count]; /* one per --block argument: there is room */
    *d = (struct disk){0};
    const char *why = "";
    long fd = open_disk(arg->value, d, &why);
    int h = fd < 0 ? -1 : unix_handle_open(-1, UNIX_BLOCK);
    if (fd >= 0 && h < 0) {
        sys3(SYS_close, fd, 0, 0);
        why = "too many devices open (63)";
    }
    if (h < 0) {
        const char *parts[] = {"cannot open '", arg->value, "' for block device '", name,
                               "': ", why};
        unix_say(parts, 6);
        return PYRAGE_R_EUNSPEC;
    }
    arg->acquired = 1;
    disk_count++;
    by_handle[h] = d;
    *info = (struct pyrage_block_info){.sector_size = SECTOR, .sectors = d->sectors,
                                       .read_only = d->read_only, .max_request = MAX_REQUEST,
                                       .queue_depth = DEPTH};
    *handle = (pyrage_handle_t)h;
    return PYRAGE_R_OK;
}

/* pread or pwrite all of it: short transfers go on, EINTR is tried again. */
static pyrage_result_t transfer(int fd, int write, uint64_t offset, uint8_t *buf, size_t size)
{
    while (size) {
        long n = sys6(write ? SYS_pwrite64 : SYS_pread64, fd, (long)buf, (long)size,
                      (long)offset, 0, 0);
        if (n == -EINTR)
            continue;
        if (n <= 0) /* an I/O error, or 0: the end of a file that shrank under us */
            return PYRAGE_R_EUNSPEC;
        buf += n;
        size -= (size_t)n;
        offset += (uint64_t)n;
    }
    return PYRAGE_R_OK;
}

static struct disk *get(pyrage_handle_t h)
{
    return unix_handle_get(h, UNIX_BLOCK) ? by_handle[h] : 0;
}

pyrage_result_t pyrage_block_submit(pyrage_handle_t h, uint32_t op, uint64_t sector,
                                    uint8_t *buf, size_t size, uint64_t tag)
{
    struct disk *d = get(h);
    if (!d || op > PYRAGE_BLOCK_FLUSH)
        return PYRAGE_R_EINVAL;
    if (op != PYRAGE_BLOCK_FLUSH &&
        (size == 0 || size % SECTOR || size > MAX_REQUEST || sector >= d->sectors ||
         size / SECTOR > d->sectors - sector || (op == PYRAGE_BLOCK_WRITE && d->read_only)))
        return PYRAGE_R_EINVAL;
    if (d->count == DEPTH)
        return PYRAGE_R_AGAIN; /* the handle is ready: those completions are waiting */
    pyrage_result_t status;
    if (op == PYRAGE_BLOCK_FLUSH) {
        long r;
        while ((r = sys3(SYS_fdatasync, d->fd, 0, 0)) == -EINTR)
            ;
        status = sys_failed(r) ? PYRAGE_R_EUNSPEC : PYRAGE_R_OK;
    } else {
        status = transfer(d->fd, op == PYRAGE_BLOCK_WRITE, sector * SECTOR, buf, size);
    }
    d->done[(d->head + d->count++) % DEPTH] = (struct completion){tag, status};
    unix_ready |= (pyrage_handle_set_t)1 << h;
    return PYRAGE_R_OK;
}

pyrage_result_t pyrage_block_poll(pyrage_handle_t h, uint64_t *tag, pyrage_result_t *status)
{
    struct disk *d = get(h);
    if (!d)
        return PYRAGE_R_EINVAL;
    if (!d->count)
        return PYRAGE_R_AGAIN;
    const struct completion *c = &d->done[d->head];
    *tag = c->tag;
    *status = c->status;
    d->head = (d->head + 1) % DEPTH;
    if (--d->count == 0)
        unix_ready &= ~((pyrage_handle_set_t)1 << h);
    return PYRAGE_R_OK;
}
