/* exit: exit_group(2); abort: SIGABRT, so shells report status 134 as for C's abort(). */
#include <pyrage/abi.h>
#include <pyrage/fault.h>
#include "sys.h"

#define SIGABRT 6

void pyrage_exit(int status)
{
    for (;;)
        sys3(SYS_exit_group, status, 0, 0);
}

/* Nothing is buffered here: a fault exits as pyrage_exit does. */
void rt_fault_exit(int status)
{
    pyrage_exit(status);
}

void pyrage_abort(void)
{
    uint64_t unblock = 1ull << (SIGABRT - 1);
    sys6(SYS_rt_sigprocmask, 1 /* SIG_UNBLOCK */, (long)&unblock, 0, 8, 0, 0);
    sys3(SYS_kill, sys3(SYS_getpid, 0, 0, 0), SIGABRT, 0);
    pyrage_exit(134); /* SIGABRT was ignored */
}
