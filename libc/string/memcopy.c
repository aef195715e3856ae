/* memcpy, memmove, memccpy.
 *
 * The kernel copies whole pages and large buffers with these, so when source
 * and destination share the same misalignment the bulk is moved a machine word
 * at a time; otherwise, and for the ragged ends, byte by byte. Word accesses
 * only ever touch aligned words that lie entirely inside the buffers, which
 * keeps the host tests' AddressSanitizer and UBSan quiet. */
#include <string.h>

/* The compiler's own type, not <stdint.h>: the host-test build compiles this
 * file in hosted mode, where GCC's stdint.h defers to a libc header. */
typedef __UINTPTR_TYPE__ uintptr_t;

/* GCC would otherwise recognise the byte loops below as "a memcpy" and compile
 * them into a call to memcpy, i.e. into infinite recursion. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-loop-distribute-patterns")
#endif

/* may_alias: the words overlay objects of any type. */
typedef size_t __attribute__((__may_alias__)) mem_word;
#define WORD_SIZE sizeof(mem_word)

static int same_misalignment(const void *a, const void *b)
{
    return (((uintptr_t)a ^ (uintptr_t)b) & (WORD_SIZE - 1)) == 0;
}

static int is_aligned(const void *p)
{
    return ((uintptr_t)p & (WORD_SIZE - 1)) == 0;
}

/* Forward copy; safe for overlap only when dst < src, which memmove relies on. */
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
    if (n >= WORD_SIZE && same_misalignment(d, s)) {
        while (!is_aligned(d)) {
            *d++ = *s++;
            n--;
        }
        mem_word *dw = (mem_word *)(void *)d;
        const mem_word *sw = (const mem_word *)(const void *)s;
        for (; n >= 4 * WORD_SIZE; n -= 4 * WORD_SIZE, dw += 4, sw += 4) {
            dw[0] = sw[0];
            dw[1] = sw[1];
            dw[2] = sw[2];
            dw[3] = sw[3];
        }
        for (; n >= WORD_SIZE; n -= WORD_SIZE)
            *dw++ = *sw++;
        d = (unsigned char *)dw;
        s = (const unsigned char *)sw;
    }
    while (n--)
        *d++ = *s++;
}

/* Copy from the top down, for an overlapping move to a higher address. */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
    d += n;
    s += n;
    if (n >= WORD_SIZE && same_misalignment(d, s)) {
        while (!is_aligned(d)) {
            *--d = *--s;
            n--;
        }
        mem_word *dw = (mem_word *)(void *)d;
        const mem_word *sw = (const mem_word *)(const void *)s;
        for (; n >= WORD_SIZE; n -= WORD_SIZE)
            *--dw = *--sw;
        d = (unsigned char *)dw;
        s = (const unsigned char *)sw;
    }
    while (n--)
        *--d = *--s;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    copy_forward(dst, src, n);
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    /* Compare as integers: the buffers may be unrelated objects, for which a
     * relational pointer comparison is undefined. */
    uintptr_t d = (uintptr_t)dst, s = (uintptr_t)src;
    if (d - s >= n)     /* dst below src, or no overlap at all */
        copy_forward(dst, src, n);
    else
        copy_backward(dst, src, n);
    return dst;
}

void *memccpy(void *restrict dst, const void *restrict src, int c, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    unsigned char stop = (unsigned char)c;
    while (n--) {
        if ((*d++ = *s++) == stop)
            return d;
    }
    return NULL;
}
