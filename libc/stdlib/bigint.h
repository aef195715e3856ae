/* Private to libc: fixed-capacity unsigned big integers, just enough for
 * exact decimal-to-binary conversion in strtod. 3200 bits cover its largest
 * operands: at most 801 decimal digits (about 2661 bits) on one side, and a
 * 55-bit significand times 5^1127 (about 2672 bits) on the other, each
 * shifted only as far as it takes to meet the other. An operation that would
 * still exceed the capacity sets the overflow flag rather than write past
 * the array, so a mistake in that reasoning cannot corrupt memory. */
#ifndef LIBC_STDLIB_BIGINT_H
#define LIBC_STDLIB_BIGINT_H

#include <stdbool.h>

#include "fixed_types.h"

#define BIGINT_WORDS 100

struct bigint {
    uint32_t word[BIGINT_WORDS]; /* little-endian: word[0] is least significant */
    int len;                     /* words in use; word[len - 1] != 0 */
    bool overflow;
};

void __bigint_set_u64(struct bigint *b, uint64_t v);
/* b = b * m + add */
void __bigint_mul_add(struct bigint *b, uint32_t m, uint32_t add);
/* b = b * 5^n */
void __bigint_mul_pow5(struct bigint *b, unsigned n);
/* b = b * 2^n */
void __bigint_shl(struct bigint *b, unsigned n);
/* Returns <0, 0 or >0 as a is less than, equal to or greater than b. */
int __bigint_cmp(const struct bigint *a, const struct bigint *b);

#endif
