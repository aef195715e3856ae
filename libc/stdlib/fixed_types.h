/* Private to libc/stdlib: exact-width integer types and the limits this
 * directory needs, taken from the compiler's predefined macros. The host
 * tests compile libc in hosted mode, where GCC's own <stdint.h> and
 * <limits.h> defer to a C library header that is deliberately not on the
 * include path; this header works in both modes. Repeating a typedef with the
 * same type is valid C11, so it can coexist with a future libc <stdint.h>. */
#ifndef LIBC_STDLIB_FIXED_TYPES_H
#define LIBC_STDLIB_FIXED_TYPES_H

typedef __UINT8_TYPE__ uint8_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __INT64_TYPE__ int64_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __UINTPTR_TYPE__ uintptr_t;
typedef __INTMAX_TYPE__ intmax_t;
typedef __UINTMAX_TYPE__ uintmax_t;

#define STDLIB_LONG_MAX __LONG_MAX__
#define STDLIB_ULONG_MAX (__LONG_MAX__ * 2UL + 1)
#define STDLIB_LLONG_MAX __LONG_LONG_MAX__
#define STDLIB_ULLONG_MAX (__LONG_LONG_MAX__ * 2ULL + 1)
#define STDLIB_INTMAX_MAX __INTMAX_MAX__
#define STDLIB_UINTMAX_MAX __UINTMAX_MAX__
#define STDLIB_SIZE_MAX __SIZE_MAX__

#endif
