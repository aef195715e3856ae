/* Thread-specific data: a fixed table of keys, and one value slot per key
 * in every thread's control block. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>

#include "../internal/futex.h"
#include "../internal/tcb.h"

struct key_slot {
    int used;
    void (*destructor)(void *);
};

static struct key_slot keys[PTHREAD_KEYS_MAX];
static int keys_lock;

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
    __lock(&keys_lock);
    for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
        if (!keys[k].used) {
            keys[k].used = 1;
            keys[k].destructor = destructor;
            __unlock(&keys_lock);
            *key = k;
            return 0;
        }
    }
    __unlock(&keys_lock);
    return EAGAIN;
}

/* POSIX leaves other threads' values of a deleted key to the program; the
 * caller's own is cleared so that a reused key starts out NULL here. */
int pthread_key_delete(pthread_key_t key)
{
    if (key >= PTHREAD_KEYS_MAX)
        return EINVAL;
    __lock(&keys_lock);
    int was_used = keys[key].used;
    keys[key].used = 0;
    keys[key].destructor = 0;
    __unlock(&keys_lock);
    if (!was_used)
        return EINVAL;
    __libc_self()->tsd[key] = 0;
    return 0;
}

void *pthread_getspecific(pthread_key_t key)
{
    return key < PTHREAD_KEYS_MAX ? __libc_self()->tsd[key] : 0;
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
    if (key >= PTHREAD_KEYS_MAX || !keys[key].used)
        return EINVAL;
    struct __pthread *self = __libc_self();
    self->tsd[key] = (void *)value;
    self->tsd_used = 1;
    return 0;
}

/* At thread exit: destructors for non-NULL values, repeated while they
 * set new values, at most PTHREAD_DESTRUCTOR_ITERATIONS rounds. */
void __pthread_tsd_run_destructors(struct __pthread *self);
void __pthread_tsd_run_destructors(struct __pthread *self)
{
    if (!self->tsd_used)
        return;
    for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
        int ran = 0;
        for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
            void *v = self->tsd[k];
            void (*d)(void *) = keys[k].used ? keys[k].destructor : 0;
            if (v && d) {
                self->tsd[k] = 0;
                d(v);
                ran = 1;
            }
        }
        if (!ran)
            break;
    }
}
