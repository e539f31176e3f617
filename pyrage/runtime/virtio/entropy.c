/*
 * Entropy, from the first source the CPU has (CPUID, probed on first use):
 *  1. RDSEED (CPUID 7.EBX bit 18): the hardware generator's conditioned
 *     entropy, meant for seeding. A word it keeps refusing comes from RDRAND.
 *  2. RDRAND (CPUID 1.ECX bit 30): the hardware DRBG, reseeded by the same
 *     entropy source. Under QEMU TCG, `-cpu max` (what `pyrage run` uses)
 *     has RDRAND, and QEMU answers it from the host's getrandom().
 *  3. WARNING: WEAK. Timing jitter: the TSC read around small memory walks,
 *     thousands of times, folded together. Only a VM whose CPU model hides
 *     both instructions (`-cpu max,-rdrand,-rdseed`, an old `-cpu` model)
 *     comes here. How much entropy it yields depends on the VMM: under TCG the
 *     TSC follows the host's clock and scheduling, which is not observable by a
 *     network peer but is not a vetted source either, and a VMM that made the
 *     TSC deterministic (QEMU's -icount) would make these bytes predictable. It
 *     prints a warning, once, and pyrage_entropy_source() says JITTER, so that
 *     an app can refuse to run on it. Attach no secret to it.
 *
 * Nothing here runs unless the app asks for entropy: an image without a RANDOM
 * device links none of it.
 */
#include "platform.h"
#include "x86.h"

#define RDSEED_TRIES 128 /* RDSEED may refuse while its entropy source refills: pause and retry */
#define RDRAND_TRIES 10  /* Intel's DRNG guide: 10 refusals in a row mean the hardware failed */
#define JITTER_SAMPLES 256

static int source = -1; /* enum pyrage_entropy_source; -1 until probed */
static int has_rdrand;

static int probe(void)
{
    uint32_t r[4];
    cpuid(0, 0, r);
    uint32_t max_leaf = r[0];
    cpuid(1, 0, r);
    has_rdrand = (r[2] >> 30) & 1;
    if (max_leaf >= 7) {
        cpuid(7, 0, r);
        if ((r[1] >> 18) & 1)
            return PYRAGE_ENTROPY_RDSEED;
    }
    return has_rdrand ? PYRAGE_ENTROPY_RDRAND : PYRAGE_ENTROPY_JITTER;
}

int pyrage_entropy_source(void)
{
    if (source < 0)
        source = probe();
    return source;
}

/*
 * One instruction; 1 when the CPU gave a word (carry set). All ones with the
 * carry set is counted as a refusal too: some AMD CPUs returned exactly that
 * after a suspend, and a real draw is all ones once in 2^64.
 */
static int rdseed64(uint64_t *v)
{
    uint8_t ok;
    __asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
    return ok && *v != ~0ull;
}

static int rdrand64(uint64_t *v)
{
    uint8_t ok;
    __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
    return ok && *v != ~0ull;
}

static int hardware_word(uint64_t *v)
{
    if (source == PYRAGE_ENTROPY_RDSEED) {
        for (int i = 0; i < RDSEED_TRIES; i++) {
            if (rdseed64(v))
                return 1;
            __asm__ volatile("pause");
        }
        if (!has_rdrand)
            return 0;
    }
    for (int i = 0; i < RDRAND_TRIES; i++)
        if (rdrand64(v))
            return 1;
    return 0;
}

/* WARNING: weak (see the top of this file). */
static volatile uint8_t jitter_scratch[4096];
static uint64_t jitter_pool = 0x6a09e667f3bcc908ull;

static uint64_t mix(uint64_t h, uint64_t x)
{
    h = (h ^ x) * 0x9e3779b97f4a7c15ull;
    return h ^ h >> 29;
}

static uint64_t jitter_word(void)
{
    uint64_t h = mix(jitter_pool, rdtsc()), prev = rdtsc();
    for (int i = 0; i < JITTER_SAMPLES; i++) {
        /* a walk whose length and addresses depend on what came before: cache and TLB
         * timing, and whatever the host did meanwhile, show in the next delta */
        unsigned steps = 8 + (unsigned)(h & 31);
        for (unsigned j = 0; j < steps; j++)
            jitter_scratch[(h >> (j & 31)) & 4095] += (uint8_t)j;
        uint64_t now = rdtsc();
        h = mix(h, now - prev);
        prev = now;
    }
    jitter_pool = mix(h, pyrage_clock_wall());
    return h;
}

pyrage_result_t pyrage_entropy(uint8_t *buf, size_t size)
{
    static int warned;
    int from = pyrage_entropy_source();
    if (from == PYRAGE_ENTROPY_JITTER && !warned) {
        warned = 1;
        console_str("pyrage: warning: this CPU has neither RDSEED nor RDRAND: entropy comes "
                    "from TSC timing jitter, which is weak\n");
    }
    while (size > 0) {
        uint64_t word;
        if (from == PYRAGE_ENTROPY_JITTER)
            word = jitter_word();
        else if (!hardware_word(&word))
            return PYRAGE_R_EUNSPEC;
        size_t n = size < 8 ? size : 8;
        for (size_t i = 0; i < n; i++)
            buf[i] = (uint8_t)(word >> (8 * i));
        buf += n;
        size -= n;
    }
    return PYRAGE_R_OK;
}
