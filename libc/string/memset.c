/* memset: the kernel clears every fresh page frame with it, so the aligned
 * middle is filled a word at a time. */
#include <string.h>

/* The compiler's own type, not <stdint.h>: the host-test build compiles this
 * file in hosted mode, where GCC's stdint.h defers to a libc header. */
typedef __UINTPTR_TYPE__ uintptr_t;

/* Without this GCC turns the byte loops into a call to memset itself. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-loop-distribute-patterns")
#endif

typedef size_t __attribute__((__may_alias__)) mem_word;
#define WORD_SIZE sizeof(mem_word)

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    unsigned char byte = (unsigned char)c;

    if (n >= WORD_SIZE) {
        while ((uintptr_t)d & (WORD_SIZE - 1)) {
            *d++ = byte;
            n--;
        }
        /* 0x0101...01 times the byte replicates it into every lane. */
        mem_word pattern = ((mem_word)-1 / 0xff) * byte;
        mem_word *dw = (mem_word *)(void *)d;
        for (; n >= 4 * WORD_SIZE; n -= 4 * WORD_SIZE, dw += 4) {
            dw[0] = pattern;
            dw[1] = pattern;
            dw[2] = pattern;
            dw[3] = pattern;
        }
        for (; n >= WORD_SIZE; n -= WORD_SIZE)
            *dw++ = pattern;
        d = (unsigned char *)dw;
    }
    while (n--)
        *d++ = byte;
    return dst;
}
