/* Fixed-capacity unsigned big integer arithmetic for strtod. Only the
 * operations exact comparison needs exist: scaling by small factors, powers
 * of five and powers of two, and comparing. No division is ever required. */
#include "bigint.h"

void __bigint_set_u64(struct bigint *b, uint64_t v)
{
    b->overflow = false;
    b->len = 0;
    while (v) {
        b->word[b->len++] = (uint32_t)v;
        v >>= 32;
    }
}

void __bigint_mul_add(struct bigint *b, uint32_t m, uint32_t add)
{
    uint64_t carry = add;
    for (int i = 0; i < b->len; i++) {
        uint64_t t = (uint64_t)b->word[i] * m + carry;
        b->word[i] = (uint32_t)t;
        carry = t >> 32;
    }
    if (carry) {
        if (b->len == BIGINT_WORDS) {
            b->overflow = true;
            return;
        }
        b->word[b->len++] = (uint32_t)carry;
    }
}

void __bigint_mul_pow5(struct bigint *b, unsigned n)
{
    /* 5^13 is the largest power of five that fits in 32 bits. */
    static const uint32_t pow5[14] = {
        1,       5,        25,        125,       625,
        3125,    15625,    78125,     390625,    1953125,
        9765625, 48828125, 244140625, 1220703125,
    };
    while (n >= 13) {
        __bigint_mul_add(b, pow5[13], 0);
        n -= 13;
    }
    if (n)
        __bigint_mul_add(b, pow5[n], 0);
}

void __bigint_shl(struct bigint *b, unsigned n)
{
    if (b->len == 0)
        return;
    unsigned words = n / 32, bits = n % 32;
    int new_len = b->len + (int)words + (bits != 0);
    if (new_len > BIGINT_WORDS) {
        b->overflow = true;
        return;
    }
    /* Work from the top down so every source word is read before the
     * destination overwrites it. */
    if (bits == 0) {
        for (int i = b->len - 1; i >= 0; i--)
            b->word[i + words] = b->word[i];
    } else {
        b->word[b->len + words] = 0;
        for (int i = b->len - 1; i >= 0; i--) {
            b->word[i + words + 1] |= b->word[i] >> (32 - bits);
            b->word[i + words] = b->word[i] << bits;
        }
    }
    for (unsigned i = 0; i < words; i++)
        b->word[i] = 0;
    b->len = new_len;
    while (b->len > 0 && b->word[b->len - 1] == 0)
        b->len--;
}

int __bigint_cmp(const struct bigint *a, const struct bigint *b)
{
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    for (int i = a->len - 1; i >= 0; i--) {
        if (a->word[i] != b->word[i])
            return a->word[i] < b->word[i] ? -1 : 1;
    }
    return 0;
}
