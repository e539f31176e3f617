/* The C reference for the unix target: hello four times, no sleep (gcc -O2 -static). */
#include <stdio.h>

int main(void)
{
    for (int i = 0; i < 4; i++)
        puts("hello");
    return 0;
}
