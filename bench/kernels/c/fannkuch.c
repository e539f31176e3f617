/* fannkuch-redux (the Computer Language Benchmarks Game): the reference for fannkuch.py.
 * usage: fannkuch [N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fannkuch(int n, long *checksum_out, int *max_flips_out) {
    int perm1[32], perm[32], count[32];
    int max_flips = 0, r = n;
    long checksum = 0, permutation = 0;
    for (int i = 0; i < n; i++)
        perm1[i] = i;
    for (;;) {
        for (; r != 1; r--)
            count[r - 1] = r;

        memcpy(perm, perm1, (size_t)n * sizeof perm[0]);
        int flips = 0;
        for (int k = perm[0]; k != 0; k = perm[0]) {
            for (int i = 0, j = k; i < j; i++, j--) {
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            flips++;
        }
        if (flips > max_flips)
            max_flips = flips;
        checksum += permutation % 2 == 0 ? flips : -flips;

        /* The next permutation: rotate the first r + 1 elements left until a count runs out. */
        for (;;) {
            if (r == n) {
                *checksum_out = checksum;
                *max_flips_out = max_flips;
                return;
            }
            int first = perm1[0];
            for (int i = 0; i < r; i++)
                perm1[i] = perm1[i + 1];
            perm1[r] = first;
            if (--count[r] > 0)
                break;
            r++;
        }
        permutation++;
    }
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 10;
    if (n < 1 || n > 32)
        return 2;
    long checksum;
    int max_flips;
    fannkuch(n, &checksum, &max_flips);
    printf("%ld\nPfannkuchen(%d) = %d\n", checksum, n, max_flips);
    return 0;
}
