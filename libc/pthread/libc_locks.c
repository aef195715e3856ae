/* The real versions of libc's internal lock hooks, which replace the weak
 * no-ops (malloc's, exit's, stdio's) in any program that creates threads:
 * pthread_create refers to __libc_locks_anchor, which pulls this file in.
 * Also the fork handlers (pthread_atfork), which take every lock around
 * fork() so that the child never inherits one held by a thread it lacks. */
#include <errno.h>
#include <pthread.h>

#include "../internal/futex.h"
#include "../internal/runtime.h"
#include "../internal/tcb.h"
#include "../stdio/stdio_impl.h"

char __libc_locks_anchor;

static int malloc_lock, atexit_lock, stdio_list_lock;

void __libc_lock_malloc(void) { __lock(&malloc_lock); }
void __libc_unlock_malloc(void) { __unlock(&malloc_lock); }
void __libc_lock_atexit(void) { __lock(&atexit_lock); }
void __libc_unlock_atexit(void) { __unlock(&atexit_lock); }
void __stdio_list_lock(void) { __lock(&stdio_list_lock); }
void __stdio_list_unlock(void) { __unlock(&stdio_list_lock); }

/* Stream locks are recursive (flockfile may be held around printf). Only
 * the owner ever sees its own id in lock_owner, so reading it unlocked is
 * enough to recognize re-entry. */
void __stdio_lock(FILE *f)
{
    int self = __libc_self()->tid;
    if (__atomic_load_n(&f->lock_owner, __ATOMIC_RELAXED) == self) {
        f->lock_depth++;
        return;
    }
    __lock(&f->lock_word);
    __atomic_store_n(&f->lock_owner, self, __ATOMIC_RELAXED);
    f->lock_depth = 1;
}

int __stdio_trylock(FILE *f)
{
    int self = __libc_self()->tid;
    if (__atomic_load_n(&f->lock_owner, __ATOMIC_RELAXED) == self) {
        f->lock_depth++;
        return 0;
    }
    if (!__lock_try(&f->lock_word))
        return -1;
    __atomic_store_n(&f->lock_owner, self, __ATOMIC_RELAXED);
    f->lock_depth = 1;
    return 0;
}

void __stdio_unlock(FILE *f)
{
    if (--f->lock_depth > 0)
        return;
    __atomic_store_n(&f->lock_owner, 0, __ATOMIC_RELAXED);
    __unlock(&f->lock_word);
}

/* ---- fork --------------------------------------------------------------- */

#define ATFORK_MAX 32

struct atfork_entry {
    void (*prepare)(void);
    void (*parent)(void);
    void (*child)(void);
};

static struct atfork_entry handlers[ATFORK_MAX];
static int handler_count;
static int handlers_lock;

int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
    __lock(&handlers_lock);
    if (handler_count == ATFORK_MAX) {
        __unlock(&handlers_lock);
        return ENOMEM;
    }
    handlers[handler_count++] = (struct atfork_entry){ prepare, parent, child };
    __unlock(&handlers_lock);
    return 0;
}

void __libc_fork_prepare(void)
{
    __lock(&handlers_lock);
    for (int i = handler_count - 1; i >= 0; i--) {
        if (handlers[i].prepare)
            handlers[i].prepare();
    }
    __libc_lock_atexit();
    __stdio_list_lock();
    __libc_lock_malloc();
}

static void release_all(void)
{
    __libc_unlock_malloc();
    __stdio_list_unlock();
    __libc_unlock_atexit();
}

void __libc_fork_parent(void)
{
    release_all();
    for (int i = 0; i < handler_count; i++) {
        if (handlers[i].parent)
            handlers[i].parent();
    }
    __unlock(&handlers_lock);
}

/* The child's only thread is the one that forked, so it holds exactly the
 * locks taken in prepare and may release them. */
void __libc_fork_child(void)
{
    release_all();
    for (int i = 0; i < handler_count; i++) {
        if (handlers[i].child)
            handlers[i].child();
    }
    __unlock(&handlers_lock);
}
