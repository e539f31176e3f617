/* maxrss PROGRAM [ARGS...]: run PROGRAM and print its peak RSS in KiB on stderr.
 *
 * A child of a Python process reports Python's RSS as its own peak (Linux carries the
 * pre-exec RSS into ru_maxrss), so bench/concurrency/run.py measures through this small
 * launcher, whose own RSS is a few pages. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: maxrss PROGRAM [ARGS...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[1], argv + 1);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
        return 2;
    fprintf(stderr, "maxrss %ld\n", ru.ru_maxrss);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
