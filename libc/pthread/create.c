/* Thread creation, exit, join and detach.
 *
 * Each thread gets one mapping: a guard page, the stack, and at the top its
 * TLS area (the __thread block and the control block, struct __pthread).
 * Whoever finishes with a thread frees that mapping: the joiner for a
 * joinable thread, the thread itself for a detached one, which has to do
 * it with no stack left (libc/arch/i386/thread_exit.S). detach_state
 * settles the race between pthread_detach and the thread's own exit. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>

#include <kernel/api/thread.h>

#include "../internal/syscall.h"
#include "../internal/tcb.h"

#define DEFAULT_STACK_SIZE (256u * 1024)
#define DEFAULT_GUARD_SIZE 4096u
#define PAGE 4096u

/* Pulls the real locks (libc_locks.c) into every threaded program. */
extern char __libc_locks_anchor;
char *const __libc_pthread_uses_locks = &__libc_locks_anchor;

void __pthread_tsd_run_destructors(struct __pthread *self);
_Noreturn void __libc_unmap_and_exit_thread(void *base, size_t size, void *value);

static size_t round_up(size_t v, size_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* The first C code of every new thread (the kernel calls it with the
 * thread's own control block). */
static _Noreturn void thread_start(void *arg)
{
    struct __pthread *self = arg;
    __atomic_store_n(&self->tid, (int)__syscall0(SYS_gettid), __ATOMIC_RELAXED);
    pthread_exit(self->start(self->arg));
}

int pthread_create(pthread_t *restrict thread, const pthread_attr_t *restrict attr,
                   void *(*start)(void *), void *restrict arg)
{
    if (!__libc_tls_active)
        return ENOSYS;  /* the kernel would not give us %gs at start-up */
    size_t stack = attr && attr->__stack_size ? attr->__stack_size : DEFAULT_STACK_SIZE;
    size_t guard = attr ? round_up(attr->__guard_size, PAGE) : DEFAULT_GUARD_SIZE;
    int detached = attr && attr->__detach_state == PTHREAD_CREATE_DETACHED;
    if (stack < PTHREAD_STACK_MIN)
        return EINVAL;
    struct __tls_layout tls;
    __libc_tls_layout(&tls);
    size_t total = round_up(guard + round_up(stack, 16) + tls.size + tls.align, PAGE);
    if (total < stack)
        return EAGAIN;

    unsigned char *map = mmap(NULL, total, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (map == MAP_FAILED)
        return EAGAIN;
    /* A stack overflow should fault, not scribble; a kernel that cannot
     * protect the page still runs the thread, without the safety net. */
    if (guard)
        mprotect(map, guard, PROT_NONE);

    uintptr_t area = ((uintptr_t)map + total - tls.size) & ~(uintptr_t)(tls.align - 1);
    struct __pthread *t = __libc_tls_init_area((void *)area);
    t->start = start;
    t->arg = arg;
    t->map_base = map;
    t->map_size = total;
    t->detach_state = detached ? THREAD_DETACHED : THREAD_JOINABLE;
    t->stack_guard = __libc_self()->stack_guard;

    struct thread_params params = {
        .entry = thread_start,
        .arg = t,
        .stack_top = (void *)(area & ~(uintptr_t)15),
        .stack_size = (area & ~(uintptr_t)15) - ((uintptr_t)map + guard),
        .tls = t,
    };
    long tid = __syscall1(SYS_create_thread, __SC(&params));
    if (__syscall_failed(tid)) {
        munmap(map, total);
        return tid == -ENOMEM ? EAGAIN : (int)-tid;
    }
    /* A detached thread may already be gone, memory and all: touch only
     * the id from here on. */
    if (detached)
        __syscall1(SYS_detach_thread, tid);
    else
        __atomic_store_n(&t->tid, (int)tid, __ATOMIC_RELAXED);
    *thread = t;
    return 0;
}

_Noreturn void pthread_exit(void *value)
{
    struct __pthread *self = __libc_self();
    __pthread_tsd_run_destructors(self);
    int state = THREAD_JOINABLE;
    if (self->map_size == 0 ||
        __atomic_compare_exchange_n(&self->detach_state, &state, THREAD_EXITING, 0,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        /* Joinable (or the main thread, whose memory is not ours to free):
         * the joiner collects the value and the memory. */
        for (;;)
            __syscall1(SYS_exit_thread, __SC(value));
    }
    /* Detached: free our own mapping. No signal handler may run once the
     * stack is gone. */
    sigset_t all = ~(sigset_t)0;
    __syscall3(SYS_sigprocmask, SIG_BLOCK, __SC(&all), 0);
    __libc_unmap_and_exit_thread(self->map_base, self->map_size, value);
}

/* Waits for the thread to end, then frees what it leaves behind. */
static int reap(struct __pthread *t, void **value)
{
    int tid = __atomic_load_n(&t->tid, __ATOMIC_RELAXED);
    void *v = NULL;
    long r;
    do
        r = __syscall2(SYS_join_thread, tid, __SC(&v));
    while (r == -EINTR);
    if (__syscall_failed(r))
        return (int)-r;
    if (value)
        *value = v;
    if (t->map_size)
        munmap(t->map_base, t->map_size);
    return 0;
}

int pthread_join(pthread_t t, void **value)
{
    if (t == __libc_self())
        return EDEADLK;
    if (__atomic_load_n(&t->detach_state, __ATOMIC_ACQUIRE) == THREAD_DETACHED)
        return EINVAL;
    return reap(t, value);
}

int pthread_detach(pthread_t t)
{
    int tid = __atomic_load_n(&t->tid, __ATOMIC_RELAXED);
    int state = THREAD_JOINABLE;
    if (__atomic_compare_exchange_n(&t->detach_state, &state, THREAD_DETACHED, 0,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        /* It frees itself when it ends; the kernel must not keep a zombie. */
        __syscall1(SYS_detach_thread, tid);
        return 0;
    }
    if (state == THREAD_DETACHED)
        return EINVAL;
    /* Already on its way out as a joinable thread: collect it now. */
    return reap(t, NULL);
}

pthread_t pthread_self(void)
{
    return __libc_self();
}

int pthread_equal(pthread_t a, pthread_t b)
{
    return a == b;
}
