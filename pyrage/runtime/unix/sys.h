/* Raw Linux x86_64 system calls: the unix target links no libc. */
#ifndef PYRAGE_UNIX_SYS_H
#define PYRAGE_UNIX_SYS_H

#include <stdint.h>

#define SYS_write 1
#define SYS_mmap 9
#define SYS_rt_sigprocmask 14
#define SYS_getpid 39
#define SYS_kill 62
#define SYS_clock_gettime 228
#define SYS_exit_group 231
#define SYS_ppoll 271

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

struct unix_timespec {
    long tv_sec;
    long tv_nsec;
};

#define EINTR 4
#define EAGAIN 11

#endif
