/* Raw Linux x86_64 system calls: the unix target links no libc. */
#ifndef PYRAGE_UNIX_SYS_H
#define PYRAGE_UNIX_SYS_H

#include <stdint.h>

#define SYS_read 0
#define SYS_write 1
#define SYS_open 2
#define SYS_close 3
#define SYS_fstat 5
#define SYS_lseek 8
#define SYS_mmap 9
#define SYS_mprotect 10
#define SYS_rt_sigaction 13
#define SYS_rt_sigprocmask 14
#define SYS_rt_sigreturn 15
#define SYS_ioctl 16
#define SYS_pread64 17
#define SYS_pwrite64 18
#define SYS_getpid 39
#define SYS_socket 41
#define SYS_connect 42
#define SYS_sendto 44
#define SYS_recvfrom 45
#define SYS_shutdown 48
#define SYS_bind 49
#define SYS_listen 50
#define SYS_getsockname 51
#define SYS_getpeername 52
#define SYS_setsockopt 54
#define SYS_getsockopt 55
#define SYS_kill 62
#define SYS_sigaltstack 131
#define SYS_fdatasync 75
#define SYS_clock_gettime 228
#define SYS_exit_group 231
#define SYS_ppoll 271
#define SYS_accept4 288

static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

#define sys3(n, a, b, c) sys6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)

#define O_RDONLY 0
#define O_RDWR 2
#define O_NONBLOCK 04000
#define O_CLOEXEC 02000000
#define AF_INET 2
#define SOCK_STREAM 1
#define SOCK_DGRAM 2 /* | O_NONBLOCK, O_CLOEXEC as SOCK_NONBLOCK, SOCK_CLOEXEC */

struct unix_timespec {
    long tv_sec;
    long tv_nsec;
};

/* The value of the auxiliary vector's entry `key` (0 when it has none). initial_stack is what
 * the kernel gave _start: argc, argv..., NULL, envp..., NULL, then the auxv's (type, value)
 * pairs up to AT_NULL (0). Inlined, so that code running before the stack protector's guard
 * is set (ssp.c) may use it. */
static inline __attribute__((always_inline)) uint64_t unix_auxv(const uint64_t *initial_stack,
                                                                uint64_t key)
{
    const uint64_t *p = initial_stack + initial_stack[0] + 2;
    while (*p++)
        ;
    for (; p[0] != 0; p += 2)
        if (p[0] == key)
            return p[1];
    return 0;
}

/* The vDSO's clock_gettime (vdso.c), or null when it was not found: clock.c then makes the
 * system call. */
typedef int (*unix_clock_gettime_fn)(int clock, struct unix_timespec *ts);
extern unix_clock_gettime_fn unix_vdso_clock_gettime;
void unix_vdso_init(const uint64_t *initial_stack);

#define EPERM 1
#define ENOENT 2
#define EINTR 4
#define EIO 5
#define EAGAIN 11
#define EACCES 13
#define EBUSY 16
#define EISDIR 21
#define ENODEV 19
#define EINVAL 22
#define EROFS 30
#define EMFILE 24
#define EPIPE 32
#define EMSGSIZE 90
#define EADDRINUSE 98
#define EADDRNOTAVAIL 99
#define ENETUNREACH 101
#define ECONNABORTED 103
#define ECONNRESET 104
#define ENOTCONN 107
#define ETIMEDOUT 110
#define ECONNREFUSED 111
#define EHOSTUNREACH 113
#define EINPROGRESS 115
#define EBADFD 77

/* A negative return in [-4095, -1] is -errno (the kernel's convention). */
static inline int sys_failed(long ret)
{
    return ret < 0 && ret > -4096;
}

#endif
