/* rand, srand and rand_r. rand() keeps 64 bits of state in a linear
 * congruential generator and returns the top 31 bits, whose period and
 * quality are good; the low bits of such a generator are weak, so they are
 * never used. rand_r() only has the caller's 32-bit unsigned for state, so it
 * passes the LCG step through an integer mixing function to hide the weak low
 * bits. Both are deterministic for a given seed, as C requires. */
#include <stdlib.h>

#include "fixed_types.h"

/* Multiplier and increment of Knuth's MMIX generator. */
#define LCG64_MUL 6364136223846793005ull
#define LCG64_INC 1442695040888963407ull

static uint64_t seed_state(unsigned seed)
{
    return (uint64_t)seed * LCG64_MUL + LCG64_INC;
}

/* C says a program that never calls srand behaves as after srand(1). */
static uint64_t rand_state = (uint64_t)1 * LCG64_MUL + LCG64_INC;

void srand(unsigned seed)
{
    rand_state = seed_state(seed);
}

int rand(void)
{
    rand_state = rand_state * LCG64_MUL + LCG64_INC;
    return (int)(rand_state >> 33);
}

int rand_r(unsigned *seed)
{
    uint32_t x = *seed * 1664525u + 1013904223u;
    *seed = x;
    x ^= x >> 16;
    x *= 0x85ebca6bu;
    x ^= x >> 13;
    x *= 0xc2b2ae35u;
    x ^= x >> 16;
    return (int)(x >> 1);
}
