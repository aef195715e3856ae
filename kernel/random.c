/* A ChaCha20-based generator: the key is stirred from entropy samples, each
 * request runs the block function over a counter, and the key is replaced
 * after every request so earlier output cannot be recomputed from a later
 * state. The quarter-round and constants are from RFC 8439. */
#include "kernel/random.h"
#include "arch/x86/cpu.h"
#include "kernel/spinlock.h"
#include <string.h>

/* Protects the key, the counter and the entropy pool. */
static struct spinlock random_lock = SPINLOCK_INIT("random");
static uint32_t random_key[8];
static uint64_t random_counter;
static uint32_t entropy_pool[8];
static unsigned entropy_index;

static inline uint32_t rotl32(uint32_t v, int n) { return (v << n) | (v >> (32 - n)); }

#define QUARTER(a, b, c, d)                                                    \
    a += b, d ^= a, d = rotl32(d, 16), c += d, b ^= c, b = rotl32(b, 12),      \
    a += b, d ^= a, d = rotl32(d, 8), c += d, b ^= c, b = rotl32(b, 7)

static void chacha20_block(const uint32_t key[8], uint64_t counter, uint32_t out[16])
{
    uint32_t s[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
    memcpy(&s[4], key, 32);
    s[12] = (uint32_t)counter;
    s[13] = (uint32_t)(counter >> 32);
    s[14] = s[15] = 0;
    uint32_t x[16];
    memcpy(x, s, sizeof(x));
    for (int i = 0; i < 10; i++) {
        QUARTER(x[0], x[4], x[8], x[12]);
        QUARTER(x[1], x[5], x[9], x[13]);
        QUARTER(x[2], x[6], x[10], x[14]);
        QUARTER(x[3], x[7], x[11], x[15]);
        QUARTER(x[0], x[5], x[10], x[15]);
        QUARTER(x[1], x[6], x[11], x[12]);
        QUARTER(x[2], x[7], x[8], x[13]);
        QUARTER(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++)
        out[i] = x[i] + s[i];
}

static bool rdrand32(uint32_t *v)
{
    uint32_t r[4];
    cpuid(1, 0, r);
    if (!(r[2] & (1u << 30)))
        return false;
    unsigned char ok;
    __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
    return ok;
}

void random_add_entropy(uint64_t sample)
{
    irqflags_t fl = spin_lock_irqsave(&random_lock);
    entropy_pool[entropy_index % 8] ^= (uint32_t)sample ^ rotl32((uint32_t)(sample >> 32), 13);
    entropy_index++;
    spin_unlock_irqrestore(&random_lock, fl);
}

/* random_lock held: fold the pool into the key. */
static void random_rekey_locked(void)
{
    uint32_t block[16];
    for (int i = 0; i < 8; i++)
        random_key[i] ^= entropy_pool[i];
    chacha20_block(random_key, random_counter++, block);
    memcpy(random_key, block, 32);
    memset(block, 0, sizeof(block));
}

void random_init(void)
{
    for (int i = 0; i < 64; i++) {
        uint32_t hw = 0;
        rdrand32(&hw);
        random_add_entropy(rdtsc() ^ ((uint64_t)hw << 32));
    }
    irqflags_t fl = spin_lock_irqsave(&random_lock);
    random_rekey_locked();
    spin_unlock_irqrestore(&random_lock, fl);
}

void random_bytes(void *buf, size_t len)
{
    unsigned char *out = buf;
    random_add_entropy(rdtsc());
    irqflags_t fl = spin_lock_irqsave(&random_lock);
    random_rekey_locked();
    while (len) {
        uint32_t block[16];
        chacha20_block(random_key, random_counter++, block);
        size_t n = len < sizeof(block) ? len : sizeof(block);
        memcpy(out, block, n);
        out += n;
        len -= n;
    }
    random_rekey_locked();  /* forward secrecy: this output's key is gone */
    spin_unlock_irqrestore(&random_lock, fl);
}

uint32_t random_u32(void)
{
    uint32_t v;
    random_bytes(&v, sizeof(v));
    return v;
}
