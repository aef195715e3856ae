/* Private to libc: the thread control block. Every thread has one; its
 * %gs segment starts there, so %gs:0 holds the block's own address (the
 * i386 TLS ABI requires that self pointer, and compiler-generated code
 * reads it to find __thread variables, which sit just below the block).
 *
 * Until start-up has installed the main thread's block with
 * set_thread_area (and forever, if the kernel refuses), the boot block
 * stands in: errno still works, threads cannot be created. */
#ifndef LIBC_INTERNAL_TCB_H
#define LIBC_INTERNAL_TCB_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

enum {
    THREAD_JOINABLE = 0, /* someone will pthread_join it */
    THREAD_DETACHED = 1, /* frees its own memory at exit */
    THREAD_EXITING = 2,  /* exiting as joinable: the joiner frees it */
};

struct __pthread {
    struct __pthread *self; /* 0x00: %gs:0 */
    int errno_value;        /* 0x04 */
    int tid;                /* 0x08 */
    int detach_state;       /* 0x0c: THREAD_*, changed atomically */
    uintptr_t reserved;     /* 0x10 */
    uintptr_t stack_guard;  /* 0x14: where GCC's i386 stack protector looks */

    void *(*start)(void *);
    void *arg;
    void *result;
    void *map_base;         /* the mapping holding stack, TLS and this block */
    size_t map_size;        /* 0 for the main thread */
    void *tsd[PTHREAD_KEYS_MAX];
    int tsd_used;           /* some tsd slot was ever set */
};

_Static_assert(offsetof(struct __pthread, errno_value) == 4, "errno offset");
_Static_assert(offsetof(struct __pthread, stack_guard) == 0x14, "guard offset");

extern struct __pthread __libc_boot_thread;
extern int __libc_tls_active;

static inline struct __pthread *__libc_self(void)
{
    struct __pthread *t;
    if (!__libc_tls_active)
        return &__libc_boot_thread;
    __asm__("movl %%gs:0, %0" : "=r"(t));
    return t;
}

/* The layout of a thread's TLS area: the PT_TLS block, then the control
 * block, at an alignment that suits both. */
struct __tls_layout {
    size_t size;      /* bytes of the whole area */
    size_t align;     /* its required alignment */
    size_t tcb_offset;/* where the control block starts in it */
};

void __libc_tls_layout(struct __tls_layout *out);
/* Fills a fresh area (size and alignment from __libc_tls_layout) with the
 * initial TLS image and a zeroed control block; returns the block. */
struct __pthread *__libc_tls_init_area(void *area);

#endif
